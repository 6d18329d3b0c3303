import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PlazaCatalog
import PlazaIdentity
import PlazaServer
import PlazaStore
import PlazaOutbound

/// `plaza serve [--demo]`: runs the registry server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Plaza server (embedded SQLite store in the data directory).",
        discussion: "Stops gracefully on SIGTERM or SIGINT. With --demo, the sample marketplace is committed to a local git repository in the data directory, registered as 'contoso' and synced."
    )

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: ArgumentHelp("Data directory (default: $XDG_DATA_HOME/plaza or ~/.local/share/plaza).", valueName: "path")) var dataDir: String?
    @Option(help: "Default seconds between automatic syncs (0 disables polling).") var pollInterval = 300
    @Flag(help: "Load the sample marketplace as 'contoso'.") var demo = false
    @Option(help: ArgumentHelp("The marketplace directory --demo loads.", valueName: "path")) var demoSource = "SampleMarketplace"
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel = "info"
    @Option(help: ArgumentHelp("Also allow fetching from this URL scheme (http, file, ssh); https is always allowed. Repeatable.", valueName: "scheme"))
    var allowScheme: [String] = []
    @OptionGroup(title: "Outbound rules") var outbound: OutboundOptions
    @OptionGroup(title: "HTTPS and public address") var listen: ListenOptions
    @Option(help: ArgumentHelp("Secret reference (env:NAME, file:/path, keyvault:…) to a bootstrap admin token, valid while this process runs; use it to create stored tokens.", valueName: "reference"))
    var adminToken: String?
    @Flag(help: "Let callers without a token use read routes; they see only public marketplaces and MCP servers. --demo turns it on.") var anonymousRead = false
    @Option(help: ArgumentHelp("Namespace of registry names for MCP servers shipped in plugins.", valueName: "namespace")) var registryNamespace = "plaza.local"
    @Flag(help: "Let callers without a token read /metrics, with marketplace labels removed (off: /metrics needs an admin token).") var publicMetrics = false

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level '\(logLevel)'") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "plaza")
        var schemes = Set(["https"] + allowScheme.map { $0.lowercased() })
        if demo { schemes.insert("file") }  // the demo marketplace is a local repository
        let configuration = ServerConfiguration(host: host, port: port, dataDirectory: dataDir ?? ServerConfiguration.defaultDataDirectory(),
                                                defaultPollInterval: pollInterval,
                                                outbound: try outbound.policy(schemes: schemes),
                                                anonymousRead: anonymousRead || demo, registryNamespace: registryNamespace,
                                                publicMetrics: publicMetrics, publicURL: listen.normalizedPublicURL,
                                                trustedProxies: listen.trustedProxies, tls: listen.tls)
        var bootstrapToken: String?
        if let adminToken {
            do {
                bootstrapToken = try await SecretResolver(keyVault: configuration.keyVault).resolve(adminToken)
            } catch {
                FileHandle.standardError.write(Data("plaza: error: --admin-token: \(error)\n".utf8))
                throw PlazaExit.couldNotRun.exitCode
            }
            guard (bootstrapToken?.count ?? 0) >= 16 else {
                FileHandle.standardError.write(Data("plaza: error: --admin-token: the token must be at least 16 characters\n".utf8))
                throw PlazaExit.couldNotRun.exitCode
            }
        }
        let services: PlazaServices
        do {
            let store = try SQLiteStore.open(dataDirectory: configuration.dataDirectory)
            services = try PlazaServices(configuration: configuration, store: store, logger: logger, bootstrapAdminToken: bootstrapToken)
        } catch {
            FileHandle.standardError.write(Data("plaza: error: cannot open the data directory \(configuration.dataDirectory): \(error)\n".utf8))
            throw PlazaExit.couldNotRun.exitCode
        }
        if demo {
            do {
                let demoMarketplace = DemoMarketplace(source: demoSource, dataDirectory: configuration.dataDirectory)
                try await demoMarketplace.load(into: services, logger: logger)
                let tokenFile = try await demoMarketplace.ensureAdminToken(in: services)
                logger.info("demo admin token written (export PLAZA_TOKEN=$(cat FILE) for write commands)", metadata: ["file": "\(tokenFile)"])
            } catch {
                FileHandle.standardError.write(Data("plaza: error: --demo: \(error)\n".utf8))
                throw PlazaExit.couldNotRun.exitCode
            }
        }
        let scheme = configuration.tls == nil ? "http" : "https"
        do {
            let app = try await buildApplication(services: services, logger: logger) { port in
                logger.info("Plaza is serving", metadata: ["url": "\(scheme)://\(configuration.host):\(port)", "data": "\(configuration.dataDirectory)",
                                                           "public-url": "\(configuration.publicURL ?? "(from each request's Host)")"])
            }
            try await app.runService()
        } catch let error as ServerStartError {
            FileHandle.standardError.write(Data("plaza: error: \(error)\n".utf8))
            throw PlazaExit.couldNotRun.exitCode
        }
    }
}
