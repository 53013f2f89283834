// Finding the shared test corpus (`shared/conformance`) from this file's location, and reading
// JSON files from it. A missing corpus is a failure with a clear message, never a skip.

import Foundation
import JSONSchema

enum TestSupport {
    struct MissingCorpus: Error, CustomStringConvertible {
        let description: String
    }

    /// The `shared` directory: `$GATEHOUSE_SHARED_DIR`, else the first ancestor of this file
    /// that contains `shared/conformance`.
    static func sharedDirectory(file: String = #filePath) throws -> String {
        if let env = ProcessInfo.processInfo.environment["GATEHOUSE_SHARED_DIR"], !env.isEmpty { return env }
        var dir = (file as NSString).deletingLastPathComponent
        while dir != "/" && !dir.isEmpty {
            let candidate = (dir as NSString).appendingPathComponent("shared/conformance")
            if FileManager.default.fileExists(atPath: candidate) {
                return (dir as NSString).appendingPathComponent("shared")
            }
            dir = (dir as NSString).deletingLastPathComponent
        }
        throw MissingCorpus(description: "no shared/conformance directory above \(file); set GATEHOUSE_SHARED_DIR to the shared folder")
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MissingCorpus(description: "cannot read \(path)")
        }
        return try JSONParser.parse([UInt8](data))
    }

    static func listJSONFiles(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
            .map { (dir as NSString).appendingPathComponent($0) }
    }
}
