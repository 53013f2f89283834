// Inspects one JSON payload (a call's arguments, or an upstream result) with the detectors of a
// phase and applies their actions: `flag` records, `redact` replaces the matched span inside its
// string with a typed placeholder, `block` stops at the first such hit. Work is bounded: at most
// `maxScanBytes` bytes of string content are scanned; the rest passes uninspected and the
// inspection says `truncated`. A payload with no redaction keeps its bytes: only the literals
// that changed are re-encoded, spliced into the original text.

/// A detector hit as recorded: what, which action applied, and where (a JSON pointer). Never the
/// matched text.
public struct GuardrailHit: Sendable, Equatable, Codable {
    public var phase: Phase
    public var detector: String
    public var kind: String
    public var action: GuardrailAction
    /// JSON pointer to the string that held the match (`/arguments/url`, `/content/0/text`).
    public var location: String

    public init(phase: Phase, detector: String, kind: String, action: GuardrailAction, location: String) {
        self.phase = phase
        self.detector = detector
        self.kind = kind
        self.action = action
        self.location = location
    }
}

/// What inspecting one payload found and decided.
public struct Inspection: Sendable {
    /// Hits in payload order (at most ``PayloadInspector/maxRecordedHits``).
    public var hits: [GuardrailHit] = []
    /// Hits beyond the recorded ones.
    public var unrecordedHits = 0
    /// The first hit whose action is `block`, if any (inspection stops there).
    public var blockedBy: GuardrailHit?
    /// Literal replacements, in payload order and disjoint: (range in the input bytes, new literal).
    public var replacements: [(range: Range<Int>, literal: [UInt8])] = []
    /// The scan limit was reached: the rest of the payload was not inspected.
    public var truncated = false
    /// String bytes scanned.
    public var scannedBytes = 0

    public init() {}

    public var isClean: Bool { hits.isEmpty && unrecordedHits == 0 }

    /// `bytes` with the replacements applied, or `nil` when there are none.
    public func rewritten(_ bytes: [UInt8]) -> [UInt8]? {
        guard !replacements.isEmpty else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + replacements.reduce(0) { $0 + $1.literal.count })
        var cursor = 0
        for r in replacements {
            out.append(contentsOf: bytes[cursor..<r.range.lowerBound])
            out.append(contentsOf: r.literal)
            cursor = r.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return out
    }

    /// How much longer (or shorter) the rewritten bytes are.
    public var lengthChange: Int { replacements.reduce(0) { $0 + $1.literal.count - $1.range.count } }
}

/// Inspects payloads for one phase with a set of detector actions.
public struct PayloadInspector: Sendable {
    /// Hits kept in one inspection's record; more are counted, not listed.
    public static let maxRecordedHits = 100

    public let phase: Phase
    public let actions: DetectorActions
    public let maxScanBytes: Int
    private let scanner: TextScanner

    public init(phase: Phase, actions: DetectorActions, maxScanBytes: Int = ShieldConfiguration.defaultMaxScanBytes) {
        self.phase = phase
        self.actions = actions
        self.maxScanBytes = maxScanBytes
        self.scanner = TextScanner(actions: actions, phase: phase)
    }

    /// Whether any detector runs (when not, callers skip inspection entirely).
    public var isActive: Bool { !scanner.isEmpty }

    /// Inspects the JSON value at `range` of `bytes` (the whole buffer by default).
    /// - Parameter pointerPrefix: Prepended to every location (`/arguments`).
    public func inspect(_ bytes: [UInt8], range: Range<Int>? = nil, pointerPrefix: String = "") -> Inspection {
        var inspection = Inspection()
        guard isActive else { return inspection }
        bytes.withUnsafeBufferPointer { buffer in
            inspect(buffer, range: range ?? 0..<buffer.count, pointerPrefix: pointerPrefix, into: &inspection)
        }
        return inspection
    }

    private func inspect(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>, pointerPrefix: String, into inspection: inout Inspection) {
        var walker = JSONStringWalker(buffer, range: range)
        var budget = maxScanBytes
        var scratch: [UInt8] = []
        _ = walker.walk { site, path in
            if budget <= 0 {
                inspection.truncated = true
                return false
            }
            // Binary payloads (base64 `blob`, image and audio `data`) are not text.
            if let key = site.key, isBinaryMember(key: key, literal: site.literal, in: buffer) { return true }
            let content: Range<Int> = site.isNumber ? site.literal : (site.literal.lowerBound + 1)..<(site.literal.upperBound - 1)
            if site.isNumber, content.count < 12 { return true }
            var hits: [TextHit] = []
            var decoded: [UInt8]? = nil
            if site.escaped {
                JSONText.decode(UnsafeBufferPointer(rebasing: buffer[content]), into: &scratch)
                let length = min(scratch.count, budget)
                if length < scratch.count { inspection.truncated = true }
                budget -= length
                inspection.scannedBytes += length
                hits = scratch.withUnsafeBufferPointer { scanner.scan(UnsafeBufferPointer(rebasing: $0[0..<length])) }
                if !hits.isEmpty { decoded = scratch }
            } else {
                let length = min(content.count, budget)
                if length < content.count { inspection.truncated = true }
                budget -= length
                inspection.scannedBytes += length
                hits = scanner.scan(UnsafeBufferPointer(rebasing: buffer[content.lowerBound..<(content.lowerBound + length)]))
            }
            guard !hits.isEmpty else { return !inspection.truncated }
            let location = JSONStringWalker.pointer(path, in: buffer, prefix: pointerPrefix)
            var redactions: [TextHit] = []
            for hit in hits {
                let action = actions[hit.detector]
                let record = GuardrailHit(phase: phase, detector: hit.detector.rawValue, kind: hit.kind, action: action, location: location)
                if inspection.hits.count < Self.maxRecordedHits { inspection.hits.append(record) } else { inspection.unrecordedHits += 1 }
                switch action {
                case .block:
                    inspection.blockedBy = record
                    return false
                case .redact: redactions.append(hit)
                case .flag, .off: break
                }
            }
            if !redactions.isEmpty {
                let original = decoded ?? Array(buffer[content])
                var replaced: [UInt8] = []
                replaced.reserveCapacity(original.count + 2 + 24 * redactions.count)
                var cursor = 0
                // Hits are in order of their starts; overlapping ones become one span with the
                // first one's placeholder.
                var spans: [(Range<Int>, String)] = []
                for hit in redactions {
                    if let last = spans.last, last.0.upperBound > hit.range.lowerBound {
                        spans[spans.count - 1].0 = last.0.lowerBound..<max(last.0.upperBound, hit.range.upperBound)
                    } else {
                        spans.append((hit.range, hit.placeholder))
                    }
                }
                for (range, placeholder) in spans {
                    replaced.append(contentsOf: original[cursor..<range.lowerBound])
                    replaced.append(contentsOf: placeholder.utf8)
                    cursor = range.upperBound
                }
                replaced.append(contentsOf: original[cursor...])
                if decoded == nil, !site.isNumber {
                    // Raw content without escapes is already valid inside quotes, and so are the
                    // placeholders: no re-encoding needed.
                    replaced.insert(0x22, at: 0)
                    replaced.append(0x22)
                    inspection.replacements.append((site.literal, replaced))
                } else {
                    inspection.replacements.append((site.literal, JSONText.literal(replaced)))
                }
            }
            return !inspection.truncated
        }
    }

    /// `blob` members, and `data` members holding a long unbroken (base64) string.
    private func isBinaryMember(key: Range<Int>, literal: Range<Int>, in b: UnsafeBufferPointer<UInt8>) -> Bool {
        let name = b[(key.lowerBound + 1)..<(key.upperBound - 1)]
        if name.elementsEqual("blob".utf8) { return true }
        if name.elementsEqual("data".utf8), literal.count > 256 {
            for i in literal.lowerBound..<min(literal.upperBound, literal.lowerBound + 512) where b[i] == 0x20 { return false }
            return true
        }
        return false
    }
}

import JSONSchema

extension PayloadInspector {
    /// Inspects a parsed value (arguments): returns the inspection and, when something was
    /// redacted, the rewritten value.
    public func inspect(value: JSONValue, pointerPrefix: String) -> (Inspection, JSONValue?) {
        guard isActive else { return (Inspection(), nil) }
        let bytes = value.serialized()
        let inspection = inspect(bytes, pointerPrefix: pointerPrefix)
        guard let rewritten = inspection.rewritten(bytes) else { return (inspection, nil) }
        return (inspection, try? JSONParser.parse(rewritten))
    }
}
