// Path traversal in an argument: `..` as a path segment (`../../etc/passwd`, `a\..\..\win.ini`,
// `..;/`), its percent-encoded and overlong forms (`%2e%2e%2f`, `..%c0%af`), NUL-byte truncation,
// and references to files that hold secrets or system state (`/etc/shadow`, `.ssh/id_rsa`,
// `/proc/self/environ`). Ellipses ("wait..."), ranges (`0..10`) and `...` spreads are not segments.

enum PathTraversal {
    /// A hit for the `..` starting at `i`, when it is a whole path segment followed by a separator.
    static func dotDot(at i: Int, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        guard i + 2 < t.count, t[i + 1] == 0x2E else { return nil }
        if i > 0 {
            let p = t[i - 1]
            guard p == 0x2F || p == 0x5C || ByteClass.isSpace(p) || p == 0x22 || p == 0x27 || p == 0x3D || p == 0x3A else { return nil }
        }
        let n = t[i + 2]
        guard n == 0x2F || n == 0x5C || (n == 0x3B && i + 3 < t.count && t[i + 3] == 0x2F) else { return nil }
        // The whole run of segments, for the evidence.
        var e = i + 3
        while e + 2 < t.count, t[e] == 0x2E, t[e + 1] == 0x2E, t[e + 2] == 0x2F || t[e + 2] == 0x5C { e += 3 }
        return TextHit(detector: .pathTraversal, kind: "parent_directory", range: i..<e)
    }

    /// Keywords the shared automaton finds, with the kind of hit each one is.
    static let keywords: [(String, String)] = {
        var k: [(String, String)] = []
        for encoded in ["%2e%2e", "%2e.", ".%2e", "..%2f", "..%5c", "%252e%252e", "..%252f", "..%255c", "%252e.", "%c0%ae", "..%c0%af", "..%c1%9c", "%uff0e%uff0e", "..%u2215"] {
            k.append((encoded, "encoded_traversal"))
        }
        for sensitive in [
            "/etc/passwd", "/etc/shadow", "/etc/sudoers", "/etc/master.passwd", "/proc/self/", "/proc/1/environ", ".ssh/id_rsa", ".ssh/id_dsa",
            ".ssh/id_ecdsa", ".ssh/id_ed25519", ".ssh/authorized_keys", ".aws/credentials", ".docker/config.json", ".kube/config",
            ".git-credentials", "/.netrc", ".bash_history", "c:\\windows\\system32", "c:/windows/system32", "\\windows\\win.ini",
            "/windows/win.ini", "boot.ini", "/var/run/secrets/kubernetes.io", "/run/secrets/", ".gnupg/", "/etc/gshadow",
        ] {
            k.append((sensitive, "sensitive_file"))
        }
        k.append(("%00", "null_byte"))
        return k
    }()

    /// Verifies a keyword match (NUL bytes count only in path-looking values).
    static func atKeyword(kind: String, range: Range<Int>, in t: UnsafeBufferPointer<UInt8>) -> TextHit? {
        if kind == "null_byte" {
            guard t.contains(where: { $0 == 0x2F || $0 == 0x5C }) || (range.lowerBound > 0 && t[range.lowerBound - 1] != 0x20) else { return nil }
        }
        return TextHit(detector: .pathTraversal, kind: kind, range: range)
    }
}
