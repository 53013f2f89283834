// The naming rule of the merged `/mcp` namespace. Every exposed tool, prompt and resource name
// matches `^[A-Za-z0-9_-]{1,64}$` (what OpenAI's and Anthropic's APIs accept), is the same for
// every caller, and maps back to exactly one (server, name).
//
// The rule (also in docs/ARCHITECTURE.md):
//  1. `slug__name` when `name` already matches `^[A-Za-z0-9_-]+$` and the result fits 64 chars.
//     Slugs match `^[a-z][a-z0-9-]{0,31}$`, so the first `__` always ends the slug.
//  2. Otherwise `slug__` + the name with each character outside `[A-Za-z0-9_-]` replaced by `_`,
//     cut to fit, + `_` + 8 hex digits of SHA-256("slug/name"): names that needed repair always
//     carry the hash, so adding a tool never renames another.
//  3. If two items still end up with one name (a repaired name equal to a plain one, or a hash
//     collision), the items are ordered by (slug, name); the first keeps the name and each later
//     one gets `_2`, `_3`, … (cut to fit) until unique.
//  Resource URIs become `slug+uri` (a valid URI scheme prefix since slugs have no `_`); URI
//  templates likewise, so clients can still expand them.
import Crypto
import MCPCore

/// The merged-namespace naming rule.
package enum MergedNames {
    package static let separator = "__"
    package static let maxLength = 64

    /// The exposed name for `name` on server `slug`, before collision resolution (rules 1–2).
    package static func candidate(server slug: String, name: String) -> String {
        let prefix = slug + separator
        if !name.isEmpty, name.utf8.allSatisfy(isAllowed), prefix.utf8.count + name.utf8.count <= maxLength {
            return prefix + name
        }
        let repaired = String(decoding: name.utf8.map { isAllowed($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
        let suffix = "_" + shortHash(slug + "/" + name)
        let room = max(0, maxLength - prefix.utf8.count - suffix.utf8.count)
        return prefix + String(repaired.prefix(room)) + suffix
    }

    /// `slug+uri`.
    package static func exposedURI(server slug: String, uri: String) -> String { slug + "+" + uri }

    /// Splits an exposed URI back into (slug, upstream URI).
    package static func splitURI(_ exposed: String) -> (server: String, uri: String)? {
        guard let plus = exposed.firstIndex(of: "+") else { return nil }
        let slug = String(exposed[..<plus])
        let uri = String(exposed[exposed.index(after: plus)...])
        guard !slug.isEmpty, !uri.isEmpty else { return nil }
        return (slug, uri)
    }

    /// Whether a string obeys the exposed-name pattern `^[A-Za-z0-9_-]{1,64}$`.
    package static func isValidExposedName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= maxLength && s.utf8.allSatisfy(isAllowed)
    }

    static func isAllowed(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    static func shortHash(_ s: String) -> String {
        SHA256.hash(data: Array(s.utf8)).prefix(4).hexEncoded
    }
}

/// A two-way table between exposed names and (server, upstream name) for one set of items, with
/// collisions resolved by rule 3 of ``MergedNames``.
package struct MergedNameTable: Sendable {
    package struct Key: Hashable, Sendable {
        package var server: String
        package var name: String
        package init(server: String, name: String) {
            self.server = server
            self.name = name
        }
    }

    private var forward: [Key: String] = [:]
    private var backward: [String: Key] = [:]

    /// - Parameter items: every (server, name) that can appear; order does not matter.
    package init(_ items: some Sequence<Key>) {
        let unique = Set(items).sorted { ($0.server, $0.name) < ($1.server, $1.name) }
        var byCandidate: [String: [Key]] = [:]
        for key in unique { byCandidate[MergedNames.candidate(server: key.server, name: key.name), default: []].append(key) }
        // First pass: every uncontested candidate, and the first (in order) of each contested one.
        for key in unique {
            let c = MergedNames.candidate(server: key.server, name: key.name)
            if byCandidate[c]!.first == key {
                forward[key] = c
                backward[c] = key
            }
        }
        // Second pass: the rest get numbered suffixes, in order, until unique.
        for key in unique where forward[key] == nil {
            let c = MergedNames.candidate(server: key.server, name: key.name)
            var n = 2
            var name: String
            repeat {
                let suffix = "_\(n)"
                name = String(c.prefix(MergedNames.maxLength - suffix.utf8.count)) + suffix
                n += 1
            } while backward[name] != nil
            forward[key] = name
            backward[name] = key
        }
    }

    package func exposedName(server: String, name: String) -> String? { forward[Key(server: server, name: name)] }

    package func resolve(_ exposed: String) -> Key? { backward[exposed] }

    package var count: Int { forward.count }
}
