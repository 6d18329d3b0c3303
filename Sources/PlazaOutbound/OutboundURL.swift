import Foundation

/// A fetch URL parsed and normalised once, so the host that is checked is the host that is
/// fetched: lowercased, numeric hosts in canonical form (`0x7f.1` is `127.0.0.1`, `[::FFFF:A9FE:A9FE]`
/// is `[::ffff:169.254.169.254]`), and anything a client could read differently refused
/// (percent-encoded or non-ASCII hosts, control characters, `\` or several `@` in the authority).
public struct OutboundURL: Sendable, Equatable, CustomStringConvertible {
    /// How the URL was written.
    public enum Form: Sendable, Equatable { case url, scp, path }

    public let form: Form
    /// `https`, `http`, `ssh`, `file`, …; `ssh` for `user@host:path`, `file` for a plain path.
    public let scheme: String
    public let userInfo: String?
    /// The normalised host (IPv6 without brackets); nil for paths and `file://` URLs.
    public let host: String?
    public let port: Int?
    /// What follows the authority (path, query, fragment), unchanged.
    public let rest: String

    public init(_ raw: String) throws(OutboundPolicy.Violation) {
        if let violation = Self.controlCharacterViolation(in: raw, what: "URL") { throw violation }
        guard !raw.isEmpty else { throw Self.invalid("invalid-url", "the URL is empty") }
        if let separator = raw.range(of: "://") {
            let scheme = raw[..<separator.lowerBound].lowercased()
            guard let first = scheme.first, first.isLetter, scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) else {
                throw Self.invalid("invalid-url", "'\(raw[..<separator.lowerBound])' is not a URL scheme")
            }
            let afterScheme = raw[separator.upperBound...]
            let authority = afterScheme.prefix { !"/?#".contains($0) }
            let (userInfo, host, port) = try Self.parseAuthority(authority, scheme: scheme)
            if scheme == "file", let host, host != "localhost" {
                throw Self.invalid("invalid-host", "file URLs name no host (got '\(host)')")
            }
            self.init(form: .url, scheme: scheme, userInfo: userInfo, host: scheme == "file" ? nil : host, port: port,
                      rest: String(afterScheme.dropFirst(authority.count)))
            if scheme != "file", self.host == nil { throw Self.invalid("invalid-host", "the URL has no host") }
            return
        }
        if let colon = Self.scpColon(raw), !raw[..<colon].contains("/"), colon != raw.startIndex {
            let authority = raw[..<colon]
            let (userInfo, host, _) = try Self.parseAuthority(authority, scheme: "ssh", allowPort: false)
            guard let host else { throw Self.invalid("invalid-host", "the URL has no host") }
            self.init(form: .scp, scheme: "ssh", userInfo: userInfo, host: host, port: nil, rest: String(raw[raw.index(after: colon)...]))
            return
        }
        self.init(form: .path, scheme: "file", userInfo: nil, host: nil, port: nil, rest: raw)
    }

    init(form: Form, scheme: String, userInfo: String?, host: String?, port: Int?, rest: String) {
        self.form = form
        self.scheme = scheme
        self.userInfo = userInfo
        self.host = host
        self.port = port
        self.rest = rest
    }

    /// The URL to store, check and fetch.
    public var normalized: String {
        let hostPart = host.map { IPAddress($0)?.urlHost ?? $0 } ?? ""
        let user = userInfo.map { "\($0)@" } ?? ""
        switch form {
        case .url: return "\(scheme)://\(user)\(hostPart)\(port.map { ":\($0)" } ?? "")\(rest)"
        case .scp: return "\(user)\(hostPart):\(rest)"
        case .path: return rest
        }
    }

    /// The URL for messages and logs: a password in the user info is replaced by `***`.
    public var description: String {
        guard let userInfo, let colon = userInfo.firstIndex(of: ":") else { return normalized }
        return OutboundURL(form: form, scheme: scheme, userInfo: userInfo[..<colon] + ":***", host: host, port: port, rest: rest).normalized
    }

    /// `host[:port]` as a `Host` header or authority writes it (no user info).
    public var authority: String {
        (host.map { IPAddress($0)?.urlHost ?? $0 } ?? "") + (port.map { ":\($0)" } ?? "")
    }

    /// The same URL with its host replaced by an address that was checked (ssh pinning).
    public func replacingHost(with address: IPAddress) -> OutboundURL {
        OutboundURL(form: form, scheme: scheme, userInfo: userInfo, host: address.description, port: port, rest: rest)
    }

    /// A refusal when `text` (a URL or a ref) holds a control, invisible or bidirectional character.
    public static func controlCharacterViolation(in text: String, what: String) -> OutboundPolicy.Violation? {
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let value = scalar.value
            let control = value < 0x20 || value == 0x7f || (0x80...0x9f).contains(value)
            let invisible = (0x200b...0x200f).contains(value) || (0x202a...0x202e).contains(value) || (0x2066...0x2069).contains(value) || value == 0xfeff
            if control || invisible {
                let code = String(format: "U+%04X", value)
                return OutboundPolicy.Violation(rule: "control-character", message: "the \(what) contains the \(control ? "control" : "invisible") character \(code) at position \(offset + 1)")
            }
        }
        return nil
    }

    /// The colon ending the host of `[user@]host:path` (`[user@][v6]:path` too), as git reads it.
    static func scpColon(_ raw: String) -> String.Index? {
        if let open = raw.firstIndex(of: "["), raw[..<open].allSatisfy({ $0 != ":" && $0 != "/" }),
           let close = raw[open...].firstIndex(of: "]") {
            let after = raw.index(after: close)
            return after < raw.endIndex && raw[after] == ":" ? after : nil
        }
        return raw.firstIndex(of: ":")
    }

    private static func invalid(_ rule: String, _ message: String) -> OutboundPolicy.Violation {
        OutboundPolicy.Violation(rule: rule, message: message)
    }

    private static func parseAuthority(_ authority: Substring, scheme: String, allowPort: Bool = true) throws(OutboundPolicy.Violation)
        -> (String?, String?, Int?) {
        if authority.contains("\\") { throw invalid("invalid-host", "the URL's authority contains '\\'") }
        let parts = authority.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw invalid("invalid-host", "the URL's authority contains more than one '@'") }
        let userInfo = parts.count == 2 ? String(parts[0]) : nil
        var hostPort = parts.last ?? ""
        var portText: Substring?
        var host: String
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("invalid-host", "unterminated IPv6 address in '\(authority)'") }
            let literal = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            guard let address = IPAddress(String(literal)), case .v6 = address else {
                throw invalid("invalid-host", "'\(literal)' is not an IPv6 address\(literal.contains("%") ? " (zone identifiers are not allowed)" : "")")
            }
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("invalid-host", "unexpected '\(after)' after the IPv6 address") }
                portText = after.dropFirst()
            }
            host = address.description
        } else {
            let pieces = hostPort.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw invalid("invalid-host", "'\(hostPort)' is not host[:port]") }
            if pieces.count == 2 { portText = pieces[1] }
            hostPort = pieces[0]
            host = try normalizeName(hostPort)
        }
        var port: Int?
        if let portText, allowPort {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCII), let value = Int(portText), (1...65535).contains(value) else {
                throw invalid("invalid-port", "'\(portText)' is not a port number")
            }
            port = value
        }
        return (userInfo, host.isEmpty ? nil : host, port)
    }

    /// Lowercases a host name or numeric IPv4 host, refusing spellings a resolver could read otherwise.
    static func normalizeName(_ raw: Substring) throws(OutboundPolicy.Violation) -> String {
        if raw.contains("%") {
            let decoded = String(raw).removingPercentEncoding.map { " (it decodes to '\($0)')" } ?? ""
            throw invalid("encoded-host", "the host '\(raw)' is percent-encoded\(decoded); write the host plainly")
        }
        guard raw.allSatisfy(\.isASCII) else {
            throw invalid("non-ascii-host", "the host '\(raw)' is not ASCII; write internationalised names in their punycode (xn--) form")
        }
        var host = raw.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { return "" }
        if let address = IPAddress(host) { return address.description }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }), !host.hasPrefix("."), !host.contains("..") else {
            throw invalid("invalid-host", "'\(raw)' is not a valid host name")
        }
        if host.allSatisfy({ $0.isNumber || $0 == "." }) || host.hasPrefix("0x") {
            throw invalid("invalid-host", "'\(raw)' looks numeric but is not an address")
        }
        return host
    }
}
