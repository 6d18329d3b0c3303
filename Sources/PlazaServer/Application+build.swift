import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Logging
import Metrics
import PlazaCatalog
import PlazaIdentity
import PlazaInstall
import PlazaRegistry
import PlazaSync
import Prometheus
import ServiceLifecycle

/// Everything a running Plaza server holds: the store, the mirrors and the sync engine.
public struct PlazaServices: Sendable {
    public let configuration: ServerConfiguration
    /// The store it was given; routes and services see it only through the repository protocols.
    public let store: any PlazaStorage
    public let mirrors: MirrorDirectory
    public let engine: SyncEngine
    /// Resolves secret references (webhook secrets); the engine has its own for git credentials.
    public let secrets: SecretResolver
    /// Who may call which route.
    public let access: AccessControl
    /// Pinned installations and their delivery.
    public let installations: InstallationService
    /// The port the server listens on once it runs (the public base of emitted URLs uses it).
    let listeningPort: PublicBase.PortBox
    /// The MCP registry's validation, governance and plugin-server derivation.
    let registry: RegistryService

    /// Serves `store` (already opened and migrated), with the mirrors in the data directory (created
    /// if needed). `bootstrapAdminToken` is the secret of an administrator token that exists only
    /// while this process runs (`serve --admin-token`), for creating the first stored tokens.
    public init(configuration: ServerConfiguration, store: any PlazaStorage, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment, bootstrapAdminToken: String? = nil) throws {
        self.configuration = configuration
        self.store = store
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        mirrors = try MirrorDirectory(root: configuration.mirrorsPath)
        let registry = RegistryService(store: store)
        let namespace = configuration.registryNamespace
        engine = SyncEngine(store: store, mirrors: mirrors, logger: logger, environment: environment, keyVault: configuration.keyVault,
                            outbound: configuration.outbound, afterSync: { name, _ in
                                // MCP servers shipped by plugins join the registry, linked to their plugin and commit.
                                guard let marketplace = try? await store.marketplace(named: name) else { return }
                                await Self.refreshPluginServers(registry, marketplace: marketplace, namespace: namespace, logger: logger)
                            })
        self.registry = registry
        secrets = SecretResolver(environment: environment, keyVault: configuration.keyVault)
        access = AccessControl(store: store, anonymousRead: configuration.anonymousRead, bootstrapAdminToken: bootstrapAdminToken)
        installations = InstallationService(store: store, mirrors: mirrors)
        listeningPort = PublicBase.PortBox(configuration.port)
    }

    /// Brings a synced marketplace's plugin MCP servers into the registry, logging what was left out.
    static func refreshPluginServers(_ registry: RegistryService, marketplace: Marketplace, namespace: String, logger: Logger) async {
        do {
            let refresh = try await registry.refreshPluginServers(marketplace: marketplace, namespace: namespace)
            for rejected in refresh.rejected {
                logger.warning("plugin MCP server not added to the registry", metadata: [
                    "server": "\(rejected.name)", "issues": "\(rejected.issues.map(\.message).joined(separator: "; "))"])
            }
        } catch {
            logger.error("refreshing plugin MCP servers in the registry failed", metadata: ["marketplace": "\(marketplace.registration.name)", "error": "\(error)"])
        }
    }
}

/// The one composition root: builds the router and the application around `services`.
public func buildApplication(services: PlazaServices, logger: Logger,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> some ApplicationProtocol {
    Telemetry.bootstrap()
    let interrupted = try await services.engine.recoverInterrupted()
    for name in interrupted {
        logger.warning("repairing a sync interrupted by a crash", metadata: ["marketplace": "\(name)"])
        let engine = services.engine
        Task { try? await engine.sync(name) }
    }
    // Pins recorded by an older Plaza name bundles it no longer builds; exports must name what is served.
    try await services.installations.refreshDeliveries(logger: logger)
    let router = buildRouter(services: services)
    let configuration = services.configuration
    let engine = services.engine
    return Application(
        router: router,
        server: try serverBuilder(configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "plaza"),
        onServerRunning: { channel in
            if configuration.defaultPollInterval > 0 { await engine.startPolling(defaultInterval: configuration.defaultPollInterval) }
            let port = channel.localAddress?.port ?? configuration.port
            services.listeningPort.set(port)
            await onServerRunning(port)
        },
        logger: logger)
}

/// Plain HTTP/1.1, or HTTPS when the configuration names a certificate and key.
func serverBuilder(_ configuration: ServerConfiguration) throws -> HTTPServerBuilder {
    guard let tls = configuration.tls else { return .http1(configuration: RequestLimits.http1) }
    let chain: [NIOSSLCertificate]
    do {
        chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain)
    } catch {
        throw ServerStartError("cannot read the TLS certificate chain \(tls.certificateChain): \(error)")
    }
    let key: NIOSSLPrivateKey
    do {
        key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
    } catch {
        throw ServerStartError("cannot read the TLS private key \(tls.privateKey): \(error)")
    }
    var tlsConfiguration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    tlsConfiguration.minimumTLSVersion = .tlsv12
    return try .tls(.http1(configuration: RequestLimits.http1), tlsConfiguration: tlsConfiguration)
}

/// Why the server cannot start (a bad certificate, key or address); says which file and why.
public struct ServerStartError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Routes: health, metrics, the OpenAPI document, and the `/v1` API.
public func buildRouter(services: PlazaServices) -> Router<PlazaRequestContext> {
    let router = Router(context: PlazaRequestContext.self)
    router.add(middleware: RegistryCORSMiddleware())
    router.add(middleware: ProblemMiddleware())
    router.add(middleware: RequestLimitsMiddleware())
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.get("healthz") { _, _ in try JSONCoding.response(["status": "ok"]) }
    router.get("readyz") { _, _ in
        do {
            _ = try await services.store.count()
            return try JSONCoding.response(["status": "ready"])
        } catch {
            throw Problem(.serviceUnavailable, "not-ready", "the catalog database cannot be read")
        }
    }
    MetricsRoute(access: services.access, publicMetrics: services.configuration.publicMetrics).add(to: router)
    router.get("openapi.yaml") { _, _ in
        Response(status: .ok, headers: [.contentType: "application/yaml"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
    }
    let v1 = router.group("v1")
    MarketplaceRoutes(store: services.store, engine: services.engine, outbound: services.configuration.outbound, access: services.access).add(to: v1)
    CatalogRoutes(store: services.store, content: services.installations, access: services.access).add(to: v1)
    AuditRoutes(store: services.store, access: services.access).add(to: v1)
    TokenRoutes(store: services.store, access: services.access).add(to: v1)
    InstallationRoutes(store: services.store, service: services.installations, access: services.access,
                       publicBase: PublicBase(configuration: services.configuration, port: services.listeningPort)).add(to: v1)
    let registry = RegistryRoutes(store: services.store, service: services.registry, rendering: RegistryRendering(), access: services.access,
                                  pluginNamespace: services.configuration.registryNamespace)
    registry.addPlaza(to: v1)
    // The official MCP registry API, under both versions clients probe.
    registry.addOfficial(to: router.group("v0.1"))
    registry.addOfficial(to: router.group("v0"))
    WebhookRoutes(store: services.store, engine: services.engine, secrets: services.secrets, deliveries: DeliveryLog()).add(to: v1)
    return router
}

/// Prometheus metrics for the whole process (swift-metrics can be bootstrapped once).
public enum Telemetry {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped: Bool = {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return true
    }()

    public static func bootstrap() { _ = bootstrapped }
}

/// The OpenAPI description of the API, shipped as a resource.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url) else { return Array("openapi: 3.1.0\n".utf8) }
        return [UInt8](data)
    }()
}
