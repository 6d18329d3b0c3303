import Foundation

/// An IPv4 or IPv6 address, compared as an address: never as the string it was written as.
///
/// Parsing accepts every spelling the system resolver accepts for a numeric host (`127.1`,
/// `0x7f.0.0.1`, `2130706433`, `::ffff:169.254.169.254`, `[::ffff:a9fe:a9fe]`), so a rule that
/// refuses an address refuses all its spellings.
public enum IPAddress: Hashable, Sendable, CustomStringConvertible {
    case v4(UInt32)
    /// Sixteen bytes, network order.
    case v6([UInt8])

    /// Parses a numeric host: IPv4 in any form `inet_aton` accepts, or IPv6 (brackets allowed,
    /// zone identifiers refused). Nil for names.
    public init?(_ literal: String) {
        var text = Substring(literal)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        guard !text.isEmpty, !text.contains("%"), text.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        if text.contains(":") {
            var raw = in6_addr()
            guard inet_pton(AF_INET6, String(text), &raw) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: &raw) { Array($0) })
            return
        }
        var raw = in_addr()
        guard inet_aton(String(text), &raw) != 0 else { return nil }
        self = .v4(UInt32(bigEndian: raw.s_addr))
    }

    /// From a socket address the resolver returned.
    init?(socketAddress pointer: UnsafePointer<sockaddr>) {
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            let address = pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr.s_addr }
            self = .v4(UInt32(bigEndian: address))
        case AF_INET6:
            var address = pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            self = .v6(withUnsafeBytes(of: &address) { Array($0) })
        default:
            return nil
        }
    }

    /// The IPv4 address an IPv6 address carries or translates to: IPv4-mapped (`::ffff:0:0/96`),
    /// IPv4-compatible (`::/96`), NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`), 6to4 (`2002::/16`) and
    /// Teredo (`2001::/32`, the client address). Rules on IPv4 ranges apply to these too.
    public var embeddedIPv4: UInt32? {
        guard case .v6(let b) = self else { return nil }
        func word(_ i: Int) -> UInt32 { UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]) }
        let firstTen = b[0..<10].allSatisfy { $0 == 0 }
        if firstTen, b[10] == 0xff, b[11] == 0xff { return word(12) }                      // ::ffff:a.b.c.d
        if firstTen, b[10] == 0, b[11] == 0, word(12) > 1 { return word(12) }              // ::a.b.c.d (not :: or ::1)
        if b[0] == 0x00, b[1] == 0x64, b[2] == 0xff, b[3] == 0x9b {                           // NAT64
            if b[4..<12].allSatisfy({ $0 == 0 }) { return word(12) }
            if b[4] == 0, b[5] == 1 { return word(12) }                                       // 64:ff9b:1::/48 (local use)
        }
        if b[0] == 0x20, b[1] == 0x02 { return word(2) }                                      // 6to4
        if b[0] == 0x20, b[1] == 0x01, b[2] == 0, b[3] == 0 { return ~word(12) }              // Teredo client
        return nil
    }

    /// The canonical spelling: dotted quad, or RFC 5952 IPv6 without brackets.
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xff).\(value >> 8 & 0xff).\(value & 0xff)"
        case .v6(let bytes):
            var raw = in6_addr()
            withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else { return "::" }
            return String(cString: buffer)
        }
    }

    /// How the address is written as a URL host: IPv6 in brackets.
    public var urlHost: String {
        if case .v6 = self { return "[\(description)]" }
        return description
    }
}

/// A CIDR block such as `169.254.0.0/16` or `fe80::/10`.
public struct AddressRange: Hashable, Sendable, StringCodable, CustomStringConvertible {
    public let base: IPAddress
    public let prefixLength: Int

    /// Parses `address/prefix` or a single address (a /32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else { return nil }
        let maximum: Int
        if case .v4 = address { maximum = 32 } else { maximum = 128 }
        if parts.count == 2 {
            guard let length = Int(parts[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        base = address
    }

    public func contains(_ address: IPAddress) -> Bool {
        switch (base, address) {
        case (.v4(let network), .v4(let candidate)):
            guard prefixLength > 0 else { return true }
            let mask: UInt32 = prefixLength == 32 ? .max : ~(UInt32.max >> UInt32(prefixLength))
            return network & mask == candidate & mask
        case (.v6(let network), .v6(let candidate)):
            var remaining = prefixLength
            for index in 0..<16 where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xff << (8 - bits))
                if network[index] & mask != candidate[index] & mask { return false }
                remaining -= bits
            }
            return true
        default:
            return false
        }
    }

    public var description: String { "\(base)/\(prefixLength)" }
}

/// A value written in configuration as one string (`"10.0.0.0/8"`, `"*.ghe.com"`): encoded as that
/// string, decoded through its failable string initialiser.
public protocol StringCodable: Codable, CustomStringConvertible {
    init?(_ text: String)
}

extension StringCodable {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a valid \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
