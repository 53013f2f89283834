// swift-tools-version: 6.2
// Gatehouse: a security-first MCP registry and gateway. One package, one module per
// responsibility; dependencies point downward (see docs/ARCHITECTURE.md).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "gatehouse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gatehouse", targets: ["gatehouse"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "Cedar", targets: ["Cedar"]),
        .library(name: "Guardrails", targets: ["Guardrails"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
    ],
    targets: [
        // CLI entry: serve, apply, servers, tools, keys, audit, demo-server.
        .executableTarget(
            name: "gatehouse",
            dependencies: [
                "GatehouseServer", "GatehouseDemo", "Registry", "Store", "MCPCore", "JSONSchema", "Auth", "Enforcement", "Gateway", "Guardrails",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Composition root: HTTP application, route wiring, lifecycle, config loading.
        .target(
            name: "GatehouseServer",
            dependencies: [
                "Gateway", "Registry", "Store", "Auth", "MCPCore", "Enforcement", "Identity", "Guardrails",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Data plane: transport, sessions, pipeline stages, upstream connectors.
        .target(
            name: "Gateway",
            dependencies: [
                "MCPCore", "Auth", "Enforcement", "Guardrails",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Control plane: registry model, services, configuration, admin API model.
        .target(
            name: "Registry",
            dependencies: [
                "MCPCore", "Store", "Auth", "JSONSchema", "Enforcement", "Cedar", "Guardrails",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Credentials without I/O: API keys, PKCE, redirect matching, password hashing, access
        // token signing and checking, client certificate names.
        .target(
            name: "Auth",
            dependencies: [
                "MCPCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: swiftSettings
        ),
        // The OAuth 2.1 authorization server for Gatehouse's own endpoints, sign-in (built-in
        // accounts, an external OpenID Connect provider), signing keys.
        .target(
            name: "Identity",
            dependencies: [
                "Auth", "Registry", "Store", "JSONSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Persistence behind protocols: SQLite by default.
        .target(
            name: "Store",
            dependencies: [
                "MCPCore",
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The bundled demo MCP server (stdio and HTTP), also the in-process upstream of tests.
        .target(
            name: "GatehouseDemo",
            dependencies: [
                "MCPCore", "JSONSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Enforcement decisions without I/O: the Cedar model of MCP (schema, entities, context,
        // compiled policy sets), token buckets and rate-limit rules, compiled argument schemas,
        // definition diffs, deprecation notices. Gateway and Registry both use it.
        .target(
            name: "Enforcement",
            dependencies: ["Cedar", "JSONSchema", "MCPCore"],
            swiftSettings: swiftSettings
        ),
        // Shield: tool-definition scanning and runtime detectors (DLP, injection, SSRF); depends
        // only on JSONSchema, public so bench/guardrails can measure it.
        .target(name: "Guardrails", dependencies: ["JSONSchema"], swiftSettings: swiftSettings),
        // JSON-RPC and MCP message model; no I/O.
        .target(
            name: "MCPCore",
            dependencies: ["JSONSchema", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Standalone JSON Schema validator (2020-12, draft-07); no Gatehouse dependency.
        .target(name: "JSONSchema", swiftSettings: swiftSettings),
        // Standalone Cedar policy engine; no Gatehouse dependency.
        .target(name: "Cedar", swiftSettings: swiftSettings),

        // Helpers shared by the test targets (waiting for a condition, child processes).
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "MCPCoreTests", dependencies: ["MCPCore"], swiftSettings: swiftSettings),
        .testTarget(name: "AuthTests", dependencies: ["Auth", .product(name: "X509", package: "swift-certificates")], swiftSettings: swiftSettings),
        .testTarget(
            name: "IdentityTests",
            dependencies: [
                "Identity", "Auth", "Registry", "Store", "JSONSchema",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "TestSupport", "Gateway", "Auth", "MCPCore", "JSONSchema", "GatehouseDemo", "Enforcement", "Cedar", "Guardrails",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"], swiftSettings: swiftSettings),
        // Detectors, scan rules, and the labelled corpus (Tests/GuardrailsTests/Corpus).
        .testTarget(name: "GuardrailsTests", dependencies: ["Guardrails", "JSONSchema"], exclude: ["Corpus"], swiftSettings: swiftSettings),
        .testTarget(name: "CedarTests", dependencies: ["Cedar"], swiftSettings: swiftSettings),
        .testTarget(name: "EnforcementTests", dependencies: ["Enforcement", "Cedar", "JSONSchema", "MCPCore"], swiftSettings: swiftSettings),
        // Control plane tests (store, registry services, configuration, admin API, CLI end to end).
        .testTarget(
            name: "StoreTests", dependencies: ["Store", "JSONSchema", .product(name: "SQLKit", package: "sql-kit")], swiftSettings: swiftSettings),
        // End to end: the built `gatehouse` binary with real peers (Python SDK client and server).
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "TestSupport", "JSONSchema",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatehouseServerTests",
            dependencies: [
                "TestSupport", "GatehouseServer", "Gateway", "Registry", "Enforcement", "Guardrails",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "RegistryTests",
            dependencies: [
                "Registry", "Store", "Auth", "Enforcement", "Guardrails",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Runs the built `gatehouse` binary (`swift build --build-tests` builds it beside the tests).
        .testTarget(
            name: "CLITests",
            dependencies: [
                "TestSupport", "Registry", "Store", "Auth", "Guardrails", "JSONSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmarks are part of the package only when asked for (as Hummingbird does), so ordinary
// builds and tests never compile them: GATEHOUSE_BENCHMARKS=1 swift build --product EnforcementBench.
if Context.environment["GATEHOUSE_BENCHMARKS"] != nil {
    package.products.append(.executable(name: "EnforcementBench", targets: ["EnforcementBench"]))
    package.targets.append(
        .executableTarget(
            name: "EnforcementBench",
            dependencies: [
                "Gateway", "Enforcement", "Auth", "MCPCore", "JSONSchema", .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/enforcement/Sources/EnforcementBench",
            swiftSettings: swiftSettings
        ))
}
