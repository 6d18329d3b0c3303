import Foundation
import PlazaCatalog

/// Applies the ``OutboundPolicy`` before a fetch, including what the host name resolves to.
struct OutboundGuard: Sendable {
    let policy: OutboundPolicy

    /// Throws the violation naming the rule, or returns when the URL may be fetched.
    func check(_ url: String) throws {
        if let violation = policy.check(url) { throw violation }
        guard !policy.allowLinkLocal, let host = OutboundPolicy.host(of: url), !host.isEmpty else { return }
        if let violation = policy.check(resolvedAddresses: Self.resolve(host), host: host) { throw violation }
    }

    /// The addresses `host` resolves to (empty when it does not resolve; the fetch then fails on its own).
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: buffer))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}
