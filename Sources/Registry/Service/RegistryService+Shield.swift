// Shield's part in enablement: a tool whose scan findings exceed the limit (the server's
// `tools.max_severity`, else the project's `shield.enable_max_severity`) cannot be enabled, and the
// refusal names the findings. The project limit lives in the meta table, written by `gatehouse
// serve` from its configuration, so the CLI working on the same data folder applies it too.
import Foundation
import Guardrails
import Store

extension RegistryService {
    /// Meta key of the project-wide enable limit.
    package static let enableLimitKey = "shield.enable_max_severity"

    /// Records the project-wide enable limit (`nil` removes it).
    package func setProjectEnableLimit(_ severity: Severity?) async throws {
        try await setMetaValue(severity?.rawValue, for: Self.enableLimitKey)
    }

    /// The project-wide enable limit last recorded by `gatehouse serve`.
    package func projectEnableLimit() async throws -> Severity? {
        try await metaValue(Self.enableLimitKey).flatMap(Severity.init(rawValue:))
    }

    /// The refusal for enabling `names` (or `*`) of `entry`, or `nil` when every one is within the limit.
    static func enableRefusal(_ names: [String], entry: ServerEntry, catalog: DiscoveredCatalog?, projectLimit: Severity?) -> RegistryError? {
        guard let limit = entry.tools.maxSeverity ?? projectLimit, let catalog else { return nil }
        let all = names.contains(RegistryRules.allTools)
        let over = catalog.tools.filter { item in
            (all || names.contains(item.name)) && (item.findings ?? []).contains { $0.severity > limit }
        }
        guard !over.isEmpty else { return nil }
        let setting = entry.tools.maxSeverity != nil ? "servers[\(entry.slug)].tools.max_severity" : "shield.enable_max_severity"
        let described = over.prefix(5).map { item -> String in
            let worst = (item.findings ?? []).filter { $0.severity > limit }.prefix(3).map { "\($0.rule) (\($0.severity)) at \($0.evidence.path)" }
            return "\"\(item.name)\": " + worst.joined(separator: ", ")
        }
        let more = over.count > 5 ? " and \(over.count - 5) more" : ""
        return RegistryError(
            .conflict,
            "Shield refuses to enable \(over.count == 1 ? "tool" : "tools") of server \(entry.slug) with findings above \(limit) (\(setting)): "
                + described.joined(separator: "; ") + more
                + ". Review them with `gatehouse tools list --server \(entry.slug)`; enable the others by name, fix the upstream, or raise the limit.")
    }

    /// Tools a selection enables although their findings exceed the limit, with why (the data
    /// plane refuses them: "held back").
    package static func heldBack(entry: ServerEntry, catalog: DiscoveredCatalog?, projectLimit: Severity?) -> [String: String] {
        guard let limit = entry.tools.maxSeverity ?? projectLimit, let catalog else { return [:] }
        let setting = entry.tools.maxSeverity != nil ? "servers[\(entry.slug)].tools.max_severity" : "shield.enable_max_severity"
        var result: [String: String] = [:]
        for item in catalog.tools where entry.tools.isEnabled(item.name) {
            guard let worst = (item.findings ?? []).filter({ $0.severity > limit }).max(by: { $0.severity < $1.severity }) else { continue }
            result[item.name] =
                "Tool \"\(item.name)\" of server \"\(entry.slug)\" is held back by Shield: its definition has \(worst.rule) (\(worst.severity)) at \(worst.evidence.path), above the limit \(limit) (\(setting)). An operator can review it with `gatehouse tools list --server \(entry.slug)`."
        }
        return result
    }
}
