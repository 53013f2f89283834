// Applies an extension function to evaluated arguments. Shared by the evaluator and by the JSON
// `__extn` escape, which the reference also evaluates as a call (`{"fn": "offset", "args": [...]}`).

extension ExtensionFunction {
    /// Calls the function on already-evaluated arguments (a method's receiver first).
    ///
    /// - Throws: ``EvaluationError`` for the wrong number of arguments, a wrong argument type,
    ///   an unparsable constructor string or an overflow.
    func apply(_ args: [CedarValue]) throws(EvaluationError) -> CedarValue {
        guard args.count == arity else {
            throw EvaluationError(
                "wrong number of arguments provided to extension function `\(rawValue)`: expected \(arity), got \(args.count)")
        }
        switch self {
        case .ip:
            let s = try string(args[0])
            guard let ip = IPAddress(parsing: s) else { throw failure("invalid IP address: \(s)") }
            return .ipaddr(ip)
        case .decimal:
            let s = try string(args[0])
            guard let d = CedarDecimal(parsing: s) else { throw failure("`\(s)` is not a well-formed decimal value") }
            return .decimal(d)
        case .datetime:
            let s = try string(args[0])
            guard let d = CedarDatetime(parsing: s) else { throw failure("invalid datetime: \(s)") }
            return .datetime(d)
        case .duration:
            let s = try string(args[0])
            guard let d = CedarDuration(parsing: s) else { throw failure("invalid duration: \(s)") }
            return .duration(d)
        case .lessThan: return .bool(try decimal(args[0]) < decimal(args[1]))
        case .lessThanOrEqual: return .bool(try decimal(args[0]) <= decimal(args[1]))
        case .greaterThan: return .bool(try decimal(args[0]) > decimal(args[1]))
        case .greaterThanOrEqual: return .bool(try decimal(args[0]) >= decimal(args[1]))
        case .isIpv4: return .bool(try ip(args[0]).isV4)
        case .isIpv6: return .bool(try !ip(args[0]).isV4)
        case .isLoopback: return .bool(try ip(args[0]).isLoopback)
        case .isMulticast: return .bool(try ip(args[0]).isMulticast)
        case .isInRange: return .bool(try ip(args[0]).isInRange(ip(args[1])))
        case .offset:
            let (dt, dur) = (try datetime(args[0]), try duration(args[1]))
            guard let r = dt.offset(by: dur) else { throw failure("overflow when computing offset") }
            return .datetime(r)
        case .durationSince:
            let (a, b) = (try datetime(args[0]), try datetime(args[1]))
            guard let r = a.durationSince(b) else { throw failure("overflow when computing durationSince") }
            return .duration(r)
        case .toDate:
            guard let r = try datetime(args[0]).toDate() else { throw failure("overflow when computing toDate") }
            return .datetime(r)
        case .toTime: return .duration(try datetime(args[0]).toTime())
        case .toMilliseconds: return .long(try duration(args[0]).milliseconds)
        case .toSeconds: return .long(try duration(args[0]).seconds)
        case .toMinutes: return .long(try duration(args[0]).minutes)
        case .toHours: return .long(try duration(args[0]).hours)
        case .toDays: return .long(try duration(args[0]).days)
        }
    }

    private func failure(_ message: String) -> EvaluationError {
        EvaluationError("error while evaluating `\(rawValue)` extension function: \(message)")
    }

    private func string(_ v: CedarValue) throws(EvaluationError) -> String {
        if case .string(let s) = v { return s }
        throw .type(expected: "string", got: v)
    }

    private func decimal(_ v: CedarValue) throws(EvaluationError) -> CedarDecimal {
        if case .decimal(let d) = v { return d }
        throw .type(expected: "decimal", got: v)
    }

    private func ip(_ v: CedarValue) throws(EvaluationError) -> IPAddress {
        if case .ipaddr(let a) = v { return a }
        throw .type(expected: "ipaddr", got: v)
    }

    private func datetime(_ v: CedarValue) throws(EvaluationError) -> CedarDatetime {
        if case .datetime(let d) = v { return d }
        throw .type(expected: "datetime", got: v)
    }

    private func duration(_ v: CedarValue) throws(EvaluationError) -> CedarDuration {
        if case .duration(let d) = v { return d }
        throw .type(expected: "duration", got: v)
    }
}
