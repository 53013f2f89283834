// swift-tools-version: 6.2
// Throughput benchmark of the JSONSchema library on the oracle workload (MCP tool schemas),
// run side by side with Python jsonschema by run.sh.
import Foundation
import PackageDescription

// The root package (`../..`) is known by its directory name. When that name is `jsonschema`
// (as in the `jsonschema` worktree) it would clash with this package's own name, so run.sh
// links the root as `.root/gatehouse` and that path is used instead.
let rootName = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()
let rootPath = rootName == "jsonschema" ? ".root/gatehouse" : "../.."
let rootIdentity = rootName == "jsonschema" ? "gatehouse" : rootName

let package = Package(
    name: "jsonschema-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: rootPath)],
    targets: [
        .executableTarget(
            name: "JSONSchemaBench",
            dependencies: [.product(name: "JSONSchema", package: rootIdentity)],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
