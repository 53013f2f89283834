// The demo server's two transports: newline-delimited JSON-RPC on stdin/stdout (the default, as
// MCP clients and Gatehouse start it), and a stateless Streamable HTTP endpoint (used as the fast
// upstream of the benchmark).
import Foundation
import Hummingbird
import JSONSchema
import MCPCore
import NIOCore

/// Serves the demo server on stdio until stdin closes.
package struct DemoStdioServer {
    let server = DemoServer()

    package init() {}

    package func run() async {
        let output = LineWriter()
        let calls = CallBook()
        let (lines, continuation) = AsyncStream<[UInt8]>.makeStream()
        // stdin is read on a thread of its own: readLine blocks.
        let reader = Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(Array(line.utf8)) }
            continuation.finish()
        }
        reader.start()
        for await line in lines where !line.isEmpty {
            guard let message = try? JSONRPCMessage.parse(line) else {
                await output.write(
                    JSONRPCMessage.response(JSONRPCResponse(id: nil, error: JSONRPCErrorObject(.parseError, "Invalid JSON-RPC message."))).serialized())
                continue
            }
            switch message {
            case .request(let request):
                _ = await calls.start(request.id) {
                    let response = await server.handle(request) { note in await output.write(JSONRPCMessage.notification(note).serialized()) }
                    if !Task.isCancelled { await output.write(JSONRPCMessage.response(response).serialized()) }
                }
            case .notification(let note):
                if note.method == MCPMethod.cancelled, let id = note.params?["requestId"].flatMap(JSONRPCID.init(json:)) {
                    await calls.cancel(id)
                }
            case .response:
                break
            }
        }
    }
}

/// Writes whole lines to stdout, one at a time.
actor LineWriter {
    func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes + [0x0A]))
    }
}

/// Calls in flight, for cancellation.
package actor CallBook {
    private var cancellers: [JSONRPCID: @Sendable () -> Void] = [:]

    package init() {}

    /// Runs `work` as a call, on the books until it ends. It is entered before the task can run,
    /// so the task's own removal always comes after.
    func start<Success: Sendable>(_ id: JSONRPCID, _ work: @escaping @Sendable () async -> Success) -> Task<Success, Never> {
        let task = Task {
            let result = await work()
            await self.finish(id)
            return result
        }
        cancellers[id] = { task.cancel() }
        return task
    }
    private func finish(_ id: JSONRPCID) { cancellers[id] = nil }
    func cancel(_ id: JSONRPCID) { cancellers.removeValue(forKey: id)?() }
    /// How many calls are running (tests check that a cancelled call stopped).
    package var count: Int { cancellers.count }
}

/// Serves the demo server over stateless Streamable HTTP at `/mcp` (both eras; a request that
/// carries a progress token and accepts SSE gets its progress notifications on an SSE stream).
/// A call stops on `notifications/cancelled` (the legacy era's cancel) or when its SSE stream is
/// closed (the modern era's).
package struct DemoHTTPServer {
    let host: String
    let port: Int
    /// The calls in flight. Request ids are the only key: the server is stateless, and the
    /// gateway that is its usual client numbers its requests uniquely.
    package let calls = CallBook()

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    package func run() async throws {
        try await makeApplication().runService()
    }

    /// The Hummingbird application (tests run it on port 0).
    package func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let server = DemoServer()
        let calls = self.calls
        let router = Router()
        router.post("/mcp") { request, context -> Response in
            var request = request
            let body = try await request.body.collect(upTo: 4 << 20)
            guard let message = try? JSONRPCMessage.parse(body.readableBytesView) else {
                return Self.json(
                    JSONRPCMessage.response(JSONRPCResponse(id: nil, error: JSONRPCErrorObject(.parseError, "Invalid JSON-RPC message."))),
                    status: .badRequest)
            }
            switch message {
            case .request(let rpc):
                let wantsProgress = rpc.params?["_meta"]?["progressToken"] != nil
                let acceptsSSE = request.headers[.accept]?.contains("text/event-stream") ?? false
                guard wantsProgress, acceptsSSE else {
                    // A 2026-07-28 call can only be cancelled by closing its stream, which a JSON
                    // answer does not have: it runs inline, which keeps the benchmark's direct
                    // baseline free of bookkeeping only 2025 clients need.
                    if rpc.params?["_meta"]?[MCPMetaKey.protocolVersion] != nil {
                        return Self.json(.response(await server.handle(rpc) { _ in }), status: .ok)
                    }
                    let response = await calls.start(rpc.id) { await server.handle(rpc) { _ in } }.value
                    return Self.json(.response(response), status: .ok)
                }
                let (events, continuation) = AsyncStream<[UInt8]>.makeStream()
                _ = await calls.start(rpc.id) {
                    let response = await server.handle(rpc) { note in
                        continuation.yield(ServerSentEvent.message(JSONRPCMessage.notification(note).serialized()).encoded())
                    }
                    continuation.yield(ServerSentEvent.message(JSONRPCMessage.response(response).serialized()).encoded())
                    continuation.finish()
                }
                return Response(
                    status: .ok, headers: [.contentType: "text/event-stream"],
                    body: ResponseBody { writer in
                        do {
                            for await bytes in events { try await writer.write(ByteBuffer(bytes: bytes)) }
                            try await writer.finish(nil)
                        } catch {
                            // The client closed the stream: that cancels the call.
                            await calls.cancel(rpc.id)
                            throw error
                        }
                    })
            case .notification(let note):
                if note.method == MCPMethod.cancelled, let id = note.params?["requestId"].flatMap(JSONRPCID.init(json:)) {
                    await calls.cancel(id)
                }
                return Response(status: .accepted)
            case .response:
                return Response(status: .accepted)
            }
        }
        router.get("/mcp") { _, _ in Response(status: .methodNotAllowed, headers: [.allow: "POST"]) }
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "gatehouse-demo"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) })
    }

    static func json(_ message: JSONRPCMessage, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: message.serialized())))
    }
}
