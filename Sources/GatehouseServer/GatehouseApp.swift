// The composition root of `gatehouse serve`: opens the registry on the data folder, applies the
// configuration, builds the data plane (directory, upstream pool, pipeline, transport) and the
// admin API on one HTTP server, and runs everything long-lived as services.
//
// Start order: audit writer → key-use writer → registry watcher → HTTP server → stream closer.
// Shutdown runs in reverse: long-lived event streams end, the HTTP server stops accepting and
// lets in-flight calls finish, then the watcher stops, key use and the audit queue are written;
// last the upstream connections close (stdio process trees are stopped) and the store closes.
import AsyncHTTPClient
import Auth
import Enforcement
import Foundation
import Gateway
import Guardrails
import Hummingbird
import Identity
import Logging
import MCPCore
import Registry
import ServiceLifecycle

/// Why `serve` could not start.
package struct ServeError: Error, CustomStringConvertible {
    package var description: String
}

/// Runs the gateway.
package enum GatehouseApp {
    /// Runs until SIGTERM or SIGINT.
    /// - Parameters:
    ///   - configPath: A YAML configuration file, or `nil` for the bundled example.
    ///   - onListening: Called with the bound address once the server accepts connections.
    package static func run(
        configPath: String?, flags: ServeFlags, environment: [String: String], logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) async throws {
        // Configuration: read the file once, resolve the server's own settings, report everything.
        let (text, fileName, source) = try configurationText(configPath)
        let document = ConfigDocument.load(text, file: fileName)
        let settings = ServeSettings.resolve(flags: flags, environment: environment, section: document.gateway, diagnostics: document.diagnostics)
        let identity = IdentityConfiguration.resolve(section: document.identity, environment: environment, diagnostics: document.diagnostics)
        let shield = GuardrailsResolver.shield(document.shield, into: document.diagnostics)
        if document.diagnostics.hasErrors {
            throw ServeError(description: document.diagnostics.inFileOrder.map(\.description).joined(separator: "\n"))
        }
        try IdentityWiring.checkTestMode(identity, settings: settings)

        let registry = try await RegistryService.open(dataDirectory: settings.dataDirectory, logger: logger, environment: environment)
        do {
            try await serve(
                document: document, source: source, settings: settings, identity: identity, shield: shield, registry: registry, logger: logger,
                onListening: onListening)
        } catch {
            await registry.close()
            throw error
        }
        await registry.close()
    }

    private static func serve(
        document: ConfigDocument, source: String, settings: ServeSettings, identity: IdentityConfiguration, shield: ShieldConfiguration,
        registry: RegistryService, logger: Logger,
        onListening: @escaping @Sendable (String, Int) async -> Void
    ) async throws {
        // The CLI on this data folder refuses `tools enable` above the same limit.
        try await registry.setProjectEnableLimit(shield.enableMaxSeverity)
        let applied = try await registry.apply(document, source: source, dryRun: false)
        for d in applied.diagnostics { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
        for line in applied.lines where !line.hasPrefix("=") { logger.info("Configuration applied", metadata: ["gatehouse.change": "\(line)"]) }

        try await IdentityWiring.checkAutoConsentUser(identity, registry: registry)
        let adminToken = try await registry.prepareAdminToken()
        var banner: [String] = []
        if case .created(let file) = adminToken { banner.append("Admin token (for the admin API and `--server`): written to \(file)") }
        if source == BundledConfiguration.name, try await registry.keys().isEmpty {
            let (key, _) = try await registry.createKey(application: BundledConfiguration.quickstartApplication)
            banner.append("API key for application \"\(BundledConfiguration.quickstartApplication)\" (shown once; only its hash is stored): \(key)")
        }

        let codec = SessionCodec(key: try await SessionKey.load(from: registry))
        let http = UpstreamPool.makeHTTPClient(settings.gateway.upstream)
        let pool = UpstreamPool(client: http, options: .init(settings.gateway.upstream), logger: logger)
        let provider = DirectoryProvider()
        let hub = NotificationHub()
        let announcer = ListChangeAnnouncer(hub: hub)
        provider.observe { old, new in announcer.announce(from: old, to: new) }
        let audit = AuditWriter(log: registry.auditLog, logger: logger)
        let keyUsage = KeyUsageWriter(registry: registry, logger: logger)
        let watcher = RegistryWatcher(
            registry: registry, provider: provider, pool: pool, logger: logger, rediscoveryInterval: settings.gateway.upstream.rediscoveryInterval,
            refreshInterval: settings.gateway.upstream.refreshInterval, shield: shield)
        let refresher = CatalogRefresher(pool: pool, sink: watcher, logger: logger)
        watcher.use(refresher)
        pool.onServerNotification { slug, note in
            switch note.method {
            case MCPMethod.toolsListChanged, MCPMethod.promptsListChanged:
                // Re-discover; the directory update that follows announces the change to clients.
                if let server = provider.current.servers[slug] { Task { await refresher.refresh(server) } }
            case MCPMethod.resourcesListChanged:
                let grants = provider.current.grants
                hub.publish(.resources, server: slug, visible: { grants[$0]?.servers[slug] != nil })
            default:
                break
            }
        }
        let publicURL = PublicURL(settings.publicURL ?? "http://\(settings.host):\(settings.port)")
        let authorizationServer = AuthorizationServer(
            publicURL: publicURL, configuration: identity, registry: registry, servers: DirectoryServers(provider: provider), http: http,
            cookieKey: try await IdentityWiring.cookieKey(registry), logger: logger, registryChanged: { _ = try? await watcher.reload() })
        try await authorizationServer.prepareSigningKeys()
        try await watcher.reload()

        let dispatcher = GatewayDispatcher(pool: pool)
        let identify = IdentifyStage(usage: keyUsage, freshness: watcher, publicURL: publicURL, defaultApplication: identity.defaultApplication)
        let hook = HTTPGuardrailHook(client: http)
        // The order and why it is so: Gateway/Pipeline/GatewayPipeline.swift.
        let pipeline = GatewayPipeline(
            stages: [
                AuditStage(sink: audit, recordArguments: settings.gateway.audit.recordArguments), identify,
                RouteStage(pageSize: settings.gateway.listPageSize), AuthorizeStage(), RateLimitStage(limiter: RateLimiter()), ValidateArgumentsStage(),
                InspectArgumentsStage(shield: shield), GuardrailHookStage(phase: .arguments, shield: shield, client: hook),
                GuardrailHookStage(phase: .result, shield: shield, client: hook), InspectResultStage(shield: shield),
            ],
            terminal: { call, context in try await dispatcher.dispatch(call, context: context) })
        let transport = MCPHTTPTransport(
            pipeline: pipeline, directory: provider, codec: codec, sessions: SessionRegistry(lifetime: settings.gateway.sessions.lifetime),
            hub: hub, configuration: settings.gateway, audit: audit, identify: identify, publicURL: publicURL)

        let router = Router(context: GatewayRequestContext.self)
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: #"{"status":"ok"}"#)))
        }
        transport.register(on: router)
        IdentityRoutes.register(on: router, server: authorizationServer)
        // Admin writes take effect on the data plane before they are answered.
        let adminRoutes = router.group().add(middleware: ReloadAfterAdminWrites(watcher: watcher))
        AdminAPI.register(on: adminRoutes, registry: registry)
        AdminAPI.registerIdentity(on: adminRoutes, registry: registry, rotateSigningKey: { try await authorizationServer.rotateSigningKey() })
        let host = settings.host
        let bannerLines = banner
        let app = Application(
            // Two: one agent, or a legacy client's event stream and its calls (ConnectionExecutor.swift).
            router: router, server: .http1LoadAware(pinnedConnectionLimit: 2),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "gatehouse"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                if settings.publicURL == nil { publicURL.set("http://\(host):\(port)") }
                var lines = ["Gatehouse listening on http://\(host):\(port)", "  MCP endpoint: http://\(host):\(port)/mcp (and /servers/{slug}/mcp)"]
                lines += bannerLines.map { "  " + $0 }
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                await onListening(host, port)
            },
            logger: logger)

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: audit), .init(service: keyUsage), .init(service: watcher), .init(service: IdentityMaintenance(server: authorizationServer)),
            .init(service: app),
        ]
        if let tls = settings.tls {
            services.append(
                .init(
                    service: try IdentityWiring.tlsApplication(tls, transport: transport, logger: logger) { port in
                        FileHandle.standardOutput.write(Data("Gatehouse mTLS listener on https://\(tls.host):\(port)\n".utf8))
                    }))
        }
        services.append(.init(service: StreamCloser(hub: hub)))
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await pool.shutdown()
            try? await http.shutdown()
            throw error
        }
        await pool.shutdown()
        try await http.shutdown()
        logger.info("Gatehouse stopped")
    }

    /// The configuration text, how to name it, and its `managedBy` identity.
    static func configurationText(_ path: String?) throws -> (String, String, String) {
        guard let path else { return (BundledConfiguration.yaml, BundledConfiguration.name, BundledConfiguration.name) }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: absolute) else {
            throw ServeError(description: "Cannot read the configuration file \(path): it does not exist or is not readable.")
        }
        return (String(decoding: data, as: UTF8.self), path, absolute)
    }
}

/// Reloads the directory after a successful admin write, before the response leaves.
struct ReloadAfterAdminWrites<Context: RequestContext>: RouterMiddleware {
    let watcher: RegistryWatcher

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if request.method != .get, request.method != .head, response.status.code < 300 {
            _ = try? await watcher.reload()
        }
        return response
    }
}

/// Ends long-lived event streams when shutdown begins, so that the HTTP server can drain.
struct StreamCloser: Service {
    let hub: NotificationHub

    func run() async throws {
        try? await gracefulShutdown()
        hub.shutdown()
    }
}
