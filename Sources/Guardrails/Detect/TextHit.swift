// What a detector found in one string: which detector, a finer kind (`aws_access_key`, `us_ssn`,
// `loopback`), and the byte range of the match in the string's UTF-8.

/// A detector's match in one string.
public struct TextHit: Sendable, Equatable {
    public var detector: DetectorID
    /// A finer, bounded name: the placeholder's type for secrets (`[REDACTED:github_token]`), and
    /// what the audit record names.
    public var kind: String
    /// UTF-8 byte offsets in the scanned string.
    public var range: Range<Int>

    public init(detector: DetectorID, kind: String, range: Range<Int>) {
        self.detector = detector
        self.kind = kind
        self.range = range
    }

    /// The placeholder that replaces the span when redacting: the kind for secrets (which kind of
    /// credential leaked matters to a reader), the detector otherwise (`[REDACTED:email]`).
    public var placeholder: String {
        switch detector {
        case .secrets: "[REDACTED:\(kind)]"
        default: "[REDACTED:\(detector.rawValue)]"
        }
    }
}
