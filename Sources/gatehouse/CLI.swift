// What every control-plane command shares: one line per error on stderr with a non-zero exit,
// warnings on stderr, tables and JSON on stdout (so `--json` output can be piped as is).
import ArgumentParser
import Foundation
import Logging
import Registry
import Store

/// A failure of the command line itself (a missing file, a bad flag combination).
struct CommandLineError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum CLI {
    /// Log messages from the store and registry go to stderr, warnings and worse only.
    static let logger: Logger = {
        var logger = Logger(label: "gatehouse.cli") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        return logger
    }()

    /// Runs a command's work, turning any failure into `error: …` on stderr and exit status 1.
    static func run(_ work: () async throws -> Void) async throws {
        do {
            try await work()
        } catch let error as RegistryError {
            report(error.diagnostics)
            // With one error, its diagnostic line (with file and line) already says it all.
            if error.diagnostics.filter({ $0.severity == .error }).count != 1 { printError("error: \(error.message)") }
            throw ExitCode.failure
        } catch let error as StoreError {
            printError("error: \(error.description)")
            throw ExitCode.failure
        } catch let error as CommandLineError {
            printError("error: \(error.description)")
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            if error is ValidationError { throw error }
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Prints diagnostics (warnings, notes, errors) to stderr, one per line.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { printError(diagnostic.description) }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints `value` as pretty JSON with the admin API's shapes.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = AdminJSON.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints `value` as one line of JSON (for streams such as `audit tail --follow`).
    static func printJSONLine(_ value: some Encodable) throws {
        print(String(decoding: try AdminJSON.encoder().encode(value), as: UTF8.self))
    }

    /// Prints rows under a header, columns padded to their widest cell.
    static func printTable(_ header: [String], _ rows: [[String]]) {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            print(cells.joined(separator: "  "))
        }
    }

    /// `2026-11-22 10:15` in local time; `-` for none.
    static func format(_ date: Date?) -> String {
        guard let date else { return "-" }
        return date.formatted(Date.VerbatimFormatStyle(
            format: "\(year: .defaultDigits)-\(month: .twoDigits)-\(day: .twoDigits) \(hour: .twoDigits(clock: .twentyFourHour, hourCycle: .zeroBased)):\(minute: .twoDigits)",
            timeZone: .current, calendar: Calendar(identifier: .gregorian)))
    }

    /// The file name of a `managed_by` path, or `cli/api` for entries created by hand.
    static func origin(_ managedBy: String?) -> String {
        managedBy.map { ($0 as NSString).lastPathComponent } ?? "cli/api"
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func clip(_ text: String?, _ limit: Int) -> String {
        guard let text, !text.isEmpty else { return "-" }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > limit ? String(line.prefix(limit - 1)) + "…" : line
    }
}
