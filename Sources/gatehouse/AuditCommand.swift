// `gatehouse audit tail [-n N] [--follow]`: the newest audit records, and new ones as they come.
import ArgumentParser
import Foundation
import Registry

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Read the audit log.", subcommands: [Tail.self], defaultSubcommand: Tail.self)

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
