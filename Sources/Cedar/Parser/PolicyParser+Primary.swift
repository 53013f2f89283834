// Primaries (literals, names, entity uids, slots, parentheses, sets, records) and the
// conversions that decide, in context, whether a raw operand is acceptable: as an expression,
// as the right side of `has`, `like` or `is`, or as a record key.

extension PolicyParser {
    mutating func parsePrimary() throws(ParseError) -> PrimaryNode {
        let t = current
        switch t.kind {
        case .number:
            advance()
            guard let n = UInt64(t.text) else {
                throw error(.invalidLiteral, "integer literal `\(t.text)` is too large", at: t.location)
            }
            return .number(n)
        case .string:
            advance()
            return .string(t.text)
        case .slot:
            advance()
            return .slot(SlotID(rawValue: t.text), t.text)
        case .symbol where t.text == "(":
            advance()
            let inner = try parseExpr()
            try expect(")")
            return .paren(inner)
        case .symbol where t.text == "[":
            advance()
            var elements: [Operand] = []
            while !current.isSymbol("]") {
                elements.append(try parseExpr())
                guard current.isSymbol(",") else { break }
                advance()
            }
            try expect("]")
            return .list(elements)
        case .symbol where t.text == "{":
            advance()
            return .record(try parseRecordFields())
        case .identifier:
            if t.text == "true" || t.text == "false" {
                advance()
                return .bool(t.text == "true")
            }
            if t.text == "if" && !next.isSymbol("::") { throw unexpected(expected: "an expression") }
            return try parsePathOrEntity()
        default:
            throw unexpected(expected: "an expression")
        }
    }

    /// `Name`, or `Name::"id"` for an entity uid.
    private mutating func parsePathOrEntity() throws(ParseError) -> PrimaryNode {
        let start = current.location
        var path = [current.text]
        advance()
        while current.isSymbol("::") {
            advance()
            switch current.kind {
            case .identifier:
                path.append(current.text)
                advance()
            case .string:
                let raw = current
                advance()
                try checkName(path, at: start)
                let id = try unescape(raw)
                return .entity(EntityUID(type: EntityType(path.joined(separator: "::")), id: id))
            case .symbol where current.text == "{":
                throw error(.invalidExpression, "entity uids must be written `Type::\"id\"`", at: current.location)
            default:
                throw unexpected(expected: "an identifier or a string after `::`")
            }
        }
        if path.count == 1, let variable = Variable(rawValue: path[0]) { return .variable(variable) }
        try checkName(path, at: start)
        return .name(path)
    }

    /// Rejects reserved words and the `__cedar` namespace in a name.
    func checkName(_ path: [String], at location: SourcePosition) throws(ParseError) {
        for segment in path {
            if Lexer.reservedWords.contains(segment) {
                throw error(.invalidName, "this identifier is reserved and cannot be used: \(segment)", at: location)
            }
            if segment == "__cedar" {
                throw error(
                    .invalidName, "the name `\(path.joined(separator: "::"))` contains `__cedar`, which is reserved",
                    at: location)
            }
        }
    }

    private mutating func parseRecordFields() throws(ParseError) -> [(String, Expr)] {
        var fields: [(String, Expr)] = []
        while !current.isSymbol("}") {
            if current.isKeyword("if") && next.isSymbol(":") {
                throw error(.invalidName, "this identifier is reserved and cannot be used: if", at: current.location)
            }
            let keyOperand = try parseExpr()
            let key = try attributeKey(keyOperand)
            try expect(":")
            let value = try toExpr(try parseExpr())
            if fields.contains(where: { cedarStringsEqual($0.0, key) }) {
                throw error(.duplicateKey, "duplicate key `\(key)` in record literal", at: keyOperand.location)
            }
            fields.append((key, value))
            guard current.isSymbol(",") else { break }
            advance()
        }
        try expect("}")
        return fields
    }

    // MARK: - Conversions

    /// The operand as an expression.
    func toExpr(_ operand: Operand) throws(ParseError) -> Expr {
        switch operand {
        case .expr(let e, _): return e
        case .raw(let m):
            if m.accessors.isEmpty { return try primaryExpr(m.primary, at: m.location) }
            return try memberExpr(m)
        }
    }

    private func primaryExpr(_ p: PrimaryNode, at location: SourcePosition) throws(ParseError) -> Expr {
        switch p {
        case .bool(let b): return .value(.bool(b))
        case .number(let n):
            guard n <= UInt64(Int64.max) else {
                throw error(.invalidLiteral, "integer literal `\(n)` is too large", at: location)
            }
            return .value(.long(Int64(n)))
        case .string(let raw): return .value(.string(try unescape(raw, at: location)))
        case .entity(let uid): return .value(.entity(uid))
        case .name(let path):
            throw error(.invalidExpression, "invalid variable: \(path.joined(separator: "::"))", at: location)
        case .variable(let v): return .variable(v)
        case .slot(let s, let text):
            guard let s else { throw error(.invalidExpression, "`\(text)` is not a valid template slot", at: location) }
            return .slot(s)
        case .paren(let inner): return try toExpr(inner)
        case .list(let items):
            var elements: [Expr] = []
            for item in items { elements.append(try toExpr(item)) }
            return .set(elements)
        case .record(let fields): return .record(fields)
        }
    }

    private func memberExpr(_ m: RawMember) throws(ParseError) -> Expr {
        var rest = m.accessors[...]
        var head: Expr
        switch m.primary {
        case .name(let path):
            let name = path.joined(separator: "::")
            switch rest.first! {
            case .call(let args, _):
                head = try functionCall(path, args: args, at: m.location)
                rest = rest.dropFirst()
            case .field(let f, _):
                if rest.count > 1, case .call = rest[rest.startIndex + 1] {
                    throw error(.invalidExpression, "`\(name)` has no methods; `\(name).\(f)(...)` is not valid",
                        at: m.location)
                }
                throw error(.invalidExpression, "invalid member access `\(name).\(f)`, `\(name)` has no fields or methods",
                    at: m.location)
            case .index(let i, _):
                throw error(.invalidExpression, "invalid indexing `\(name)[\"\(i)\"]`, `\(name)` has no fields",
                    at: m.location)
            }
        case .variable(let v):
            if case .call = rest.first! {
                throw error(.invalidExpression, "`\(v.rawValue)(...)` is not a valid function call", at: m.location)
            }
            head = .variable(v)
        default:
            head = try primaryExpr(m.primary, at: m.location)
        }
        while let accessor = rest.first {
            rest = rest.dropFirst()
            switch accessor {
            case .call(_, let at):
                throw error(.invalidExpression, "function calls must be of the form `<name>(arg1, arg2, ...)`", at: at)
            case .field(let name, let at):
                if case .call(let args, _) = rest.first {
                    rest = rest.dropFirst()
                    head = try methodCall(name, receiver: head, args: args, at: at)
                } else {
                    head = .getAttribute(head, name)
                }
            case .index(let key, _):
                head = .getAttribute(head, key)
            }
        }
        return head
    }

    private func functionCall(_ path: [String], args: [Expr], at location: SourcePosition) throws(ParseError) -> Expr {
        let name = path.joined(separator: "::")
        if path.count == 1 {
            if let f = ExtensionFunction(name: name), f.isConstructor { return .call(f, args) }
            if ExtensionFunction(name: name) != nil || Self.builtinMethods[name] != nil {
                throw error(.invalidExpression, "`\(name)` is a method, not a function", at: location)
            }
        }
        throw error(.invalidExpression, "`\(name)` is not a valid function", at: location)
    }

    static let builtinMethods: [String: (BinaryOp?, Int)] = [
        "contains": (.contains, 1), "containsAll": (.containsAll, 1), "containsAny": (.containsAny, 1),
        "getTag": (.getTag, 1), "hasTag": (.hasTag, 1), "isEmpty": (nil, 0),
    ]

    private func methodCall(_ name: String, receiver: Expr, args: [Expr], at location: SourcePosition)
        throws(ParseError) -> Expr
    {
        if let (op, arity) = Self.builtinMethods[name] {
            guard args.count == arity else {
                let noun = arity == 1 ? "argument" : "arguments"
                throw error(.invalidExpression,
                    "call to `\(name)` requires exactly \(arity) \(noun), but got \(args.count)", at: location)
            }
            if let op { return .binary(op, receiver, args[0]) }
            return .isEmpty(receiver)
        }
        if let f = ExtensionFunction(name: name) {
            if f.isConstructor {
                throw error(.invalidExpression, "`\(name)` is a function, not a method", at: location)
            }
            return .call(f, [receiver] + args)
        }
        throw error(.invalidExpression, "`\(name)` is not a valid method", at: location)
    }

    /// The attribute path on the right of `has`: `a`, `"a b"` or `a.b.c`.
    func hasAttributes(_ operand: Operand) throws(ParseError) -> [String] {
        let invalid = error(.invalidExpression, "invalid right-hand side of a `has` operation; expected an attribute name",
            at: operand.location)
        guard case .raw(let m) = operand else { throw invalid }
        var names: [String]
        switch m.primary {
        case .string(let raw):
            guard m.accessors.isEmpty else { throw invalid }
            return [try unescape(raw, at: m.location)]
        case .variable(let v): names = [v.rawValue]
        case .name(let path):
            guard path.count == 1 else {
                throw error(.invalidName, "`\(path.joined(separator: "::"))` cannot be used as an attribute as it contains a namespace",
                    at: m.location)
            }
            names = path
        case .bool(let b):
            throw error(.invalidName, "this identifier is reserved and cannot be used: \(b)", at: m.location)
        default: throw invalid
        }
        for accessor in m.accessors {
            guard case .field(let name, _) = accessor else { throw invalid }
            names.append(name)
        }
        return names
    }

    /// The pattern on the right of `like`, which must be a string literal.
    func pattern(_ operand: Operand) throws(ParseError) -> Pattern {
        guard case .string(let raw) = operand.bare else {
            throw error(.invalidExpression, "right hand side of a `like` expression must be a pattern literal",
                at: operand.location)
        }
        do {
            return Pattern(try CedarString.pattern(raw))
        } catch {
            throw self.error(.invalidEscape, "the input `\(error.text)` is not a valid escape", at: operand.location)
        }
    }

    /// The entity type on the right of `is`, which must be a name.
    func entityType(_ operand: Operand, target: String) throws(ParseError) -> EntityType {
        switch operand.bare {
        case .name(let path): return EntityType(path.joined(separator: "::"))
        case .variable(let v): return EntityType(v.rawValue)
        default:
            throw error(.invalidExpression, "right hand side of an `is` expression must be an entity type name",
                at: operand.location)
        }
    }

    /// A record literal key: an identifier or a string literal.
    func attributeKey(_ operand: Operand) throws(ParseError) -> String {
        switch operand.bare {
        case .variable(let v): return v.rawValue
        case .name(let path) where path.count == 1: return path[0]
        case .name(let path):
            throw error(.invalidName, "`\(path.joined(separator: "::"))` cannot be used as an attribute as it contains a namespace",
                at: operand.location)
        case .string(let raw): return try unescape(raw, at: operand.location)
        case .bool(let b):
            throw error(.invalidName, "this identifier is reserved and cannot be used: \(b)", at: operand.location)
        default:
            throw error(.invalidExpression, "invalid attribute name; expected an identifier or a string literal",
                at: operand.location)
        }
    }
}
