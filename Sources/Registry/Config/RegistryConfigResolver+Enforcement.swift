// The resolve step for enforcement settings: `policies:` (checked by the Cedar compiler against
// the MCP schema and the discovered tools), `rate_limits:`, and a server's `deprecation:`. Same
// rules and words for YAML, the CLI and the admin API.
import Enforcement
import Foundation
import JSONSchema

extension RegistryConfigResolver {
    // MARK: - Policies

    func resolvePolicies(_ document: ConfigDocument, servers: [ServerEntry], unresolvedServers: Set<String>) -> [PolicyEntry] {
        let collector = document.diagnostics
        var result: [PolicyEntry] = []
        var firstPath: [String: ConfigPath] = [:]
        let facts = Self.serverFacts(servers, catalogs: catalogs)
        for (path, definition) in document.policies {
            if let server = definition.server, unresolvedServers.contains(server) { continue }
            guard let policy = resolvePolicy(definition, at: path, servers: servers, facts: facts, into: collector) else { continue }
            if let first = firstPath[policy.id] {
                collector.error("\(path.appending("id")) \"\(policy.id)\" is already used by \(first); policy ids must be unique.", at: path.appending("id"))
                continue
            }
            if let other = otherPolicies.first(where: { $0.id == policy.id }) {
                collector.error(
                    "\(path.appending("id")) \"\(policy.id)\" is already registered \(Self.origin(of: other.managedBy)); remove it there first or choose another id.",
                    at: path.appending("id"))
                continue
            }
            firstPath[policy.id] = path
            result.append(policy)
        }
        return result
    }

    /// Resolves and checks one policy definition found at `path` (``ConfigPath/root`` for a request body).
    /// - Returns: The entry, or `nil` when it has errors (they are in `collector`).
    package func resolvePolicy(
        _ definition: PolicyDefinition, at path: ConfigPath, servers: [ServerEntry], facts: [ServerFacts]? = nil, into collector: DiagnosticCollector
    ) -> PolicyEntry? {
        let errorsBefore = collector.errors.count
        let subject = path.described(or: "the policy")
        var id = definition.id
        if id == nil || id?.isEmpty == true {
            collector.error("\(subject) needs an id such as \"no-big-sums\".", at: path)
            id = nil
        } else if let given = id, !RegistryRules.isValidPolicyID(given) {
            collector.error("\(path.appending("id")) \"\(given)\" is not a valid policy id; \(RegistryRules.policyIDRule).", at: path.appending("id"))
        }
        let mode = PolicyMode(rawValue: definition.mode ?? PolicyMode.enforce.rawValue)
        if !PolicyMode.all.contains(mode) {
            collector.error(
                "\(path.appending("mode")) \"\(mode)\" is not a mode; use \(PolicyMode.all.map(\.rawValue).joined(separator: " or ")).",
                at: path.appending("mode"))
        }
        if let server = definition.server, !servers.contains(where: { $0.slug == server }) {
            var message = "\(path.appending("server")) \"\(server)\" is not a known server"
            if let suggestion = ConfigNodeDecoder.closest(to: server, among: servers.map(\.slug)) {
                message += "; did you mean \"\(suggestion)\"?"
            } else {
                message += "; omit server: to attach the policy to the whole project."
            }
            collector.error(message, at: path.appending("server"))
        }
        guard let cedar = definition.cedar, !cedar.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            collector.error("\(subject) needs cedar: the text of one or more Cedar forbid policies.", at: definition.cedar == nil ? path : path.appending("cedar"))
            return nil
        }
        guard collector.errors.count == errorsBefore, let id else { return nil }
        let entry = PolicyEntry(id: id, server: definition.server, mode: mode.rawValue, cedar: cedar, description: definition.description)
        let cedarPath = path.appending("cedar")
        for problem in PolicyCompiler.check(entry.source, servers: facts ?? Self.serverFacts(servers, catalogs: catalogs)) {
            let message = "\(path.isRoot ? "" : "\(cedarPath): ")policy \(id): \(problem.message)"
            switch problem.severity {
            case .error: collector.error(message, at: cedarPath)
            case .warning: collector.warning(message, at: cedarPath)
            case .note: collector.note(message, at: cedarPath)
            }
        }
        return collector.errors.count == errorsBefore ? entry : nil
    }

    /// Servers as the policy compiler sees them: entries plus what discovery found.
    package static func serverFacts(_ servers: [ServerEntry], catalogs: [String: DiscoveredCatalog]) -> [ServerFacts] {
        servers.map { entry in
            let catalog = catalogs[entry.slug]
            return ServerFacts(
                slug: entry.slug, name: entry.name, version: entry.version, status: entry.status.rawValue,
                tools: (catalog?.tools ?? []).compactMap { item in
                    guard let definition = (try? JSONParser.parse(item.definitionJSON))?.objectValue else { return nil }
                    return ToolFacts(definition: definition)
                },
                prompts: (catalog?.prompts ?? []).map(\.name))
        }
    }

    // MARK: - Rate limits

    func resolveRateLimits(_ document: ConfigDocument, servers: [ServerEntry], applications: [Application]) -> [RateLimitEntry] {
        let collector = document.diagnostics
        var result: [RateLimitEntry] = []
        var firstPath: [String: ConfigPath] = [:]
        for (path, definition) in document.rateLimits {
            guard let entry = resolveRateLimit(definition, at: path, servers: servers, applications: applications, into: collector) else { continue }
            if let first = firstPath[entry.id] {
                collector.error(
                    "\(path) counts the same calls as \(first) (id \"\(entry.id)\"); merge them, or give one an id: to keep both.", at: path)
                continue
            }
            if let other = otherRateLimits.first(where: { $0.id == entry.id }) {
                collector.error("\(path) has id \"\(entry.id)\", already registered \(Self.origin(of: other.managedBy)).", at: path)
                continue
            }
            firstPath[entry.id] = path
            result.append(entry)
        }
        return result
    }

    /// Resolves one rate-limit definition.
    package func resolveRateLimit(
        _ definition: RateLimitDefinition, at path: ConfigPath, servers: [ServerEntry], applications: [Application], into collector: DiagnosticCollector
    ) -> RateLimitEntry? {
        let errorsBefore = collector.errors.count
        let subject = path.described(or: "the rate limit")
        let rates: [(String, Int?, Int)] = [
            ("per_second", definition.perSecond, 1), ("per_minute", definition.perMinute, 60), ("per_hour", definition.perHour, 3600),
            ("per_day", definition.perDay, 86_400),
        ]
        let given = rates.filter { $0.1 != nil }
        var limit = 0
        var period = 0
        if given.count != 1 {
            collector.error(
                "\(subject) needs exactly one of per_second, per_minute, per_hour, per_day\(given.isEmpty ? "" : " (it has \(given.map(\.0).joined(separator: ", ")))").",
                at: path)
        } else if let (key, value, seconds) = given.first, let value {
            if value < 1 {
                collector.error("\(path.appending(key)) must be at least 1 (got \(value)).", at: path.appending(key))
            }
            limit = value
            period = seconds
        }
        if let burst = definition.burst, burst < 1 {
            collector.error("\(path.appending("burst")) must be at least 1 (got \(burst)).", at: path.appending("burst"))
        }
        if let tool = definition.tool, tool != "*" {
            let parts = tool.split(separator: "/", maxSplits: 1)
            if parts.count != 2 || parts[1].isEmpty {
                collector.error("\(path.appending("tool")) \"\(tool)\" must read server/tool, such as notes/echo (or \"*\" for each tool).", at: path.appending("tool"))
            } else if !servers.contains(where: { $0.slug == String(parts[0]) }) {
                collector.warning("\(path.appending("tool")) names server \(parts[0]), which is not registered, so the limit counts nothing yet.", at: path.appending("tool"))
            }
        }
        if let server = definition.server, server != "*", !servers.contains(where: { $0.slug == server }) {
            collector.warning("\(path.appending("server")) \"\(server)\" is not a registered server, so the limit counts nothing yet.", at: path.appending("server"))
        }
        if let application = definition.application, application != "*", !applications.contains(where: { $0.name == application }) {
            collector.warning(
                "\(path.appending("application")) \"\(application)\" is not a registered application, so the limit counts nothing yet.",
                at: path.appending("application"))
        }
        if let id = definition.id, !RegistryRules.isValidPolicyID(id) {
            collector.error("\(path.appending("id")) \"\(id)\" is not a valid id; \(RegistryRules.policyIDRule).", at: path.appending("id"))
        }
        guard collector.errors.count == errorsBefore else { return nil }
        let id =
            definition.id
            ?? RateLimitEntry.derivedID(
                application: definition.application, user: definition.user, server: definition.server, tool: definition.tool, project: definition.project)
        return RateLimitEntry(
            id: id, application: definition.application, user: definition.user, server: definition.server, tool: definition.tool,
            project: definition.project, limit: limit, periodSeconds: period, burst: definition.burst)
    }

    // MARK: - Deprecation

    func resolveDeprecation(_ definition: DeprecationDefinition?, status: ServerStatus, at path: ConfigPath, into collector: DiagnosticCollector)
        -> DeprecationInfo?
    {
        guard let definition else { return nil }
        let depPath = path.appending("deprecation")
        if status != .deprecated {
            collector.warning("\(depPath) is ignored unless status is deprecated.", at: depPath)
        }
        func date(_ text: String?, _ key: String) -> Date? {
            guard let text else { return nil }
            if let d = Self.parseDate(text) { return d }
            collector.error(
                "\(depPath.appending(key)) \"\(text)\" is not a date; use 2026-12-31 or an ISO 8601 time such as 2026-12-31T18:00:00Z.",
                at: depPath.appending(key))
            return nil
        }
        let since = date(definition.since, "since")
        let sunset = date(definition.sunset, "sunset")
        if let link = definition.link, !(link.hasPrefix("https://") || link.hasPrefix("http://")) {
            collector.error("\(depPath.appending("link")) must be an http(s) URL of the migration guide.", at: depPath.appending("link"))
        }
        if let since, let sunset, sunset < since {
            collector.error("\(depPath.appending("sunset")) is before since.", at: depPath.appending("sunset"))
        }
        if status == .deprecated, definition.since == nil {
            collector.note("\(depPath.appending("since")) is not set, so the Deprecation header says @0 (deprecated, date not given).", at: depPath)
        }
        return DeprecationInfo(since: since, sunset: sunset, link: definition.link)
    }

    /// `2026-12-31` (midnight UTC) or an ISO 8601 time.
    package static func parseDate(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let d = try? Date(t, strategy: .iso8601) { return d }
        if let d = try? Date(t + "T00:00:00Z", strategy: .iso8601) { return d }
        return nil
    }
}
