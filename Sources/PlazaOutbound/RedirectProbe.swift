import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One unauthenticated request, through the egress proxy, that reports where a URL redirects to
/// instead of following it. Probes carry no credentials.
enum RedirectProbe {
    /// The `Location` `url` answers with a 3xx, or nil when it answers otherwise or cannot be
    /// reached (the fetch then reports its own error).
    static func location(after url: String, proxyPort: Int) -> String? {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                     timeout: .init(connect: .seconds(10), read: .seconds(15)))
        configuration.proxy = .server(host: "127.0.0.1", port: proxyPort)
        // A refused or unreachable target is an answer, not a reason to retry until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        defer { try? client.syncShutdown() }
        guard var request = try? HTTPClient.Request(url: url, method: .GET) else { return nil }
        request.headers.add(name: "User-Agent", value: "git/2.0 (plaza)")
        guard let response = try? client.execute(request: request, deadline: .now() + .seconds(20)).wait() else { return nil }
        guard (300..<400).contains(Int(response.status.code)) else { return nil }
        return response.headers.first(name: "location")
    }
}
