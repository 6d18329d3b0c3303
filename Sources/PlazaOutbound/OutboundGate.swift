import Foundation
import Logging

/// The one way Plaza reaches a fetch URL: the URL is normalised and checked once, smart-HTTP
/// redirects are followed by Plaza itself (every hop checked, no credentials sent), and every
/// connection — the probe's and libgit2's — goes through a per-fetch ``EgressProxy`` that resolves
/// the host once and connects only to an address it checked. `ssh` URLs are pinned to the checked
/// address instead; `file` URLs never reach the network.
public struct OutboundGate: Sendable {
    public let policy: OutboundPolicy
    public let resolver: any HostResolver
    let logger: Logger

    public init(policy: OutboundPolicy, resolver: any HostResolver = SystemResolver(), logger: Logger = Logger(label: "plaza.outbound")) {
        self.policy = policy
        self.resolver = resolver
        self.logger = logger
    }

    /// What a fetch may use.
    public struct CheckedFetch: Sendable {
        /// The URL to hand to libgit2: the end of the checked redirect chain (https); for http, the
        /// egress proxy standing in for it (libgit2 1.5 does not proxy plain http); for ssh, the URL
        /// pinned to a checked address.
        public let url: String
        /// The proxy libgit2 must use (`http://127.0.0.1:PORT`), for http(s).
        public let proxyURL: String?
        /// The normalised host `url` names (before ssh pinning): whether credentials may be sent there.
        public let host: String?
    }

    public static let maximumRedirects = 5
    static let discoverySuffix = "/info/refs?service=git-upload-pack"

    /// Checks `url`, then runs `body` with what it may fetch while the egress proxy lives. When the
    /// fetch fails because the proxy refused a connection, the refusal is thrown, naming the rule.
    public func fetch<R>(_ url: String, _ body: (CheckedFetch) throws -> R) throws -> R {
        let parsed = try OutboundURL(url)
        if let violation = policy.check(parsed) { throw violation }
        switch parsed.scheme {
        case "http", "https":
            let proxy = EgressProxy(policy: policy, resolver: resolver, logger: logger)
            try proxy.start()
            defer { proxy.stop() }
            do {
                let end = try followRedirects(from: parsed, through: proxy)
                if end.scheme == "https" {
                    // libgit2 tunnels https through the proxy with CONNECT; TLS is verified against the host name.
                    return try body(CheckedFetch(url: end.normalized, proxyURL: proxy.url, host: end.host))
                }
                // libgit2 1.5 connects to plain http origins directly, whatever its proxy setting:
                // it fetches from the proxy instead, which forwards to the checked origin.
                proxy.serve(as: end)
                return try body(CheckedFetch(url: proxy.standIn(for: end), proxyURL: nil, host: end.host))
            } catch {
                if let refusal = proxy.violations.first { throw refusal }
                throw error
            }
        case "ssh":
            guard let host = parsed.host else { return try body(CheckedFetch(url: parsed.normalized, proxyURL: nil, host: nil)) }
            let addresses = resolver.addresses(of: host)
            if let violation = policy.check(addresses: addresses, host: host) { throw violation }
            guard let first = addresses.first else { throw EgressError("cannot resolve \(host)") }
            return try body(CheckedFetch(url: parsed.replacingHost(with: first).normalized, proxyURL: nil, host: host))
        default:
            return try body(CheckedFetch(url: parsed.normalized, proxyURL: nil, host: parsed.host))
        }
    }

    /// Follows smart-HTTP discovery redirects through the proxy, checking every hop.
    func followRedirects(from start: OutboundURL, through proxy: EgressProxy) throws -> OutboundURL {
        var current = start
        for _ in 0..<Self.maximumRedirects {
            let discovery = Self.discoveryURL(current.normalized)
            let location = RedirectProbe.location(after: discovery, proxyPort: proxy.port)
            if let refusal = proxy.violations.first { throw refusal }
            guard let location else { return current }
            guard let target = Self.repositoryURL(fromDiscovery: Self.absolute(location, base: discovery)) else {
                throw OutboundPolicy.Violation(rule: "redirect", message: "\(current) redirects to \(location), which is not a git discovery URL")
            }
            do {
                let next = try OutboundURL(target)
                if let violation = policy.check(next) { throw violation }
                current = next
            } catch let violation as OutboundPolicy.Violation {
                throw OutboundPolicy.Violation(rule: violation.rule, message: "\(current) redirects to \(target): \(violation.message)")
            }
        }
        throw OutboundPolicy.Violation(rule: "redirect", message: "\(start) redirects more than \(Self.maximumRedirects) times")
    }

    static func discoveryURL(_ repository: String) -> String {
        (repository.hasSuffix("/") ? String(repository.dropLast()) : repository) + discoverySuffix
    }

    /// The repository URL a discovery redirect points at (its location without the discovery suffix).
    static func repositoryURL(fromDiscovery location: String) -> String? {
        guard location.hasSuffix(discoverySuffix) else { return nil }
        return String(location.dropLast(discoverySuffix.count))
    }

    /// A `Location` made absolute against the URL that answered it.
    static func absolute(_ location: String, base: String) -> String {
        if location.contains("://") { return location }
        return URL(string: location, relativeTo: URL(string: base))?.absoluteString ?? location
    }
}
