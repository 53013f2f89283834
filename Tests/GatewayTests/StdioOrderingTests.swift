// A stdio upstream's progress reaches the caller complete and in order, before the response.
import Foundation
import JSONSchema
import Logging
import MCPCore
import Synchronization
import Testing

@testable import Gateway

struct StdioOrderingTests {
    @Test func progressArrivesInOrderBeforeTheResponse() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/burst_server.py").path
        let connection = StdioUpstreamConnection(
            server: "burst", command: StdioCommand(command: "python3", arguments: [script]), logger: Logger(label: "test"))
        defer { Task { await connection.close() } }
        for _ in 0..<5 {
            let seen = Mutex<[Int64]>([])
            let response = try await connection.send(
                UpstreamRequest(method: "tools/call", params: ["name": "x", "_meta": ["progressToken": "mine"]])
            ) { interim in
                if case .notification(let n) = interim, n.params?["progressToken"] == "mine", let p = n.params?["progress"]?.int64Value {
                    // A slow client relay for the first one: nothing may overtake it.
                    if p == 1 { try? await Task.sleep(for: .milliseconds(50)) }
                    seen.withLock { $0.append(p) }
                }
            }
            #expect(response.envelope.kind == .result)
            #expect(seen.withLock { $0 } == Array(1...50), "every notification, in order, before the response")
        }
        await connection.close()
    }
}
