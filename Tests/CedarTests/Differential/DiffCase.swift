// One differential test case: a few policies, an entity store, requests and a schema, each
// rendered to the exact text both engines read. Shrinking produces smaller cases that still
// disagree, so a failure prints as a minimal repro.

import Foundation

/// A JSON value as generated (rendered with explicit `__entity`/`__extn` escapes).
indirect enum GenValue: Hashable {
    case bool(Bool)
    case long(Int64)
    case string(String)
    case entity(String, String)
    case set([GenValue])
    case record([String], [GenValue])
    case ext(String, String)

    var json: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .long(let n): return String(n)
        case .string(let s): return DiffCase.jsonString(s)
        case .entity(let t, let id): return "{\"__entity\":{\"type\":\(DiffCase.jsonString(t)),\"id\":\(DiffCase.jsonString(id))}}"
        case .set(let items): return "[" + items.map(\.json).joined(separator: ",") + "]"
        case .record(let keys, let values):
            return "{" + zip(keys, values).map { "\(DiffCase.jsonString($0)):\($1.json)" }.joined(separator: ",") + "}"
        case .ext(let fn, let arg): return "{\"__extn\":{\"fn\":\"\(fn)\",\"arg\":\(DiffCase.jsonString(arg))}}"
        }
    }
}

struct GenPolicy: Hashable {
    var effect: String
    var principal: String
    var action: String
    var resource: String
    var conditions: [(String, GenExpr)]

    var text: String {
        "\(effect)(\(principal), \(action), \(resource))"
            + conditions.map { " \($0.0) { \($0.1.text) }" }.joined() + ";"
    }

    static func == (a: GenPolicy, b: GenPolicy) -> Bool { a.text == b.text }
    func hash(into h: inout Hasher) { h.combine(text) }
}

struct GenEntity: Hashable {
    var type: String
    var id: String
    var attrs: [(String, GenValue)]
    var parents: [(String, String)]
    var tags: [(String, GenValue)]

    var json: String {
        let a = attrs.map { "\(DiffCase.jsonString($0.0)):\($0.1.json)" }.joined(separator: ",")
        let p = parents.map { "{\"type\":\(DiffCase.jsonString($0.0)),\"id\":\(DiffCase.jsonString($0.1))}" }
            .joined(separator: ",")
        let t = tags.isEmpty ? "" : ",\"tags\":{" + tags.map { "\(DiffCase.jsonString($0.0)):\($0.1.json)" }.joined(separator: ",") + "}"
        return "{\"uid\":{\"type\":\(DiffCase.jsonString(type)),\"id\":\(DiffCase.jsonString(id))},\"attrs\":{\(a)},\"parents\":[\(p)]\(t)}"
    }

    static func == (a: GenEntity, b: GenEntity) -> Bool { a.json == b.json }
    func hash(into h: inout Hasher) { h.combine(json) }
}

struct GenRequest: Hashable {
    var principal: (String, String)
    var action: (String, String)
    var resource: (String, String)
    var context: [(String, GenValue)]

    var contextJSON: String {
        "{" + context.map { "\(DiffCase.jsonString($0.0)):\($0.1.json)" }.joined(separator: ",") + "}"
    }

    func uidJSON(_ u: (String, String)) -> String {
        "{\"type\":\(DiffCase.jsonString(u.0)),\"id\":\(DiffCase.jsonString(u.1))}"
    }

    var json: String {
        "{\"principal\":\(uidJSON(principal)),\"action\":\(uidJSON(action)),\"resource\":\(uidJSON(resource)),\"context\":\(contextJSON)}"
    }

    static func == (a: GenRequest, b: GenRequest) -> Bool { a.json == b.json }
    func hash(into h: inout Hasher) { h.combine(json) }
}

/// A template link: which template (index into `DiffCase.templates`), the new id, slot values.
struct GenLink {
    var template: Int
    var id: String
    var principal: (String, String)?
    var resource: (String, String)?
}

struct DiffCase {
    var policies: [GenPolicy]
    /// Templates, written after the static policies (so their ids follow them).
    var templates: [GenPolicy] = []
    var links: [GenLink] = []
    /// Raw text appended after the policies (a deliberately malformed fragment), or "".
    var extraText: String
    var entities: [GenEntity]
    var requests: [GenRequest]
    var schema: String?
    /// Ask the oracle for the JSON form of the policies, to check our EST reader too.
    var wantsJSON: Bool

    var policyText: String { (policies + templates).map(\.text).joined(separator: "\n") + extraText }

    /// The id the parser gives template `index`.
    func templateID(_ index: Int) -> String { "policy\(policies.count + index)" }

    var linksJSON: String {
        "[" + links.map { link in
            var values: [String] = []
            if let p = link.principal {
                values.append("\"?principal\":{\"type\":\(Self.jsonString(p.0)),\"id\":\(Self.jsonString(p.1))}")
            }
            if let r = link.resource {
                values.append("\"?resource\":{\"type\":\(Self.jsonString(r.0)),\"id\":\(Self.jsonString(r.1))}")
            }
            return "{\"template_id\":\"\(templateID(link.template))\",\"new_id\":\(Self.jsonString(link.id)),"
                + "\"values\":{\(values.joined(separator: ","))}}"
        }.joined(separator: ",") + "]"
    }
    var entitiesJSON: String { "[" + entities.map(\.json).joined(separator: ",") + "]" }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }

    /// The case as the oracle helper reads it.
    var oracleJSON: String {
        var parts = [
            "\"policies\":\(Self.jsonString(policyText))", "\"entities\":\(Self.jsonString(entitiesJSON))",
            "\"requests\":[" + requests.map(\.json).joined(separator: ",") + "]",
        ]
        if let schema { parts.append("\"schema\":\(Self.jsonString(schema))") }
        if !links.isEmpty { parts.append("\"links\":\(linksJSON)") }
        if wantsJSON { parts.append("\"est\":true") }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// A copy-pasteable description of the case.
    var repro: String {
        var lines = ["--- policies ---", policyText, "--- entities ---", entitiesJSON, "--- requests ---"]
        lines += requests.map(\.json)
        if !links.isEmpty { lines += ["--- template links ---", linksJSON] }
        if let schema { lines += ["--- schema ---", schema] }
        return lines.joined(separator: "\n")
    }

    /// Smaller variants of this case, most aggressive first.
    var shrinkCandidates: [DiffCase] {
        var out: [DiffCase] = []
        if !extraText.isEmpty { out.append(with { $0.extraText = "" }) }
        for i in links.indices { out.append(with { $0.links.remove(at: i) }) }
        if !templates.isEmpty && links.isEmpty { out.append(with { $0.templates.removeLast() }) }
        if requests.count > 1 {
            for i in requests.indices { out.append(with { $0.requests = [requests[i]] }) }
        }
        for i in policies.indices where policies.count > 1 { out.append(with { $0.policies.remove(at: i) }) }
        if schema != nil { out.append(with { $0.schema = nil }) }
        for i in entities.indices { out.append(with { $0.entities.remove(at: i) }) }
        for (p, policy) in policies.enumerated() {
            for (slot, value) in [(0, "principal"), (1, "action"), (2, "resource")] {
                let current = [policy.principal, policy.action, policy.resource][slot]
                guard current != value else { continue }
                out.append(with {
                    switch slot {
                    case 0: $0.policies[p].principal = value
                    case 1: $0.policies[p].action = value
                    default: $0.policies[p].resource = value
                    }
                })
            }
            for c in policy.conditions.indices {
                out.append(with { $0.policies[p].conditions.remove(at: c) })
                for smaller in policy.conditions[c].1.shrinkCandidates {
                    out.append(with { $0.policies[p].conditions[c].1 = smaller })
                }
            }
        }
        for (e, entity) in entities.enumerated() {
            for a in entity.attrs.indices { out.append(with { $0.entities[e].attrs.remove(at: a) }) }
            for t in entity.tags.indices { out.append(with { $0.entities[e].tags.remove(at: t) }) }
            for p in entity.parents.indices { out.append(with { $0.entities[e].parents.remove(at: p) }) }
        }
        for (r, request) in requests.enumerated() {
            for k in request.context.indices { out.append(with { $0.requests[r].context.remove(at: k) }) }
        }
        return out
    }

    private func with(_ change: (inout DiffCase) -> Void) -> DiffCase {
        var copy = self
        change(&copy)
        return copy
    }
}
