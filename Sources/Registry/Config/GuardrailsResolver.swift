// Checks Shield settings and makes them `Guardrails` values, reporting every problem with its path
// and the accepted values: an unknown detector or action, a hook without a usable URL, a timeout
// that is not a duration, a phase or failure mode that does not exist.
import Foundation
import Guardrails
import Yams

/// Resolution of `GuardrailsDefinition`, `ShieldDefinition` and `tools.max_severity`.
package enum GuardrailsResolver {
    /// A severity name, or `nil` (reported when misspelled).
    package static func severity(_ text: String?, at path: ConfigPath, into collector: DiagnosticCollector) -> Severity? {
        guard let text else { return nil }
        guard let severity = Severity(rawValue: text.lowercased()) else {
            collector.error("\(path) \"\(text)\" is not a severity; use \(Severity.spelled).", at: path)
            return nil
        }
        return severity
    }

    /// A server's policy, or `nil` when none (or only errors) is written.
    package static func policy(_ definition: GuardrailsDefinition?, at path: ConfigPath, into collector: DiagnosticCollector) -> GuardrailPolicy? {
        guard let definition else { return nil }
        var policy = GuardrailPolicy()
        policy.detectors = detectors(definition.detectors, at: path.appending("detectors"), into: collector)
        if let tools = definition.tools {
            var resolved: [String: [String: GuardrailAction]] = [:]
            for (tool, overrides) in tools.sorted(by: { $0.key < $1.key }) {
                if let actions = detectors(overrides, at: path.appending("tools").appending(tool), into: collector) { resolved[tool] = actions }
            }
            policy.tools = resolved.isEmpty ? nil : resolved
        }
        policy.hook = hook(definition.hook, at: path.appending("hook"), into: collector)
        return policy.isEmpty ? nil : policy
    }

    /// Detector name → action, with unknown names and actions reported.
    package static func detectors(_ written: [String: String]?, at path: ConfigPath, into collector: DiagnosticCollector) -> [String: GuardrailAction]? {
        guard let written else { return nil }
        var result: [String: GuardrailAction] = [:]
        for (name, actionText) in written.sorted(by: { $0.key < $1.key }) {
            let itemPath = path.appending(name)
            guard DetectorID(rawValue: name) != nil else {
                var message = "\(itemPath) is not a detector"
                if let suggestion = ConfigNodeDecoder.closest(to: name, among: DetectorID.allCases.map(\.rawValue)) {
                    message += "; did you mean \"\(suggestion)\"?"
                } else {
                    message += "; the detectors are \(DetectorID.spelled)."
                }
                collector.error(message, at: itemPath)
                continue
            }
            guard let action = GuardrailAction(rawValue: actionText.lowercased()) else {
                collector.error("\(itemPath) \"\(actionText)\" is not an action; use \(GuardrailAction.spelled).", at: itemPath)
                continue
            }
            result[name] = action
        }
        return result.isEmpty ? nil : result
    }

    /// A hook, or `nil` with errors when its URL, timeout, failure mode or phases are unusable.
    package static func hook(_ definition: HookDefinition?, at path: ConfigPath, into collector: DiagnosticCollector) -> HookSettings? {
        guard let definition else { return nil }
        let before = collector.errors.count
        guard let url = definition.url, !url.isEmpty else {
            collector.error("\(path) needs a url: the external guardrail service to POST to, such as http://127.0.0.1:9000/check.", at: path)
            return nil
        }
        if let problem = RegistryRules.upstreamURLProblem(url) {
            let hookProblem = problem.replacingOccurrences(of: "; use http, https or stdio", with: "; use http or https")
                .replacingOccurrences(of: " (or use command: for a stdio server)", with: "")
            collector.error("\(path.appending("url")) \(hookProblem).", at: path.appending("url"))
        }
        var settings = HookSettings(url: url)
        if let timeout = definition.timeout {
            if let ms = milliseconds(timeout), ms > 0, ms <= 600_000 {
                settings.timeoutMilliseconds = ms
            } else {
                collector.error(
                    "\(path.appending("timeout")) \"\(timeout)\" is not a timeout; write a duration from 1ms to 10m such as 500ms or 2s.",
                    at: path.appending("timeout"))
            }
        }
        if let mode = definition.onFailure {
            if let failure = HookSettings.FailureMode(rawValue: mode.lowercased()) {
                settings.onFailure = failure
            } else {
                collector.error(
                    "\(path.appending("on_failure")) \"\(mode)\" is not a failure mode; use fail_open (let calls through) or fail_closed (refuse them).",
                    at: path.appending("on_failure"))
            }
        }
        if let phases = definition.phases {
            var resolved: [Phase] = []
            for (i, p) in phases.enumerated() {
                if let phase = Phase(rawValue: p.lowercased()) { resolved.append(phase) } else {
                    collector.error("\(path.appending("phases").appending(index: i)) \"\(p)\" is not a phase; use arguments or result.", at: path.appending("phases").appending(index: i))
                }
            }
            settings.phases = resolved
        }
        return collector.errors.count == before ? settings : nil
    }

    /// `500ms`, `2s`, `1m` → milliseconds.
    package static func milliseconds(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.hasSuffix("ms") { return Int(t.dropLast(2)) }
        if t.hasSuffix("s") { return Int(t.dropLast()).map { $0 * 1000 } }
        if t.hasSuffix("m") { return Int(t.dropLast()).map { $0 * 60_000 } }
        return nil
    }

    /// The project's `shield:` section, resolved over the built-in defaults.
    package static func shield(_ node: Node?, into collector: DiagnosticCollector) -> ShieldConfiguration {
        let root = ConfigPath([.key("shield")])
        guard let node, let file = ConfigNodeDecoder.decode(ShieldDefinition.self, from: node, at: root, into: collector) else {
            return ShieldConfiguration()
        }
        var shield = ShieldConfiguration()
        shield.detectors = shield.detectors.merged(detectors(file.detectors, at: root.appending("detectors"), into: collector))
        shield.hook = hook(file.hook, at: root.appending("hook"), into: collector)
        shield.enableMaxSeverity = severity(file.enableMaxSeverity, at: root.appending("enable_max_severity"), into: collector)
        if let max = file.maxScanBytes {
            if max > 0 { shield.maxScanBytes = max } else {
                collector.error("\(root.appending("max_scan_bytes")) must be a positive number of bytes; got \(max).", at: root.appending("max_scan_bytes"))
            }
        }
        return shield
    }
}
