// The external guardrail hook over HTTP: one POST of `application/json` per inspected phase on
// the shared HTTP client, bounded by the hook's timeout; only a 200 with a JSON verdict counts.
import AsyncHTTPClient
import Foundation
import Guardrails
import NIOCore

/// Calls guardrail hooks with AsyncHTTPClient.
package struct HTTPGuardrailHook: GuardrailHookClient {
    let client: HTTPClient
    /// Largest verdict accepted (a redacted result may be as large as the result).
    let maxResponseBytes: Int

    package init(client: HTTPClient, maxResponseBytes: Int = 32 << 20) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    package func post(_ body: [UInt8], to settings: HookSettings) async throws(HookFailure) -> [UInt8] {
        var request = HTTPClientRequest(url: settings.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "gatehouse-shield/\(HookContract.version)")
        request.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.milliseconds(Int64(settings.timeoutMilliseconds))
        let deadline = NIODeadline.now() + timeout
        do {
            let response = try await client.execute(request, deadline: deadline)
            let bytes = Array(buffer: try await response.body.collect(upTo: maxResponseBytes))
            guard response.status == .ok else {
                throw HookFailure(kind: "http_status", "it answered HTTP \(response.status.code)")
            }
            return bytes
        } catch let failure as HookFailure {
            throw failure
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw HookFailure(kind: "timeout", "no verdict within \(settings.timeoutMilliseconds) ms")
        } catch {
            if NIODeadline.now() >= deadline { throw HookFailure(kind: "timeout", "no verdict within \(settings.timeoutMilliseconds) ms") }
            throw HookFailure(kind: "unreachable", HTTPUpstreamConnection.describe(error))
        }
    }
}
