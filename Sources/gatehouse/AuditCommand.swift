// `gatehouse audit tail [-n N] [--follow]`: the newest audit records, and new ones as they come.
// `gatehouse audit verify`: checks the hash chain (exit 1 when it is broken).
// `gatehouse audit export [-o FILE] [--after SEQ]`: JSON Lines, ISO 8601 times, with the hashes.
import ArgumentParser
import Foundation
import Registry

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read, verify and export the audit log.", subcommands: [Tail.self, Verify.self, Export.self],
        defaultSubcommand: Tail.self)

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the audit log's hash chain: any edited, deleted, inserted or reordered record is reported.",
            discussion: "Exits 1 when the chain is broken. Keep the printed head elsewhere to detect a rewrite of the whole log.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            try await CLI.run {
                let result = try await connection.withClient { try await $0.auditVerify() }
                if output.json {
                    try CLI.printJSON(result)
                } else {
                    print(result.intact ? "intact: \(result.records) records" : "BROKEN: \(result.problems.count) problem\(result.problems.count == 1 ? "" : "s") in \(result.records) records")
                    if result.unchained > 0 { print("\(result.unchained) records were written before the chain began") }
                    if let sequence = result.headSequence, let hash = result.headHash { print("head: \(sequence) \(hash)") }
                    for p in result.problems { print("  \(p)") }
                }
                if !result.intact { throw ExitCode.failure }
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit log as JSON Lines (one record per line, ISO 8601 times, with chain hashes).")
        @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output.") var output: String?
        @Option(help: "Start after this sequence number.") var after: Int64?
        @OptionGroup var connection: ConnectionOptions

        func run() async throws {
            try await CLI.run {
                var handle = FileHandle.standardOutput
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: nil), let h = FileHandle(forWritingAtPath: output) else {
                        throw CommandLineError("Cannot write \(output).")
                    }
                    handle = h
                }
                defer { if output != nil { try? handle.close() } }
                let encoder = AdminJSON.encoder()
                try await connection.withClient { client in
                    var cursor = after
                    while true {
                        let page = try await client.auditExport(after: cursor, limit: 1000)
                        for record in page { handle.write(try encoder.encode(record) + Data("\n".utf8)) }
                        guard let last = page.last else { break }
                        cursor = last.record.sequence
                    }
                }
            }
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the newest audit records, oldest first.",
            discussion: "With --json, one JSON object per line.")
        @Option(name: [.customShort("n"), .long], help: "How many records.") var lines = 20
        @Flag(name: .long, help: "Keep printing new records as they arrive (checks every second) until interrupted.") var follow = false
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard lines > 0 else { throw ValidationError("-n must be at least 1.") }
        }

        func run() async throws {
            try await CLI.run {
                try await connection.withClient { client in
                    var records = try await client.auditTail(limit: lines, after: nil)
                    if !output.json, !follow, records.isEmpty { print("The audit log is empty.") }
                    var printedHeader = false
                    var last: Int64 = records.last?.sequence ?? 0
                    while true {
                        if !records.isEmpty {
                            try emit(records, header: !printedHeader)
                            printedHeader = true
                            last = records.last?.sequence ?? last
                        }
                        guard follow else { return }
                        try await Task.sleep(for: .seconds(1))
                        records = try await client.auditTail(limit: 1000, after: last)
                    }
                }
            }
        }

        private func emit(_ records: [AuditRecordResource], header: Bool) throws {
            // Lines must reach a pipe as they come, not when a buffer fills.
            defer { fflush(nil) }
            if output.json {
                for record in records { try CLI.printJSONLine(record) }
                return
            }
            let rows = records.map { record in
                [
                    record.time.formatted(.iso8601), record.application ?? "-", record.method, record.server ?? "-", record.target ?? "-",
                    record.outcome, "\(record.latencyMicros / 1000).\(String(format: "%03d", record.latencyMicros % 1000)) ms",
                    record.errorReason.map { reason in record.errorMessage.map { "\(reason): \(CLI.clip($0, 60))" } ?? reason } ?? "-",
                ]
            }
            // Followed output keeps the column widths of a fixed header so lines line up as they come.
            if header || !follow {
                CLI.printTable(["TIME", "APPLICATION", "METHOD", "SERVER", "TARGET", "OUTCOME", "LATENCY", "ERROR"], rows)
            } else {
                for row in rows { print(row.joined(separator: "  ")) }
            }
        }
    }
}
