import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import PlazaOutbound

/// The request context of Plaza's routes: Hummingbird's basics plus the peer's address, which
/// decides whether forwarded headers are trusted.
public struct PlazaRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The base of every absolute URL Plaza emits (export bundle URLs, lockfiles).
///
/// `--public-url` decides when given. Request headers (`Host`, `X-Forwarded-Proto`,
/// `X-Forwarded-Host`) count only when the peer is a trusted proxy (`--trusted-proxy CIDR`), so a
/// forged header from anyone else cannot change an export. Otherwise: the server's own scheme,
/// listen address (the machine's host name for a wildcard address) and port.
struct PublicBase: Sendable {
    let publicURL: String?
    let trustedProxies: [AddressRange]
    let scheme: String
    let listenHost: String
    /// The port the server listens on, known once it runs (`--port 0` picks one).
    let port: PortBox

    /// The actual listening port, set when the server starts.
    final class PortBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int
        init(_ value: Int) { self.value = value }
        var current: Int { lock.withLock { value } }
        func set(_ port: Int) { lock.withLock { value = port } }
    }

    init(configuration: ServerConfiguration, port: PortBox) {
        publicURL = configuration.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        trustedProxies = configuration.trustedProxies
        scheme = configuration.tls == nil ? "http" : "https"
        let host = configuration.host
        let wildcard = host == "0.0.0.0" || host == "::" || host == "[::]"
        listenHost = wildcard ? ProcessInfo.processInfo.hostName : (IPAddress(host)?.urlHost ?? host)
        self.port = port
    }

    func url(for request: Request, context: PlazaRequestContext) -> String {
        if let publicURL { return publicURL }
        var scheme = self.scheme
        var authority = "\(listenHost):\(port.current)"
        if isTrusted(context.remoteAddress) {
            if let host = Self.validAuthority(request.head.authority) { authority = host }
            if let proto = request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces),
               proto == "https" || proto == "http" {
                scheme = proto
            }
            if let host = request.headers[HTTPField.Name("X-Forwarded-Host")!]?.split(separator: ",").first.map(String.init),
               let valid = Self.validAuthority(host.trimmingCharacters(in: .whitespaces)) {
                authority = valid
            }
        }
        return "\(scheme)://\(authority)"
    }

    func isTrusted(_ address: SocketAddress?) -> Bool {
        guard !trustedProxies.isEmpty, let text = address?.ipAddress, let peer = IPAddress(text) else { return false }
        return trustedProxies.contains { $0.contains(peer) }
    }

    /// A `host[:port]` that is exactly that: no path, user info, spaces or control characters.
    static func validAuthority(_ text: String?) -> String? {
        guard let text, !text.isEmpty, text.utf8.count <= 255,
              let parsed = try? OutboundURL("http://" + text), parsed.form == .url, parsed.rest.isEmpty, parsed.userInfo == nil else { return nil }
        return parsed.authority
    }
}
