// Measures what Shield adds to one call: the result inspection InspectResultStage runs on a
// forwarded upstream response (JSON walk, one-pass detectors, redaction splice), the argument
// inspection InspectArgumentsStage runs, and scanning one tool definition at discovery. Payloads
// are JSON-RPC responses shaped like real tool output (text content plus structuredContent).
import Foundation
import Guardrails
import JSONSchema

/// Prose that looks like tool output: sentences, numbers, paths, URLs, code.
func prose(bytes: Int, hitEvery: Int?) -> String {
    let sentences = [
        "The deployment finished in 42 seconds and all 318 checks passed.",
        "See https://docs.example.org/guide/install for the full installation guide.",
        "Files changed: src/server/main.swift, src/server/routes.swift (+120 -34).",
        "SELECT id, name FROM customers WHERE region = 'EU' ORDER BY name;",
        "Version 2.14.3 fixes a crash when the cache directory is missing.",
        "Throughput rose from 1,250 to 1,870 requests per second after the change.",
        "func handle(_ request: Request) async throws -> Response { try await next(request) }",
        "Meeting notes: review the Q3 roadmap, assign owners, ship the beta on Friday.",
    ]
    var out = ""
    var i = 0
    var sinceHit = 0
    while out.utf8.count < bytes {
        out += sentences[i % sentences.count] + " "
        sinceHit += sentences[i % sentences.count].utf8.count
        if let every = hitEvery, sinceHit >= every {
            out += "Contact jane.doe@acme-corp.com or use key AKIAZ3MFQ7XKLH4PWN2B. "
            sinceHit = 0
        }
        i += 1
    }
    return String(out.utf8.prefix(bytes))!
}

/// A JSON-RPC response with `text` as content and a small structuredContent; returns the bytes
/// and where the result is.
func response(_ text: String) -> ([UInt8], Range<Int>) {
    let result: JSONValue = ["content": [["type": "text", "text": .string(text)]], "structuredContent": ["status": "ok", "items": 3], "isError": false]
    let prefix = Array(#"{"jsonrpc":"2.0","id":7,"result":"#.utf8)
    let body = result.serialized()
    return (prefix + body + Array("}".utf8), prefix.count..<(prefix.count + body.count))
}

struct Stats {
    var samples: [Double]  // microseconds
    var median: Double { samples.sorted()[samples.count / 2] }
    var p99: Double { samples.sorted()[min(samples.count - 1, Int(Double(samples.count) * 0.99))] }
}

func measure(iterations: Int, warmup: Int = 5, _ body: () -> Void) -> Stats {
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    samples.reserveCapacity(iterations)
    let clock = ContinuousClock()
    for _ in 0..<iterations {
        let d = clock.measure(body)
        samples.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
    }
    return Stats(samples: samples)
}

func format(_ us: Double) -> String { us >= 1000 ? String(format: "%.2f ms", us / 1000) : String(format: "%.1f µs", us) }

// `BENCH_ONCE=<case>` runs one inspection of one case and exits: for counting instructions with
// `valgrind --tool=callgrind`, which is repeatable on a busy machine where wall time is not.
if let once = ProcessInfo.processInfo.environment["BENCH_ONCE"] {
    let actions = DetectorActions().merged(["email": .redact, "phone": .redact, "payment_card": .redact])
    let inspector = PayloadInspector(phase: .result, actions: actions)
    let size = once.hasPrefix("1mb") ? 1 << 20 : 1 << 10
    let (bytes, range) = response(prose(bytes: size, hitEvery: once.hasSuffix("hits") ? min(4096, size / 2) : nil))
    // BENCH_REPEAT=2 minus BENCH_REPEAT=1 is one inspection without start-up and payload building.
    let repeats = Int(ProcessInfo.processInfo.environment["BENCH_REPEAT"] ?? "1") ?? 1
    for _ in 0..<repeats {
        let i = inspector.inspect(bytes, range: range)
        print(i.scannedBytes, i.hits.count, i.rewritten(bytes)?.count ?? 0)
    }
    exit(0)
}

// The project defaults, with personal data redacted (the heavier path) as a server might set it.
let actions = DetectorActions().merged(["email": .redact, "phone": .redact, "payment_card": .redact])
let resultInspector = PayloadInspector(phase: .result, actions: actions)
let fullInspector = PayloadInspector(phase: .result, actions: actions, maxScanBytes: 64 << 20)

print("Shield per-call cost (\(ProcessInfo.processInfo.activeProcessorCount) cores, release build)")
print("payload                              median      p99        throughput")
func row(_ name: String, size: Int, _ s: Stats) {
    let mbps = Double(size) / (s.median / 1e6) / 1e6
    print(name.padding(toLength: 36, withPad: " ", startingAt: 0), format(s.median).padding(toLength: 11, withPad: " ", startingAt: 0),
          format(s.p99).padding(toLength: 10, withPad: " ", startingAt: 0), String(format: "%.0f MB/s", mbps))
}

for (label, size, iterations) in [("1 KB", 1 << 10, 20_000), ("1 MB", 1 << 20, 60)] {
    let (clean, cleanRange) = response(prose(bytes: size, hitEvery: nil))
    let (dirty, dirtyRange) = response(prose(bytes: size, hitEvery: min(4096, size / 2)))
    var sink = 0
    let s1 = measure(iterations: iterations) {
        let i = resultInspector.inspect(clean, range: cleanRange)
        sink &+= i.scannedBytes + (i.rewritten(clean)?.count ?? 0)
    }
    row("result \(label), clean (forwarded as is)", size: clean.count, s1)
    let s2 = measure(iterations: iterations) {
        let i = resultInspector.inspect(dirty, range: dirtyRange)
        sink &+= i.scannedBytes + (i.rewritten(dirty)?.count ?? 0)
    }
    row("result \(label), hits redacted", size: dirty.count, s2)
    if size > 1 << 10 {
        let big = response(prose(bytes: 8 << 20, hitEvery: nil))
        let s3 = measure(iterations: 10) {
            let i = resultInspector.inspect(big.0, range: big.1)
            sink &+= i.scannedBytes
        }
        row("result 8 MB, capped at 1 MiB", size: 1 << 20, s3)
        let s4 = measure(iterations: 10) {
            let i = fullInspector.inspect(big.0, range: big.1)
            sink &+= i.scannedBytes
        }
        row("result 8 MB, uncapped", size: big.0.count, s4)
    }
    if sink == 42 { print("") }
}

let argumentInspector = PayloadInspector(phase: .arguments, actions: DetectorActions())
let arguments: JSONValue = [
    "query": "quarterly revenue by region", "url": "https://api.example.org/v2/reports?year=2026&format=json", "path": "reports/2026/q3.csv",
    "limit": 50, "notes": "Compare with last year's figures; include the EU breakdown.",
]
var argSink = 0
let s5 = measure(iterations: 20_000) {
    let (i, r) = argumentInspector.inspect(value: arguments, pointerPrefix: "/arguments")
    argSink &+= i.scannedBytes + (r == nil ? 0 : 1)
}
row("arguments (5 fields, ~200 B)", size: arguments.serialized().count, s5)

let tool: JSONObject = [
    "name": "create_issue",
    "description": "Create a new issue in a GitHub repository. Use this tool when the user asks to file a bug or a feature request.",
    "inputSchema": [
        "type": "object",
        "properties": ["owner": ["type": "string", "description": "Repository owner"], "repo": ["type": "string"], "title": ["type": "string"], "body": ["type": "string", "description": "Issue body (Markdown)"]],
    ],
]
let scanner = DefinitionScanner(context: ScanContext(otherServers: ["mail": ["send_email", "list_inbox"], "fs": ["read_file", "write_file"]]))
var scanSink = 0
let s6 = measure(iterations: 5_000) { scanSink &+= scanner.scan(ScanItem(kind: .tool, name: "create_issue", definition: tool)).count }
print("definition scan (one tool, at discovery)".padding(toLength: 36, withPad: " ", startingAt: 0), format(s6.median).padding(toLength: 11, withPad: " ", startingAt: 0), format(s6.p99))
if argSink + scanSink == -1 { print("") }
