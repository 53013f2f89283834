// The bundled demo MCP server: a few tools (echo, add, current_time, wait), one resource, one
// resource template and one prompt, answering both protocol eras. Transport-free: the stdio and
// HTTP front ends feed it messages and write what it returns.
import Foundation
import JSONSchema
import MCPCore

/// MCP server logic of `gatehouse demo-server`.
package struct DemoServer: Sendable {
    package init() {}

    package static let serverInfo: JSONObject = ["name": "gatehouse-demo", "title": "Gatehouse demo server", "version": .string(GatehouseDemoVersion.current)]
    package static let capabilities: JSONObject = ["tools": [:], "resources": [:], "prompts": [:], "completions": [:]]
    package static let readme = "Gatehouse demo server: tools echo, add, current_time and wait; this resource; the greet prompt."

    package static let tools: [JSONValue] = [
        [
            "name": "echo", "title": "Echo", "description": "Returns the text it is given.",
            "inputSchema": ["type": "object", "properties": ["text": ["type": "string", "description": "Text to echo."]], "required": ["text"]],
            "annotations": ["readOnlyHint": true, "destructiveHint": false, "openWorldHint": false],
        ],
        [
            "name": "add", "title": "Add", "description": "Adds two numbers.",
            "inputSchema": [
                "type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]], "required": ["a", "b"],
            ],
            "outputSchema": ["type": "object", "properties": ["sum": ["type": "number"]], "required": ["sum"]],
            "annotations": ["readOnlyHint": true, "destructiveHint": false, "openWorldHint": false],
        ],
        [
            "name": "current_time", "title": "Current time", "description": "The current time in UTC, ISO 8601.",
            "inputSchema": ["type": "object", "additionalProperties": false],
            "annotations": ["readOnlyHint": true, "destructiveHint": false],
        ],
        [
            "name": "wait", "title": "Wait", "description": "Waits for the given number of seconds (at most 60), reporting progress.",
            "inputSchema": ["type": "object", "properties": ["seconds": ["type": "number", "minimum": 0, "maximum": 60]], "required": ["seconds"]],
            "annotations": ["readOnlyHint": true, "destructiveHint": false, "openWorldHint": false],
        ],
    ]

    package static let resources: [JSONValue] = [
        ["uri": "demo://readme", "name": "readme", "title": "About the demo server", "mimeType": "text/plain"]
    ]
    package static let resourceTemplates: [JSONValue] = [
        ["uriTemplate": "demo://notes/{id}", "name": "note", "title": "A numbered note", "mimeType": "text/plain"]
    ]
    package static let prompts: [JSONValue] = [
        [
            "name": "greet", "title": "Greeting", "description": "Asks the model to greet someone.",
            "arguments": [["name": "name", "description": "Who to greet", "required": false]],
        ]
    ]

    /// Sends a notification related to the request being served (progress).
    package typealias Notify = @Sendable (JSONRPCNotification) async -> Void

    /// The answer to one request.
    package func handle(_ request: JSONRPCRequest, notify: Notify) async -> JSONRPCResponse {
        let modernVersion = request.params?["_meta"]?[MCPMetaKey.protocolVersion]?.stringValue
        do {
            var result = try await answer(request, notify: notify)
            if modernVersion != nil, var o = result.objectValue {
                o["resultType"] = "complete"
                switch request.method {
                case MCPMethod.toolsList, MCPMethod.promptsList, MCPMethod.resourcesList, MCPMethod.resourcesTemplatesList, MCPMethod.resourcesRead,
                    MCPMethod.discover:
                    o["ttlMs"] = 0
                    o["cacheScope"] = "public"
                default: break
                }
                var meta = o["_meta"]?.objectValue ?? [:]
                meta[MCPMetaKey.serverInfo] = .object(Self.serverInfo)
                o["_meta"] = .object(meta)
                result = .object(o)
            }
            return JSONRPCResponse(id: request.id, result: result)
        } catch let error as JSONRPCErrorObject {
            return JSONRPCResponse(id: request.id, error: error)
        } catch {
            return JSONRPCResponse(id: request.id, error: JSONRPCErrorObject(.internalError, "\(error)"))
        }
    }

    private func answer(_ request: JSONRPCRequest, notify: Notify) async throws -> JSONValue {
        let params = request.params ?? [:]
        switch request.method {
        case MCPMethod.initialize:
            let asked = params["protocolVersion"]?.stringValue.map { ProtocolVersion($0) }
            let version = asked.flatMap { ProtocolVersion.legacy.contains($0) ? $0 : nil } ?? .latestLegacy
            return [
                "protocolVersion": .string(version.rawValue), "capabilities": .object(Self.capabilities), "serverInfo": .object(Self.serverInfo),
                "instructions": .string(Self.readme),
            ]
        case MCPMethod.discover:
            return [
                "supportedVersions": .array(ProtocolVersion.all.map { .string($0.rawValue) }), "capabilities": .object(Self.capabilities),
                "instructions": .string(Self.readme),
            ]
        case MCPMethod.ping: return [:]
        case MCPMethod.toolsList: return ["tools": .array(Self.tools)]
        case MCPMethod.resourcesList: return ["resources": .array(Self.resources)]
        case MCPMethod.resourcesTemplatesList: return ["resourceTemplates": .array(Self.resourceTemplates)]
        case MCPMethod.promptsList: return ["prompts": .array(Self.prompts)]
        case MCPMethod.toolsCall: return try await callTool(params, notify: notify)
        case MCPMethod.resourcesRead:
            let uri = params["uri"]?.stringValue ?? ""
            if uri == "demo://readme" {
                return ["contents": [["uri": "demo://readme", "mimeType": "text/plain", "text": .string(Self.readme)]]]
            }
            if uri.hasPrefix("demo://notes/"), let id = Int(uri.dropFirst("demo://notes/".count)) {
                return ["contents": [["uri": .string(uri), "mimeType": "text/plain", "text": .string("Note number \(id).")]]]
            }
            throw JSONRPCErrorObject(.invalidParams, "Resource not found: \(uri)", data: ["uri": .string(uri)])
        case MCPMethod.promptsGet:
            guard params["name"] == "greet" else { throw JSONRPCErrorObject(.invalidParams, "Unknown prompt: \(params["name"]?.stringValue ?? "")") }
            let name = params["arguments"]?["name"]?.stringValue ?? "world"
            return [
                "description": "A greeting",
                "messages": [["role": "user", "content": ["type": "text", "text": .string("Please greet \(name) warmly.")]]],
            ]
        case MCPMethod.completionComplete:
            let value = params["argument"]?["value"]?.stringValue ?? ""
            let names = ["Ada", "Alan", "Grace", "Linus"].filter { $0.lowercased().hasPrefix(value.lowercased()) }
            return ["completion": ["values": .array(names.map { .string($0) }), "total": .int(Int64(names.count)), "hasMore": false]]
        case MCPMethod.loggingSetLevel: return [:]
        default:
            throw JSONRPCErrorObject(.methodNotFound, "Method not found: \(request.method)")
        }
    }

    private func callTool(_ params: JSONObject, notify: Notify) async throws -> JSONValue {
        let args = params["arguments"]?.objectValue ?? [:]
        switch params["name"]?.stringValue {
        case "echo":
            guard let text = args["text"]?.stringValue else { return toolError("echo needs a string argument \"text\".") }
            return ["content": [["type": "text", "text": .string(text)]], "isError": false]
        case "add":
            guard let a = args["a"]?.doubleValue, let b = args["b"]?.doubleValue else { return toolError("add needs numbers \"a\" and \"b\".") }
            let sum: JSONValue = (args["a"]!.isInteger && args["b"]!.isInteger) ? .int(Int64(a + b)) : .double(a + b)
            return ["content": [["type": "text", "text": .string(sum.jsonString())]], "structuredContent": ["sum": sum], "isError": false]
        case "current_time":
            return ["content": [["type": "text", "text": .string(Date().ISO8601Format())]], "isError": false]
        case "wait":
            let seconds = min(max(args["seconds"]?.doubleValue ?? 0, 0), 60)
            let token = params["_meta"]?["progressToken"]
            let steps = max(1, Int(seconds * 10))
            for step in 1...steps {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000) / steps))
                if let token {
                    await notify(
                        JSONRPCNotification(
                            method: MCPMethod.progress,
                            params: ["progressToken": token, "progress": .int(Int64(step)), "total": .int(Int64(steps))]))
                }
            }
            return ["content": [["type": "text", "text": .string("waited \(seconds) s")]], "isError": false]
        default:
            throw JSONRPCErrorObject(.invalidParams, "Unknown tool: \(params["name"]?.stringValue ?? "")")
        }
    }

    private func toolError(_ message: String) -> JSONValue {
        ["content": [["type": "text", "text": .string(message)]], "isError": true]
    }
}

enum GatehouseDemoVersion {
    package static let current = "1.0.0"
}

