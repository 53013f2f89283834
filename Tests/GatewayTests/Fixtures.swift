// A small directory for stage tests: two servers, one application with a narrow allow list.
import Auth
import Foundation
import JSONSchema
import Logging
import MCPCore

@testable import Gateway

enum Fixtures {
    static let key = APIKey.generate()
    static let otherKey = APIKey.generate()
    static let expiredKey = APIKey.generate()

    static func tool(_ name: String) -> CatalogEntry {
        let def: JSONObject = ["name": .string(name), "inputSchema": ["type": "object"]]
        return CatalogEntry(name: name, definition: def, hash: DefinitionHash.tool(def))
    }

    static var directory: GatewayDirectory {
        let notes = DirectoryServer(
            slug: "notes", name: "com.example/notes", upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]),
            tools: [tool("echo"), tool("add"), tool("delete_all")], prompts: [],
            enablement: ToolEnablement(names: ["echo", "add"]))
        let demo = DirectoryServer(
            slug: "demo", name: "io.gatehouse/demo", upstream: .stdio(StdioCommand(command: "gatehouse", arguments: ["demo-server"])),
            tools: [tool("echo"), tool("files.read")], prompts: [], enablement: ToolEnablement(all: true))
        let revoked = DirectoryServer(
            slug: "old", name: "com.example/old", acceptsCalls: false, upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]),
            tools: [tool("echo")], enablement: ToolEnablement(all: true))
        return GatewayDirectory(
            generation: 1, servers: [notes, demo, revoked],
            callers: [
                DirectoryCaller(application: "ci-agent", keyID: "k1", keyHash: APIKey.hash(key)),
                DirectoryCaller(application: "other", keyID: "k2", keyHash: APIKey.hash(otherKey)),
                DirectoryCaller(application: "ci-agent", keyID: "k3", keyHash: APIKey.hash(expiredKey), expiresAt: Date(timeIntervalSince1970: 0)),
            ],
            grants: [
                "ci-agent": ApplicationGrants(servers: ["notes": ["echo", "delete_all"], "demo": nil, "old": nil]),
                "other": ApplicationGrants(servers: [:]),
            ])
    }

    static func context(_ endpoint: Endpoint = .merged, principal: String? = nil) -> CallContext {
        var c = CallContext(logger: Logger(label: "test"), endpoint: endpoint, protocolVersion: .v2025_11_25, directory: directory)
        if let principal { c.principal = Principal(application: principal, keyID: "k1") }
        return c
    }

    static func call(_ method: String, _ params: JSONObject? = nil, key: String? = Fixtures.key) -> GatewayCall {
        GatewayCall(request: JSONRPCRequest(id: .int(1), method: method, params: params), bearerToken: key)
    }
}

/// A `next` that records whether it ran and answers with a canned reply.
final class RecordingNext: @unchecked Sendable {
    private(set) var calls: [(GatewayCall, CallContext)] = []
    let reply: GatewayReply

    init(reply: GatewayReply = .result([:])) {
        self.reply = reply
    }

    var next: NextStage {
        { call, context in
            self.calls.append((call, context))
            return self.reply
        }
    }
}

/// Runs `body` and returns the gateway error it throws, or `nil`.
func refusal(_ body: () async throws -> Void) async -> GatewayError? {
    do {
        try await body()
        return nil
    } catch let e as GatewayError {
        return e
    } catch {
        return nil
    }
}
