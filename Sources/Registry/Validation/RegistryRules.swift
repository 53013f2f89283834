// The rules every registry value obeys, in one place, each with the sentence that explains it:
// the YAML resolver, the admin API and the CLI all word their errors from here.
import Foundation

/// Validity rules for registry identifiers and upstream settings.
package enum RegistryRules {
    // MARK: Slugs

    /// `^[a-z][a-z0-9-]{0,31}$`: no `_` (so `slug__tool` splits unambiguously), usable in URLs and
    /// as a URI scheme prefix.
    package static func isValidSlug(_ slug: String) -> Bool {
        guard let first = slug.utf8.first, slug.utf8.count <= 32, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first)
        else { return false }
        return slug.utf8.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
    }

    package static let slugRule =
        "use 1 to 32 lowercase letters, digits or \"-\", starting with a letter (slugs appear in endpoint URLs and tool names)"

    // MARK: Registry names

    /// Reverse-DNS `namespace/name` as the official MCP registry has it:
    /// `^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`, 3 to 200 characters.
    package static func isValidRegistryName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...200).contains(bytes.count), let slash = bytes.firstIndex(of: UInt8(ascii: "/")), slash > 0,
            slash < bytes.count - 1
        else { return false }
        let namespace = bytes[..<slash]
        let rest = bytes[(slash + 1)...]
        return namespace.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
            && rest.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    package static let registryNameRule =
        "use the reverse-DNS form \"namespace/name\" such as \"com.example/notes\" (3 to 200 characters; the namespace takes letters, digits, \".\" and \"-\", the name also \"_\")"

    // MARK: Applications

    /// `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`.
    package static func isValidApplicationName(_ name: String) -> Bool {
        guard let first = name.utf8.first, name.utf8.count <= 64, isAlnum(first) else { return false }
        return name.utf8.allSatisfy { isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    package static let applicationNameRule =
        "use 1 to 64 letters, digits, \".\", \"_\" or \"-\", starting with a letter or digit"

    // MARK: Tools

    /// A tool name as an upstream may use it: 1 to 128 characters, no spaces or control characters.
    /// (`*` is a wildcard, allowed only where a rule says so.)
    package static func isValidToolName(_ name: String) -> Bool {
        guard (1...128).contains(name.count) else { return false }
        return !name.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }
    }

    package static let toolNameRule = "tool names have 1 to 128 characters and no spaces or control characters"

    /// The wildcard that enables every discovered tool.
    package static let allTools = "*"

    // MARK: Upstreams

    /// Why `url` cannot be an upstream URL, as the end of a sentence that starts with the
    /// setting's name, or `nil` when it can.
    package static func upstreamURLProblem(_ url: String) -> String? {
        guard let separator = url.range(of: "://") else {
            return "\"\(url)\" has no scheme; write http://… or https://… (or use command: for a stdio server)"
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            return "has unsupported scheme \"\(url[..<separator.lowerBound])\"; use http, https or stdio"
        }
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            return "\"\(url)\" is not a valid URL with a host"
        }
        if components.user != nil || components.password != nil {
            return "must not carry credentials in the URL; put them in upstream.headers"
        }
        return nil
    }

    /// An HTTP header name is a token (RFC 9110).
    package static func isValidHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { isAlnum($0) || "!#$%&'*+-.^_`|~".utf8.contains($0) }
    }

    /// A header value has no line breaks or other control characters (tab aside).
    package static func isValidHeaderValue(_ value: String) -> Bool {
        !value.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
    }

    // MARK: Statuses

    package static let statuses: [ServerStatus] = [.active, .deprecated, .revoked]

    /// Semantic versions: `MAJOR.MINOR.PATCH`, optionally with `-prerelease` and `+build` (a
    /// leading `v` is not part of it).
    package static func isValidVersion(_ version: String) -> Bool {
        let core = version.split(separator: "+", maxSplits: 1).first.map(String.init) ?? version
        let main = core.split(separator: "-", maxSplits: 1).first.map(String.init) ?? core
        let parts = main.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    package static let versionRule = "use MAJOR.MINOR.PATCH such as 1.4.0 (a -prerelease and +build suffix may follow)"

    /// The major version of a semantic version.
    package static func majorVersion(_ version: String) -> Int? {
        version.split(separator: ".").first.flatMap { Int($0) }
    }

    /// Policy ids: `^[a-z0-9][a-z0-9._-]{0,63}$`, not starting with `gatehouse.`.
    package static func isValidPolicyID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, (1...64).contains(id.unicodeScalars.count), !id.hasPrefix("gatehouse.") else { return false }
        func allowed(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("0"..."9").contains(c) }
        return allowed(first) && id.unicodeScalars.allSatisfy { allowed($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    package static let policyIDRule = "policy ids have 1 to 64 characters a-z, 0-9, '.', '_' and '-', start with a letter or digit, and do not start with \"gatehouse.\""

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlnum(_ byte: UInt8) -> Bool {
        isLowerAlnum(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
