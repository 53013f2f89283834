// Shared fixtures: a registry on a fresh temporary data folder.
import Foundation
import Logging
import Store

@testable import Registry

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}()

/// A data folder that is removed when the test ends.
final class TemporaryDataFolder: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "gatehouse-registry-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// - Parameter busyTimeout: How long a write waits for another store's; the store's default
    ///   when nil.
    func openRegistry(environment: [String: String] = [:], busyTimeout: Duration? = nil) async throws -> RegistryService {
        guard let busyTimeout else { return try await RegistryService.open(dataDirectory: path, logger: quietLogger, environment: environment) }
        let store = try await SQLiteStore.open(directory: path, busyTimeout: busyTimeout, logger: quietLogger)
        return RegistryService(store: store, dataDirectory: path, logger: quietLogger, environment: environment)
    }
}

/// Runs `body` with a registry on a fresh folder, closing it afterwards.
func withRegistry<T>(
    environment: [String: String] = [:], busyTimeout: Duration? = nil, _ body: (RegistryService, TemporaryDataFolder) async throws -> T
) async throws -> T {
    let folder = try TemporaryDataFolder()
    let registry = try await folder.openRegistry(environment: environment, busyTimeout: busyTimeout)
    do {
        let result = try await body(registry, folder)
        await registry.close()
        return result
    } catch {
        await registry.close()
        throw error
    }
}

let notesDefinition = ServerDefinition(
    slug: "notes", name: "com.example/notes", upstream: UpstreamDefinition(url: "http://127.0.0.1:8765/mcp"),
    tools: ToolSelectionDefinition(enabled: ["echo"]))
