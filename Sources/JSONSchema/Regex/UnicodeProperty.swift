// `\p{…}` Unicode property tests: general categories (every alias ECMA-262 accepts) and the
// binary properties the standard library exposes.

/// A Unicode property test from `\p{…}` / `\P{…}`.
struct UnicodeProperty: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// General categories as a bit mask (bit = `categoryBit`).
        case categories(UInt32)
        case any, ascii, assigned
        case alphabetic, whiteSpace, uppercase, lowercase, emoji, math, hexDigit, idStart, idContinue
    }
    let kind: Kind
    let negated: Bool

    func matches(_ c: UInt32) -> Bool {
        let r = test(c)
        return negated ? !r : r
    }

    private func test(_ c: UInt32) -> Bool {
        switch kind {
        case .any: return true
        case .ascii: return c < 0x80
        default: break
        }
        guard let s = Unicode.Scalar(c) else {
            // Lone surrogates: category Cs only.
            if case .categories(let m) = kind { return m & (1 << Self.categoryBit(.surrogate)) != 0 }
            return false
        }
        let p = s.properties
        switch kind {
        case .categories(let mask): return mask & (1 << Self.categoryBit(p.generalCategory)) != 0
        case .assigned: return p.generalCategory != .unassigned
        case .alphabetic: return p.isAlphabetic
        case .whiteSpace: return p.isWhitespace
        case .uppercase: return p.isUppercase
        case .lowercase: return p.isLowercase
        case .emoji: return p.isEmoji
        case .math: return p.isMath
        case .hexDigit: return p.isHexDigit
        case .idStart: return p.isIDStart
        case .idContinue: return p.isIDContinue
        case .any, .ascii: return true
        }
    }

    static func categoryBit(_ c: Unicode.GeneralCategory) -> UInt32 {
        switch c {
        case .uppercaseLetter: 0
        case .lowercaseLetter: 1
        case .titlecaseLetter: 2
        case .modifierLetter: 3
        case .otherLetter: 4
        case .nonspacingMark: 5
        case .spacingMark: 6
        case .enclosingMark: 7
        case .decimalNumber: 8
        case .letterNumber: 9
        case .otherNumber: 10
        case .connectorPunctuation: 11
        case .dashPunctuation: 12
        case .openPunctuation: 13
        case .closePunctuation: 14
        case .initialPunctuation: 15
        case .finalPunctuation: 16
        case .otherPunctuation: 17
        case .mathSymbol: 18
        case .currencySymbol: 19
        case .modifierSymbol: 20
        case .otherSymbol: 21
        case .spaceSeparator: 22
        case .lineSeparator: 23
        case .paragraphSeparator: 24
        case .control: 25
        case .format: 26
        case .surrogate: 27
        case .privateUse: 28
        case .unassigned: 29
        @unknown default: 29
        }
    }

    /// `gc` values by every alias (short, long, and the extra aliases such as `digit`).
    static let categoryAliases: [String: UInt32] = {
        func bits(_ b: [UInt32]) -> UInt32 { b.reduce(0) { $0 | (1 << $1) } }
        let table: [([String], [UInt32])] = [
            (["Lu", "Uppercase_Letter"], [0]), (["Ll", "Lowercase_Letter"], [1]), (["Lt", "Titlecase_Letter"], [2]),
            (["LC", "Cased_Letter"], [0, 1, 2]), (["Lm", "Modifier_Letter"], [3]), (["Lo", "Other_Letter"], [4]),
            (["L", "Letter"], [0, 1, 2, 3, 4]), (["Mn", "Nonspacing_Mark"], [5]), (["Mc", "Spacing_Mark"], [6]),
            (["Me", "Enclosing_Mark"], [7]), (["M", "Mark", "Combining_Mark"], [5, 6, 7]),
            (["Nd", "Decimal_Number", "digit"], [8]), (["Nl", "Letter_Number"], [9]), (["No", "Other_Number"], [10]),
            (["N", "Number"], [8, 9, 10]), (["Pc", "Connector_Punctuation"], [11]), (["Pd", "Dash_Punctuation"], [12]),
            (["Ps", "Open_Punctuation"], [13]), (["Pe", "Close_Punctuation"], [14]), (["Pi", "Initial_Punctuation"], [15]),
            (["Pf", "Final_Punctuation"], [16]), (["Po", "Other_Punctuation"], [17]),
            (["P", "Punctuation", "punct"], [11, 12, 13, 14, 15, 16, 17]), (["Sm", "Math_Symbol"], [18]),
            (["Sc", "Currency_Symbol"], [19]), (["Sk", "Modifier_Symbol"], [20]), (["So", "Other_Symbol"], [21]),
            (["S", "Symbol"], [18, 19, 20, 21]), (["Zs", "Space_Separator"], [22]), (["Zl", "Line_Separator"], [23]),
            (["Zp", "Paragraph_Separator"], [24]), (["Z", "Separator"], [22, 23, 24]), (["Cc", "Control", "cntrl"], [25]),
            (["Cf", "Format"], [26]), (["Cs", "Surrogate"], [27]), (["Co", "Private_Use"], [28]), (["Cn", "Unassigned"], [29]),
            (["C", "Other"], [25, 26, 27, 28, 29]),
        ]
        var out: [String: UInt32] = [:]
        for (names, b) in table { for n in names { out[n] = bits(b) } }
        return out
    }()

    /// Parses the inside of `\p{…}`: `L`, `Letter`, `gc=L`, `General_Category=Letter`, or a
    /// binary property. ECMA-262 matches names exactly; `nil` for unknown names (a syntax error).
    static func parse(_ text: String, negated: Bool) -> UnicodeProperty? {
        var name = text
        if let eq = text.firstIndex(of: "=") {
            let key = text[..<eq]
            guard key == "gc" || key == "General_Category" else { return nil }
            name = String(text[text.index(after: eq)...])
            guard let m = categoryAliases[name] else { return nil }
            return UnicodeProperty(kind: .categories(m), negated: negated)
        }
        if let m = categoryAliases[name] { return UnicodeProperty(kind: .categories(m), negated: negated) }
        let binary: [String: Kind] = [
            "Any": .any, "ASCII": .ascii, "Assigned": .assigned, "Alphabetic": .alphabetic, "Alpha": .alphabetic,
            "White_Space": .whiteSpace, "space": .whiteSpace, "Uppercase": .uppercase, "Upper": .uppercase,
            "Lowercase": .lowercase, "Lower": .lowercase, "Emoji": .emoji, "Math": .math, "Hex_Digit": .hexDigit,
            "AHex": .hexDigit, "ID_Start": .idStart, "IDS": .idStart, "ID_Continue": .idContinue, "IDC": .idContinue,
        ]
        guard let k = binary[name] else { return nil }
        return UnicodeProperty(kind: k, negated: negated)
    }
}
