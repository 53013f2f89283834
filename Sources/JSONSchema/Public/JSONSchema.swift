// The library's entry point: compile a schema once, then validate many instances with it,
// from any thread.

/// A compiled JSON Schema (2020-12 or draft-07), ready to validate instances.
///
/// ```swift
/// let schema = try JSONSchema.compile(JSONParser.parse(#"""
///     {"type": "object", "properties": {"limit": {"type": "integer", "maximum": 100}}}
///     """#))
/// schema.isValid(["limit": 50])                 // true
/// schema.validate(["limit": 500]).errors[0].description
/// // "/limit: 500 is greater than the maximum 100"
/// ```
/// A compiled schema is immutable and `Sendable`. The boolean path (``isValid(_:)``) allocates
/// nothing for typical instances: it only allocates for `unevaluated*` bookkeeping, for
/// patterns matched against non-ASCII strings, and for `uniqueItems` on long arrays.
public struct JSONSchema: Sendable {
    let program: Program
    /// The dialect of the root schema (from `$schema`, or the default).
    public let dialect: Dialect

    /// Compiles a schema.
    ///
    /// References (`$ref`, `$dynamicRef`) resolve within the schema and against `registry`
    /// only; nothing is fetched. With ``Options/validateSchema`` (the default) the schema is
    /// first checked against its metaschema.
    /// - Parameters:
    ///   - schema: the schema document.
    ///   - options: dialect default, format assertion, metaschema check, limits.
    ///   - registry: documents that references may name (the built-in metaschemas by default).
    ///   - uri: the schema's retrieval URI, the base for its relative references when it has no
    ///     `$id` of its own.
    /// - Throws: ``SchemaCompileError`` naming the schema path and the problem.
    public static func compile(
        _ schema: JSONValue, options: Options = .default, registry: SchemaRegistry = SchemaRegistry(), uri: String = ""
    ) throws(SchemaCompileError) -> JSONSchema {
        let compiler = Compiler(registry: registry, options: options)
        // The metaschema check comes first, so a malformed schema is reported as such (with
        // the path of the problem) before anything is resolved.
        let info = try compiler.rootDialect(schema)
        if options.validateSchema {
            try checkAgainstMetaschema(schema, info, registry: registry)
        }
        let program = try compiler.compile(root: schema, uri: URIs.withoutFragment(uri))
        return JSONSchema(program: program, dialect: info.dialect)
    }

    /// Parses and compiles a schema given as UTF-8 JSON text.
    /// - Throws: ``SchemaCompileError``; malformed JSON is reported with code
    ///   ``SchemaCompileError/Code/invalidSchema`` and its line and column.
    public static func compile<Bytes: Collection<UInt8>>(
        json bytes: Bytes, options: Options = .default, registry: SchemaRegistry = SchemaRegistry(), uri: String = ""
    ) throws(SchemaCompileError) -> JSONSchema {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw SchemaCompileError(code: .invalidSchema, schemaPath: "", message: "the schema is not valid JSON: \(error)")
        }
        return try compile(value, options: options, registry: registry, uri: uri)
    }

    /// Validates `instance`, collecting every failure with its locations and message.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var e = Evaluator(program: program, collect: true)
        e.stackBase = Evaluator.stackAddress()
        _ = e.evaluate(0, instance, nil)
        var errors = e.errors
        if let limit = e.limitError { errors.append(limit) }
        return ValidationResult(errors: errors)
    }

    /// Whether `instance` is valid; stops at the first failure and collects nothing. A limit
    /// reached counts as invalid.
    public func isValid(_ instance: JSONValue) -> Bool {
        var e = Evaluator(program: program, collect: false)
        e.stackBase = Evaluator.stackAddress()
        return e.evaluate(0, instance, nil) && e.limitError == nil
    }

    /// Parses UTF-8 JSON text and validates it.
    /// - Parameters:
    ///   - bytes: the instance as JSON text.
    ///   - maxDepth: deepest nesting the parser accepts.
    /// - Throws: ``JSONParseError`` when the text is not JSON.
    public func validate<Bytes: Collection<UInt8>>(json bytes: Bytes, maxDepth: Int = JSONParser.defaultMaxDepth) throws(JSONParseError)
        -> ValidationResult
    {
        validate(try JSONParser.parse(bytes, maxDepth: maxDepth))
    }

    /// The compiled metaschema of a dialect: validating a schema with it is the metaschema
    /// check that ``compile(_:options:registry:uri:)`` runs (for schemas using that metaschema).
    public static func metaschema(for dialect: Dialect) -> JSONSchema {
        dialect == .draft7 ? Metaschemas.draft7 : Metaschemas.draft2020_12
    }

    /// The number of compiled subschemas (a rough measure of the schema's size).
    public var subschemaCount: Int { program.nodes.count }

    static func checkAgainstMetaschema(_ schema: JSONValue, _ info: DialectInfo, registry: SchemaRegistry) throws(SchemaCompileError) {
        let meta: JSONSchema
        if info.metaschema == URIs.withoutFragment(Dialect.draft2020_12.metaschemaURI) {
            meta = Metaschemas.draft2020_12
        } else if info.metaschema == URIs.withoutFragment(Dialect.draft7.metaschemaURI) {
            meta = Metaschemas.draft7
        } else if let doc = registry.document(for: info.metaschema) {
            let options = Options(defaultDialect: info.dialect, validateSchema: false)
            meta = try compile(doc, options: options, registry: registry, uri: info.metaschema)
        } else {
            return
        }
        if meta.isValid(schema) { return }
        guard let first = meta.validate(schema).errors.first else { return }
        throw SchemaCompileError(code: .invalidSchema, schemaPath: first.instanceLocation,
                                 message: "the schema does not match its metaschema: \(first.message)")
    }
}
