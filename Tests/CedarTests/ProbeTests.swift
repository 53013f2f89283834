// The oracle's edge-case probes (shared/conformance/cedar/derived/cedarpy-probes.json): 149
// expressions evaluated as `permit(principal, action, resource) when { E };` and 21 whole
// policy sets, each with cedarpy 4.12.2's answer. Every probe must give the same outcome.

import Foundation
import Testing

@testable import Cedar

@Suite struct ProbeTests {
    struct Setup {
        let request: Request
        let entities: Entities
        let cases: [JSONObject]
    }

    static func load(_ section: String) throws -> Setup {
        let url = try #require(TestPaths.cedarConformance?.appendingPathComponent("derived/cedarpy-probes.json"))
        let root = try #require(try JSONParser.parse(TestPaths.read(url)).objectValue)
        let part = try #require(root[section]?.objectValue)
        let r = try #require(part["request"]?.objectValue)
        let context = try CedarValue.context(json: (r["context"] ?? .object(JSONObject())).serialized)
        let request = Request(
            principal: try EntityUID(cedar: r["principal"]!.stringValue!),
            action: try EntityUID(cedar: r["action"]!.stringValue!),
            resource: try EntityUID(cedar: r["resource"]!.stringValue!), context: context)
        let entities = try Entities(json: part["entities"]!.serialized)
        return Setup(request: request, entities: entities, cases: (part["cases"]?.arrayValue ?? []).compactMap(\.objectValue))
    }

    /// `true`, `false`, `error` or `parse-error`, as the probe file spells outcomes.
    static func outcome(_ expression: String, _ setup: Setup) -> String {
        guard let policies = try? PolicySet(cedar: "permit(principal, action, resource) when { \(expression) };") else {
            return "parse-error"
        }
        let response = policies.isAuthorized(setup.request, entities: setup.entities)
        if !response.errors.isEmpty { return "error" }
        return response.decision == .allow ? "true" : "false"
    }

    @Test func expressionProbes() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let setup = try Self.load("expressions")
        var failures: [String] = []
        for c in setup.cases {
            let expr = c["expr"]!.stringValue!
            let expected = c["result"]!.stringValue!
            let got = Self.outcome(expr, setup)
            if got != expected { failures.append("\(expr): expected \(expected), got \(got)") }
        }
        print("cedarpy probes expressions: \(setup.cases.count - failures.count)/\(setup.cases.count)")
        #expect(setup.cases.count == 149)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    /// The link a probe describes, as `with_linked("T","L",{?principal: X, ?resource: Y})`.
    static func link(in description: String) throws -> (template: String, id: String, slots: [SlotID: EntityUID])? {
        guard let start = description.range(of: "with_linked(") else { return nil }
        let args = description[start.upperBound...]
        let quoted = args.split(separator: "\"", omittingEmptySubsequences: false)
        var slots: [SlotID: EntityUID] = [:]
        for slot in [SlotID.principal, .resource] {
            guard let r = args.range(of: "\(slot.rawValue): ") else { continue }
            let rest = args[r.upperBound...]
            let end = rest.firstIndex { $0 == "," || $0 == "}" }!
            slots[slot] = try EntityUID(cedar: String(rest[..<end]))
        }
        return (String(quoted[1]), String(quoted[3]), slots)
    }

    @Test func policyProbes() throws {
        try #require(TestPaths.cedarConformance != nil, Comment(rawValue: TestPaths.missingSharedMessage))
        let setup = try Self.load("policies")
        var failures: [String] = []
        for c in setup.cases {
            let text = c["policies"]!.stringValue!
            let description = c["description"]!.stringValue!
            let expectedDecision = c["decision"]!.stringValue!
            guard var policies = try? PolicySet(cedar: text) else {
                if expectedDecision != "NoDecision" { failures.append("\(description): unexpected parse error") }
                continue
            }
            if expectedDecision == "NoDecision" {
                failures.append("\(description): parsed, but the oracle rejects it")
                continue
            }
            if let (template, id, slots) = try Self.link(in: description) {
                policies = try policies.linking(
                    template: PolicyID(template), as: PolicyID(id), principal: slots[.principal], resource: slots[.resource])
            }
            let response = policies.isAuthorized(setup.request, entities: setup.entities)
            let reason = Set((c["reason"]?.arrayValue ?? []).compactMap(\.stringValue))
            // Oracle errors are messages naming the policy between backticks.
            let errors = Set(
                (c["errors"]?.arrayValue ?? []).compactMap(\.stringValue).map { $0.split(separator: "`")[1] }.map(String.init))
            let got = (
                response.decision == .allow ? "Allow" : "Deny", Set(response.determiningPolicies.map(\.rawValue)),
                Set(response.errors.map(\.policyID.rawValue))
            )
            if got.0 != expectedDecision || got.1 != reason || got.2 != errors {
                failures.append("\(description): expected \(expectedDecision) \(reason) \(errors), got \(got)")
            }
        }
        print("cedarpy probes policies: \(setup.cases.count - failures.count)/\(setup.cases.count)")
        #expect(setup.cases.count == 21)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
