// What an apply changes, one line per entry, in the form `gatehouse apply` prints:
//   + server notes
//   ~ server demo: tools.enabled [echo] → [*]
//   - application old
//   = 3 unchanged

import Foundation

/// One entry an apply adds, updates or removes.
package struct RegistryChange: Sendable, Equatable, Codable {
    /// What happens to the entry.
    package struct Action: RawRepresentable, Sendable, Hashable, Codable {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }
        package static let add = Action(rawValue: "add")
        package static let update = Action(rawValue: "update")
        package static let remove = Action(rawValue: "remove")

        /// `+`, `~` or `-`.
        package var symbol: String {
            switch self {
            case .add: "+"
            case .remove: "-"
            default: "~"
            }
        }
    }

    package var action: Action
    /// `server`, `application`, `policy` or `rate_limit`.
    package var kind: String
    /// The slug or application name.
    package var name: String
    /// For updates, each changed setting: `tools.enabled [echo] → [*]`.
    package var details: [String]

    package init(action: Action, kind: String, name: String, details: [String] = []) {
        self.action = action
        self.kind = kind
        self.name = name
        self.details = details
    }

    /// `~ server demo: tools.enabled [echo] → [*]`.
    package var line: String {
        let head = "\(action.symbol) \(kind) \(name)"
        return details.isEmpty ? head : "\(head): \(details.joined(separator: "; "))"
    }
}

/// The setting-by-setting difference between two versions of an entry, as diff details.
enum RegistryDiff {
    static func details(from old: ServerEntry, to new: ServerEntry) -> [String] {
        var details: [String] = []
        compare("name", old.name, new.name, into: &details)
        compare("title", old.title, new.title, into: &details)
        compare("description", old.description, new.description, into: &details)
        compare("version", old.version, new.version, into: &details)
        compare("status", old.status.rawValue, new.status.rawValue, into: &details)
        switch (old.upstream, new.upstream) {
        case (.http(let a), .http(let b)):
            compare("upstream.url", a.url, b.url, into: &details)
            compareSecrets("upstream.headers", a.headers, b.headers, into: &details)
        case (.stdio(let a), .stdio(let b)):
            compare("upstream.command", a.command, b.command, into: &details)
            compare("upstream.args", a.args, b.args, into: &details)
            compareSecrets("upstream.env", a.env, b.env, into: &details)
            compare("upstream.working_directory", a.workingDirectory, b.workingDirectory, into: &details)
        default:
            details.append("upstream \(describe(old.upstream)) → \(describe(new.upstream))")
        }
        if old.deprecation != new.deprecation {
            details.append("deprecation \(describe(old.deprecation)) → \(describe(new.deprecation))")
        }
        compare("tools.enabled", old.tools.enabled, new.tools.enabled, into: &details)
        compare("tools.disabled", old.tools.disabled, new.tools.disabled, into: &details)
        compare("tools.max_severity", old.tools.maxSeverity?.rawValue, new.tools.maxSeverity?.rawValue, into: &details)
        if old.guardrails != new.guardrails { details.append("guardrails changed") }
        compare("managed_by", old.managedBy, new.managedBy, into: &details)
        return details
    }

    static func details(from old: Application, to new: Application) -> [String] {
        var details: [String] = []
        if old.allow != new.allow {
            details.append("allow \(describe(old.allow)) → \(describe(new.allow))")
        }
        compare("project", old.project, new.project, into: &details)
        compare("managed_by", old.managedBy, new.managedBy, into: &details)
        return details
    }

    static func details(from old: PolicyEntry, to new: PolicyEntry) -> [String] {
        var details: [String] = []
        compare("server", old.server, new.server, into: &details)
        compare("mode", old.mode, new.mode, into: &details)
        if old.cedar != new.cedar { details.append("cedar changed") }
        compare("description", old.description, new.description, into: &details)
        compare("managed_by", old.managedBy, new.managedBy, into: &details)
        return details
    }

    static func details(from old: RateLimitEntry, to new: RateLimitEntry) -> [String] {
        var details: [String] = []
        if old.limit != new.limit || old.periodSeconds != new.periodSeconds {
            details.append("rate \(old.limit)/\(old.periodSeconds)s → \(new.limit)/\(new.periodSeconds)s")
        }
        if old.burst != new.burst { details.append("burst \(old.burst.map(String.init) ?? "(none)") → \(new.burst.map(String.init) ?? "(none)")") }
        compare("managed_by", old.managedBy, new.managedBy, into: &details)
        return details
    }

    static func describe(_ d: DeprecationInfo?) -> String {
        guard let d else { return "(none)" }
        var parts: [String] = []
        if let since = d.since { parts.append("since \(since.ISO8601Format())") }
        if let sunset = d.sunset { parts.append("sunset \(sunset.ISO8601Format())") }
        if let link = d.link { parts.append("link \(link)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func describe(_ rules: [AllowRule]) -> String {
        "[" + rules.map { rule in rule.tools.map { "\(rule.server)\(format($0))" } ?? rule.server }.joined(separator: ", ") + "]"
    }

    static func describe(_ upstream: UpstreamSpec) -> String {
        switch upstream {
        case .http(let http): http.url
        case .stdio(let stdio): ([stdio.command] + stdio.args).joined(separator: " ")
        }
    }

    private static func compare(_ name: String, _ old: String?, _ new: String?, into details: inout [String]) {
        guard old != new else { return }
        details.append("\(name) \(format(old)) → \(format(new))")
    }

    private static func compare(_ name: String, _ old: [String], _ new: [String], into details: inout [String]) {
        guard old != new else { return }
        details.append("\(name) \(format(old)) → \(format(new))")
    }

    /// Header and environment values may be secrets: the diff names the keys, never the values.
    private static func compareSecrets(_ name: String, _ old: [String: String], _ new: [String: String], into details: inout [String]) {
        guard old != new else { return }
        let added = Set(new.keys).subtracting(old.keys).sorted()
        let removed = Set(old.keys).subtracting(new.keys).sorted()
        let changed = Set(old.keys).intersection(new.keys).filter { old[$0] != new[$0] }.sorted()
        var parts: [String] = []
        if !added.isEmpty { parts.append("+" + added.joined(separator: ", +")) }
        if !removed.isEmpty { parts.append("-" + removed.joined(separator: ", -")) }
        if !changed.isEmpty { parts.append("~" + changed.joined(separator: ", ~")) }
        details.append("\(name) \(parts.joined(separator: ", ")) (values hidden)")
    }

    private static func format(_ value: String?) -> String {
        value.map { "\"\($0)\"" } ?? "(none)"
    }

    private static func format(_ values: [String]) -> String {
        "[" + values.joined(separator: ", ") + "]"
    }
}
