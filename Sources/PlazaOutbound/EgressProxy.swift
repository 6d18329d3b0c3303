import Foundation
import Logging

/// A forward proxy on 127.0.0.1, alive for one fetch, through which libgit2 and the redirect probe
/// make every connection. It resolves each connection's host once, refuses the connection when
/// the host or any address it resolved to breaks the ``OutboundPolicy``, and otherwise connects to
/// an address it checked. A resolver that answers differently the next time (DNS rebinding) can
/// change nothing: no other component resolves the name.
///
/// `CONNECT host:port` tunnels `https` (TLS stays end to end, certificates are verified by the
/// client against the host name); absolute-form requests carry `http`, one request per connection.
final class EgressProxy: @unchecked Sendable {
    private let policy: OutboundPolicy
    private let resolver: any HostResolver
    private let logger: Logger
    private let lock = NSLock()
    private var listener: Int32 = -1
    private var connections: Set<Int32> = []
    private var refusals: [OutboundPolicy.Violation] = []
    private var unreachable: [String] = []
    private var stopped = false
    /// The port the proxy listens on (127.0.0.1).
    private(set) var port = 0
    /// Where origin-form requests go: the checked end of the redirect chain of an `http` fetch.
    private var origin: OutboundURL?

    /// Makes the proxy stand in for `origin`: requests to `/path` go to the origin's host.
    func serve(as origin: OutboundURL) {
        lock.withLock { self.origin = origin }
    }

    /// The URL libgit2 fetches an `http` origin through: this proxy, with the origin's path.
    func standIn(for origin: OutboundURL) -> String {
        "http://127.0.0.1:\(port)" + (origin.rest.hasPrefix("/") ? origin.rest : "/" + origin.rest)
    }

    static let headLimit = 64 * 1024
    static let idleSeconds = 120

    init(policy: OutboundPolicy, resolver: any HostResolver, logger: Logger) {
        self.policy = policy
        self.resolver = resolver
        self.logger = logger
    }

    /// The URL to hand to libgit2 and the probe.
    var url: String { "http://127.0.0.1:\(port)" }

    /// What the proxy refused, first refusal first.
    var violations: [OutboundPolicy.Violation] { lock.withLock { refusals } }

    /// Connections it could not make (unresolvable or unreachable host), first first.
    var failures: [String] { lock.withLock { unreachable } }

    func start() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw EgressError("cannot open the egress proxy socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 32) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            close(fd)
            throw EgressError("cannot listen on 127.0.0.1 for the egress proxy: errno \(errno)")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        lock.withLock { listener = fd }
        Thread { [self] in acceptLoop(fd) }.start()
    }

    /// Stops accepting and ends open connections.
    func stop() {
        lock.withLock {
            stopped = true
            if listener >= 0 { shutdown(listener, Int32(SHUT_RDWR)) }
            for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop(_ fd: Int32) {
        defer { close(fd) }
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            let admitted = lock.withLock { () -> Bool in
                guard !stopped else { return false }
                connections.insert(client)
                return true
            }
            guard admitted else { close(client); return }
            Thread { [self] in
                serve(client)
                lock.withLock { _ = connections.remove(client) }
                close(client)
            }.start()
        }
    }

    private func serve(_ client: Int32) {
        Socket.setTimeouts(client, seconds: 30)
        guard let (head, leftover) = Socket.readHead(client, limit: Self.headLimit) else { return }
        let lines = head.components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3 else { return Socket.respond(client, 400, "malformed request line") }
        let (method, target, version) = (String(requestLine[0]), String(requestLine[1]), String(requestLine[2]))
        let tunnel = method == "CONNECT"
        let destination: OutboundURL
        do {
            if tunnel {
                destination = try OutboundURL("https://\(target)")
                guard policy.allowedSchemes.contains("https") || policy.allowedSchemes.contains("http") else {
                    throw OutboundPolicy.Violation(rule: "scheme", message: "tunnels are not allowed here")
                }
            } else if target.hasPrefix("/") {
                // Origin form: libgit2 1.5 does not proxy plain http, so it is pointed at this proxy
                // as if it were the origin, and the proxy forwards to the fetch's checked origin.
                guard let origin = lock.withLock({ self.origin }) else { return Socket.respond(client, 400, "no origin for this proxy") }
                destination = try OutboundURL(origin.scheme + "://" + origin.authority + target)
            } else {
                destination = try OutboundURL(target)
                guard destination.form == .url, destination.scheme == "http", policy.allowedSchemes.contains("http") else {
                    throw OutboundPolicy.Violation(rule: "scheme", message: "\(destination.scheme) URLs are not allowed here")
                }
            }
        } catch let violation as OutboundPolicy.Violation {
            return refuse(client, violation)
        } catch {
            return Socket.respond(client, 400, "malformed target")
        }
        let port = destination.port ?? (destination.scheme == "https" ? 443 : 80)
        let upstream: Int32
        do {
            upstream = try connectChecked(host: destination.host ?? "", port: port)
        } catch let violation as OutboundPolicy.Violation {
            return refuse(client, violation)
        } catch {
            lock.withLock { unreachable.append("\(error)") }
            return Socket.respond(client, 502, "\(error)")
        }
        defer { close(upstream) }
        lock.withLock { connections.insert(upstream) }
        defer { lock.withLock { _ = connections.remove(upstream) } }
        if tunnel {
            guard Socket.writeAll(client, Array("HTTP/1.1 200 Connection established\r\n\r\n".utf8)) else { return }
        } else {
            var forwarded = ["\(method) \(destination.rest.isEmpty ? "/" : destination.rest) \(version)"]
            for line in lines.dropFirst() where !line.isEmpty {
                let name = line.prefix { $0 != ":" }.lowercased()
                if ["proxy-connection", "proxy-authorization", "connection", "keep-alive", "host"].contains(name) { continue }
                forwarded.append(line)
            }
            forwarded.append("Host: \(destination.authority)")
            forwarded.append("Connection: close")
            guard Socket.writeAll(upstream, Array((forwarded.joined(separator: "\r\n") + "\r\n\r\n").utf8)) else { return }
        }
        if !leftover.isEmpty { guard Socket.writeAll(upstream, leftover) else { return } }
        Socket.relay(client, upstream, idleSeconds: Self.idleSeconds, closeAfterResponse: !tunnel)
    }

    /// Resolves `host` once, checks the name and every answer, and connects to a checked address.
    private func connectChecked(host: String, port: Int) throws -> Int32 {
        if let violation = policy.check(host: host) { throw violation }
        let addresses = resolver.addresses(of: host)
        guard !addresses.isEmpty else { throw EgressError("cannot resolve \(host)") }
        if let violation = policy.check(addresses: addresses, host: host) { throw violation }
        var lastError = "no address"
        for address in addresses {
            switch Socket.connect(to: address, port: port, timeoutSeconds: 10) {
            case .success(let fd): return fd
            case .failure(let error): lastError = error.description
            }
        }
        throw EgressError("cannot connect to \(host):\(port): \(lastError)")
    }

    private func refuse(_ client: Int32, _ violation: OutboundPolicy.Violation) {
        lock.withLock { refusals.append(violation) }
        logger.warning("outbound connection refused", metadata: ["rule": "\(violation.rule)", "reason": "\(violation.message)"])
        Socket.respond(client, 403, violation.description)
    }
}

/// A failure of the egress path that is not a policy refusal (unresolvable, unreachable).
struct EgressError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
