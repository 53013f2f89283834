// Text that reads differently from what it is: invisible and direction-changing characters
// (zero-width, bidi controls, Unicode tag characters that smuggle ASCII), letters of different
// scripts mixed in one word (a Cyrillic "е" in "rеad"), descriptions long enough to bury
// instructions in, and encoded blobs that decode to readable text.

enum DeceptiveText {
    /// Characters that render as nothing or reorder text.
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x00AD, 0x180E, 0x115F, 0x1160, 0x3164,
            0xFFA0, 0xE0000...0xE007F, 0x034F, 0x17B4, 0x17B5:
            return true
        default:
            return false
        }
    }

    static func findings(in text: String, path: String) -> [Finding] {
        var findings: [Finding] = []
        findings += invisible(in: text, path: path)
        findings += homoglyphs(in: text, path: path, inName: false)
        findings += length(of: text, path: path)
        findings += EncodedBlobs.findings(in: text, path: path)
        return findings
    }

    static func nameFindings(_ name: String, path: String) -> [Finding] {
        invisible(in: name, path: path) + homoglyphs(in: name, path: path, inName: true)
    }

    static func invisible(in text: String, path: String) -> [Finding] {
        var first: Int? = nil
        var last = 0
        var count = 0
        var tags = false
        var bidi = false
        var offset = 0
        for s in text.unicodeScalars {
            let width = UTF8.width(s)
            if isInvisible(s), !(s.value == 0xFEFF && offset == 0) {
                if first == nil { first = offset }
                last = offset + width
                count += 1
                if (0xE0000...0xE007F).contains(s.value) { tags = true }
                if (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value) { bidi = true }
            }
            offset += width
        }
        guard let first else { return [] }
        let detail =
            tags
            ? "\(count) invisible characters, among them Unicode tag characters that encode hidden ASCII text."
            : bidi ? "\(count) invisible or bidirectional control characters." : "\(count) invisible characters."
        return [Evidence.finding(.invisibleCharacters, severity: tags ? .critical : .high, in: text, bytes: first..<last, path: path, detail: detail)]
    }

    enum Script { case latin, cyrillic, greek, fullwidth, other }

    static func script(_ s: Unicode.Scalar) -> Script? {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: .latin
        case 0x400...0x52F: .cyrillic
        case 0x370...0x3FF: .greek
        case 0xFF21...0xFF3A, 0xFF41...0xFF5A: .fullwidth
        default: s.properties.isAlphabetic ? .other : nil
        }
    }

    /// Cyrillic and Greek letters that look like Latin ones.
    static let confusables: Set<UInt32> = [
        0x430, 0x435, 0x43E, 0x440, 0x441, 0x443, 0x445, 0x456, 0x458, 0x455, 0x501, 0x51B, 0x51D, 0x410, 0x412, 0x415, 0x41A, 0x41C,
        0x41D, 0x41E, 0x420, 0x421, 0x422, 0x425, 0x406, 0x408, 0x405, 0x3BF, 0x3B1, 0x3BD, 0x3C1, 0x391, 0x392, 0x395, 0x396, 0x397,
        0x399, 0x39A, 0x39C, 0x39D, 0x39F, 0x3A1, 0x3A4, 0x3A5, 0x3A7, 0x3B9, 0x3BA, 0x3C5,
    ]

    /// Words mixing Latin with Cyrillic, Greek or fullwidth letters; in a name, also a name made
    /// only of Latin look-alikes.
    static func homoglyphs(in text: String, path: String, inName: Bool) -> [Finding] {
        var offset = 0
        var wordStart = 0
        var scripts = Set<Script>()
        var allConfusable = true
        var letters = 0
        var found: Range<Int>? = nil
        func endWord(at end: Int) {
            defer {
                scripts = []
                allConfusable = true
                letters = 0
            }
            guard found == nil, letters > 0 else { return }
            let mixed = scripts.contains(.latin) && (scripts.contains(.cyrillic) || scripts.contains(.greek) || scripts.contains(.fullwidth))
            let disguised = inName && !scripts.contains(.latin) && allConfusable && letters >= 2 && !scripts.contains(.other)
            if mixed || disguised || (scripts.contains(.fullwidth) && inName) { found = wordStart..<end }
        }
        for s in text.unicodeScalars {
            let width = UTF8.width(s)
            if let sc = script(s) {
                if letters == 0 { wordStart = offset }
                letters += 1
                scripts.insert(sc)
                if sc != .latin, !confusables.contains(s.value), sc != .fullwidth { allConfusable = false }
                if sc == .latin { allConfusable = false }
            } else if s.properties.numericType == nil, s != "_" {
                endWord(at: offset)
            }
            offset += width
        }
        endWord(at: offset)
        guard let found else { return [] }
        return [Evidence.finding(.homoglyph, severity: inName ? .high : .medium, in: text, bytes: found, path: path)]
    }

    static func length(of text: String, path: String) -> [Finding] {
        let count = text.unicodeScalars.count
        let isDescription = path.hasSuffix("/description")
        let (low, medium) = path == "/description" ? (2_000, 6_000) : (1_000, 3_000)
        guard isDescription, count > low else { return [] }
        let bytes = text.utf8.count
        return [
            Evidence.finding(
                .longDescription, severity: count > medium ? .medium : .low, in: text, bytes: 0..<min(bytes, 80), path: path,
                detail: "\(count) characters; descriptions here are usually under \(low).")
        ]
    }
}

/// Base64, hex and `\x..` runs that decode to readable text.
enum EncodedBlobs {
    static func findings(in text: String, path: String) -> [Finding] {
        let utf8 = Array(text.utf8)
        var i = 0
        while i < utf8.count {
            // \x41\x42… escapes
            if utf8[i] == 0x5C, i + 3 < utf8.count, utf8[i + 1] == 0x78 {
                var j = i
                var decoded: [UInt8] = []
                while j + 3 < utf8.count + 0, utf8[j] == 0x5C, utf8[j + 1] == 0x78, ByteClass.isHex(utf8[j + 2]), j + 3 < utf8.count,
                    ByteClass.isHex(utf8[j + 3])
                {
                    decoded.append(UInt8(ByteClass.hexValue(utf8[j + 2]) * 16 + ByteClass.hexValue(utf8[j + 3])))
                    j += 4
                }
                if decoded.count >= 8, let f = judge(decoded, text: text, range: i..<j, path: path, encoding: "\\x escapes") { return [f] }
                i = max(j, i + 1)
                continue
            }
            guard isBase64Byte(utf8[i]), i == 0 || !isBase64Byte(utf8[i - 1]) else {
                i += 1
                continue
            }
            var j = i
            while j < utf8.count, isBase64Byte(utf8[j]) { j += 1 }
            var end = j
            while end < utf8.count, utf8[end] == 0x3D, end - j < 2 { end += 1 }
            let run = Array(utf8[i..<j])
            if run.count >= 40, run.allSatisfy(ByteClass.isHex), let decoded = hexDecode(run),
                let f = judge(decoded, text: text, range: i..<j, path: path, encoding: "hex")
            {
                return [f]
            }
            if run.count >= 24, let decoded = base64Decode(run), let f = judge(decoded, text: text, range: i..<end, path: path, encoding: "base64") {
                return [f]
            }
            i = max(j, i + 1)
        }
        return []
    }

    static func isBase64Byte(_ b: UInt8) -> Bool { ByteClass.isAlnum(b) || b == 0x2B || b == 0x2F || b == 0x2D || b == 0x5F }

    /// A finding when the decoded bytes are readable text; critical when that text gives orders.
    private static func judge(_ decoded: [UInt8], text: String, range: Range<Int>, path: String, encoding: String) -> Finding? {
        guard decoded.count >= 8 else { return nil }
        let printable = decoded.filter { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }.count
        let spaces = decoded.filter { $0 == 0x20 }.count
        guard Double(printable) / Double(decoded.count) > 0.9, spaces >= 1 || decoded.count < 24 else { return nil }
        let plain = String(decoding: decoded, as: UTF8.self)
        let inner = InstructionRules.findings(in: plain, path: path, context: ScanContext())
        let severe = inner.contains { $0.severity >= .high }
        let preview = plain.prefix(60).replacingOccurrences(of: "\n", with: " ")
        return Evidence.finding(
            .encodedBlob, severity: severe ? .critical : .medium, in: text, bytes: range, path: path,
            detail: "The \(encoding) decodes to \"\(preview)\(plain.count > 60 ? "…" : "")\".")
    }

    static func hexDecode(_ run: [UInt8]) -> [UInt8]? {
        guard run.count % 2 == 0 else { return nil }
        return stride(from: 0, to: run.count, by: 2).map { UInt8(ByteClass.hexValue(run[$0]) * 16 + ByteClass.hexValue(run[$0 + 1])) }
    }

    static func base64Decode(_ run: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        var upper = false
        var lower = false
        for b in run {
            let v: UInt32
            switch b {
            case 0x41...0x5A: v = UInt32(b - 0x41); upper = true
            case 0x61...0x7A: v = UInt32(b - 0x61 + 26); lower = true
            case 0x30...0x39: v = UInt32(b - 0x30 + 52)
            case 0x2B, 0x2D: v = 62
            case 0x2F, 0x5F: v = 63
            default: return nil
            }
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        // Real base64 of text mixes cases; identifiers in one case are words, not blobs.
        guard upper, lower else { return nil }
        return out
    }
}
