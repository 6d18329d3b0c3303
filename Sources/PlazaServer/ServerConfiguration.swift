import Foundation
import PlazaCatalog
import PlazaIdentity
import PlazaOutbound

/// How the server runs. Read once at start-up and passed down; holds no secrets.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Where the mirrors (and the embedded database, which the caller opens) live (default `$XDG_DATA_HOME/plaza`, else `~/.local/share/plaza`).
    public var dataDirectory: String
    /// Seconds between automatic syncs for marketplaces that do not set their own; 0 disables polling.
    public var defaultPollInterval: Int
    /// Managed-identity token endpoint used for `keyvault:` secret references.
    public var keyVault: KeyVaultConfiguration
    /// Which URLs marketplaces and plugin sources may be fetched from (https only by default).
    public var outbound: OutboundPolicy
    /// Whether callers without a token may use read routes, seeing only public marketplaces (off by default).
    public var anonymousRead: Bool
    /// Namespace of the registry names given to MCP servers that plugins ship (`<namespace>/<marketplace>.<plugin>.<server>`).
    public var registryNamespace: String
    /// Whether callers without a token may read `/metrics` (then without marketplace labels); off: admins only.
    public var publicMetrics: Bool
    /// The base of every absolute URL Plaza emits (`https://plaza.example.com`); nil: the server's own
    /// scheme and the request's Host.
    public var publicURL: String?
    /// Peers whose `X-Forwarded-Proto` / `X-Forwarded-Host` are believed (when no public URL is set).
    public var trustedProxies: [AddressRange]
    /// Serve HTTPS with this certificate chain and key (PEM files); nil: plain HTTP.
    public var tls: TLSFiles?

    /// PEM files for HTTPS.
    public struct TLSFiles: Sendable, Equatable {
        public var certificateChain: String
        public var privateKey: String
        public init(certificateChain: String, privateKey: String) {
            self.certificateChain = certificateChain
            self.privateKey = privateKey
        }
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, dataDirectory: String = ServerConfiguration.defaultDataDirectory(),
                defaultPollInterval: Int = 300, keyVault: KeyVaultConfiguration = KeyVaultConfiguration(),
                outbound: OutboundPolicy = OutboundPolicy(), anonymousRead: Bool = false, registryNamespace: String = "plaza.local",
                publicMetrics: Bool = false, publicURL: String? = nil, trustedProxies: [AddressRange] = [], tls: TLSFiles? = nil) {
        self.publicMetrics = publicMetrics
        self.publicURL = publicURL
        self.trustedProxies = trustedProxies
        self.tls = tls
        self.registryNamespace = registryNamespace
        self.outbound = outbound
        self.anonymousRead = anonymousRead
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.defaultPollInterval = defaultPollInterval
        self.keyVault = keyVault
    }

    /// `$XDG_DATA_HOME/plaza`, else `~/.local/share/plaza`.
    public static func defaultDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/plaza" }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.local/share/plaza"
    }

    var mirrorsPath: String { dataDirectory + "/mirrors" }
}
