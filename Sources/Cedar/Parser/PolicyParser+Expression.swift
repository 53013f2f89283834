// The expression grammar, lowest precedence first:
//   Expr     ::= Or | 'if' Expr 'then' Expr 'else' Expr
//   Or       ::= And {'||' And}          And ::= Relation {'&&' Relation}
//   Relation ::= Add [RELOP Add] | Add 'has' Add | Add 'like' Add | Add 'is' Add ['in' Add]
//   Add      ::= Mult {('+'|'-') Mult}   Mult ::= Unary {'*' Unary}
//   Unary    ::= '!'{1..4} Member | '-'{1..4} Member | Member
//   Member   ::= Primary {'.' Ident | '(' Args ')' | '[' Expr ']'}
// Each level returns an `Operand` so that a bare name or literal survives until its context
// (has, like, is, record key, scope) decides whether it is allowed.

extension PolicyParser {
    mutating func parseExpr() throws(ParseError) -> Operand {
        guard current.isKeyword("if") else { return try parseOr() }
        let start = current.location
        advance()
        let condition = try toExpr(try parseExpr())
        try expectKeyword("then")
        let then = try toExpr(try parseExpr())
        try expectKeyword("else")
        let otherwise = try toExpr(try parseExpr())
        return .expr(.ifThenElse(condition, then, otherwise), start)
    }

    mutating func parseOr() throws(ParseError) -> Operand {
        let first = try parseAnd()
        guard current.isSymbol("||") else { return first }
        var result = try toExpr(first)
        while current.isSymbol("||") {
            advance()
            result = .or(result, try toExpr(try parseAnd()))
        }
        return .expr(result, first.location)
    }

    mutating func parseAnd() throws(ParseError) -> Operand {
        let first = try parseRelation()
        guard current.isSymbol("&&") else { return first }
        var result = try toExpr(first)
        while current.isSymbol("&&") {
            advance()
            result = .and(result, try toExpr(try parseRelation()))
        }
        return .expr(result, first.location)
    }

    mutating func parseRelation() throws(ParseError) -> Operand {
        let lhs = try parseAdd()
        let start = lhs.location
        if current.isKeyword("has") {
            advance()
            let target = try toExpr(lhs)
            let attributes: [String]
            if current.isKeyword("if") {
                throw error(.invalidName, "`if` is reserved and cannot be used as an attribute name; write `has \"if\"`",
                    at: current.location)
            }
            attributes = try hasAttributes(try parseAdd())
            // `e has a.b.c` means `e has a && e.a has b && e.a.b has c`.
            var result: Expr = .hasAttribute(target, attributes[0])
            var path = target
            for (previous, attribute) in zip(attributes, attributes.dropFirst()) {
                path = .getAttribute(path, previous)
                result = .and(result, .hasAttribute(path, attribute))
            }
            return .expr(result, start)
        }
        if current.isKeyword("like") {
            advance()
            let target = try toExpr(lhs)
            let patternOperand = try parseAdd()
            return .expr(.like(target, try pattern(patternOperand)), start)
        }
        if current.isKeyword("is") {
            advance()
            let target = try toExpr(lhs)
            let type = try entityType(try parseAdd(), target: "expression")
            if current.isKeyword("in") {
                advance()
                let container = try toExpr(try parseAdd())
                return .expr(.and(.isType(target, type), .binary(.in, target, container)), start)
            }
            return .expr(.isType(target, type), start)
        }
        guard isRelationalOperator(current) else { return lhs }
        let op = current
        advance()
        let rhs = try toExpr(try parseAdd())
        if isRelationalOperator(current) {
            throw error(
                .invalidExpression,
                "multiple relational operators (>, ==, in, etc.) must be used with parentheses to make ordering explicit",
                at: current.location)
        }
        let left = try toExpr(lhs)
        let binary: BinaryOp
        switch op.text {
        case "<": binary = .less
        case "<=": binary = .lessEqual
        case ">": binary = .greater
        case ">=": binary = .greaterEqual
        case "==": binary = .equal
        case "!=": binary = .notEqual
        case "in": binary = .in
        default:
            throw error(.invalidExpression, "'=' is not a valid operator in Cedar; use '=='", at: op.location)
        }
        return .expr(.binary(binary, left, rhs), start)
    }

    mutating func parseAdd() throws(ParseError) -> Operand {
        let first = try parseMult()
        guard current.isSymbol("+") || current.isSymbol("-") else { return first }
        var result = try toExpr(first)
        while current.isSymbol("+") || current.isSymbol("-") {
            let op: BinaryOp = current.text == "+" ? .add : .subtract
            advance()
            result = .binary(op, result, try toExpr(try parseMult()))
        }
        return .expr(result, first.location)
    }

    mutating func parseMult() throws(ParseError) -> Operand {
        let first = try parseUnary()
        guard current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") else { return first }
        var result = try toExpr(first)
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            let op = current
            advance()
            let rhs = try toExpr(try parseUnary())
            guard op.text == "*" else {
                let what = op.text == "/" ? "division" : "remainder"
                throw error(.invalidExpression, "\(what) is not supported", at: op.location)
            }
            result = .binary(.multiply, result, rhs)
        }
        return .expr(result, first.location)
    }

    mutating func parseUnary() throws(ParseError) -> Operand {
        guard current.isSymbol("!") || current.isSymbol("-") else { return try parseMember() }
        let symbol = current.text
        let start = current.location
        var count = 0
        while current.isSymbol(symbol) {
            count += 1
            advance()
        }
        let member = try parseMember()
        if count > 4 {
            throw error(.invalidExpression, "too many occurrences of `\(symbol)`", at: start)
        }
        if symbol == "!" {
            var result = try toExpr(member)
            for _ in 0..<count { result = .not(result) }
            return .expr(result, start)
        }
        // `-N` is a negative literal, so `-9223372036854775808` is in range; the other dashes
        // are negations.
        var result: Expr
        var negations = count
        if case .number(let n) = member.bare {
            if n == UInt64(Int64.max) + 1 {
                result = .value(.long(.min))
            } else if n <= UInt64(Int64.max) {
                result = .value(.long(-Int64(n)))
            } else {
                throw error(.invalidLiteral, "integer literal `\(n)` is too large", at: member.location)
            }
            negations -= 1
        } else {
            result = try toExpr(member)
        }
        for _ in 0..<negations { result = .negate(result) }
        return .expr(result, start)
    }

    mutating func parseMember() throws(ParseError) -> Operand {
        let start = current.location
        let primary = try parsePrimary()
        var accessors: [Accessor] = []
        while true {
            let at = current.location
            if current.isSymbol(".") {
                advance()
                let name = try expectIdentifier("an attribute or method name")
                if Lexer.reservedWords.contains(name.text) {
                    throw error(.invalidName, "this identifier is reserved and cannot be used: \(name.text)",
                        at: name.location)
                }
                accessors.append(.field(name.text, name.location))
            } else if current.isSymbol("(") {
                advance()
                accessors.append(.call(try parseArguments(closing: ")"), at))
            } else if current.isSymbol("[") {
                advance()
                let index = try parseExpr()
                guard case .string(let raw) = index.bare else {
                    throw error(.invalidExpression, "the index in `[...]` must be a string literal", at: index.location)
                }
                try expect("]")
                accessors.append(.index(try unescape(raw, at: index.location), at))
            } else {
                break
            }
        }
        return .raw(RawMember(primary: primary, accessors: accessors, location: start))
    }

    /// Parses a comma-separated list of expressions up to `closing` (trailing comma allowed).
    mutating func parseArguments(closing: String) throws(ParseError) -> [Expr] {
        var args: [Expr] = []
        while !current.isSymbol(closing) {
            args.append(try toExpr(try parseExpr()))
            guard current.isSymbol(",") else { break }
            advance()
        }
        try expect(closing)
        return args
    }

    func unescape(_ raw: String, at location: SourcePosition) throws(ParseError) -> String {
        do {
            return try CedarString.unescape(raw)
        } catch {
            throw self.error(.invalidEscape, "the input `\(error.text)` is not a valid escape", at: location)
        }
    }
}
