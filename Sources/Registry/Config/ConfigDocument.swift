// A configuration file read from YAML (or JSON): the registry's sections decoded into their file
// models with every setting's line on record, and the server's own sections (`gateway:`,
// `admin:`) handed over as YAML nodes for `GatehouseServer` to resolve with the same helpers.
import Foundation
import Yams

/// One configuration document, read but not yet resolved.
package struct ConfigDocument {
    /// Sections this module reads.
    package static let registrySections = ["servers", "applications", "policies", "rate_limits", "users", "certificates"]
    /// Sections `gatehouse serve` reads (``gateway``, ``admin``, ``identity``, ``shield``); never reported as unknown.
    package static let serverSections = ["gateway", "admin", "identity", "shield"]

    /// The file as the user named it; printed in diagnostics.
    package let file: String
    /// Every problem found so far; resolvers keep adding to it.
    package let diagnostics: DiagnosticCollector
    /// `servers:` entries that could be read, with their paths (`servers[2]`).
    package var servers: [(path: ConfigPath, definition: ServerDefinition)] = []
    /// `applications:` entries that could be read, with their paths.
    package var applications: [(path: ConfigPath, definition: ApplicationDefinition)] = []
    /// `policies:` entries that could be read, with their paths.
    package var policies: [(path: ConfigPath, definition: PolicyDefinition)] = []
    /// `rate_limits:` entries that could be read, with their paths.
    package var rateLimits: [(path: ConfigPath, definition: RateLimitDefinition)] = []
    /// `users:` entries that could be read, with their paths.
    package var users: [(path: ConfigPath, definition: UserDefinition)] = []
    /// `certificates:` entries (client certificate → application) that could be read.
    package var certificates: [(path: ConfigPath, definition: CertificateMappingDefinition)] = []
    /// The `gateway:` section, when present, with its marks (lines) intact.
    package var gateway: Node?
    /// The `identity:` section (authorization server, identity provider), when present.
    package var identity: Node?
    /// The `admin:` section, when present.
    package var admin: Node?
    /// The `shield:` section (project-wide guardrail settings), when present.
    package var shield: Node?

    /// Reads a configuration file.
    ///
    /// - Parameter path: The file as the user named it (diagnostics print it so).
    /// - Returns: The document, and its `managedBy` identity: the file's absolute, standardized path.
    /// - Throws: ``RegistryError`` `.badRequest` naming the file when it cannot be read.
    package static func load(contentsOfFile path: String) throws -> (document: ConfigDocument, source: String) {
        let source = absolutePath(path)
        let text: String
        do {
            text = try String(contentsOfFile: source, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: source) ? "it is not readable UTF-8 text" : "there is no such file"
            throw RegistryError(.badRequest, "Cannot read the configuration \(path): \(reason).")
        }
        return (load(text, file: path), source)
    }

    /// `path` made absolute against the current directory, with `.` and `..` resolved.
    package static func absolutePath(_ path: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let absolute =
            expanded.hasPrefix("/") ? expanded : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(expanded)
        return (absolute as NSString).standardizingPath
    }

    /// Reads `text`; never throws: problems are in ``diagnostics``.
    ///
    /// - Parameters:
    ///   - text: YAML or JSON.
    ///   - file: How diagnostics name the file (`gatehouse.yaml`).
    package static func load(_ text: String, file: String) -> ConfigDocument {
        var document = ConfigDocument(file: file, diagnostics: DiagnosticCollector(file: file))
        let collector = document.diagnostics
        guard let root = ConfigNodeDecoder.parse(text, into: collector) else { return document }
        guard let entries = ConfigNodeDecoder.mapping(root, at: .root, into: collector) else { return document }
        let known = registrySections + serverSections
        for (key, value) in entries {
            let path = ConfigPath([.key(key)])
            switch key {
            case "servers":
                document.servers = decodeList(ServerDefinition.self, from: value, at: path, into: collector)
            case "applications":
                document.applications = decodeList(ApplicationDefinition.self, from: value, at: path, into: collector)
            case "policies":
                document.policies = decodeList(PolicyDefinition.self, from: value, at: path, into: collector)
            case "rate_limits":
                document.rateLimits = decodeList(RateLimitDefinition.self, from: value, at: path, into: collector)
            case "users":
                document.users = decodeList(UserDefinition.self, from: value, at: path, into: collector)
            case "certificates":
                document.certificates = decodeList(CertificateMappingDefinition.self, from: value, at: path, into: collector)
            case "identity":
                document.identity = value
            case "gateway":
                document.gateway = value
            case "admin":
                document.admin = value
            case "shield":
                document.shield = value
            default:
                ConfigNodeDecoder.warnUnknownKey(key, at: path, known: known, into: collector)
            }
        }
        return document
    }

    /// Decodes each entry of a list on its own, so one bad entry does not hide the others.
    private static func decodeList<T: Decodable>(
        _ type: T.Type, from node: Node, at path: ConfigPath, into collector: DiagnosticCollector
    ) -> [(path: ConfigPath, definition: T)] {
        collector.record(line: node.mark?.line, for: path)
        if node.null != nil { return [] }
        guard case .sequence(let sequence) = node else {
            collector.error("\(path) must be a list; got \(ConfigNodeDecoder.describe(node)).", at: path)
            return []
        }
        var result: [(path: ConfigPath, definition: T)] = []
        for (index, element) in sequence.enumerated() {
            let elementPath = path.appending(index: index)
            if let value = ConfigNodeDecoder.decode(type, from: element, at: elementPath, into: collector) {
                result.append((elementPath, value))
            }
        }
        return result
    }
}
