// swift-tools-version: 6.2
// Benchmark for the Cedar module against cedarpy (see README.md and run.sh). A separate package
// so the root package stays lean; it builds only the `Cedar` product of the root.
import PackageDescription

let package = Package(
    name: "cedar-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../..")],
    targets: [
        .executableTarget(
            name: "CedarBench",
            dependencies: [.product(name: "Cedar", package: "gatehouse")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ],
    swiftLanguageModes: [.v6]
)
