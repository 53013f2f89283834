// The log handler of `gatehouse serve`: one line per message on stderr, metadata formatted only
// when a message is actually written. (swift-log's StreamLogHandler re-renders all metadata
// whenever a key is set, which every request does; that showed up as several percent of the
// gateway's CPU per call.)
import Foundation
import Logging
import Synchronization

/// Writes `time level label: key=value … [source] message` lines to stderr.
package struct GatehouseLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level
    package var metadataProvider: Logger.MetadataProvider?
    let label: String

    package init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        var line = Self.timestamp() + " " + event.level.rawValue + " " + label + ":"
        for key in all.keys.sorted() { line += " \(key)=\(all[key]!)" }
        line += " [\(event.source)] \(event.message)\n"
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static let output = Mutex(())

    private static func timestamp() -> String {
        Date().formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }
}
