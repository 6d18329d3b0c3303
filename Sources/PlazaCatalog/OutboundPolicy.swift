import Foundation

/// Which URLs Plaza may fetch from: checked before every fetch of a marketplace or a plugin source.
///
/// Secure by default: only `https`. An administrator enables `http` or `file` explicitly
/// (`plaza serve --allow-scheme http`). Link-local and cloud-metadata addresses are refused unless
/// allowed, whatever the scheme: a registered URL must never reach the instance metadata service.
public struct OutboundPolicy: Sendable, Equatable, Codable {
    public var allowedSchemes: Set<String>
    /// Allow 169.254.0.0/16, fe80::/10 and fd00::/8 and metadata host names.
    public var allowLinkLocal: Bool

    public init(allowedSchemes: Set<String> = ["https"], allowLinkLocal: Bool = false) {
        self.allowedSchemes = allowedSchemes
        self.allowLinkLocal = allowLinkLocal
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

    static let metadataHosts: Set<String> = ["169.254.169.254", "metadata.google.internal", "metadata", "metadata.azure.com", "fd00:ec2::254"]

    /// The scheme of a git URL (`git@host:path` is `ssh`; a plain path is `file`).
    public static func scheme(of url: String) -> String {
        if let range = url.range(of: "://") { return url[..<range.lowerBound].lowercased() }
        if url.hasPrefix("git@") || (url.contains("@") && url.contains(":")) { return "ssh" }
        return "file"
    }

    /// Checks what can be checked without a network: the scheme, and the host when it is a literal
    /// address or a metadata name. ``check(resolvedAddresses:host:)`` covers what a host resolves to.
    public func check(_ url: String) -> Violation? {
        let scheme = Self.scheme(of: url)
        guard allowedSchemes.contains(scheme) else {
            return Violation(rule: "scheme", message: "\(scheme) URLs are not allowed here (allowed: \(allowedSchemes.sorted().joined(separator: ", ")))")
        }
        guard let host = Self.host(of: url) else { return nil }
        return check(resolvedAddresses: [host], host: host)
    }

    /// Refuses link-local, unique-local IPv6 and metadata addresses among what `host` resolved to.
    public func check(resolvedAddresses: [String], host: String) -> Violation? {
        guard !allowLinkLocal else { return nil }
        if Self.metadataHosts.contains(host.lowercased()) {
            return Violation(rule: "metadata-address", message: "\(host) is a cloud metadata endpoint")
        }
        for address in resolvedAddresses {
            let lowered = address.lowercased()
            if lowered.hasPrefix("169.254.") || lowered.hasPrefix("fe8") || lowered.hasPrefix("fe9") || lowered.hasPrefix("fea") || lowered.hasPrefix("feb") {
                return Violation(rule: "link-local-address", message: "\(host) is (or resolves to) the link-local address \(address)")
            }
            if lowered.hasPrefix("fd") && lowered.contains(":") {
                return Violation(rule: "unique-local-address", message: "\(host) is (or resolves to) the unique-local address \(address)")
            }
        }
        return nil
    }

    /// The host of a URL or `user@host:path`, without port or user info.
    public static func host(of url: String) -> String? {
        guard let range = url.range(of: "://") else {
            guard let at = url.firstIndex(of: "@"), let colon = url[at...].firstIndex(of: ":") else { return nil }
            return String(url[url.index(after: at)..<colon])
        }
        let authority = url[range.upperBound...].prefix { $0 != "/" }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        if hostPort.hasPrefix("[") { return hostPort.dropFirst().split(separator: "]").first.map(String.init) }
        return hostPort.split(separator: ":").first.map(String.init)
    }
}
