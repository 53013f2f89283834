// The resolve step for the registry's sections: file models in, model values out, with every
// problem reported in one pass (errors stop the apply; warnings flag legal but suspicious
// settings). The same step validates servers and applications created through the CLI or the
// admin API, so every door into the registry applies the same rules with the same words.
import Foundation

/// The registry part of a configuration, resolved.
package struct RegistryConfiguration: Sendable, Equatable {
    package var servers: [ServerEntry]
    package var applications: [Application]
    package var policies: [PolicyEntry]
    package var rateLimits: [RateLimitEntry]

    package init(servers: [ServerEntry] = [], applications: [Application] = [], policies: [PolicyEntry] = [], rateLimits: [RateLimitEntry] = []) {
        self.servers = servers
        self.applications = applications
        self.policies = policies
        self.rateLimits = rateLimits
    }
}

/// Turns ``ServerDefinition``s and ``ApplicationDefinition``s into ``ServerEntry``s and
/// ``Application``s.
package struct RegistryConfigResolver: Sendable {
    /// Servers registered outside the document being resolved (through the CLI or API, or by
    /// another file): allow rules may name them; the document may not take their slugs.
    package var otherServers: [ServerEntry]
    /// Applications registered outside the document being resolved.
    package var otherApplications: [Application]
    /// Policies registered outside the document (their ids are taken).
    package var otherPolicies: [PolicyEntry]
    /// Rate limits registered outside the document (their ids are taken).
    package var otherRateLimits: [RateLimitEntry]
    /// Discovered catalogs by server slug: policies are checked against the tools they can apply to.
    package var catalogs: [String: DiscoveredCatalog]

    package init(
        otherServers: [ServerEntry] = [], otherApplications: [Application] = [], otherPolicies: [PolicyEntry] = [],
        otherRateLimits: [RateLimitEntry] = [], catalogs: [String: DiscoveredCatalog] = [:]
    ) {
        self.otherServers = otherServers
        self.otherApplications = otherApplications
        self.otherPolicies = otherPolicies
        self.otherRateLimits = otherRateLimits
        self.catalogs = catalogs
    }

    /// Resolves the registry sections of `document`, adding diagnostics to it.
    ///
    /// - Returns: What the document declares; entries with errors are left out, so check
    ///   `document.diagnostics.hasErrors` before using the result.
    package func resolve(_ document: ConfigDocument) -> RegistryConfiguration {
        let collector = document.diagnostics
        var servers: [ServerEntry] = []
        var firstPathOfSlug: [String: ConfigPath] = [:]
        var firstPathOfName: [String: ConfigPath] = [:]
        // Servers declared with errors: allow rules naming them are not reported a second time.
        var unresolved: Set<String> = []
        for (path, definition) in document.servers {
            guard let entry = resolveServer(definition, at: path, into: collector) else {
                if let slug = definition.slug { unresolved.insert(slug) }
                continue
            }
            if let first = firstPathOfSlug[entry.slug] {
                collector.error(
                    "\(path.appending("slug")) \"\(entry.slug)\" is already used by \(first); slugs must be unique.",
                    at: path.appending("slug"))
                continue
            }
            if let other = otherServers.first(where: { $0.slug == entry.slug }) {
                collector.error(
                    "\(path.appending("slug")) \"\(entry.slug)\" is already registered \(Self.origin(of: other.managedBy)); remove it there first or choose another slug.",
                    at: path.appending("slug"))
                continue
            }
            let nameKey = "\(entry.name)@\(entry.version ?? "")"
            if let first = firstPathOfName[nameKey] {
                collector.error(
                    "\(path.appending("name")) \"\(entry.name)\"\(entry.version.map { " version \($0)" } ?? "") is already used by \(first); a registry name (and version) names one server.",
                    at: path.appending("name"))
                continue
            }
            firstPathOfSlug[entry.slug] = path
            firstPathOfName[nameKey] = path
            servers.append(entry)
        }

        let knownServers = servers + otherServers
        var applications: [Application] = []
        var firstPathOfApplication: [String: ConfigPath] = [:]
        for (path, definition) in document.applications {
            guard
                let application = resolveApplication(
                    definition, at: path, servers: knownServers, unresolvedServers: unresolved, into: collector)
            else {
                continue
            }
            if let first = firstPathOfApplication[application.name] {
                collector.error(
                    "\(path.appending("name")) \"\(application.name)\" is already used by \(first); application names must be unique.",
                    at: path.appending("name"))
                continue
            }
            if let other = otherApplications.first(where: { $0.name == application.name }) {
                collector.error(
                    "\(path.appending("name")) \"\(application.name)\" is already registered \(Self.origin(of: other.managedBy)); remove it there first or choose another name.",
                    at: path.appending("name"))
                continue
            }
            firstPathOfApplication[application.name] = path
            applications.append(application)
        }
        let policies = resolvePolicies(document, servers: knownServers, unresolvedServers: unresolved)
        let rateLimits = resolveRateLimits(document, servers: knownServers, applications: applications + otherApplications)
        return RegistryConfiguration(servers: servers, applications: applications, policies: policies, rateLimits: rateLimits)
    }

    /// Resolves one server definition found at `path` (``ConfigPath/root`` for a request body).
    /// - Returns: The entry, or `nil` when it has errors (they are in `collector`).
    package func resolveServer(_ definition: ServerDefinition, at path: ConfigPath, into collector: DiagnosticCollector) -> ServerEntry? {
        let errorsBefore = collector.errors.count
        let subject = path.described(or: "the server")

        let slug = required(definition.slug, "slug", at: path, subject: subject, into: collector)
        if let slug, !RegistryRules.isValidSlug(slug) {
            collector.error(
                "\(path.appending("slug")) \"\(slug)\" is not a valid slug; \(RegistryRules.slugRule).", at: path.appending("slug"))
        }
        let name = required(definition.name, "name", at: path, subject: subject, into: collector, example: "com.example/notes")
        if let name, !RegistryRules.isValidRegistryName(name) {
            collector.error(
                "\(path.appending("name")) \"\(name)\" is not a valid registry name; \(RegistryRules.registryNameRule).",
                at: path.appending("name"))
        }

        var status = ServerStatus.active
        if let raw = definition.status {
            let candidate = ServerStatus(rawValue: raw)
            if RegistryRules.statuses.contains(candidate) {
                status = candidate
            } else {
                collector.error(
                    "\(path.appending("status")) \"\(raw)\" is not a status; use \(RegistryRules.statuses.map(\.rawValue).joined(separator: ", ")).",
                    at: path.appending("status"))
            }
        }

        if let version = definition.version, !RegistryRules.isValidVersion(version) {
            collector.error(
                "\(path.appending("version")) \"\(version)\" is not a semantic version; \(RegistryRules.versionRule).", at: path.appending("version"))
        }
        let deprecation = resolveDeprecation(definition.deprecation, status: status, at: path, into: collector)
        let upstream = resolveUpstream(definition.upstream, at: path.appending("upstream"), subject: subject, into: collector)
        var tools = resolveTools(definition.tools, at: path.appending("tools"), subject: subject, into: collector)
        tools.maxSeverity = GuardrailsResolver.severity(definition.tools?.maxSeverity, at: path.appending("tools").appending("max_severity"), into: collector)
        let guardrails = GuardrailsResolver.policy(definition.guardrails, at: path.appending("guardrails"), into: collector)

        guard collector.errors.count == errorsBefore, let slug, let name, let upstream else { return nil }
        return ServerEntry(
            slug: slug, name: name, title: definition.title, description: definition.description, version: definition.version,
            status: status, deprecation: deprecation, upstream: upstream, tools: tools, guardrails: guardrails)
    }

    /// Resolves one application definition; `servers` are every server its allow rules may name.
    /// - Parameters:
    ///   - unresolvedServers: Slugs declared alongside whose definitions have errors: rules naming
    ///     them make the application invalid without a second message.
    /// - Returns: The application, or `nil` when it has errors (they are in `collector`).
    package func resolveApplication(
        _ definition: ApplicationDefinition, at path: ConfigPath, servers: [ServerEntry], unresolvedServers: Set<String> = [],
        into collector: DiagnosticCollector
    ) -> Application? {
        let errorsBefore = collector.errors.count
        let subject = path.described(or: "the application")
        let name = required(definition.name, "name", at: path, subject: subject, into: collector, example: "ci-agent")
        if let name, !RegistryRules.isValidApplicationName(name) {
            collector.error(
                "\(path.appending("name")) \"\(name)\" is not a valid application name; \(RegistryRules.applicationNameRule).",
                at: path.appending("name"))
        }

        var rules: [AllowRule] = []
        var dependsOnUnresolved = false
        var firstRuleOfServer: [String: ConfigPath] = [:]
        for (index, rule) in (definition.allow ?? []).enumerated() {
            let rulePath = path.appending("allow").appending(index: index)
            guard let server = rule.server else {
                if !collector.hasError(atOrBelow: rulePath.appending("server")) {
                    collector.error("\(rulePath) needs a server: { server: notes }.", at: rulePath)
                }
                continue
            }
            if unresolvedServers.contains(server) {
                dependsOnUnresolved = true
                continue
            }
            guard let entry = servers.first(where: { $0.slug == server }) else {
                var message = "\(rulePath.appending("server")) \"\(server)\" is not a known server"
                if let suggestion = ConfigNodeDecoder.closest(to: server, among: servers.map(\.slug)) {
                    message += "; did you mean \"\(suggestion)\"?"
                } else {
                    message += "; declare it under servers: or register it with `gatehouse servers add`."
                }
                collector.error(message, at: rulePath.appending("server"))
                continue
            }
            if let first = firstRuleOfServer[server] {
                collector.warning(
                    "\(rulePath) names server \(server) again (first in \(first)); the rules add up, but one rule per server reads better.",
                    at: rulePath)
            }
            firstRuleOfServer[server] = rulePath
            if let tools = rule.tools {
                if tools.isEmpty {
                    collector.warning(
                        "\(rulePath.appending("tools")) is empty, so this rule grants no tools of \(server); omit tools: to grant every enabled tool.",
                        at: rulePath.appending("tools"))
                }
                for (toolIndex, tool) in tools.enumerated() {
                    let toolPath = rulePath.appending("tools").appending(index: toolIndex)
                    if !RegistryRules.isValidToolName(tool) {
                        collector.error("\(toolPath) \"\(tool)\" is not a valid tool name; \(RegistryRules.toolNameRule).", at: toolPath)
                    } else if tool == RegistryRules.allTools {
                        collector.error(
                            "\(toolPath) \"*\" is not allowed here; omit tools: to grant every enabled tool of \(server).", at: toolPath)
                    } else if !entry.tools.isEnabled(tool) {
                        collector.warning(
                            "\(toolPath) \"\(tool)\" is not enabled on server \(server), so the application will not see it until it is enabled.",
                            at: toolPath)
                    }
                }
            }
            rules.append(AllowRule(server: server, tools: rule.tools))
        }
        if let name, rules.isEmpty, !dependsOnUnresolved, collector.errors.count == errorsBefore {
            collector.warning("\(subject) (\(name)) allows no servers; its keys will see nothing.", at: path)
        }

        if let project = definition.project, !RegistryRules.isValidSlug(project) {
            collector.error(
                "\(path.appending("project")) \"\(project)\" is not a valid project name; \(RegistryRules.slugRule).", at: path.appending("project"))
        }
        guard collector.errors.count == errorsBefore, !dependsOnUnresolved, let name else { return nil }
        return Application(name: name, allow: rules, project: definition.project)
    }

    // MARK: - Parts

    private func resolveUpstream(
        _ definition: UpstreamDefinition?, at path: ConfigPath, subject: String, into collector: DiagnosticCollector
    ) -> UpstreamSpec? {
        guard let definition else {
            if !collector.hasError(atOrBelow: path) {
                collector.error(
                    "\(subject) needs an upstream: { url: http://… } for Streamable HTTP or { command: … } for stdio.",
                    at: path.parent ?? path)
            }
            return nil
        }
        switch (definition.url, definition.command) {
        case (.some, .some):
            collector.error(
                "\(path) has both url and command; use url for a Streamable HTTP server or command for a stdio server, not both.",
                at: path)
            return nil
        case (nil, nil):
            if !collector.hasError(atOrBelow: path) {
                collector.error("\(path) needs url (Streamable HTTP) or command (stdio).", at: path)
            }
            return nil
        case (let url?, nil):
            if let problem = RegistryRules.upstreamURLProblem(url) {
                collector.error("\(path.appending("url")) \(problem).", at: path.appending("url"))
                return nil
            }
            for key in ["args", "env", "working_directory"] where definition.has(key) {
                collector.warning("\(path.appending(key)) is ignored: it applies to command (stdio) upstreams only.", at: path.appending(key))
            }
            var headers: [String: String] = [:]
            var valid = true
            for (name, value) in (definition.headers ?? [:]).sorted(by: { $0.key < $1.key }) {
                let headerPath = path.appending("headers").appending(name)
                if !RegistryRules.isValidHeaderName(name) {
                    collector.error("\(headerPath) is not a valid HTTP header name.", at: headerPath)
                    valid = false
                } else if !RegistryRules.isValidHeaderValue(value) {
                    collector.error("\(headerPath) has a line break or control character in its value.", at: headerPath)
                    valid = false
                } else {
                    headers[name] = value
                }
            }
            return valid ? .http(.init(url: url, headers: headers)) : nil
        case (nil, let command?):
            if command.trimmingCharacters(in: .whitespaces).isEmpty {
                collector.error("\(path.appending("command")) is empty; name the program to start (a stdio upstream needs a command).", at: path.appending("command"))
                return nil
            }
            if definition.headers != nil {
                collector.warning("\(path.appending("headers")) is ignored: it applies to url (Streamable HTTP) upstreams only.", at: path.appending("headers"))
            }
            return .stdio(
                .init(command: command, args: definition.args ?? [], env: definition.env ?? [:], workingDirectory: definition.workingDirectory))
        }
    }

    private func resolveTools(
        _ definition: ToolSelectionDefinition?, at path: ConfigPath, subject: String, into collector: DiagnosticCollector
    ) -> ToolSelection {
        let enabled = checkedToolNames(definition?.enabled ?? [], at: path.appending("enabled"), wildcardAllowed: true, into: collector)
        let disabled = checkedToolNames(definition?.disabled ?? [], at: path.appending("disabled"), wildcardAllowed: false, into: collector)
        if enabled.isEmpty, !collector.hasError(atOrBelow: path) {
            collector.warning(
                "\(subject) enables no tools, so clients see none of them; list the ones to offer in tools.enabled (or [\"*\"] for all).",
                at: definition == nil ? (path.parent ?? path) : path)
        }
        if enabled.contains(RegistryRules.allTools), enabled.count > 1 {
            collector.warning(
                "\(path.appending("enabled")) has \"*\", which enables every tool; the other names in it change nothing.",
                at: path.appending("enabled"))
        }
        for tool in disabled where enabled.contains(tool) {
            collector.warning(
                "\(path) names \"\(tool)\" in both enabled and disabled; disabled wins, so it stays off.", at: path.appending("disabled"))
        }
        return ToolSelection(enabled: enabled, disabled: disabled)
    }

    private func checkedToolNames(_ names: [String], at path: ConfigPath, wildcardAllowed: Bool, into collector: DiagnosticCollector) -> [String] {
        var result: [String] = []
        for (index, name) in names.enumerated() {
            let itemPath = path.appending(index: index)
            if name == RegistryRules.allTools {
                guard wildcardAllowed else {
                    collector.error(
                        "\(itemPath) \"*\" is only allowed in tools.enabled; to turn every tool off, leave tools.enabled empty.", at: itemPath)
                    continue
                }
            } else if !RegistryRules.isValidToolName(name) {
                collector.error("\(itemPath) \"\(name)\" is not a valid tool name; \(RegistryRules.toolNameRule).", at: itemPath)
                continue
            }
            if result.contains(name) {
                collector.warning("\(itemPath) \"\(name)\" is listed twice.", at: itemPath)
                continue
            }
            result.append(name)
        }
        return result
    }

    private func required(
        _ value: String?, _ key: String, at path: ConfigPath, subject: String, into collector: DiagnosticCollector, example: String? = nil
    ) -> String? {
        if let value, !value.isEmpty { return value }
        let keyPath = path.appending(key)
        if !collector.hasError(atOrBelow: keyPath) {
            let hint = example.map { " such as \"\($0)\"" } ?? ""
            collector.error("\(subject) needs a \(key)\(hint).", at: value == nil ? path : keyPath)
        }
        return nil
    }

    /// "(created through the CLI or API)" or "(managed by /path/file.yaml)".
    static func origin(of managedBy: String?) -> String {
        managedBy.map { "(managed by \($0))" } ?? "(created through the CLI or API)"
    }
}

extension UpstreamDefinition {
    fileprivate func has(_ key: String) -> Bool {
        switch key {
        case "args": args != nil
        case "env": env != nil
        case "working_directory": workingDirectory != nil
        default: false
        }
    }
}
