// Applies an extension function to evaluated arguments. Shared by the evaluator and by the JSON
// `__extn` escape, which the reference also evaluates as a call (`{"fn": "offset", "args": [...]}`).

extension ExtensionFunction {
    /// Calls the function on already-evaluated arguments (a method's receiver first).
    ///
    /// - Throws: ``EvaluationError`` for the wrong number of arguments, a wrong argument type,
    ///   an unparsable constructor string or an overflow.
    func apply(_ args: [CedarValue]) throws(EvaluationError) -> CedarValue {
        guard args.count == arity else { throw arityError(args.count) }
        return arity == 1 ? try apply(args[0]) : try apply(args[0], args[1])
    }

    func arityError(_ count: Int) -> EvaluationError {
        EvaluationError(
            "wrong number of arguments provided to extension function `\(rawValue)`: expected \(arity), got \(count)")
    }

    /// Calls a one-argument function (a constructor, or a method on its receiver).
    func apply(_ a: CedarValue) throws(EvaluationError) -> CedarValue {
        switch self {
        case .ip:
            let s = try string(a)
            guard let ip = IPAddress(parsing: s) else { throw failure("invalid IP address: \(s)") }
            return .ipaddr(ip)
        case .decimal:
            let s = try string(a)
            guard let d = CedarDecimal(parsing: s) else { throw failure("`\(s)` is not a well-formed decimal value") }
            return .decimal(d)
        case .datetime:
            let s = try string(a)
            guard let d = CedarDatetime(parsing: s) else { throw failure("invalid datetime: \(s)") }
            return .datetime(d)
        case .duration:
            let s = try string(a)
            guard let d = CedarDuration(parsing: s) else { throw failure("invalid duration: \(s)") }
            return .duration(d)
        case .isIpv4: return .bool(try ip(a).isV4)
        case .isIpv6: return .bool(try !ip(a).isV4)
        case .isLoopback: return .bool(try ip(a).isLoopback)
        case .isMulticast: return .bool(try ip(a).isMulticast)
        case .toDate:
            guard let r = try datetime(a).toDate() else { throw failure("overflow when computing toDate") }
            return .datetime(r)
        case .toTime: return .duration(try datetime(a).toTime())
        case .toMilliseconds: return .long(try duration(a).milliseconds)
        case .toSeconds: return .long(try duration(a).seconds)
        case .toMinutes: return .long(try duration(a).minutes)
        case .toHours: return .long(try duration(a).hours)
        case .toDays: return .long(try duration(a).days)
        default: throw arityError(1)
        }
    }

    /// Calls a two-argument function (a method with one argument besides its receiver).
    func apply(_ a: CedarValue, _ b: CedarValue) throws(EvaluationError) -> CedarValue {
        switch self {
        case .lessThan: return .bool(try decimal(a) < decimal(b))
        case .lessThanOrEqual: return .bool(try decimal(a) <= decimal(b))
        case .greaterThan: return .bool(try decimal(a) > decimal(b))
        case .greaterThanOrEqual: return .bool(try decimal(a) >= decimal(b))
        case .isInRange: return .bool(try ip(a).isInRange(ip(b)))
        case .offset:
            let (dt, dur) = (try datetime(a), try duration(b))
            guard let r = dt.offset(by: dur) else { throw failure("overflow when computing offset") }
            return .datetime(r)
        case .durationSince:
            let (x, y) = (try datetime(a), try datetime(b))
            guard let r = x.durationSince(y) else { throw failure("overflow when computing durationSince") }
            return .duration(r)
        default: throw arityError(2)
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
