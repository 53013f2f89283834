// The enforcement path without I/O: each stage's CPU per call, and the whole pipeline from audit
// to a terminal that answers at once, with 0 and 100 attached policies. Built only when
// GATEHOUSE_BENCHMARKS is set (see Package.swift); run with bench/enforcement/run.sh.
//
// Method: for every configuration, N calls run back to back on one task (no suspension happens:
// no stage waits on I/O); CPU time is CLOCK_PROCESS_CPUTIME_ID around the loop, divided by N.
// Each figure is the median of R rounds. A stage's cost is measured by running a pipeline that
// ends right after it and subtracting the pipeline that ends right before it, so route and
// identify (which the spine already had) are not counted as enforcement.
import Auth
import Enforcement
import Foundation
import Gateway
import JSONSchema
import Logging
import MCPCore

#if canImport(Glibc)
    import Glibc
#endif

func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let arguments = CommandLine.arguments
let iterations = arguments.firstIndex(of: "--iterations").map { Int(arguments[$0 + 1])! } ?? 40_000
let rounds = arguments.firstIndex(of: "--rounds").map { Int(arguments[$0 + 1])! } ?? 5

// MARK: - The directory: two servers like the gateway bench (echo with a 1 KiB text argument).

let key = APIKey.generate()
let apps = (0..<20).map { "app-\($0)" }
func tool(_ name: String, _ schema: JSONObject, readOnly: Bool = true) -> CatalogEntry {
    let def: JSONObject = ["name": .string(name), "inputSchema": .object(schema), "annotations": ["readOnlyHint": .bool(readOnly)]]
    return CatalogEntry(name: name, definition: def, hash: DefinitionHash.tool(def), pinnedHash: DefinitionHash.tool(def), arguments: .compile(def["inputSchema"]),
        facts: ToolFacts(definition: def))
}
let echoSchema: JSONObject = ["type": "object", "properties": ["text": ["type": "string", "maxLength": 4096]], "required": ["text"], "additionalProperties": false]
let addSchema: JSONObject = ["type": "object", "properties": ["a": ["type": "integer"], "b": ["type": "integer"]], "required": ["a", "b"]]
let serverNames = ["fast", "notes"] + (0..<8).map { "s\($0)" }
let servers = serverNames.map { slug in
    DirectoryServer(
        slug: slug, name: "com.example/\(slug)", upstream: .http(url: "http://127.0.0.1:1/mcp", headers: [:]),
        tools: [tool("echo", echoSchema), tool("add", addSchema, readOnly: false)] + (0..<8).map { tool("t\($0)", addSchema) },
        enablement: ToolEnablement(all: true))
}
let facts = servers.map { s in ServerFacts(slug: s.slug, name: s.name, tools: s.tools.compactMap(\.facts)) }

/// 100 policies, as a project might write them: most name one tool or one application (the
/// scope index skips them for other calls), some cover a server, some read arguments, a few are
/// in shadow mode.
func realisticPolicies(_ count: Int) -> [PolicySource] {
    (0..<count).map { i in
        let server = serverNames[i % serverNames.count]
        let cedar: String
        switch i % 5 {
        case 0:
            cedar = "forbid (principal == Gatehouse::Application::\"\(apps[i % apps.count])\", action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"\(server)/t\(i % 8)\");"
        case 1:
            cedar = "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"\(server)/add\") when { context.arguments.a > \(1000 + i) };"
        case 2:
            cedar = "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource in Gatehouse::Server::\"\(server)\") unless { context.annotations.readOnlyHint || principal == Gatehouse::Application::\"\(apps[i % apps.count])\" };"
        case 3:
            cedar = "forbid (principal == Gatehouse::Application::\"\(apps[(i + 3) % apps.count])\", action, resource in Gatehouse::Server::\"\(server)\") when { context has client_address && !context.client_address.isInRange(ip(\"10.0.0.0/8\")) };"
        default:
            cedar = "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource == Gatehouse::Tool::\"\(server)/echo\") when { context.arguments has text && context.arguments.text like \"*BEGIN PRIVATE KEY*\" };"
        }
        return PolicySource(id: "p\(i)", mode: i % 10 == 9 ? .shadow : .enforce, cedar: cedar)
    }
}

/// 100 policies that all match the benchmark call's scope, so every one has its condition
/// evaluated on every call (the worst case for the scope index).
func matchingPolicies(_ count: Int) -> [PolicySource] {
    (0..<count).map { i in
        let cedar =
            i % 2 == 0
            ? "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource) when { context.endpoint == \"/nowhere-\(i)\" };"
            : "forbid (principal, action == Gatehouse::Action::\"call_tool\", resource) when { context.arguments has text && context.arguments.text like \"*never-\(i)*\" };"
        return PolicySource(id: "m\(i)", cedar: cedar)
    }
}

func directory(policies: [PolicySource], limits: Int) -> GatewayDirectory {
    var grants: [String: ApplicationGrants] = [:]
    for app in apps + ["bench"] { grants[app] = ApplicationGrants(servers: Dictionary(uniqueKeysWithValues: serverNames.map { ($0, nil as Set<String>?) })) }
    let rules = (0..<limits).map { i in
        i == 0
            ? RateLimitRule(id: "bench", application: .each, limit: 1_000_000_000, period: 1)
            : RateLimitRule(id: "r\(i)", application: .only(apps[i % apps.count]), tool: .only("fast/t\(i % 8)"), limit: 5, period: 60)
    }
    return GatewayDirectory(
        generation: 1, servers: servers, callers: [DirectoryCaller(application: "bench", keyID: "k", keyHash: APIKey.hash(key))], grants: grants,
        policies: PolicyModel(version: 1, sources: policies, applications: apps + ["bench"], servers: facts), rateLimits: rules)
}

// MARK: - Calls

struct NoSink: AuditSink { func record(_ event: AuditEvent) {} }

let text = String(repeating: "x", count: 1024)
let request = JSONRPCRequest(id: .int(1), method: "tools/call", params: ["name": "fast__echo", "arguments": ["text": .string(text)]])
let call = GatewayCall(request: request, bearerToken: key)
let terminal: NextStage = { _, _ in .result(["content": [["type": "text", "text": "ok"]]]) }

func run(_ stages: [any GatewayStage], directory: GatewayDirectory) async -> Double {
    let pipeline = GatewayPipeline(stages: stages, terminal: terminal)
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = cpuSeconds()
        for _ in 0..<iterations {
            let context = CallContext(
                logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }), endpoint: .merged, protocolVersion: .v2026_07_28,
                clientAddress: "10.1.2.3", directory: directory)
            _ = try? await pipeline.run(call, context: context)
        }
        samples.append((cpuSeconds() - start) / Double(iterations) * 1e6)
    }
    return samples.sorted()[samples.count / 2]
}

/// The audit stage's SHA-256 of the canonical arguments, alone.
func hashCost() -> Double {
    let arguments = request.params!["arguments"]!
    var samples: [Double] = []
    for _ in 0..<rounds {
        let start = cpuSeconds()
        var sink = 0
        for _ in 0..<iterations { sink &+= AuditStage.argumentsHash(arguments).utf8.count }
        samples.append((cpuSeconds() - start) / Double(iterations) * 1e6)
        precondition(sink > 0)
    }
    return samples.sorted()[samples.count / 2]
}

func µs(_ x: Double) -> String { String(format: "%.2f µs", x) }

// Sanity: the benchmark call passes every stage.
do {
    let d = directory(policies: realisticPolicies(100), limits: 10)
    let pipeline = GatewayPipeline(
        stages: [AuditStage(sink: NoSink()), IdentifyStage(), RouteStage(), AuthorizeStage(), RateLimitStage(limiter: RateLimiter()), ValidateArgumentsStage()],
        terminal: terminal)
    let context = CallContext(logger: Logger(label: "bench"), endpoint: .merged, protocolVersion: .v2026_07_28, clientAddress: "10.1.2.3", directory: d)
    let reply = try await pipeline.run(call, context: context)
    guard case .result(let r) = reply, r["isError"] == nil else { fatalError("the benchmark call did not pass: \(reply)") }
}

print("enforcement micro-benchmark: \(iterations) calls × \(rounds) rounds per figure (median), tools/call of echo with a 1 KiB argument")
var results: [String: Double] = [:]
for (label, policies) in [("0 policies", [PolicySource]()), ("100 policies", realisticPolicies(100)), ("100 matching policies", matchingPolicies(100))] {
    let d = directory(policies: policies, limits: policies.isEmpty ? 0 : 10)
    let limiter = RateLimiter()
    let base: [any GatewayStage] = [AuditStage(sink: NoSink()), IdentifyStage(), RouteStage()]
    let spine = await run(base, directory: d)
    let authorize = await run(base + [AuthorizeStage()], directory: d)
    let limit = await run(base + [AuthorizeStage(), RateLimitStage(limiter: limiter)], directory: d)
    let validate = await run(base + [AuthorizeStage(), RateLimitStage(limiter: limiter), ValidateArgumentsStage()], directory: d)
    print("")
    print("\(label) (\(d.rateLimits.count) rate-limit rules):")
    print("  spine (audit, identify, route) \(µs(spine))")
    print("  + authorize                    \(µs(authorize - spine))")
    print("  + rate limit                   \(µs(limit - authorize))")
    print("  + validate arguments           \(µs(validate - limit))")
    let hashing = hashCost()
    print("  + audit: hash of the arguments \(µs(hashing))   (inside the audit stage, so also inside the spine figure)")
    print("  enforcement total              \(µs(validate - spine + hashing))   (whole pipeline \(µs(validate)))")
    results[label] = validate - spine + hashing
}
let json = try JSONSerialization.data(withJSONObject: results, options: [.sortedKeys])
print("")
print("RESULT " + String(decoding: json, as: UTF8.self))
