// swift-tools-version: 6.2
// Micro-benchmark of Shield's per-call work (the Guardrails library the inspect stages call),
// kept out of the main package so the product build never compiles it. Run with
// `swift run -c release` here; figures and method are in README.md.
import PackageDescription

let package = Package(
    name: "guardrails-bench",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "gatehouse", path: "../..")],
    targets: [
        .executableTarget(
            name: "guardrails-bench",
            dependencies: [.product(name: "Guardrails", package: "gatehouse"), .product(name: "JSONSchema", package: "gatehouse")],
            path: "Sources")
    ]
)
