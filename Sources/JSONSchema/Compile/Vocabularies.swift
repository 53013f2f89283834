// Which keywords are active for a schema: its dialect, and for 2020-12 the vocabularies its
// metaschema declares with `$vocabulary` (a metaschema without validation vocabulary turns
// `minimum` and friends into plain annotations).

/// The 2020-12 vocabularies, as a bit set. Draft-07 uses ``all``.
struct Vocabularies: OptionSet, Sendable, Hashable {
    let rawValue: UInt16
    static let core = Vocabularies(rawValue: 1)
    static let applicator = Vocabularies(rawValue: 2)
    static let unevaluated = Vocabularies(rawValue: 4)
    static let validation = Vocabularies(rawValue: 8)
    static let metaData = Vocabularies(rawValue: 16)
    static let formatAnnotation = Vocabularies(rawValue: 32)
    static let formatAssertion = Vocabularies(rawValue: 64)
    static let content = Vocabularies(rawValue: 128)

    /// What the standard 2020-12 metaschema declares (format as annotation).
    static let standard: Vocabularies = [.core, .applicator, .unevaluated, .validation, .metaData, .formatAnnotation, .content]

    /// The vocabulary for a `$vocabulary` URI, if known.
    static func named(_ uri: String) -> Vocabularies? {
        switch uri {
        case "https://json-schema.org/draft/2020-12/vocab/core": .core
        case "https://json-schema.org/draft/2020-12/vocab/applicator": .applicator
        case "https://json-schema.org/draft/2020-12/vocab/unevaluated": .unevaluated
        case "https://json-schema.org/draft/2020-12/vocab/validation": .validation
        case "https://json-schema.org/draft/2020-12/vocab/meta-data": .metaData
        case "https://json-schema.org/draft/2020-12/vocab/format-annotation": .formatAnnotation
        case "https://json-schema.org/draft/2020-12/vocab/format-assertion": .formatAssertion
        case "https://json-schema.org/draft/2020-12/vocab/content": .content
        default: nil
        }
    }
}

/// A dialect plus its active vocabularies: everything that decides how keywords are read.
struct DialectInfo: Sendable, Hashable {
    let dialect: Dialect
    let vocabularies: Vocabularies
    /// The metaschema URI the schema named (or the dialect's), for the metaschema check.
    let metaschema: String

    static func builtIn(_ d: Dialect) -> DialectInfo {
        DialectInfo(dialect: d, vocabularies: .standard, metaschema: URIs.withoutFragment(d.metaschemaURI))
    }

    var isDraft7: Bool { dialect == .draft7 }

    func has(_ v: Vocabularies) -> Bool { isDraft7 || vocabularies.contains(v) }
}
