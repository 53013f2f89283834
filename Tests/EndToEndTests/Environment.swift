// Where end-to-end tests find what they run: the built `gatehouse` binary, the Python peers in
// `.venv`, and the shared conformance corpus. A missing piece fails the test with what to do.
import Foundation

enum TestEnvironment {
    /// The repository root (the folder holding `tests/requirements.txt`).
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("tests/requirements.txt").path) { return url }
            url.deleteLastPathComponent()
        }
        fatalError("cannot find the repository root above \(#filePath)")
    }()

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The `gatehouse` binary built next to this test bundle.
    static func binary() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["GATEHOUSE_BINARY"] { return explicit }
        for candidate in [CommandLine.arguments.first.map { URL(fileURLWithPath: $0).deletingLastPathComponent().appendingPathComponent("gatehouse").path },
                          root.appendingPathComponent(".build/debug/gatehouse").path].compactMap({ $0 })
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw Missing(description: "The gatehouse binary is not built; run `swift build` (or scripts/test).")
    }

    /// Python with the pinned peers (mcp, fastmcp, …).
    static func python() throws -> String {
        let path = ProcessInfo.processInfo.environment["GATEHOUSE_PYTHON"] ?? root.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Missing(description: "No Python venv at \(path); run scripts/bootstrap-venv (scripts/test does).")
        }
        return path
    }

    /// `shared/conformance`, found above the repository (GATEHOUSE_SHARED_DIR overrides).
    static func conformance() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["GATEHOUSE_SHARED_DIR"] {
            return URL(fileURLWithPath: explicit).appendingPathComponent("conformance")
        }
        var url = root
        while url.path != "/" {
            let candidate = url.appendingPathComponent("shared/conformance")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            url.deleteLastPathComponent()
        }
        throw Missing(description: "Cannot find shared/conformance above \(root.path); set GATEHOUSE_SHARED_DIR.")
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A port nothing listens on right now.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
