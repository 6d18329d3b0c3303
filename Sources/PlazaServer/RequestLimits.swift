import Hummingbird
import HummingbirdCore

/// Limits on the size of a request, answered with problem documents (413, 414, 431) rather than
/// a closed connection or a 500.
///
/// The HTTP/1 decoder accepts heads up to ``decoderBytes`` so that the router sees requests over
/// the limits below and can say which limit they broke; a head larger still is refused by the
/// decoder itself (400, connection closed).
enum RequestLimits {
    /// Longest request target (path and query), in bytes.
    static let uriBytes = 16 << 10
    /// Largest total size of the header fields, in bytes.
    static let headerBytes = 64 << 10
    /// Largest JSON request body, in bytes (documents and imports have their own, larger limits).
    static let jsonBodyBytes = 1 << 20
    /// What the HTTP/1 decoder accepts before it gives up on a request head.
    static let decoderBytes = 1 << 20

    static var http1: HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(httpDecoderConfiguration: .init(maxHeaderFieldSize: decoderBytes, maxHeaderListSize: decoderBytes))
    }
}

/// Refuses request targets and header sections over ``RequestLimits`` before any route runs.
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.string.utf8.count > RequestLimits.uriBytes {
            throw Problem(.uriTooLong, "uri-too-long", "the request target is longer than \(RequestLimits.uriBytes) bytes; send long values in a JSON body")
        }
        let headerBytes = request.headers.reduce(0) { $0 + $1.name.rawName.utf8.count + $1.value.utf8.count + 4 }
        if headerBytes > RequestLimits.headerBytes {
            throw Problem(.requestHeaderFieldsTooLarge, "headers-too-large", "the request headers total more than \(RequestLimits.headerBytes) bytes")
        }
        return try await next(request, context)
    }
}
