// The runtime detectors, where each one looks (arguments or results), and what may be done on a
// hit. Closed sets that may grow: adding a detector means adding a case here and a scanner for it.

/// A runtime detector. The raw value is the name used in configuration, audit records and
/// placeholders.
public enum DetectorID: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Shell command chaining or substitution in an argument (`; rm -rf`, `$(curl …)`).
    case shellInjection = "shell_injection"
    /// SQL that breaks out of a value (`' OR '1'='1`, `'; DROP TABLE`, `UNION SELECT NULL`).
    case sqlInjection = "sql_injection"
    /// `..` path segments (plain or encoded) and references to sensitive system files.
    case pathTraversal = "path_traversal"
    /// URLs or hosts that point at loopback, private, link-local or cloud-metadata addresses.
    case ssrf = "ssrf"
    /// Credentials: cloud keys, platform tokens, private keys, JWTs, connection strings.
    case secrets = "secrets"
    case email = "email"
    case phone = "phone"
    /// US SSN, UK National Insurance number, Canadian SIN.
    case nationalID = "national_id"
    /// Card numbers with a valid issuer prefix and Luhn check digit.
    case paymentCard = "payment_card"
    /// IBANs with a valid length for their country and mod-97 check.
    case iban = "iban"
    /// Instructions aimed at the model inside tool output (indirect prompt injection).
    case promptInjection = "prompt_injection"

    public var description: String { rawValue }

    /// Where the detector runs.
    public var phases: Set<Phase> { Set(Phase.allCases.filter(runs(in:))) }

    /// Whether the detector runs on `phase` (without building a set: this is asked per call).
    public func runs(in phase: Phase) -> Bool {
        switch self {
        case .shellInjection, .sqlInjection, .pathTraversal, .ssrf: phase == .arguments
        case .secrets: true
        case .email, .phone, .nationalID, .paymentCard, .iban, .promptInjection: phase == .result
        }
    }

    /// What a detector does when nothing configures it.
    public var defaultAction: GuardrailAction {
        switch self {
        case .shellInjection, .sqlInjection, .pathTraversal, .ssrf: .block
        case .secrets: .redact
        case .email, .phone, .nationalID, .paymentCard, .iban, .promptInjection: .flag
        }
    }

    /// Dense index, for tables: the position in `allCases` (DetectorTests checks that). A switch,
    /// because it is asked per scanned string and `allCases` builds an array each time.
    var ordinal: Int {
        switch self {
        case .shellInjection: 0
        case .sqlInjection: 1
        case .pathTraversal: 2
        case .ssrf: 3
        case .secrets: 4
        case .email: 5
        case .phone: 6
        case .nationalID: 7
        case .paymentCard: 8
        case .iban: 9
        case .promptInjection: 10
        }
    }

    /// Every name, for messages: `shell_injection, sql_injection, …`.
    public static var spelled: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// Which side of a call is inspected.
public enum Phase: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The request's arguments (tool arguments, prompt arguments, a resource URI), before dispatch.
    case arguments
    /// The upstream's result, before it reaches the client.
    case result

    public var description: String { rawValue }
}

/// What happens on a hit.
public enum GuardrailAction: String, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// The detector does not run.
    case off
    /// Record the hit in the audit log; change nothing.
    case flag
    /// Replace the matched span with a typed placeholder (`[REDACTED:email]`), keep the rest.
    case redact
    /// Refuse the call (arguments) or withhold the result.
    case block

    private var rank: Int {
        switch self {
        case .off: 0
        case .flag: 1
        case .redact: 2
        case .block: 3
        }
    }

    public static func < (lhs: GuardrailAction, rhs: GuardrailAction) -> Bool { lhs.rank < rhs.rank }
    public var description: String { rawValue }
    public static let spelled = "block, redact, flag or off"
}

/// One action per detector: a fixed table, cheap to copy and merge per call.
public struct DetectorActions: Sendable, Equatable {
    private var table: [GuardrailAction]

    /// Every detector at its default action.
    public init() { table = DetectorID.allCases.map(\.defaultAction) }

    /// Every detector at `action`.
    public init(all action: GuardrailAction) { table = Array(repeating: action, count: DetectorID.allCases.count) }

    public subscript(detector: DetectorID) -> GuardrailAction {
        get { table[detector.ordinal] }
        set { table[detector.ordinal] = newValue }
    }

    /// These actions with `overrides` (detector name → action) laid over them; unknown names are
    /// ignored (configuration resolution reports them).
    public func merged(_ overrides: [String: GuardrailAction]?) -> DetectorActions {
        guard let overrides, !overrides.isEmpty else { return self }
        var result = self
        for (name, action) in overrides {
            if let detector = DetectorID(rawValue: name) { result[detector] = action }
        }
        return result
    }

    /// Whether any detector of `phase` runs.
    public func anyActive(in phase: Phase) -> Bool {
        DetectorID.allCases.contains { $0.runs(in: phase) && self[$0] != .off }
    }
}
