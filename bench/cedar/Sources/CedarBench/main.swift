// Times the Cedar module on the oracle benchmark data (shared/peers/oracles/cedar/data): 10, 100
// and 1,000 policies, 361 entities, 10,000 MCP-gateway requests. Checks every answer against
// cedarpy's expected_N.json first, then times decisions and writes a figures file in the same
// format as the oracle's benchlib.py, so run.sh can put both engines in one table.
//
// Usage: CedarBench --data DIR [--sizes 10,100,1000] [--runs 1] [--out FILE]

import Cedar
import Foundation

struct Options {
    var data = ""
    var sizes = [10, 100, 1000]
    var runs = 1
    var out = ""
    var minimumSample = 0.4
    /// Which timings to take: `parse`, `authorize`, `json` (authorize with JSON context).
    var modes: Set<String> = ["parse", "authorize", "json"]
    var check = true

    init() {
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let a = args.next() {
            switch a {
            case "--data": data = args.next() ?? ""
            case "--sizes": sizes = (args.next() ?? "").split(separator: ",").compactMap { Int($0) }
            case "--runs": runs = Int(args.next() ?? "") ?? 1
            case "--out": out = args.next() ?? ""
            case "--min-sample": minimumSample = Double(args.next() ?? "") ?? 0.4
            case "--modes": modes = Set((args.next() ?? "").split(separator: ",").map(String.init))
            case "--no-check": check = false
            default: fatalError("unknown argument \(a)")
            }
        }
        if data.isEmpty { fatalError("--data DIR is required (shared/peers/oracles/cedar/data)") }
    }
}

/// One request of requests.json, with its context both as Cedar values and as JSON text.
struct BenchRequest {
    let request: Request
    let contextJSON: String
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func cpuTime() -> Double {
    var usage = rusage()
    #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

func uid(_ any: Any) -> EntityUID {
    let o = any as! [String: Any]
    return EntityUID(type: o["type"] as! String, id: o["id"] as! String)
}

func loadRequests(_ url: URL) throws -> [BenchRequest] {
    let array = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [[String: Any]]
    return try array.map { r in
        let contextData = try JSONSerialization.data(withJSONObject: r["context"] ?? [:])
        let contextJSON = String(decoding: contextData, as: UTF8.self)
        let context = try CedarValue.context(json: contextJSON)
        return BenchRequest(
            request: Request(principal: uid(r["principal"]!), action: uid(r["action"]!), resource: uid(r["resource"]!),
                context: context),
            contextJSON: contextJSON)
    }
}

/// cedarpy's answer for each request: [decision, [reason indices], [error indices]].
func loadExpected(_ url: URL) throws -> [(String, [Int], [Int])] {
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    return (root["results"] as! [[Any]]).map { ($0[0] as! String, $0[1] as! [Int], $0[2] as! [Int]) }
}

func index(_ id: PolicyID) -> Int { Int(id.rawValue.dropFirst("policy".count))! }

struct Sample {
    var wall: [Double] = []
    var cpu: [Double] = []
}

/// Runs `body` (which performs `ops` operations) repeatedly for at least `minimum` seconds.
func measure(ops: Int, minimum: Double, _ body: () -> Void) -> (wall: Double, cpu: Double, ops: Int) {
    var reps = 0
    let start = now()
    let cpuStart = cpuTime()
    repeat {
        body()
        reps += 1
    } while now() - start < minimum
    return (now() - start, cpuTime() - cpuStart, ops * reps)
}

let options = Options()
let dataDir = URL(fileURLWithPath: options.data)
let entitiesText = try String(contentsOf: dataDir.appendingPathComponent("entities.json"), encoding: .utf8)
let entities = try Entities(json: entitiesText)
let requests = try loadRequests(dataDir.appendingPathComponent("requests.json"))

var checks: [String: String] = [:]
var benchmarks: [(name: String, unit: String, ops: [Int], wall: [Double], cpu: [Double])] = []
var allMatch = true

@MainActor func record(_ name: String, _ unit: String, _ r: (wall: Double, cpu: Double, ops: Int)) {
    if let i = benchmarks.firstIndex(where: { $0.name == name }) {
        benchmarks[i].wall.append(r.wall)
        benchmarks[i].cpu.append(r.cpu)
        benchmarks[i].ops.append(r.ops)
    } else {
        benchmarks.append((name, unit, [r.ops], [r.wall], [r.cpu]))
    }
}

var policySets: [Int: (PolicySet, String)] = [:]
for size in options.sizes {
    let text = try String(contentsOf: dataDir.appendingPathComponent("policies_\(size).cedar"), encoding: .utf8)
    let policies = try PolicySet(cedar: text)
    policySets[size] = (policies, text)
    guard options.check else { continue }
    let expected = try loadExpected(dataDir.appendingPathComponent("expected_\(size).json"))
    var matches = 0
    var firstMismatch = ""
    for (i, r) in requests.enumerated() {
        let response = policies.isAuthorized(r.request, entities: entities)
        let got = (
            response.decision.rawValue, response.determiningPolicies.map(index).sorted(),
            response.errors.map { index($0.policyID) }.sorted()
        )
        if got.0 == expected[i].0 && got.1 == expected[i].1 && got.2 == expected[i].2 {
            matches += 1
        } else if firstMismatch.isEmpty {
            firstMismatch = "; first mismatch at request \(i): got \(got) expected \(expected[i])"
        }
    }
    let message = "\(matches)/\(requests.count) answers match (decision, reason ids, error ids)\(firstMismatch)"
    print("check policies_\(size): \(message)")
    checks["policies_\(size)"] = message
    allMatch = allMatch && matches == requests.count
}

for round in 1...options.runs {
    if options.modes.contains("parse") {
        record(
            "cedar/parse_entities", "parse",
            measure(ops: 1, minimum: options.minimumSample) { _ = try! Entities(json: entitiesText) })
    }
    for size in options.sizes {
        let (policies, text) = policySets[size]!
        if options.modes.contains("parse") {
            record(
                "cedar/parse_policies/\(size)", "parse",
                measure(ops: 1, minimum: options.minimumSample) { _ = try! PolicySet(cedar: text) })
        }
        guard options.modes.contains("authorize") else { continue }
        // Requests built beforehand: the gateway's path, context already Cedar values.
        let decided = measure(ops: requests.count, minimum: options.minimumSample) {
            for r in requests { _ = policies.isAuthorized(r.request, entities: entities) }
        }
        record("cedar/authorize/\(size)", "decision", decided)
        // Like cedarpy's batch: the context is read from JSON for every request.
        let fromJSON = !options.modes.contains("json") ? (wall: 0.0, cpu: 0.0, ops: 1) : measure(ops: requests.count, minimum: options.minimumSample) {
            for r in requests {
                let context = try! CedarValue.context(json: r.contextJSON)
                let request = Request(
                    principal: r.request.principal, action: r.request.action, resource: r.request.resource,
                    context: context)
                _ = policies.isAuthorized(request, entities: entities)
            }
        }
        if options.modes.contains("json") { record("cedar/authorize_json_context/\(size)", "decision", fromJSON) }
        let perDecision = decided.wall / Double(decided.ops) * 1e6
        let perJSON = fromJSON.wall / Double(fromJSON.ops) * 1e6
        print(
            "round \(round)/\(options.runs)  policies \(size): \(String(format: "%.3f", perDecision)) µs/decision, "
                + "\(String(format: "%.3f", perJSON)) µs with JSON context")
    }
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

if !options.out.isEmpty {
    var entries: [[String: Any]] = []
    for b in benchmarks {
        let perOp = zip(b.wall, b.ops).map { $0 / Double($1) }
        let cpuPerOp = zip(b.cpu, b.ops).map { $0 / Double($1) }
        let m = median(perOp)
        entries.append([
            "name": b.name, "unit": b.unit, "ops": b.ops[0], "samples": b.wall.count,
            "wall_s": b.wall, "cpu_s": b.cpu, "ops_per_sample": b.ops,
            "us_per_op": (m * 1e6 * 1000).rounded() / 1000, "ops_per_s": (1 / m).rounded(),
            "cpu_us_per_op": (median(cpuPerOp) * 1e6 * 1000).rounded() / 1000,
            "min_us_per_op": ((perOp.min() ?? 0) * 1e6 * 1000).rounded() / 1000,
        ])
    }
    let figures: [String: Any] = [
        "figures_format": 1, "suite": "cedar", "implementation": "Gatehouse Cedar (Swift, release)",
        "runs": options.runs, "checks": checks, "benchmarks": entries,
    ]
    let data = try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: options.out))
}
if !allMatch {
    print("WARNING: answers differ from cedarpy's expected_*.json")
    exit(1)
}
