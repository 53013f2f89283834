// An ECMA-262 regular expression with `u`-flag semantics, as JSON Schema's `pattern` requires:
// code points (not UTF-16 units), ASCII-only `\d` and `\w`, Unicode `\s`, `\p{…}` properties,
// lookaround and backreferences. Matching is unanchored (`pattern` is a search) and bounded by
// a step budget: the validator fails closed rather than hang on a catastrophic pattern.

/// A compiled ECMA-262 regular expression (a class: shared by every keyword that uses it).
final class ECMARegex: Sendable {
    /// The pattern as written.
    let source: String
    let program: RegexProgram
    /// The pattern begins with `^` in every alternative: only position 0 can match.
    let anchored: Bool
    /// The first character every match starts with, if fixed (to skip start positions fast).
    let firstChar: UInt32?
    let usesRegisters: Bool

    /// Compiles `pattern`.
    /// - Parameter strict: apply the `u` flag's syntax rules exactly (used by
    ///   `format: "regex"`); otherwise the common Annex B leniencies (`\-`, a lone `{`) pass.
    /// - Throws: ``RegexSyntaxError`` describing the first problem.
    init(_ pattern: String, strict: Bool = false) throws(RegexSyntaxError) {
        var parser = RegexParser(pattern, strict: strict)
        let parsed = try parser.parse()
        let tree = try parser.resolveNames(parsed)
        let hasBackreference = parser.hasBackreference
        program = try RegexCompiler.compile(tree, groupCount: parser.groupCount, captures: hasBackreference)
        source = pattern
        var a = false
        var first: UInt32? = nil
        switch program.insts.first {
        case .start?: a = true
        case .char(let c)?: first = c
        default: break
        }
        anchored = a
        firstChar = first
        usesRegisters = program.registerCount > 0
    }

    /// Whether the pattern matches anywhere in `s`; `nil` when `maxSteps` ran out first.
    func matches(_ s: String, maxSteps: Int) -> Bool? {
        var used = 0
        return matches(s, maxSteps: maxSteps, stepsUsed: &used)
    }

    /// As ``matches(_:maxSteps:)``, also reporting the steps used (charged to the
    /// validation's overall budget).
    func matches(_ s: String, maxSteps: Int, stepsUsed: inout Int) -> Bool? {
        var s = s
        let (result, used) = s.withUTF8 { bytes -> (Bool?, Int) in
            if Self.isASCII(bytes) { return search(ASCIIInput(bytes: bytes), maxSteps: maxSteps) }
            var scalars: [UInt32] = []
            scalars.reserveCapacity(bytes.count)
            for u in String(decoding: bytes, as: UTF8.self).unicodeScalars { scalars.append(u.value) }
            return scalars.withUnsafeBufferPointer { search(ScalarInput(scalars: $0), maxSteps: maxSteps) }
        }
        stepsUsed = used
        return result
    }

    /// Tries each start position (only 0 when anchored); `nil` when the budget ran out.
    private func search<Input: RegexInput>(_ input: Input, maxSteps: Int) -> (Bool?, Int) {
        var vm = RegexVM(input: input, steps: 0, maxSteps: maxSteps)
        var registers = [Int](repeating: -1, count: program.registerCount)
        let last = anchored ? 0 : input.count
        var start = 0
        while start <= last {
            if let c = firstChar {
                while start < input.count, input[start] != c { start += 1 }
                if start >= input.count { return (false, vm.steps) }
            }
            if vm.run(program, at: start, end: nil, registers: &registers) { return (true, vm.steps) }
            if vm.exhausted { return (nil, vm.steps) }
            start += 1
        }
        return (false, vm.steps)
    }

    /// Whether every byte is ASCII, eight at a time.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < bytes.count {
            if base[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }
}
