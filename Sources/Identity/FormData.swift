// `application/x-www-form-urlencoded` bodies (token, revocation and consent requests) and query
// strings: repeated parameters are an error (RFC 6749 §3.1), so each name maps to one value.
import Foundation

/// Parameters of a form body or query string.
struct FormData: Sendable {
    private(set) var values: [String: String] = [:]
    /// Names that appeared more than once.
    private(set) var repeated: Set<String> = []

    init(_ encoded: String) {
        for pair in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[name] != nil { repeated.insert(name) }
            values[name] = value
        }
    }

    init(values: [String: String]) { self.values = values }

    subscript(_ name: String) -> String? { values[name].flatMap { $0.isEmpty ? nil : $0 } }

    /// Refuses repeated parameters.
    func checkSingle() throws(OAuthError) {
        if let name = repeated.sorted().first { throw .invalidRequest("The parameter \(name) appears more than once.") }
    }

    static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    /// Encodes parameters for a URL query or form body, in the order given.
    static func encode(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }
            .joined(separator: "&")
    }
}
