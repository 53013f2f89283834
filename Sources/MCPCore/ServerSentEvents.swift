// Server-Sent Events as the Streamable HTTP transport uses them: an incremental decoder for
// upstream streams (chunks arrive split anywhere) and an encoder for the streams we send.

/// One event of an SSE stream.
package struct ServerSentEvent: Sendable, Equatable {
    package var event: String?
    package var data: [UInt8]
    package var id: String?
    package var retryMilliseconds: Int?

    package init(event: String? = nil, data: [UInt8], id: String? = nil, retryMilliseconds: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retryMilliseconds = retryMilliseconds
    }

    /// The wire form. `data` must not contain line breaks (compact JSON never does); a line break
    /// would be split into several `data:` lines, which decoders join back with `\n`.
    package func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 32)
        if let id { out += Array("id: \(id)\n".utf8) }
        if let event { out += Array("event: \(event)\n".utf8) }
        if let retryMilliseconds { out += Array("retry: \(retryMilliseconds)\n".utf8) }
        var lineStart = 0
        for i in data.indices where data[i] == 0x0A {
            out += Array("data: ".utf8) + data[lineStart..<i] + [0x0A]
            lineStart = i + 1
        }
        out += Array("data: ".utf8) + data[lineStart...] + [0x0A, 0x0A]
        return out
    }

    /// A JSON-RPC message as an SSE `message` event.
    package static func message(_ json: [UInt8], id: String? = nil) -> ServerSentEvent {
        ServerSentEvent(event: "message", data: json, id: id)
    }

    /// A comment line, used as a keep-alive; decoders ignore it.
    package static let keepAlive: [UInt8] = Array(": keep-alive\n\n".utf8)
}

/// Decodes an SSE byte stream incrementally, per the WHATWG event-stream rules.
package struct ServerSentEventDecoder: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var data: [UInt8] = []
    private var hasData = false
    private var event: String?
    private var id: String?
    private var retry: Int?
    /// Largest event we accept; a stream that exceeds it is broken or hostile.
    package let maxEventBytes: Int

    package struct EventTooLarge: Error, Sendable { package let limit: Int }

    package init(maxEventBytes: Int = 16 << 20) {
        self.maxEventBytes = maxEventBytes
    }

    /// Feeds a chunk and returns the events it completes.
    package mutating func feed(_ chunk: some Sequence<UInt8>) throws(EventTooLarge) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for b in chunk {
            if b == 0x0A && lastWasCR {
                lastWasCR = false
                continue
            }
            lastWasCR = b == 0x0D
            if b == 0x0A || b == 0x0D {
                if let e = processLine() { events.append(e) }
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(b)
                if line.count + data.count > maxEventBytes { throw EventTooLarge(limit: maxEventBytes) }
            }
        }
        return events
    }

    private mutating func processLine() -> ServerSentEvent? {
        if line.isEmpty {
            defer {
                data.removeAll(keepingCapacity: true)
                hasData = false
                event = nil
                retry = nil
            }
            guard hasData else { return nil }
            return ServerSentEvent(event: event, data: data, id: id, retryMilliseconds: retry)
        }
        if line[0] == UInt8(ascii: ":") { return nil }
        let colon = line.firstIndex(of: UInt8(ascii: ":"))
        let field = String(decoding: line[..<(colon ?? line.count)], as: UTF8.self)
        var valueStart = colon.map { $0 + 1 } ?? line.count
        if valueStart < line.count, line[valueStart] == 0x20 { valueStart += 1 }
        let value = line[valueStart...]
        switch field {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event": event = String(decoding: value, as: UTF8.self)
        case "id":
            if !value.contains(0) { id = String(decoding: value, as: UTF8.self) }
        case "retry": retry = Int(String(decoding: value, as: UTF8.self))
        default: break
        }
        return nil
    }
}
