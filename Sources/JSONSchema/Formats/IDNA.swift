// IDNA2008 label rules (RFC 5891 §4.2, RFC 5892 contextual rules, RFC 5893 Bidi rule) over
// code points, approximated with the standard library's Unicode properties.

enum IDNA {
    static let exceptionsPVALID: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]
    static let exceptionsDISALLOWED: Set<UInt32> = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B]

    /// Whether the code points form a valid U-label (RFC 5891 §4.2.3–4.2.4, RFC 5892).
    static func isValidULabel(_ cps: [UInt32]) -> Bool {
        guard let first = cps.first, cps.first != 0x2D, cps.last != 0x2D else { return false }
        if cps.count >= 4, cps[2] == 0x2D, cps[3] == 0x2D { return false }
        if let f = Unicode.Scalar(first), [.nonspacingMark, .spacingMark, .enclosingMark].contains(f.properties.generalCategory) {
            return false
        }
        let hasArabicIndic = cps.contains { (0x0660...0x0669).contains($0) }
        let hasExtendedArabicIndic = cps.contains { (0x06F0...0x06F9).contains($0) }
        if hasArabicIndic && hasExtendedArabicIndic { return false }
        for (i, c) in cps.enumerated() {
            let before = i > 0 ? cps[i - 1] : nil
            let after = i + 1 < cps.count ? cps[i + 1] : nil
            switch c {
            case 0x00B7:  // MIDDLE DOT: between two 'l'
                guard before == 0x6C, after == 0x6C else { return false }
            case 0x0375:  // GREEK KERAIA: followed by Greek
                guard let after, isGreek(after) else { return false }
            case 0x05F3, 0x05F4:  // GERESH, GERSHAYIM: preceded by Hebrew
                guard let before, (0x0590...0x05FF).contains(before) else { return false }
            case 0x30FB:  // KATAKANA MIDDLE DOT: with Hiragana, Katakana or Han in the label
                guard cps.contains(where: { $0 != 0x30FB && isJapanese($0) }) else { return false }
            case 0x200D:  // ZWJ: after a virama
                guard let before, isVirama(before) else { return false }
            case 0x200C:  // ZWNJ: after a virama, or between joining letters
                if let before, isVirama(before) { break }
                guard let before, let after, isJoining(before), isJoining(after) else { return false }
            default:
                guard isPVALID(c) else { return false }
            }
        }
        return true
    }

    static func isPVALID(_ c: UInt32) -> Bool {
        if exceptionsPVALID.contains(c) { return true }
        if exceptionsDISALLOWED.contains(c) { return false }
        if c == 0x2D || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7A) { return true }
        if c < 0x80 { return false }
        // Arabic-Indic digits are CONTEXTO (checked per label above).
        if (0x0660...0x0669).contains(c) || (0x06F0...0x06F9).contains(c) { return true }
        guard let s = Unicode.Scalar(c) else { return false }
        let p = s.properties
        switch p.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber:
            // Characters that change under case folding or compatibility mapping are not stable.
            return p.lowercaseMapping == String(s) && !p.changesWhenCaseFolded
        default:
            return false
        }
    }

    static func isGreek(_ c: UInt32) -> Bool { (0x0370...0x03FF).contains(c) || (0x1F00...0x1FFF).contains(c) }

    static func isJapanese(_ c: UInt32) -> Bool {
        (0x3040...0x309F).contains(c) || (0x30A0...0x30FF).contains(c) || (0x3400...0x4DBF).contains(c)
            || (0x4E00...0x9FFF).contains(c) || (0xF900...0xFAFF).contains(c) || (0x20000...0x2FA1F).contains(c)
    }

    static func isVirama(_ c: UInt32) -> Bool {
        Unicode.Scalar(c).map { $0.properties.canonicalCombiningClass == .virama } ?? false
    }

    /// Arabic-script letters (joining types D, L, R, approximated by block and category).
    static func isJoining(_ c: UInt32) -> Bool {
        guard (0x0620...0x06FF).contains(c) || (0x0750...0x077F).contains(c) || (0x08A0...0x08FF).contains(c) else { return false }
        return Unicode.Scalar(c)?.properties.generalCategory == .otherLetter
    }

    enum Bidi { case l, r, an, en, nsm, other }

    static func bidiClass(_ c: UInt32) -> Bidi {
        if c >= 0x30 && c <= 0x39 { return .en }
        if (0x06F0...0x06F9).contains(c) { return .en }
        if (0x0660...0x0669).contains(c) { return .an }
        guard let s = Unicode.Scalar(c) else { return .other }
        let cat = s.properties.generalCategory
        if cat == .nonspacingMark || cat == .enclosingMark { return .nsm }
        let rtl = (0x0590...0x08FF).contains(c) || (0xFB1D...0xFDFF).contains(c) || (0xFE70...0xFEFF).contains(c)
            || (0x10800...0x10FFF).contains(c) || (0x1E800...0x1EFFF).contains(c)
        if rtl { return cat == .otherLetter || cat == .modifierLetter || cat == .otherPunctuation ? .r : .other }
        switch cat {
        case .lowercaseLetter, .uppercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter, .spacingMark, .letterNumber:
            return .l
        default:
            return .other
        }
    }

    /// RFC 5893: applies when any label contains right-to-left characters.
    static func bidiRuleHolds(_ labels: [[UInt32]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        guard classes.contains(where: { $0.contains(.r) || $0.contains(.an) }) else { return true }
        for label in classes where !label.isEmpty {
            let trimmed = label.reversed().drop { $0 == .nsm }
            guard let last = trimmed.first else { return false }
            switch label[0] {
            case .r:
                guard label.allSatisfy({ $0 != .l }), [.r, .en, .an].contains(last) else { return false }
                if label.contains(.en) && label.contains(.an) { return false }
            case .l:
                guard label.allSatisfy({ $0 != .r && $0 != .an }), [.l, .en].contains(last) else { return false }
            default:
                return false
            }
        }
        return true
    }
}
