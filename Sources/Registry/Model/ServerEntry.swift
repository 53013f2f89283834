// A registry entry for one MCP server: identity, where it lives, and which of its tools are enabled.
import Foundation
import Guardrails

/// One registered MCP server.
package struct ServerEntry: Codable, Sendable, Equatable {
    /// URL-safe unique id used in endpoints (`/servers/{slug}/mcp`) and merged tool names:
    /// `^[a-z][a-z0-9-]{0,31}$` (no `_`, so `slug__tool` splits unambiguously, and usable as a URI
    /// scheme prefix `slug+file:///…`).
    package var slug: String
    /// Reverse-DNS registry name, e.g. `com.example/notes`.
    package var name: String
    package var title: String?
    package var description: String?
    /// Semantic version of the server entry, when known.
    package var version: String?
    package var status: ServerStatus
    package var upstream: UpstreamSpec
    package var tools: ToolSelection
    /// The configuration file that declared this entry (`gatehouse apply -f`), or `nil` when it
    /// was created through the CLI or the admin API. Re-applying that file prunes entries it
    /// declared earlier and no longer declares.
    package var managedBy: String?
    /// Shield settings for this server (detector actions, per-tool overrides, external hook);
    /// absent in entries written before Shield existed.
    package var guardrails: GuardrailPolicy?

    package init(
        slug: String, name: String, title: String? = nil, description: String? = nil, version: String? = nil,
        status: ServerStatus = .active, upstream: UpstreamSpec, tools: ToolSelection = ToolSelection(), managedBy: String? = nil,
        guardrails: GuardrailPolicy? = nil
    ) {
        self.guardrails = guardrails
        self.slug = slug
        self.name = name
        self.title = title
        self.description = description
        self.version = version
        self.status = status
        self.upstream = upstream
        self.tools = tools
        self.managedBy = managedBy
    }
}

/// Lifecycle status of a server entry.
package struct ServerStatus: RawRepresentable, Codable, Sendable, Hashable {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let active = ServerStatus(rawValue: "active")
    package static let deprecated = ServerStatus(rawValue: "deprecated")
    package static let revoked = ServerStatus(rawValue: "revoked")
}

/// How Gatehouse reaches a server.
package enum UpstreamSpec: Codable, Sendable, Equatable {
    /// Streamable HTTP (either protocol era; Gatehouse detects which).
    case http(HTTPUpstream)
    /// A child process speaking MCP over stdin/stdout, supervised by Gatehouse.
    case stdio(StdioUpstream)

    package struct HTTPUpstream: Codable, Sendable, Equatable {
        package var url: String
        /// Static headers sent with every upstream request (e.g. an upstream API key).
        package var headers: [String: String]
        package init(url: String, headers: [String: String] = [:]) {
            self.url = url
            self.headers = headers
        }
    }

    package struct StdioUpstream: Codable, Sendable, Equatable {
        /// The program; `gatehouse` means this very binary (so `gatehouse demo-server` works
        /// under `swift run` too).
        package var command: String
        package var args: [String]
        package var env: [String: String]
        package var workingDirectory: String?
        package init(command: String, args: [String] = [], env: [String: String] = [:], workingDirectory: String? = nil) {
            self.command = command
            self.args = args
            self.env = env
            self.workingDirectory = workingDirectory
        }
    }
}

/// Which discovered tools are enabled. Discovery is not enablement: a tool is enabled only when
/// `enabled` names it (or holds `"*"`) and `disabled` does not name it.
package struct ToolSelection: Codable, Sendable, Equatable {
    package var enabled: [String]
    package var disabled: [String]
    /// Tools with a Shield finding above this severity cannot be enabled and are held back
    /// (`tools.max_severity`); `nil` defers to the project's `shield.enable_max_severity`.
    package var maxSeverity: Severity?

    package init(enabled: [String] = [], disabled: [String] = [], maxSeverity: Severity? = nil) {
        self.enabled = enabled
        self.disabled = disabled
        self.maxSeverity = maxSeverity
    }

    package func isEnabled(_ tool: String) -> Bool {
        !disabled.contains(tool) && (enabled.contains("*") || enabled.contains(tool))
    }
}
