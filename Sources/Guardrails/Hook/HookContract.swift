// The external guardrail hook's wire contract (docs/guardrails.md): Gatehouse POSTs one JSON
// document per inspected phase and reads back a verdict. Kept here, free of any HTTP client, so
// the contract is one type both the gateway and tests use.
import JSONSchema

/// What a hook says about a payload.
public struct HookVerdict: Sendable, Equatable {
    public enum Decision: String, Sendable, CaseIterable {
        case allow, block, redact
    }

    public var decision: Decision
    /// Why, in one sentence; shown to the client when the hook blocks (capped at 300 characters).
    public var reason: String?
    /// For `redact` on the arguments phase: the arguments to send instead.
    public var arguments: JSONObject?
    /// For `redact` on the result phase: the result to return instead.
    public var result: JSONObject?

    public init(decision: Decision, reason: String? = nil, arguments: JSONObject? = nil, result: JSONObject? = nil) {
        self.decision = decision
        self.reason = reason
        self.arguments = arguments
        self.result = result
    }
}

/// Why a hook call failed (then `on_failure` decides).
public struct HookFailure: Error, Sendable, CustomStringConvertible {
    /// `timeout`, `unreachable`, `http_status`, `invalid_verdict`.
    public var kind: String
    public var description: String

    public init(kind: String, _ description: String) {
        self.kind = kind
        self.description = description
    }
}

/// Builds hook requests and reads verdicts.
public enum HookContract {
    public static let version = 1

    /// The request body for one phase.
    /// - Parameters:
    ///   - payload: The arguments object (arguments phase) or the result object (result phase).
    ///   - hits: What Gatehouse's own detectors found (already applied).
    ///   - user: The signed-in user behind the call (OAuth access tokens), when there is one.
    ///   - project: The calling application's project.
    public static func request(
        phase: Phase, server: String, method: String, target: String?, application: String?, payload: JSONObject, hits: [GuardrailHit],
        user: String? = nil, project: String? = nil
    ) -> JSONValue {
        var o: JSONObject = [
            "version": .int(Int64(version)), "phase": .string(phase.rawValue), "server": .string(server), "method": .string(method),
        ]
        if let target { o["target"] = .string(target) }
        if let application { o["application"] = .string(application) }
        if let user { o["user"] = .string(user) }
        if let project { o["project"] = .string(project) }
        o[phase == .arguments ? "arguments" : "result"] = .object(payload)
        o["hits"] = .array(
            hits.map {
                ["detector": .string($0.detector), "kind": .string($0.kind), "action": .string($0.action.rawValue), "location": .string($0.location)]
            })
        return .object(o)
    }

    /// Reads a verdict.
    /// - Throws: ``HookFailure`` `invalid_verdict` naming what is wrong.
    public static func verdict(_ body: [UInt8], phase: Phase) throws(HookFailure) -> HookVerdict {
        guard let value = try? JSONParser.parse(body), let o = value.objectValue else {
            throw HookFailure(kind: "invalid_verdict", "the hook's answer is not a JSON object")
        }
        guard let text = o["verdict"]?.stringValue, let decision = HookVerdict.Decision(rawValue: text) else {
            throw HookFailure(kind: "invalid_verdict", "the hook's answer needs \"verdict\": \"allow\", \"block\" or \"redact\"")
        }
        var verdict = HookVerdict(decision: decision, reason: o["reason"]?.stringValue.map { String($0.prefix(300)) })
        if decision == .redact {
            switch phase {
            case .arguments:
                guard let arguments = o["arguments"]?.objectValue else {
                    throw HookFailure(kind: "invalid_verdict", "a redact verdict for arguments needs \"arguments\": {…}")
                }
                verdict.arguments = arguments
            case .result:
                guard let result = o["result"]?.objectValue else {
                    throw HookFailure(kind: "invalid_verdict", "a redact verdict for a result needs \"result\": {…}")
                }
                verdict.result = result
            }
        }
        return verdict
    }
}
