// Host names: RFC 1123 for `hostname` (with A-labels checked as IDNA2008 would), and IDNA2008
// (RFC 5890–5893) for `idn-hostname`. Unicode data comes from the standard library; scripts
// and bidirectional classes, which it does not expose, are approximated by block ranges.

enum Hostname {
    static func isHostname(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253 else { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard isLDHLabel(label) else { return false }
            if label.count >= 4, label.utf8.dropFirst(2).starts(with: "--".utf8) {
                // Reserved `??--` labels: only valid A-labels (`xn--`).
                guard label.lowercased().hasPrefix("xn--"), let u = Punycode.decode(label.dropFirst(4)),
                    IDNA.isValidULabel(u), Punycode.encode(u).map({ $0 == label.dropFirst(4).lowercased() }) ?? false,
                    u.contains(where: { $0 >= 0x80 })
                else { return false }
            }
        }
        return IDNA.bidiRuleHolds(labels.map { l in
            l.lowercased().hasPrefix("xn--") ? (Punycode.decode(l.dropFirst(4)) ?? []) : l.unicodeScalars.map(\.value)
        })
    }

    static func isLDHLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
        return label.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D
        }
    }

    static func isIDNHostname(_ s: String) -> Bool {
        // IDNA label separators: full stop, ideographic, fullwidth and halfwidth full stops.
        let separators: Set<UInt32> = [0x2E, 0x3002, 0xFF0E, 0xFF61]
        var labels: [[UInt32]] = [[]]
        for u in s.unicodeScalars {
            if separators.contains(u.value) { labels.append([]) } else { labels[labels.count - 1].append(u.value) }
        }
        var asciiLength = 0
        var decoded: [[UInt32]] = []
        for label in labels {
            guard !label.isEmpty else { return false }
            let isASCII = label.allSatisfy { $0 < 0x80 }
            var cps = label
            if isASCII {
                let text = String(String.UnicodeScalarView(label.compactMap(Unicode.Scalar.init)))
                guard isLDHLabel(Substring(text)) else { return false }
                if label.count >= 4, label[2] == 0x2D, label[3] == 0x2D {
                    guard text.lowercased().hasPrefix("xn--"), let u = Punycode.decode(Substring(text).dropFirst(4)),
                        u.contains(where: { $0 >= 0x80 }),
                        Punycode.encode(u).map({ $0 == text.dropFirst(4).lowercased() }) ?? false
                    else { return false }
                    cps = u
                } else {
                    asciiLength += label.count + 1
                    decoded.append(cps)
                    continue
                }
            }
            guard IDNA.isValidULabel(cps) else { return false }
            guard let a = Punycode.encode(cps), a.utf8.count + 4 <= 63 else { return false }
            asciiLength += a.utf8.count + 5
            decoded.append(cps)
        }
        guard asciiLength - 1 <= 253 else { return false }
        return IDNA.bidiRuleHolds(decoded)
    }
}
