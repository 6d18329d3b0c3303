import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A file fetched over HTTP(S) under the outbound rules (an `archive` plugin source).
public struct OutboundDownload: Sendable {
    /// The bytes of the response body.
    public let bytes: [UInt8]
    /// The URL that answered, after redirects.
    public let finalURL: String
}

/// Why a download failed: an HTTP status, a size limit, a redirect loop or a transport error.
public struct DownloadError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension OutboundGate {
    /// Downloads `url` with one GET, through a per-download ``EgressProxy`` (every connection goes to
    /// an address checked against the policy). Redirects are followed by Plaza, at most
    /// ``maximumRedirects``, each hop checked like the first. `authorization` is sent only to the
    /// origin (scheme, host and port) it names, never after a redirect to another origin.
    ///
    /// - Throws: ``OutboundPolicy/Violation`` naming the rule when a URL or address is refused;
    ///   ``DownloadError`` for a non-2xx answer, a body over `maximumBytes`, or a transport failure.
    public func download(_ url: String, maximumBytes: Int, timeout: TimeAmount = .seconds(120),
                         authorization: (origin: String, header: String)? = nil) throws -> OutboundDownload {
        var current = try OutboundURL(url)
        let proxy = EgressProxy(policy: policy, resolver: resolver, logger: logger)
        try proxy.start()
        defer { proxy.stop() }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(10), read: .seconds(30)))
        configuration.proxy = .server(host: "127.0.0.1", port: proxy.port)
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        defer { try? client.syncShutdown() }
        let deadline = NIODeadline.now() + timeout
        for _ in 0...Self.maximumRedirects {
            if let violation = policy.check(current) { throw violation }
            guard current.scheme == "https" || current.scheme == "http" else {
                throw OutboundPolicy.Violation(rule: "scheme", message: "\(current.scheme) URLs cannot be downloaded")
            }
            var request = try HTTPClient.Request(url: current.normalized, method: .GET)
            request.headers.add(name: "User-Agent", value: "plaza")
            if let authorization, Self.origin(of: current) == authorization.origin {
                request.headers.add(name: "Authorization", value: authorization.header)
            }
            let response: HTTPClient.Response
            do {
                let accumulator = ResponseAccumulator(request: request, maxBodySize: maximumBytes)
                response = try client.execute(request: request, delegate: accumulator, deadline: deadline).wait()
            } catch is ResponseAccumulator.ResponseTooBigError {
                throw DownloadError("\(Self.shown(current)) is larger than \(maximumBytes >> 20) MiB")
            } catch {
                if let refusal = proxy.violations.first { throw refusal }
                if let failure = proxy.failures.first { throw DownloadError("cannot download \(Self.shown(current)): \(failure)") }
                throw DownloadError("cannot download \(Self.shown(current)): \(error)")
            }
            if let refusal = proxy.violations.first { throw refusal }
            let code = Int(response.status.code)
            if (300..<400).contains(code), let location = response.headers.first(name: "location") {
                let target = Self.absolute(location, base: current.normalized)
                do {
                    current = try OutboundURL(target)
                } catch {
                    throw OutboundPolicy.Violation(rule: error.rule, message: "\(Self.shown(url)) redirects to \(Self.shown(target)): \(error.message)")
                }
                continue
            }
            guard (200..<300).contains(code) else {
                throw DownloadError("\(Self.shown(current)) answered HTTP \(code)")
            }
            var body = response.body ?? ByteBuffer()
            return OutboundDownload(bytes: body.readBytes(length: body.readableBytes) ?? [], finalURL: current.normalized)
        }
        throw OutboundPolicy.Violation(rule: "redirect", message: "\(Self.shown(url)) redirects more than \(Self.maximumRedirects) times")
    }

    /// A URL as errors show it: no user information and no query or fragment, since a redirect
    /// target may be a presigned URL whose query is a credential, and errors reach catalog readers.
    static func shown(_ url: OutboundURL) -> String {
        let path = url.rest.prefix { $0 != "?" && $0 != "#" }
        return origin(of: url) + path
    }

    static func shown(_ url: String) -> String {
        (try? OutboundURL(url)).map { shown($0) } ?? "the URL"
    }

    /// `scheme://host[:port]` of a URL, as browsers compare origins (default ports left out).
    public static func origin(of url: OutboundURL) -> String {
        let defaultPort = url.scheme == "https" ? 443 : url.scheme == "http" ? 80 : nil
        let port = url.port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? ""
        return "\(url.scheme)://\((url.host ?? "").lowercased())\(port)"
    }

    /// ``origin(of:)`` of a URL string; nil when it does not parse.
    public static func origin(of url: String) -> String? {
        (try? OutboundURL(url)).map { origin(of: $0) }
    }
}
