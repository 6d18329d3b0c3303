import Foundation

/// Resolves a host name to addresses. The egress path resolves each connection's host exactly
/// once, checks every answer, and connects only to an address it checked.
public protocol HostResolver: Sendable {
    /// The addresses `host` resolves to; empty when it does not resolve.
    func addresses(of host: String) -> [IPAddress]
}

/// The system resolver (`getaddrinfo`). Numeric hosts are answered without a lookup.
public struct SystemResolver: HostResolver {
    public init() {}

    public func addresses(of host: String) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let socketAddress = info.pointee.ai_addr, let address = IPAddress(socketAddress: socketAddress), !addresses.contains(address) {
                addresses.append(address)
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}
