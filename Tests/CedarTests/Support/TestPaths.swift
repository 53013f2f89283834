// Where the tests find their data and tools: the shared conformance corpus (walking up from this
// file to a directory holding `shared/conformance`, or $GATEHOUSE_SHARED_DIR), and the Python
// venv with cedarpy at the repository root (the directory with `tests/requirements.txt`), or
// $GATEHOUSE_PYTHON.

import Foundation

enum TestPaths {
    /// The `shared` directory holding `conformance/cedar`, or nil when it cannot be found.
    static let sharedDirectory: URL? = {
        if let env = ProcessInfo.processInfo.environment["GATEHOUSE_SHARED_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("conformance").path) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// `shared/conformance/cedar`.
    static var cedarConformance: URL? { sharedDirectory?.appendingPathComponent("conformance/cedar") }

    /// The repository root: the nearest ancestor of this file holding `tests/requirements.txt`.
    static let repositoryRoot: URL? = {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("tests/requirements.txt").path) {
                return dir
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// The Python interpreter that has cedarpy: $GATEHOUSE_PYTHON, else `<root>/.venv/bin/python3`.
    static var python: URL? {
        if let env = ProcessInfo.processInfo.environment["GATEHOUSE_PYTHON"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        guard let root = repositoryRoot else { return nil }
        let venv = root.appendingPathComponent(".venv/bin/python3")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    /// The directory of this test target's source files (helper scripts live here).
    static let testSources = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()

    static let missingSharedMessage =
        "Cedar conformance data not found: no ancestor of \(#filePath) contains shared/conformance; set GATEHOUSE_SHARED_DIR"

    static func read(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }
}
