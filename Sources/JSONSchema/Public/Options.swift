// Compile options: dialect default, format assertion, metaschema check, and the work limits
// that keep a hostile schema or instance from tying up a gateway thread.

extension JSONSchema {
    /// How to compile a schema and run it.
    public struct Options: Sendable, Hashable {
        /// The dialect of a schema that has no `$schema`. Default: 2020-12.
        public var defaultDialect: Dialect
        /// Whether `format` fails validation for values that do not match a known format.
        /// Default `false`: `format` is an annotation, as both drafts specify. Unknown formats
        /// never fail.
        public var formatAssertion: Bool
        /// Whether compiling checks the schema against its metaschema first. Default `true`.
        public var validateSchema: Bool
        /// Bounds on evaluation work.
        public var limits: Limits

        /// - Parameters:
        ///   - defaultDialect: dialect for schemas without `$schema` (default 2020-12).
        ///   - formatAssertion: make `format` an assertion (default `false`).
        ///   - validateSchema: check the schema against its metaschema (default `true`).
        ///   - limits: evaluation bounds (default ``Limits/default``).
        public init(
            defaultDialect: Dialect = .draft2020_12, formatAssertion: Bool = false,
            validateSchema: Bool = true, limits: Limits = .default
        ) {
            self.defaultDialect = defaultDialect
            self.formatAssertion = formatAssertion
            self.validateSchema = validateSchema
            self.limits = limits
        }

        /// 2020-12 by default, `format` as annotation, metaschema check on, default limits.
        public static let `default` = Options()
    }

    /// Bounds on the work of one validation and on the size of a compiled schema.
    ///
    /// When a validation reaches a limit it stops and reports the instance invalid with a
    /// ``ValidationError/Code/limitExceeded`` error: failing closed is the safe answer for a gateway.
    public struct Limits: Sendable, Hashable {
        /// Deepest nesting of subschema evaluations (each `$ref`, applicator or child value is a
        /// level). Bounds stack use; a `$ref` cycle that never consumes input stops here.
        /// Default 800.
        public var maxDepth: Int
        /// Most work in one validation: subschema evaluations plus pattern-matching steps.
        /// Bounds time for schemas that fan out exponentially and for instances with many
        /// strings to match. Default 1,000,000 (tens of milliseconds at most).
        public var maxSteps: Int
        /// Most backtracking steps of one `pattern` match. Bounds catastrophic backtracking
        /// (ReDoS). Default 100,000.
        public var maxRegexSteps: Int
        /// Most compiled subschemas in one compiled schema. Default 100,000.
        public var maxSubschemas: Int
        /// Most bytes of the calling thread's stack one validation may use, measured from where
        /// it starts. Frame sizes differ between builds and platforms, so this, not
        /// ``maxDepth`` alone, is what keeps deep recursion from overflowing a thread's stack
        /// (512 KiB for secondary threads on Apple platforms). Reaching it reports
        /// ``maxDepth``. Default 256 KiB.
        public var maxStackBytes: Int

        /// - Parameters: see the properties; every one has a default.
        public init(
            maxDepth: Int = 800, maxSteps: Int = 1_000_000, maxRegexSteps: Int = 100_000, maxSubschemas: Int = 100_000,
            maxStackBytes: Int = 256 * 1024
        ) {
            self.maxDepth = maxDepth
            self.maxSteps = maxSteps
            self.maxRegexSteps = maxRegexSteps
            self.maxSubschemas = maxSubschemas
            self.maxStackBytes = maxStackBytes
        }

        /// The defaults listed on each property.
        public static let `default` = Limits()
    }
}
