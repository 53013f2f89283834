// The `context` record of a request, built per request from facts the transport knows (time,
// protocol revision, endpoint, client address) and, for tools, from the tool's catalog facts
// (annotations, scan findings) and the call's arguments.
import Cedar
import Foundation
import JSONSchema

/// Request facts every action's context carries, converted to Cedar values once per request.
package struct PolicyRequestFacts: Sendable {
    package let time: Date
    package let protocolVersion: String
    package let endpoint: String
    package let clientAddress: String?
    /// `time`, `protocol_version`, `endpoint` and, when the address parses, `client_address`.
    private let base: [(String, CedarValue)]

    package init(time: Date, protocolVersion: String, endpoint: String, clientAddress: String?) {
        self.time = time
        self.protocolVersion = protocolVersion
        self.endpoint = endpoint
        self.clientAddress = clientAddress
        var pairs: [(String, CedarValue)] = [
            ("time", .datetime(CedarDatetime(millisecondsSinceEpoch: Int64((time.timeIntervalSince1970 * 1000).rounded(.down))))),
            ("protocol_version", .string(protocolVersion)),
            ("endpoint", .string(endpoint)),
        ]
        if let clientAddress, let ip = IPAddress(parsing: clientAddress) { pairs.append(("client_address", .ipaddr(ip))) }
        base = pairs
    }

    /// The context of every action but `call_tool`.
    package func context() -> CedarRecord { CedarRecord(base) }

    /// The context of `call_tool`: with `arguments` for the argument phase, without for the target phase.
    package func callContext(tool: ToolFacts, arguments: CedarRecord? = nil) -> CedarRecord {
        var p = base
        p.reserveCapacity(base.count + 3)
        p.append(("annotations", tool.annotations))
        p.append(("findings", tool.findingsValue))
        if let arguments { p.append(("arguments", .record(arguments))) }
        return CedarRecord(p)
    }
}

extension ToolFacts {
    /// A tool's facts from its MCP definition: argument types from `inputSchema`, annotations
    /// with MCP's defaults for absent hints.
    package init(definition: JSONObject, findings: Set<String> = []) {
        var annotations: [String: CedarValue] = [
            "readOnlyHint": false, "destructiveHint": true, "idempotentHint": false, "openWorldHint": true,
        ]
        if let given = definition["annotations"]?.objectValue {
            for key in ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] {
                if let b = given[key]?.boolValue { annotations[key] = .bool(b) }
            }
            if let title = given["title"]?.stringValue { annotations["title"] = .string(title) }
        }
        self.init(
            name: definition["name"]?.stringValue ?? "", arguments: ArgumentType.of(inputSchema: definition["inputSchema"]),
            annotations: .record(CedarRecord(annotations)), findings: findings)
    }
}
