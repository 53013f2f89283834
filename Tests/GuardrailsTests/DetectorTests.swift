// Unit tests of each runtime detector: what it finds, the kind it names, and the span it marks.
import Testing

@testable import Guardrails

/// Runs one detector (or several) over `text`.
func hits(_ text: String, _ detectors: DetectorID...) -> [TextHit] {
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { TextScanner(detectors).scan(UnsafeBufferPointer($0)) }
}

func matched(_ text: String, _ hit: TextHit) -> String {
    String(decoding: Array(text.utf8)[hit.range], as: UTF8.self)
}

struct PlaceholderTests {
    @Test func placeholdersNameTheKind() {
        #expect(TextHit(detector: .email, kind: "email", range: 0..<1).placeholder == "[REDACTED:email]")
        #expect(TextHit(detector: .secrets, kind: "github_token", range: 0..<1).placeholder == "[REDACTED:github_token]")
    }
}
