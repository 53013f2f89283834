// Reads one schema object's keywords into `Keyword` values, following the dialect's rules and
// the active vocabularies. Malformed keyword values are left to the metaschema check; when that
// check is off they are ignored rather than guessed at.

extension Compiler {
    func compileNode(_ key: LocationKey) throws(SchemaCompileError) -> SchemaNode {
        let info = try info(for: key)
        let value = info.value
        let res = resources[info.resource]
        let location = res.uri + "#" + String(key.pointer.dropFirst(res.pointer.count))
        switch value {
        case .bool(let b):
            return SchemaNode(isFalse: !b, resource: Int32(info.resource), location: location)
        case .object(let o):
            var keywords = try compileKeywords(o, key, info)
            // Stable: keywords keep schema order within a phase.
            keywords = keywords.enumerated().sorted { ($0.element.phase, $0.offset) < ($1.element.phase, $1.offset) }.map(\.element)
            let tracks = keywords.contains {
                if case .unevaluatedProperties = $0 { return true }
                if case .unevaluatedItems = $0 { return true }
                return false
            }
            return SchemaNode(keywords: keywords, resource: Int32(info.resource), tracksEvaluated: tracks, location: location)
        default:
            throw SchemaCompileError(code: .invalidSchema, schemaPath: path(key),
                                     message: "a schema must be an object or a boolean, not \(value.typeName)")
        }
    }

    private func compileKeywords(_ o: JSONObject, _ key: LocationKey, _ info: LocationInfo) throws(SchemaCompileError) -> [Keyword] {
        let d = info.dialect
        let draft7 = d.isDraft7
        var out: [Keyword] = []

        func sub(_ tokens: String...) throws(SchemaCompileError) -> Sub {
            let rel = tokens.map { "/" + JSONPointer.escape($0) }.joined()
            return Sub(node: try node(for: LocationKey(doc: key.doc, pointer: key.pointer + rel)), path: pathID(rel))
        }
        func count(_ name: String) -> Int? {
            guard let n = o[name]?.int64Value, n >= 0 else { return nil }
            return Int(clamping: n)
        }
        func limit(_ name: String) -> NumberLimit? {
            guard let v = o[name], v.isNumber else { return nil }
            return NumberLimit(value: v)
        }

        // Core: references.
        if case .string(let ref)? = o["$ref"] {
            let (target, _, _) = try resolve(reference: ref, base: info.base, at: key, keyword: "$ref", dialect: d)
            out.append(.ref(Sub(node: try node(for: target), path: pathID("/$ref")), keyword: "$ref"))
            // Draft-07: `$ref` overrides every sibling keyword.
            if draft7 { return out }
        }
        if !draft7, case .string(let ref)? = o["$dynamicRef"] {
            let (target, r, fragment) = try resolve(reference: ref, base: info.base, at: key, keyword: "$dynamicRef", dialect: d)
            let fallback = Sub(node: try node(for: target), path: pathID("/$dynamicRef"))
            // Dynamic only when the initial target itself declares the same dynamic anchor
            // ("bookending"); otherwise it is an ordinary reference.
            if !fragment.isEmpty, !fragment.hasPrefix("/"), resources[r].dynamicAnchors[fragment] == target.pointer {
                usesDynamicScope = true
                out.append(.dynamicRef(anchor: fragment, fallback: fallback))
            } else {
                out.append(.ref(fallback, keyword: "$dynamicRef"))
            }
        }

        // Validation vocabulary.
        if d.has(.validation) {
            if let t = o["type"] {
                var set: TypeSet = []
                if case .string(let s) = t, let one = TypeSet.named(s) { set = one }
                if case .array(let a) = t { for case .string(let s) in a { if let one = TypeSet.named(s) { set.insert(one) } } }
                out.append(.type(set))
            }
            if let c = o["const"] { out.append(.constant(c)) }
            if case .array(let values)? = o["enum"] {
                out.append(.enumeration(EnumValues(values)))
            }
            if let m = o["multipleOf"], m.isNumber, NumberMath.compare(m, .int(0)) > 0 { out.append(.multipleOf(m)) }
            if let l = limit("maximum") { out.append(.maximum(l)) }
            if let l = limit("exclusiveMaximum") { out.append(.exclusiveMaximum(l)) }
            if let l = limit("minimum") { out.append(.minimum(l)) }
            if let l = limit("exclusiveMinimum") { out.append(.exclusiveMinimum(l)) }
            if let n = count("maxLength") { out.append(.maxLength(n)) }
            if let n = count("minLength"), n > 0 { out.append(.minLength(n)) }
            if case .string(let p)? = o["pattern"] {
                out.append(.pattern(try regex(p, at: LocationKey(doc: key.doc, pointer: key.pointer + "/pattern"))))
            }
            if let n = count("maxItems") { out.append(.maxItems(n)) }
            if let n = count("minItems"), n > 0 { out.append(.minItems(n)) }
            if o["uniqueItems"] == .bool(true) { out.append(.uniqueItems) }
            if let n = count("maxProperties") { out.append(.maxProperties(n)) }
            if let n = count("minProperties"), n > 0 { out.append(.minProperties(n)) }
            if case .array(let names)? = o["required"] {
                let strings = names.compactMap(\.stringValue)
                if !strings.isEmpty { out.append(.required(strings)) }
            }
            if !draft7, case .object(let deps)? = o["dependentRequired"] {
                let pairs = deps.map { ($0.key, $0.value.arrayValue?.compactMap(\.stringValue) ?? []) }
                out.append(.dependentRequired(pairs, keyword: "dependentRequired"))
            }
        }

        // `format`: an assertion only when asked for (option or format-assertion vocabulary).
        if case .string(let f)? = o["format"], options.formatAssertion || d.vocabularies.contains(.formatAssertion) && !draft7,
            let checker = FormatChecker(name: f)
        {
            out.append(.format(checker))
        }

        // Draft-07 content keywords: checked (the draft allows it); annotations in 2020-12.
        if draft7, let checker = ContentChecker(encoding: o["contentEncoding"]?.stringValue, mediaType: o["contentMediaType"]?.stringValue) {
            out.append(.content(checker))
        }

        if d.has(.applicator) { try applicators(o, key, d, sub, count, into: &out) }
        if !draft7, d.has(.unevaluated) {
            if o["unevaluatedProperties"] != nil { out.append(.unevaluatedProperties(try sub("unevaluatedProperties"))) }
            if o["unevaluatedItems"] != nil { out.append(.unevaluatedItems(try sub("unevaluatedItems"))) }
        }
        return out
    }

    private func applicators(
        _ o: JSONObject, _ key: LocationKey, _ d: DialectInfo, _ sub: (String...) throws(SchemaCompileError) -> Sub,
        _ count: (String) -> Int?, into out: inout [Keyword]
    ) throws(SchemaCompileError) {
        let draft7 = d.isDraft7

        // Objects.
        let props: [ObjectApplicator.Property]
        if case .object(let p)? = o["properties"] {
            var list: [ObjectApplicator.Property] = []
            for (name, _) in p { list.append(.init(name: name, sub: try sub("properties", name))) }
            props = list
        } else {
            props = []
        }
        var patterns: [ObjectApplicator.PatternProperty] = []
        if case .object(let p)? = o["patternProperties"] {
            for (pattern, _) in p {
                let r = try regex(pattern, at: LocationKey(doc: key.doc, pointer: key.pointer + "/patternProperties/" + JSONPointer.escape(pattern)))
                patterns.append(.init(regex: r, sub: try sub("patternProperties", pattern)))
            }
        }
        let additional = o["additionalProperties"] != nil ? try sub("additionalProperties") : nil
        if !props.isEmpty || !patterns.isEmpty || additional != nil {
            var index: [String: Int]? = nil
            if props.count > 24 {
                var map: [String: Int] = [:]
                for (i, p) in props.enumerated() { map[p.name] = i }
                index = map
            }
            out.append(.object(ObjectApplicator(
                properties: props, index: index, patterns: patterns, additional: additional,
                additionalIsFalse: o["additionalProperties"] == .bool(false))))
        }
        if o["propertyNames"] != nil { out.append(.propertyNames(try sub("propertyNames"))) }
        if !draft7, case .object(let deps)? = o["dependentSchemas"] {
            var list: [(String, Sub)] = []
            for (name, _) in deps { list.append((name, try sub("dependentSchemas", name))) }
            out.append(.dependentSchemas(list, keyword: "dependentSchemas"))
        }
        // `dependencies`: draft-07's combined form (kept in 2020-12 for compatibility).
        if case .object(let deps)? = o["dependencies"] {
            var schemas: [(String, Sub)] = []
            var required: [(String, [String])] = []
            for (name, v) in deps {
                if case .array(let a) = v {
                    required.append((name, a.compactMap(\.stringValue)))
                } else {
                    schemas.append((name, try sub("dependencies", name)))
                }
            }
            if !required.isEmpty { out.append(.dependentRequired(required, keyword: "dependencies")) }
            if !schemas.isEmpty { out.append(.dependentSchemas(schemas, keyword: "dependencies")) }
        }

        // Arrays.
        if draft7 {
            switch o["items"] {
            case .array(let a)?:
                var subs: [Sub] = []
                for i in a.indices { subs.append(try sub("items", String(i))) }
                out.append(.prefixItems(subs, keyword: "items"))
                if o["additionalItems"] != nil {
                    out.append(.items(try sub("additionalItems"), start: a.count, keyword: "additionalItems"))
                }
            case .some:
                out.append(.items(try sub("items"), start: 0, keyword: "items"))
            case nil:
                break
            }
        } else {
            var prefix = 0
            if case .array(let a)? = o["prefixItems"] {
                var subs: [Sub] = []
                for i in a.indices { subs.append(try sub("prefixItems", String(i))) }
                prefix = a.count
                out.append(.prefixItems(subs, keyword: "prefixItems"))
            }
            if let items = o["items"], items.arrayValue == nil {
                out.append(.items(try sub("items"), start: prefix, keyword: "items"))
            }
        }
        if o["contains"] != nil {
            let minimum = draft7 ? 1 : (count("minContains") ?? 1)
            let maximum = draft7 ? nil : count("maxContains")
            out.append(.contains(try sub("contains"), min: minimum, max: maximum))
        }

        // In-place applicators.
        for name in ["allOf", "anyOf", "oneOf"] {
            guard case .array(let a)? = o[name] else { continue }
            var subs: [Sub] = []
            for i in a.indices { subs.append(try sub(name, String(i))) }
            switch name {
            case "allOf": out.append(.allOf(subs))
            case "anyOf": out.append(.anyOf(subs))
            default: out.append(.oneOf(subs))
            }
        }
        if o["not"] != nil { out.append(.not(try sub("not"))) }
        if o["if"] != nil {
            out.append(.conditional(
                if: try sub("if"), then: o["then"] != nil ? try sub("then") : nil,
                else: o["else"] != nil ? try sub("else") : nil))
        }
    }
}
