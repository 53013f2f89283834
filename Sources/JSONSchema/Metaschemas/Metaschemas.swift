// The built-in metaschemas, parsed once on first use, and their compiled validators for the
// metaschema check (also compiled once, lazily: most processes compile many schemas).

enum Metaschemas {
    /// Every built-in metaschema by URI (no fragment).
    static let all: [String: JSONValue] = {
        var out: [String: JSONValue] = [:]
        for (uri, json) in sources {
            // The sources are generated from the published documents; failure is a build bug.
            out[uri] = try! JSONParser.parse(json)
        }
        return out
    }()

    /// The compiled 2020-12 metaschema, for checking schemas.
    static let draft2020_12: JSONSchema = builtIn(.draft2020_12)
    /// The compiled draft-07 metaschema, for checking schemas.
    static let draft7: JSONSchema = builtIn(.draft7)

    private static func builtIn(_ d: Dialect) -> JSONSchema {
        let uri = URIs.withoutFragment(d.metaschemaURI)
        let options = JSONSchema.Options(defaultDialect: d, validateSchema: false)
        return try! JSONSchema.compile(all[uri]!, options: options, registry: SchemaRegistry(), uri: uri)
    }
}
