// Loads one Cedar integration test file (the `JsonTest` format of cedar-testing) and runs it:
// policies, schema and entities are read as the upstream runner reads them (entities and
// contexts through the schema), then every request's decision, reasons and errors are compared
// as sets.

import Foundation

@testable import Cedar

struct ConformanceCase {
    struct ExpectedRequest {
        let description: String
        let principal: EntityUID
        let action: EntityUID
        let resource: EntityUID
        let context: JSONValue
        let decision: Decision
        let reason: Set<String>
        let errors: Set<String>
    }

    let name: String
    let policies: String
    /// The same policies in the JSON format (EST), from `derived/policies-est`, when present.
    let policiesJSON: String?
    let entities: String
    let schema: String
    let shouldValidate: Bool
    let requests: [ExpectedRequest]

    /// Reads a test file; paths inside it are relative to `root` (the conformance directory).
    init(file: URL, root: URL) throws {
        name = file.lastPathComponent
        guard case .object(let o) = try JSONParser.parse(try TestPaths.read(file)) else {
            throw ParseError(.invalidJSON, "\(file.path): not an object")
        }
        func text(_ key: String) throws -> String {
            guard let path = o[key]?.stringValue else { throw ParseError(.invalidJSON, "\(file.path): no \(key)") }
            return try TestPaths.read(root.appendingPathComponent(path))
        }
        policies = try text("policies")
        let estPath = "derived/policies-est/" + (o["policies"]?.stringValue ?? "").replacingOccurrences(of: ".cedar", with: ".json")
        policiesJSON = try? TestPaths.read(root.appendingPathComponent(estPath))
        entities = try text("entities")
        schema = try text("schema")
        shouldValidate = o["shouldValidate"]?.boolValue ?? true
        var requests: [ExpectedRequest] = []
        for r in o["requests"]?.arrayValue ?? [] {
            guard case .object(let q) = r else { continue }
            func ids(_ key: String) -> Set<String> { Set((q[key]?.arrayValue ?? []).compactMap(\.stringValue)) }
            requests.append(
                ExpectedRequest(
                    description: q["description"]?.stringValue ?? "",
                    principal: try EntityUID.decode(q["principal"]!, at: "principal"),
                    action: try EntityUID.decode(q["action"]!, at: "action"),
                    resource: try EntityUID.decode(q["resource"]!, at: "resource"),
                    context: q["context"] ?? .object(JSONObject()),
                    decision: q["decision"]?.stringValue?.lowercased() == "allow" ? .allow : .deny,
                    reason: ids("reason"), errors: ids("errors")))
        }
        self.requests = requests
    }

    /// Runs every request; returns one line per mismatch (empty when all match).
    func run(useSchema: Bool = true, policiesAsJSON: Bool = false) -> (passed: Int, failures: [String]) {
        let policySet: PolicySet
        let store: Entities
        let parsedSchema: Schema?
        do {
            if policiesAsJSON {
                guard let json = policiesJSON else { return (0, ["\(name): no JSON policies"]) }
                policySet = try PolicySet(json: json)
            } else {
                policySet = try PolicySet(cedar: policies)
            }
            parsedSchema = useSchema ? try Schema(cedarschema: schema) : nil
            store = try parsedSchema.map { try Entities(json: entities, schema: $0) } ?? Entities(json: entities)
        } catch {
            return (0, ["\(name): setup failed: \(error)"])
        }
        var passed = 0
        var failures: [String] = []
        for (i, r) in requests.enumerated() {
            do {
                let context =
                    try parsedSchema.map {
                        try CedarValue.context(json: r.context.serialized, schema: $0, action: r.action)
                    } ?? CedarValue.context(json: r.context.serialized)
                let request = Request(principal: r.principal, action: r.action, resource: r.resource, context: context)
                let response = policySet.isAuthorized(request, entities: store)
                let reason = Set(response.determiningPolicies.map(\.rawValue))
                let errors = Set(response.errors.map(\.policyID.rawValue))
                if response.decision == r.decision && reason == r.reason && errors == r.errors {
                    passed += 1
                } else {
                    failures.append(
                        "\(name) request \(i) (\(r.description)): expected \(r.decision) \(r.reason.sorted()) "
                            + "errors \(r.errors.sorted()), got \(response.decision) \(reason.sorted()) "
                            + "errors \(response.errors.map(\.description))")
                }
            } catch {
                failures.append("\(name) request \(i): \(error)")
            }
        }
        return (passed, failures)
    }

    /// Whether strict validation agrees with `shouldValidate`; a message when it does not.
    func checkValidation() -> String? {
        do {
            let result = try Schema(cedarschema: schema).validate(try PolicySet(cedar: policies))
            if result.passed == shouldValidate { return nil }
            let detail = result.diagnostics.map(\.description).joined(separator: "; ")
            return "\(name): shouldValidate is \(shouldValidate), validation \(result.passed ? "passed" : "failed") \(detail)"
        } catch {
            return "\(name): \(error)"
        }
    }
}
