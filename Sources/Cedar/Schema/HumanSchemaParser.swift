// Parser for the human-readable Cedar schema format (`.cedarschema`), following the reference
// grammar: namespaces, `entity` (standard or `enum`), `action` with `in` and `appliesTo`, `type`
// aliases, `Set<T>`, records with optional `?` attributes, and annotations (read and ignored).

/// Parses `.cedarschema` text into an unresolved ``RawSchema``.
struct HumanSchemaParser {
    private var tokens: [Token]
    private var pos = 0

    static func parse(_ text: String) throws(ParseError) -> RawSchema {
        var parser = HumanSchemaParser(tokens: try Lexer.tokenize(text, schemaMode: true))
        return try parser.parseSchema()
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    private var current: Token { tokens[pos] }
    private var next: Token { tokens[min(pos + 1, tokens.count - 1)] }
    private mutating func advance() { if pos < tokens.count - 1 { pos += 1 } }

    private func unexpected(_ expected: String) -> ParseError {
        ParseError(.unexpectedToken, "expected \(expected), found \(current.display)", at: current.location)
    }

    private mutating func expect(_ symbol: String) throws(ParseError) {
        guard current.isSymbol(symbol) else { throw unexpected("`\(symbol)`") }
        advance()
    }

    private mutating func eat(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    private mutating func parseSchema() throws(ParseError) -> RawSchema {
        var schema = RawSchema()
        var unqualified = RawSchema.Namespace(name: nil)
        while current.kind != .end {
            try skipAnnotations()
            if current.isKeyword("namespace") {
                advance()
                var ns = RawSchema.Namespace(name: try parsePath().joined(separator: "::"))
                try expect("{")
                while !current.isSymbol("}") {
                    try skipAnnotations()
                    try parseDeclaration(into: &ns)
                }
                advance()
                schema.namespaces.append(ns)
            } else {
                try parseDeclaration(into: &unqualified)
            }
        }
        // Declarations outside any namespace form one empty-namespace fragment.
        if !unqualified.entityTypes.isEmpty || !unqualified.actions.isEmpty || !unqualified.commonTypes.isEmpty {
            schema.namespaces.append(unqualified)
        }
        return schema
    }

    private mutating func skipAnnotations() throws(ParseError) {
        while eat("@") {
            guard current.kind == .identifier else { throw unexpected("an annotation name") }
            advance()
            if eat("(") {
                guard current.kind == .string else { throw unexpected("a string literal") }
                _ = try unescape(current)
                advance()
                try expect(")")
            }
        }
    }

    private mutating func parseDeclaration(into ns: inout RawSchema.Namespace) throws(ParseError) {
        guard current.kind == .identifier else { throw unexpected("`entity`, `action`, `type` or `namespace`") }
        switch current.text {
        case "entity":
            advance()
            ns.entityTypes.append(contentsOf: try parseEntity())
        case "action":
            advance()
            ns.actions.append(contentsOf: try parseAction())
        case "type":
            advance()
            let name = try parseIdentifier()
            try expect("=")
            let type = try parseType()
            try expect(";")
            ns.commonTypes.append((name, type))
        default:
            throw unexpected("`entity`, `action`, `type` or `namespace`")
        }
    }

    private mutating func parseEntity() throws(ParseError) -> [RawSchema.EntityDecl] {
        var names = [try parseIdentifier()]
        while eat(",") { names.append(try parseIdentifier()) }
        if current.isKeyword("enum") {
            advance()
            try expect("[")
            var ids: [String] = []
            repeat {
                guard current.kind == .string else { throw unexpected("a string literal") }
                ids.append(try unescape(current))
                advance()
            } while eat(",")
            try expect("]")
            try expect(";")
            return names.map { RawSchema.EntityDecl(name: $0, memberOf: [], shape: nil, tags: nil, enumIDs: ids) }
        }
        var memberOf: [RawSchema.RawName] = []
        if current.isKeyword("in") {
            advance()
            memberOf = try parseTypeList()
        }
        var shape: RawSchema.RawType?
        if current.isSymbol("=") || current.isSymbol("{") {
            _ = eat("=")
            try expect("{")
            shape = .record(try parseAttributes())
        }
        var tags: RawSchema.RawType?
        if current.isKeyword("tags") {
            advance()
            tags = try parseType()
        }
        try expect(";")
        return names.map {
            RawSchema.EntityDecl(name: $0, memberOf: memberOf, shape: shape, tags: tags, enumIDs: nil)
        }
    }

    private mutating func parseAction() throws(ParseError) -> [RawSchema.ActionDecl] {
        var names = [try parseName()]
        while eat(",") { names.append(try parseName()) }
        var memberOf: [RawSchema.ActionRef] = []
        if current.isKeyword("in") {
            advance()
            if eat("[") {
                repeat { memberOf.append(try parseActionRef()) } while eat(",")
                try expect("]")
            } else {
                memberOf.append(try parseActionRef())
            }
        }
        var principals: [RawSchema.RawName]?
        var resources: [RawSchema.RawName]?
        var context: RawSchema.RawType?
        if current.isKeyword("appliesTo") {
            let at = current.location
            advance()
            try expect("{")
            while !current.isSymbol("}") {
                let key = current
                guard key.kind == .identifier, ["principal", "resource", "context"].contains(key.text) else {
                    throw unexpected("`principal`, `resource` or `context`")
                }
                advance()
                try expect(":")
                if key.text == "context" {
                    if context != nil { throw error("duplicate `context` declaration", at: key.location) }
                    context = current.isSymbol("{") ? try parseType() : .common(try parsePath())
                } else {
                    let types = try parseTypeList()
                    if types.isEmpty {
                        throw error("the `\(key.text)` list of action \"\(names[0])\" is empty", at: key.location)
                    }
                    if key.text == "principal" {
                        if principals != nil { throw error("duplicate `principal` declaration", at: key.location) }
                        principals = types
                    } else {
                        if resources != nil { throw error("duplicate `resource` declaration", at: key.location) }
                        resources = types
                    }
                }
                guard eat(",") else { break }
            }
            try expect("}")
            guard principals != nil, resources != nil else {
                throw error("`appliesTo` of action \"\(names[0])\" must declare both `principal` and `resource`", at: at)
            }
        }
        if current.isKeyword("attributes") {
            advance()
            try expect("{")
            try expect("}")
        }
        try expect(";")
        return names.map {
            RawSchema.ActionDecl(
                name: $0, memberOf: memberOf, principalTypes: principals, resourceTypes: resources, context: context)
        }
    }

    /// `Path::"id"`, `"id"` or `id`.
    private mutating func parseActionRef() throws(ParseError) -> RawSchema.ActionRef {
        if current.kind == .string {
            defer { advance() }
            return RawSchema.ActionRef(type: nil, id: try unescape(current))
        }
        var path = [try parseIdentifier()]
        while current.isSymbol("::") {
            advance()
            if current.kind == .string {
                defer { advance() }
                return RawSchema.ActionRef(type: path, id: try unescape(current))
            }
            path.append(try parseIdentifier())
        }
        guard path.count == 1 else { throw unexpected("`::` and a string literal") }
        return RawSchema.ActionRef(type: nil, id: path[0])
    }

    private mutating func parseTypeList() throws(ParseError) -> [RawSchema.RawName] {
        guard eat("[") else { return [try parsePath()] }
        var types: [RawSchema.RawName] = []
        while !current.isSymbol("]") {
            types.append(try parsePath())
            guard eat(",") else { break }
        }
        try expect("]")
        return types
    }

    private mutating func parseType() throws(ParseError) -> RawSchema.RawType {
        if current.isKeyword("Set") && next.isSymbol("<") {
            advance()
            advance()
            let element = try parseType()
            try expect(">")
            return .set(element)
        }
        if eat("{") { return .record(try parseAttributes()) }
        return .entityOrCommon(try parsePath())
    }

    /// Attribute declarations up to and including the closing `}`.
    private mutating func parseAttributes() throws(ParseError) -> [RawSchema.RawAttribute] {
        var attributes: [RawSchema.RawAttribute] = []
        while !current.isSymbol("}") {
            try skipAnnotations()
            let at = current.location
            let name = try parseName()
            let optional = eat("?")
            try expect(":")
            let type = try parseType()
            if attributes.contains(where: { $0.name == name }) {
                throw ParseError(.duplicateKey, "duplicate attribute `\(name)`", at: at)
            }
            attributes.append(RawSchema.RawAttribute(name: name, type: type, isRequired: !optional))
            guard eat(",") else { break }
        }
        try expect("}")
        return attributes
    }

    private mutating func parsePath() throws(ParseError) -> RawSchema.RawName {
        var path = [try parseIdentifier(allowReservedNamespace: true)]
        while current.isSymbol("::") && next.kind == .identifier {
            advance()
            path.append(try parseIdentifier(allowReservedNamespace: true))
        }
        return path
    }

    private mutating func parseIdentifier(allowReservedNamespace: Bool = false) throws(ParseError) -> String {
        guard current.kind == .identifier else { throw unexpected("an identifier") }
        let t = current
        if Lexer.reservedWords.contains(t.text) {
            throw error("`\(t.text)` is a reserved word and cannot be used here", at: t.location)
        }
        advance()
        return t.text
    }

    /// An identifier or a string literal.
    private mutating func parseName() throws(ParseError) -> String {
        if current.kind == .string {
            defer { advance() }
            return try unescape(current)
        }
        return try parseIdentifier()
    }

    private func unescape(_ token: Token) throws(ParseError) -> String {
        do {
            return try CedarString.unescape(token.text)
        } catch {
            throw ParseError(.invalidEscape, "the input `\(error.text)` is not a valid escape", at: token.location)
        }
    }

    private func error(_ message: String, at location: SourcePosition) -> ParseError {
        ParseError(.invalidSchema, message, at: location)
    }
}
