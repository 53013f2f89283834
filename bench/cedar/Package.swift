// swift-tools-version: 6.2
// Benchmark for the Cedar module against cedarpy (see README.md and run.sh). A separate package
// so the root package stays lean; it builds only the `Cedar` product of the root package.
import Foundation
import PackageDescription

// A path dependency is identified by its directory name, which depends on where the repository
// is checked out; derive it rather than hard-coding it.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let package = Package(
    name: "cedar-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "CedarBench",
            dependencies: [.product(name: "Cedar", package: rootIdentity)],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ],
    swiftLanguageModes: [.v6]
)
