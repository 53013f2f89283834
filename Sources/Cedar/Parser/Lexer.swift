// Splits Cedar policy or schema text into tokens, following the reference grammar's lexer:
// Unicode whitespace and `//` comments are skipped, identifiers are ASCII, string literals keep
// their escapes (they are decoded later, because `like` patterns decode `\*` differently), and
// the longest symbol wins (`::` over `:`, `==` over `=`).

/// One token of Cedar text.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        /// An identifier or keyword; keywords are told apart by their text.
        case identifier
        /// A run of decimal digits (always non-negative; `-` is an operator).
        case number
        /// A string literal; `text` holds the raw contents between the quotes, escapes undecoded.
        case string
        /// A template slot such as `?principal`; `text` includes the `?`.
        case slot
        /// Punctuation or an operator; `text` is the symbol.
        case symbol
        /// The end of the input.
        case end
    }

    let kind: Kind
    let text: String
    let location: SourcePosition

    /// How the token reads in an error message: `"foo"`, `` `==` ``, or `end of input`.
    var display: String {
        switch kind {
        case .end: "end of input"
        case .string: "string \"\(text)\""
        case .number: "number `\(text)`"
        default: "`\(text)`"
        }
    }

    func isSymbol(_ s: String) -> Bool { kind == .symbol && text == s }
    func isKeyword(_ s: String) -> Bool { kind == .identifier && text == s }
}

/// Turns text into tokens. `schemaMode` makes `?` a plain symbol (for `attr?: Type`).
struct Lexer {
    /// Words that can never be identifiers in names, attributes or variables.
    static let reservedWords: Set<String> = ["true", "false", "if", "then", "else", "in", "is", "has", "like"]

    /// The two-character symbols, checked before single characters (longest match wins).
    private static func isTwoCharSymbol(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        switch (a, b) {
        case (":", ":"), ("=", "="), ("!", "="), ("<", "="), (">", "="), ("|", "|"), ("&", "&"): true
        default: false
        }
    }
    private static let oneCharSymbols: Set<Unicode.Scalar> = [
        "@", ".", ",", ";", ":", "(", ")", "{", "}", "[", "]", "<", ">", "+", "-", "*", "/", "%", "!", "=",
    ]

    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    static func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || (c >= "0" && c <= "9")
    }

    /// Whether `s` is an identifier token (`[_a-zA-Z][_a-zA-Z0-9]*`), reserved or not.
    static func isIdentifier(some s: some StringProtocol) -> Bool {
        guard let first = s.unicodeScalars.first, isIdentifierStart(first) else { return false }
        return s.unicodeScalars.allSatisfy(isIdentifierContinue)
    }

    static func isIdentifier(_ s: Substring) -> Bool { isIdentifier(some: s) }
    static func isIdentifier(_ s: String) -> Bool { isIdentifier(some: s) }

    /// Tokenizes `text`, ending with a `.end` token.
    ///
    /// - Throws: ``ParseError`` with code `invalidToken` at the first character that starts no
    ///   token.
    static func tokenize(_ text: String, schemaMode: Bool = false) throws(ParseError) -> [Token] {
        // Scanning works on scalars (columns count scalars); token text is cut from the UTF-8
        // bytes, which is much faster than rebuilding strings scalar by scalar.
        let utf8 = Array(text.utf8)
        var s: [Unicode.Scalar] = []
        var offsets: [Int] = []
        s.reserveCapacity(utf8.count)
        offsets.reserveCapacity(utf8.count + 1)
        var offset = 0
        for c in text.unicodeScalars {
            s.append(c)
            offsets.append(offset)
            offset += UTF8.width(c)
        }
        offsets.append(offset)
        var tokens: [Token] = []
        tokens.reserveCapacity(s.count / 3)
        var i = 0
        var line = 1
        var lineStart = 0
        func location(_ at: Int) -> SourcePosition { SourcePosition(line: line, column: at - lineStart + 1) }
        func slice(_ r: Range<Int>) -> String {
            String(decoding: utf8[offsets[r.lowerBound]..<offsets[r.upperBound]], as: UTF8.self)
        }
        while i < s.count {
            let c = s[i]
            if c == "\n" {
                i += 1
                line += 1
                lineStart = i
                continue
            }
            if c.value < 0x80 ? (c.value == 0x20 || (0x09...0x0D).contains(c.value)) : c.properties.isWhitespace {
                i += 1
                continue
            }
            if c == "/" && i + 1 < s.count && s[i + 1] == "/" {
                while i < s.count && s[i] != "\n" { i += 1 }
                continue
            }
            let start = i
            let loc = location(start)
            if isIdentifierStart(c) {
                while i < s.count && isIdentifierContinue(s[i]) { i += 1 }
                tokens.append(Token(kind: .identifier, text: slice(start..<i), location: loc))
            } else if c >= "0" && c <= "9" {
                while i < s.count && s[i] >= "0" && s[i] <= "9" { i += 1 }
                tokens.append(Token(kind: .number, text: slice(start..<i), location: loc))
            } else if c == "\"" {
                i += 1
                var closed = false
                while i < s.count {
                    let d = s[i]
                    if d == "\"" {
                        closed = true
                        break
                    }
                    if d == "\\" {
                        // `\\.` in the reference lexer: the escaped character may be anything
                        // but a newline.
                        guard i + 1 < s.count, s[i + 1] != "\n" else { break }
                        i += 2
                        continue
                    }
                    if d == "\n" {
                        line += 1
                        lineStart = i + 1
                    }
                    i += 1
                }
                guard closed else {
                    throw ParseError(.invalidToken, "unterminated string literal", at: loc)
                }
                tokens.append(Token(kind: .string, text: slice((start + 1)..<i), location: loc))
                i += 1
            } else if c == "?" && !schemaMode && i + 1 < s.count && isIdentifierStart(s[i + 1]) {
                i += 1
                while i < s.count && isIdentifierContinue(s[i]) { i += 1 }
                tokens.append(Token(kind: .slot, text: slice(start..<i), location: loc))
            } else if i + 1 < s.count, isTwoCharSymbol(c, s[i + 1]) {
                i += 2
                tokens.append(Token(kind: .symbol, text: slice(start..<i), location: loc))
            } else if oneCharSymbols.contains(c) || (schemaMode && c == "?") {
                i += 1
                tokens.append(Token(kind: .symbol, text: String(Character(c)), location: loc))
            } else {
                throw ParseError(
                    .invalidToken, "unexpected character \(CedarString.quoted(String(Character(c))))", at: loc)
            }
        }
        tokens.append(Token(kind: .end, text: "", location: location(i)))
        return tokens
    }
}
