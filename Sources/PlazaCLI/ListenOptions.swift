import ArgumentParser
import PlazaOutbound
import PlazaServer

/// How `serve` is reached: HTTPS, the public base of emitted URLs, and trusted proxies.
struct ListenOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (with --tls-key).", valueName: "pem"))
    var tlsCert: String?
    @Option(help: ArgumentHelp("The PEM private key for --tls-cert.", valueName: "pem"))
    var tlsKey: String?
    @Option(help: ArgumentHelp("The base of every absolute URL Plaza emits (exports, lockfiles), e.g. https://plaza.example.com. Default: this server's scheme and the request's Host.", valueName: "url"))
    var publicURL: String?
    @Option(help: ArgumentHelp("Believe X-Forwarded-Proto/-Host from peers in this range (a TLS proxy in front of Plaza). Repeatable.", valueName: "cidr"))
    var trustedProxy: [String] = []

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if let publicURL {
            guard let parsed = try? OutboundURL(publicURL), parsed.form == .url, parsed.scheme == "https" || parsed.scheme == "http",
                  parsed.host != nil, parsed.userInfo == nil, !parsed.rest.contains("?"), !parsed.rest.contains("#") else {
                throw ValidationError("--public-url must be an http(s) URL such as https://plaza.example.com (no query, no user info)")
            }
        }
        for value in trustedProxy where AddressRange(value) == nil {
            throw ValidationError("--trusted-proxy: '\(value)' is not an address or CIDR block")
        }
    }

    var tls: ServerConfiguration.TLSFiles? {
        guard let tlsCert, let tlsKey else { return nil }
        return ServerConfiguration.TLSFiles(certificateChain: tlsCert, privateKey: tlsKey)
    }

    var normalizedPublicURL: String? { publicURL.flatMap { try? OutboundURL($0).normalized } }
    var trustedProxies: [AddressRange] { trustedProxy.compactMap(AddressRange.init) }
}
