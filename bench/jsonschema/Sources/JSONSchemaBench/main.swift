// Times JSONSchema on the oracle workload exactly as bench_jsonschema.py times Python
// jsonschema: same schemas, same 10,000 instances per schema (decoded before timing), same
// benchmark names, and the same figures file format, so compare_figures.py reads both.
// Before timing, every answer is checked against the oracle's expected_<schema>.json.

import Foundation
import JSONSchema

#if canImport(Glibc)
import Glibc
#endif

struct Arguments {
    var data = ""
    var runs = 5
    var schemas = ["mcp_tool", "large"]
    var out = "jsonschema_swift.json"
    var answers: String? = nil
    /// Seconds of `isValid` over all instances with nothing else, for a profiler.
    var profile: Double? = nil
    /// Seconds of compiling the schemas with nothing else, for a profiler.
    var profileCompile: Double? = nil
    /// Seconds of `validate` (error collection) over the invalid instances, for a profiler.
    var profileErrors: Double? = nil
    /// With a profile mode: a fixed number of passes instead of a duration (for counting
    /// instructions, which machine load does not disturb).
    var iterations: Int? = nil

    static func parse() -> Arguments {
        var a = Arguments()
        var it = CommandLine.arguments.dropFirst().makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--data": a.data = it.next() ?? ""
            case "--runs": a.runs = Int(it.next() ?? "") ?? 5
            case "--schemas": a.schemas = (it.next() ?? "").split(separator: ",").map(String.init)
            case "--out": a.out = it.next() ?? a.out
            case "--answers": a.answers = it.next()
            case "--profile": a.profile = Double(it.next() ?? "") ?? 5
            case "--profile-compile": a.profileCompile = Double(it.next() ?? "") ?? 5
            case "--profile-errors": a.profileErrors = Double(it.next() ?? "") ?? 5
            case "--iterations": a.iterations = Int(it.next() ?? "")
            default:
                FileHandle.standardError.write("unknown argument \(arg)\n".data(using: .utf8)!)
                exit(2)
            }
        }
        return a
    }
}

func readJSON(_ path: String) -> JSONValue {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write("cannot read \(path)\n".data(using: .utf8)!)
        exit(2)
    }
    do { return try JSONParser.parse([UInt8](data)) } catch {
        FileHandle.standardError.write("\(path): \(error)\n".data(using: .utf8)!)
        exit(2)
    }
}

func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func wallSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Samples per benchmark, in the figures format of benchlib.py.
final class Recorder {
    struct Bench {
        let name: String
        let unit: String
        let ops: Int
        var wall: [Double] = []
        var cpu: [Double] = []
    }
    var order: [String] = []
    var benches: [String: Bench] = [:]

    @discardableResult
    func measure(_ name: String, ops: Int, unit: String = "validation", _ body: () -> Void) -> Double {
        let c0 = cpuSeconds()
        let t0 = wallSeconds()
        body()
        let t1 = wallSeconds()
        let c1 = cpuSeconds()
        if benches[name] == nil {
            order.append(name)
            benches[name] = Bench(name: name, unit: unit, ops: ops)
        }
        benches[name]!.wall.append(t1 - t0)
        benches[name]!.cpu.append(c1 - c0)
        return t1 - t0
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    func figures() -> [[String: Any]] {
        order.map { name in
            let b = benches[name]!
            let w = Self.median(b.wall)
            let c = Self.median(b.cpu)
            func r(_ x: Double, _ places: Double) -> Double { (x * places).rounded() / places }
            return [
                "name": b.name, "unit": b.unit, "ops": b.ops, "samples": b.wall.count,
                "wall_s": b.wall.map { r($0, 1e6) }, "cpu_s": b.cpu.map { r($0, 1e6) },
                "median_wall_s": r(w, 1e6), "median_cpu_s": r(c, 1e6),
                "us_per_op": r(w / Double(b.ops) * 1e6, 1e3), "ops_per_s": r(Double(b.ops) / w, 10),
                "cpu_us_per_op": r(c / Double(b.ops) * 1e6, 1e3),
                "min_us_per_op": r(b.wall.min()! / Double(b.ops) * 1e6, 1e3),
                "spread_pct": r((b.wall.max()! - b.wall.min()!) / w * 100, 10),
            ]
        }
    }
}

/// Repetitions of `body` that take about `target` seconds.
func calibrate(_ target: Double = 0.25, _ body: () -> Void) -> Int {
    let t0 = wallSeconds()
    body()
    let dt = wallSeconds() - t0
    return dt <= 0 ? 100_000 : max(1, min(100_000, Int(target / dt)))
}

// `--probe-stack`: how many nested levels fit in the stack budget (bytes per level), for
// choosing Limits defaults.
if CommandLine.arguments.contains("--probe-stack") {
    let budget = 256 * 1024
    let schema = try! JSONSchema.compile(["items": ["$ref": "#"]], options: .init(limits: .init(maxDepth: 1_000_000, maxStackBytes: budget)))
    var value: JSONValue = 1
    var depth = 0
    while schema.isValid(value) && depth < 100_000 {
        for _ in 0..<10 { value = .array([value]) }
        depth += 10
    }
    print("instance depth \(depth) (about \(2 * depth) subschema levels) fits in \(budget) bytes: ~\(budget / max(1, 2 * depth)) bytes per level")
    exit(0)
}

let args = Arguments.parse()
let recorder = Recorder()
var checks: [String: String] = [:]
var notes: [String: Any] = [:]
var allOK = true
let started = Date()

struct Workload {
    let name: String
    let schemaJSON: JSONValue
    let schema: JSONSchema
    let instances: [JSONValue]
    let valid: [JSONValue]
    let invalid: [JSONValue]
}

var workloads: [Workload] = []
for name in args.schemas {
    let schemaJSON = readJSON("\(args.data)/schema_\(name).json")
    let instances = readJSON("\(args.data)/instances_\(name).json").arrayValue!
    let expected = readJSON("\(args.data)/expected_\(name).json")["results"]!.arrayValue!
    let schema: JSONSchema
    do { schema = try JSONSchema.compile(schemaJSON) } catch {
        print("compile \(name): \(error)")
        exit(1)
    }
    var badValid = 0
    var badErrors = 0
    var disagreements = 0
    var answers: [JSONValue] = []
    for (i, x) in instances.enumerated() {
        let exp = expected[i].arrayValue!
        let fast = schema.isValid(x)
        let result = schema.validate(x)
        if fast != result.isValid { disagreements += 1 }
        if fast != exp.isEmpty { badValid += 1 }
        let pairs = result.errors.map { [$0.instanceLocation, $0.keyword] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        let got = JSONValue.array(pairs.map { .array($0.map(JSONValue.string)) })
        answers.append(got)
        if got != expected[i] { badErrors += 1 }
    }
    let message = "is_valid: \(instances.count - badValid)/\(instances.count) match; "
        + "iter_errors [pointer, keyword] lists: \(instances.count - badErrors)/\(instances.count) match; "
        + "isValid/validate disagreements: \(disagreements)"
    print("check \(name): \(message)")
    checks[name] = message
    allOK = allOK && badValid == 0 && disagreements == 0
    if let dir = args.answers {
        let text = JSONValue.object(["results": .array(answers)]).jsonString()
        FileManager.default.createFile(atPath: "\(dir)/answers_\(name).json", contents: Data(text.utf8))
    }
    let valid = zip(instances, expected).filter { $0.1.arrayValue!.isEmpty }.map(\.0)
    let invalid = zip(instances, expected).filter { !$0.1.arrayValue!.isEmpty }.map(\.0)
    notes[name] = ["instances": instances.count, "valid": valid.count, "invalid": invalid.count, "subschemas": schema.subschemaCount]
    workloads.append(Workload(name: name, schemaJSON: schemaJSON, schema: schema, instances: instances, valid: valid, invalid: invalid))
}

@inline(never)
func isValidLoop(_ schema: JSONSchema, _ xs: [JSONValue]) -> Int {
    var n = 0
    for x in xs where schema.isValid(x) { n += 1 }
    return n
}

@inline(never)
func validateLoop(_ schema: JSONSchema, _ xs: [JSONValue]) -> Int {
    var n = 0
    for x in xs { n += schema.validate(x).errors.count }
    return n
}

var sink = 0
if let seconds = args.profileCompile {
    let end = wallSeconds() + seconds
    while wallSeconds() < end { for w in workloads { sink &+= (try? JSONSchema.compile(w.schemaJSON))?.subschemaCount ?? 0 } }
    print("profiled (sink \(sink % 2))")
    exit(0)
}
if let seconds = args.profileErrors {
    let end = wallSeconds() + seconds
    var passes = 0
    while args.iterations.map({ passes < $0 }) ?? (wallSeconds() < end) {
        for w in workloads { sink &+= validateLoop(w.schema, w.invalid) }
        passes += 1
    }
    print("profiled (sink \(sink % 2))")
    exit(0)
}
if let seconds = args.profile {
    let end = wallSeconds() + seconds
    var passes = 0
    while args.iterations.map({ passes < $0 }) ?? (wallSeconds() < end) {
        for w in workloads { sink &+= isValidLoop(w.schema, w.instances) }
        passes += 1
    }
    print("profiled (sink \(sink % 2))")
    exit(0)
}
let meta = JSONSchema.metaschema(for: .draft2020_12)
var reps: [String: (Int, Int)] = [:]
for w in workloads {
    let k1 = calibrate { sink &+= meta.validate(w.schemaJSON).errors.count }
    let k2 = calibrate { sink &+= (try? JSONSchema.compile(w.schemaJSON))?.isValid(w.instances[0]) == true ? 1 : 0 }
    reps[w.name] = (k1, k2)
}
// Warm-up.
for w in workloads { sink &+= isValidLoop(w.schema, w.instances) }

for round in 1...args.runs {
    for w in workloads {
        let p = "jsonschema/\(w.name)"
        let t = recorder.measure("\(p)/is_valid/all", ops: w.instances.count) { sink &+= isValidLoop(w.schema, w.instances) }
        print(String(format: "round %d/%d  %@ is_valid/all: %.2f µs", round, args.runs, w.name, t / Double(w.instances.count) * 1e6))
        recorder.measure("\(p)/is_valid/valid", ops: w.valid.count) { sink &+= isValidLoop(w.schema, w.valid) }
        recorder.measure("\(p)/is_valid/invalid", ops: w.invalid.count) { sink &+= isValidLoop(w.schema, w.invalid) }
        recorder.measure("\(p)/iter_errors/invalid", ops: w.invalid.count) { sink &+= validateLoop(w.schema, w.invalid) }
        let (k1, k2) = reps[w.name]!
        recorder.measure("\(p)/check_schema", ops: k1, unit: "schema") {
            for _ in 0..<k1 { sink &+= meta.validate(w.schemaJSON).errors.count }
        }
        recorder.measure("\(p)/build_validator", ops: k2, unit: "schema") {
            for _ in 0..<k2 { sink &+= (try? JSONSchema.compile(w.schemaJSON))?.isValid(w.instances[0]) == true ? 1 : 0 }
        }
    }
}

let iso = ISO8601DateFormatter()
var load = [Double](repeating: 0, count: 3)
getloadavg(&load, 3)
let result: [String: Any] = [
    "figures_format": 1, "suite": "jsonschema", "implementation": "Gatehouse JSONSchema (Swift, release)",
    "started_utc": iso.string(from: started), "finished_utc": iso.string(from: Date()), "runs": args.runs,
    "host": ["cpus": ProcessInfo.processInfo.activeProcessorCount, "loadavg_end": load],
    "checks": checks, "notes": notes, "benchmarks": recorder.figures(),
]
let data = try! JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
FileManager.default.createFile(atPath: args.out, contents: data)
print("wrote \(args.out) (sink \(sink % 2))")
exit(allOK ? 0 : 1)
