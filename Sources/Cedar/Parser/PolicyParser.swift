// Recursive-descent parser for Cedar policy text. It follows the reference grammar
// (grammar.lalrpop) and then applies the reference's structural checks (cst_to_ast.rs) as it
// builds each node, so the same texts are accepted and rejected. The first problem found is
// reported, with its position and what was expected.

/// Parses Cedar policy sets, single policies and expressions.
struct PolicyParser {
    var tokens: [Token]
    var pos = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole policy set; policies get the positional ids `policy0`, `policy1`, ...
    static func parse(_ text: String) throws(ParseError) -> [Policy] {
        var parser = PolicyParser(tokens: try Lexer.tokenize(text))
        var policies: [Policy] = []
        while parser.current.kind != .end {
            policies.append(try parser.parsePolicy(id: PolicyID("policy\(policies.count)")))
        }
        return policies
    }

    /// Parses one expression (used for tests and tooling).
    static func parseExpression(_ text: String) throws(ParseError) -> Expr {
        var parser = PolicyParser(tokens: try Lexer.tokenize(text))
        let operand = try parser.parseExpr()
        let expr = try parser.toExpr(operand)
        guard parser.current.kind == .end else { throw parser.unexpected(expected: "end of expression") }
        return expr
    }

    // MARK: - Tokens

    var current: Token { tokens[pos] }
    var next: Token { tokens[min(pos + 1, tokens.count - 1)] }

    mutating func advance() {
        if pos < tokens.count - 1 { pos += 1 }
    }

    func unexpected(expected: String) -> ParseError {
        ParseError(.unexpectedToken, "expected \(expected), found \(current.display)", at: current.location)
    }

    mutating func expect(_ symbol: String) throws(ParseError) {
        guard current.isSymbol(symbol) else { throw unexpected(expected: "`\(symbol)`") }
        advance()
    }

    mutating func expectKeyword(_ word: String) throws(ParseError) {
        guard current.isKeyword(word) else { throw unexpected(expected: "`\(word)`") }
        advance()
    }

    mutating func expectIdentifier(_ what: String) throws(ParseError) -> Token {
        guard current.kind == .identifier else { throw unexpected(expected: what) }
        defer { advance() }
        return current
    }

    func error(_ code: ParseError.Code, _ message: String, at location: SourcePosition) -> ParseError {
        ParseError(code, message, at: location)
    }

    // MARK: - Policies

    mutating func parsePolicy(id: PolicyID) throws(ParseError) -> Policy {
        let start = current.location
        var annotations: [(key: String, value: String)] = []
        while current.isSymbol("@") {
            let at = current.location
            advance()
            let key = try expectIdentifier("an annotation name").text
            var value = ""
            if current.isSymbol("(") {
                advance()
                guard current.kind == .string else { throw unexpected(expected: "a string literal") }
                value = try unescape(current)
                advance()
                try expect(")")
            }
            if annotations.contains(where: { $0.key == key }) {
                throw error(.duplicateAnnotation, "duplicate annotation @\(key)", at: at)
            }
            annotations.append((key, value))
        }
        let effectToken = try expectIdentifier("`permit` or `forbid`")
        guard let effect = Effect(rawValue: effectToken.text) else {
            throw error(
                .invalidPolicy, "expected `permit` or `forbid`, found `\(effectToken.text)`",
                at: effectToken.location)
        }
        try expect("(")
        var defs: [VariableDef] = []
        while !current.isSymbol(")") {
            defs.append(try parseVariableDef())
            guard current.isSymbol(",") else { break }
            advance()
        }
        let close = current.location
        try expect(")")
        var conditions: [Condition] = []
        while current.kind == .identifier {
            let kindToken = current
            advance()
            try expect("{")
            guard let kind = Condition.Kind(rawValue: kindToken.text) else {
                throw error(
                    .invalidPolicy, "expected `when` or `unless`, found `\(kindToken.text)`",
                    at: kindToken.location)
            }
            if current.isSymbol("}") {
                throw error(.invalidPolicy, "the `\(kind.rawValue)` clause is empty", at: current.location)
            }
            let body = try toExpr(try parseExpr())
            if body.containsSlot {
                throw error(
                    .invalidPolicy, "template slots may appear only in the scope, not in a `\(kind.rawValue)` clause",
                    at: kindToken.location)
            }
            try expect("}")
            conditions.append(Condition(kind: kind, body: body))
        }
        try expect(";")
        let (principal, action, resource) = try scope(defs, closeParen: close)
        return Policy(
            id: id, effect: effect, principal: principal, action: action, resource: resource,
            conditions: conditions, annotations: annotations, location: start)
    }

    /// The raw pieces of one scope element: `var [: Name] [is T] [op rhs]`.
    struct VariableDef {
        let variable: Token
        let typeAnnotation: SourcePosition?
        let isType: Operand?
        let op: Token?
        let rhs: Operand?
    }

    mutating func parseVariableDef() throws(ParseError) -> VariableDef {
        let variable = try expectIdentifier("`principal`, `action` or `resource`")
        var typeAnnotation: SourcePosition?
        if current.isSymbol(":") {
            typeAnnotation = current.location
            advance()
            _ = try parseName()
        }
        var isType: Operand?
        if current.isKeyword("is") {
            advance()
            isType = try parseAdd()
        }
        var op: Token?
        var rhs: Operand?
        if isRelationalOperator(current) {
            op = current
            advance()
            rhs = try parseExpr()
        }
        return VariableDef(variable: variable, typeAnnotation: typeAnnotation, isType: isType, op: op, rhs: rhs)
    }

    /// Parses `Ident {:: Ident}` for a type annotation (only to report it as unsupported).
    mutating func parseName() throws(ParseError) -> [String] {
        var path = [try expectIdentifier("a name").text]
        while current.isSymbol("::") && next.kind == .identifier {
            advance()
            path.append(current.text)
            advance()
        }
        return path
    }

    func isRelationalOperator(_ t: Token) -> Bool {
        if t.kind == .symbol {
            return ["<", "<=", ">=", ">", "!=", "==", "="].contains(t.text)
        }
        return t.isKeyword("in")
    }

    /// Decodes a string token, reporting bad escapes at the token.
    func unescape(_ token: Token) throws(ParseError) -> String {
        do {
            return try CedarString.unescape(token.text)
        } catch {
            throw self.error(.invalidEscape, "the input `\(error.text)` is not a valid escape", at: token.location)
        }
    }
}
