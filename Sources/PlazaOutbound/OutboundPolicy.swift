import Foundation

/// Which URLs and addresses Plaza may fetch from: checked before every fetch of a marketplace or a
/// plugin source, and again on every connection (see ``OutboundGate``).
///
/// Secure by default: only `https`; never link-local, cloud-metadata, unique-local, unspecified,
/// multicast or reserved addresses, in any spelling (IPv4-mapped, compatible, NAT64, 6to4 and
/// Teredo IPv6 forms carry their IPv4 address and are checked as it). An administrator enables
/// `http`, `file` or `ssh` explicitly, exempts address ranges (`--allow-address`), refuses more
/// (`--deny-address`), or limits fetching to named hosts (`--allow-host`, the strict egress mode).
public struct OutboundPolicy: Sendable, Equatable, Codable {
    public var allowedSchemes: Set<String>
    /// Exempts the link-local, unique-local and metadata ranges (the older, coarse switch).
    public var allowLinkLocal: Bool
    /// Ranges exempt from the refused ranges (e.g. `169.254.0.0/16` on a network that needs it).
    public var allowedAddresses: [AddressRange]
    /// Ranges refused in addition to the built-in ones.
    public var deniedAddresses: [AddressRange]
    /// When not empty, only hosts matching one of these patterns are fetched from (strict egress).
    public var allowedHosts: [HostPattern]

    public init(allowedSchemes: Set<String> = ["https"], allowLinkLocal: Bool = false, allowedAddresses: [AddressRange] = [],
                deniedAddresses: [AddressRange] = [], allowedHosts: [HostPattern] = []) {
        self.allowedSchemes = allowedSchemes
        self.allowLinkLocal = allowLinkLocal
        self.allowedAddresses = allowedAddresses
        self.deniedAddresses = deniedAddresses
        self.allowedHosts = allowedHosts
    }

    /// A refusal, naming the rule that refused the URL.
    public struct Violation: Error, Sendable, Equatable, CustomStringConvertible {
        public let rule: String
        public let message: String
        public var description: String { "\(message) (outbound rule '\(rule)')" }

        public init(rule: String, message: String) {
            self.rule = rule
            self.message = message
        }
    }

    /// A built-in refused range: the rule it reports and what it is.
    public struct RefusedRange: Sendable {
        public let rule: String
        public let range: AddressRange
        public let what: String
        /// Exempted by `allowLinkLocal`.
        let linkLocalFamily: Bool
    }

    /// Refused by default, most specific first. Docs/Identity.md lists the same table.
    public static let refusedRanges: [RefusedRange] = {
        func range(_ rule: String, _ cidr: String, _ what: String, linkLocal: Bool = true) -> RefusedRange {
            RefusedRange(rule: rule, range: AddressRange(cidr)!, what: what, linkLocalFamily: linkLocal)
        }
        return [
            range("metadata-address", "169.254.169.254", "the instance metadata service (AWS, Azure, GCP, OCI, DigitalOcean, …)"),
            range("metadata-address", "169.254.170.2", "the AWS ECS task metadata endpoint"),
            range("metadata-address", "169.254.170.23", "the AWS EKS pod identity endpoint"),
            range("metadata-address", "100.100.100.200", "the Alibaba Cloud metadata service"),
            range("metadata-address", "168.63.129.16", "the Azure WireServer"),
            range("metadata-address", "192.0.0.192", "the Oracle Cloud Classic metadata service"),
            range("metadata-address", "fd00:ec2::254", "the AWS instance metadata service (IPv6)"),
            range("metadata-address", "fd00:ec2::23", "the AWS EKS pod identity endpoint (IPv6)"),
            range("link-local-address", "169.254.0.0/16", "a link-local address"),
            range("link-local-address", "fe80::/10", "a link-local address"),
            range("unique-local-address", "fc00::/7", "a unique-local IPv6 address"),
            range("unspecified-address", "0.0.0.0/8", "an unspecified (this-network) address", linkLocal: false),
            range("unspecified-address", "::/128", "the unspecified address", linkLocal: false),
            range("not-unicast", "224.0.0.0/4", "a multicast address", linkLocal: false),
            range("not-unicast", "240.0.0.0/4", "a reserved or broadcast address", linkLocal: false),
            range("not-unicast", "ff00::/8", "a multicast address", linkLocal: false),
        ]
    }()

    /// Host names of metadata services, refused by name before anything resolves them.
    static let metadataHosts: Set<String> = ["metadata.google.internal", "metadata.goog", "metadata", "metadata.azure.com",
                                             "instance-data", "instance-data.ec2.internal"]

    /// The host of a URL or `user@host:path`, normalised, without port or user info.
    public static func host(of url: String) -> String? {
        try? OutboundURL(url).host
    }

    /// Checks what can be checked without a network: the URL's form (control characters, encoded
    /// or non-ASCII hosts), the scheme, the host name, and the host when it is a numeric address.
    /// ``OutboundGate`` checks every address a name resolves to, on every connection.
    public func check(_ url: String) -> Violation? {
        let parsed: OutboundURL
        do { parsed = try OutboundURL(url) } catch { return error }
        return check(parsed)
    }

    /// ``check(_:)`` for a parsed URL.
    public func check(_ url: OutboundURL) -> Violation? {
        guard allowedSchemes.contains(url.scheme) else {
            return Violation(rule: "scheme", message: "\(url.scheme) URLs are not allowed here (allowed: \(allowedSchemes.sorted().joined(separator: ", ")))")
        }
        guard let host = url.host else { return nil }
        return check(host: host)
    }

    /// Checks a normalised host: metadata names, the allowed-host list, and the address rules when
    /// the host is numeric.
    public func check(host: String) -> Violation? {
        let address = IPAddress(host)
        if !allowedHosts.isEmpty, !allowedHosts.contains(where: { $0.matches(host: host, address: address) }) {
            return Violation(rule: "host-not-allowed", message: "\(host) is not among the allowed hosts (\(allowedHosts.map(\.description).joined(separator: ", ")))")
        }
        if let address { return check(addresses: [address], host: host) }
        if !allowLinkLocal, Self.metadataHosts.contains(host) {
            return Violation(rule: "metadata-address", message: "\(host) is a cloud metadata endpoint")
        }
        return nil
    }

    /// Refuses the host when any address it resolved to is refused: a name that also resolves to a
    /// metadata address is hostile, whichever address a client would pick.
    public func check(addresses: [IPAddress], host: String) -> Violation? {
        for address in addresses {
            if let violation = check(address: address, host: host) { return violation }
        }
        return nil
    }

    /// The rule refusing one address, if any; embedded IPv4 addresses are checked as themselves.
    public func check(address: IPAddress, host: String) -> Violation? {
        let candidates = [address] + (address.embeddedIPv4.map { [IPAddress.v4($0)] } ?? [])
        let shown = host == address.description ? host : "\(host) (\(address))"
        for candidate in candidates {
            if allowedAddresses.contains(where: { $0.contains(candidate) }) { continue }
            if let denied = deniedAddresses.first(where: { $0.contains(candidate) }) {
                return Violation(rule: "denied-address", message: "\(shown) is in \(denied), which this server refuses")
            }
            for refused in Self.refusedRanges where refused.range.contains(candidate) {
                if allowLinkLocal && refused.linkLocalFamily { continue }
                let via = candidate == address ? "" : " (it carries \(candidate))"
                return Violation(rule: refused.rule, message: "\(shown) is \(refused.what)\(via)")
            }
        }
        return nil
    }
}

/// A host an administrator allows in strict egress mode: `github.com`, `*.ghe.com` (any subdomain,
/// not the domain itself), or an address range for numeric hosts (`10.0.0.0/8`).
public struct HostPattern: Hashable, Sendable, StringCodable, CustomStringConvertible {
    public let pattern: String

    public init?(_ text: String) {
        let lowered = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
        guard !lowered.isEmpty, lowered.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.*_:/[]".contains($0)) }) else { return nil }
        if lowered.contains("*") {
            guard lowered.hasPrefix("*."), !lowered.dropFirst(2).contains("*"), lowered.count > 2 else { return nil }
        }
        pattern = lowered
    }

    public func matches(host: String, address: IPAddress?) -> Bool {
        if let address, let range = AddressRange(pattern.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) {
            return range.contains(address)
        }
        if pattern.hasPrefix("*.") { return host.hasSuffix(String(pattern.dropFirst())) }
        return host == pattern
    }

    public var description: String { pattern }
}
