import AsyncHTTPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL

/// Talks to a Plaza server over HTTP for the CLI.
struct PlazaClient {
    let baseURL: URL
    /// Sent as `Authorization: Bearer`; never printed.
    let token: String?

    enum Failure: Error, CustomStringConvertible {
        /// No server answered at the URL.
        case unreachable(String, String)
        /// The server answered with a problem document.
        case problem(status: Int, detail: String)
        case unreadable(String)

        var description: String {
            switch self {
            case .unreachable(let url, let reason):
                return "cannot reach the Plaza server at \(url) (\(reason)); is `plaza serve` running? Set --server or PLAZA_URL to point elsewhere."
            case .problem(401, let detail): return "\(detail) (HTTP 401; set PLAZA_TOKEN or --token-file)"
            case .problem(let status, let detail): return "\(detail) (HTTP \(status))"
            case .unreadable(let detail): return "the server's answer could not be read: \(detail)"
            }
        }

        var exitCode: PlazaExit {
            switch self {
            case .unreachable, .unreadable: return .couldNotRun
            case .problem(let status, _): return status >= 500 ? .couldNotRun : .failed
            }
        }
    }

    init(server: String, token: String? = nil) throws {
        self.token = token
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationErrorMessage("--server must be an http(s) URL, got '\(server)'")
        }
        baseURL = url
    }

    func get(_ path: String, query: [(String, String)] = []) async throws -> [String: Any] {
        try await send("GET", path, query: query, body: nil)
    }

    func post(_ path: String, query: [(String, String)] = [], body: [String: Any]? = nil) async throws -> [String: Any] {
        try await send("POST", path, query: query, body: body)
    }

    func delete(_ path: String, query: [(String, String)] = []) async throws -> [String: Any] {
        try await send("DELETE", path, query: query, body: nil)
    }

    /// A request path from segments, each percent-encoded (only RFC 3986 unreserved ASCII kept), so
    /// a name with `/`, `?`, `#`, `%` or non-ASCII characters reaches the server as one segment,
    /// which decodes it once.
    static func path(_ segments: String...) -> String {
        segments.map { $0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? $0 }.joined(separator: "/")
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    func send(method: String, _ path: String, body: [String: Any]) async throws -> [String: Any] {
        try await send(method, path, query: [], body: body)
    }

    func patch(_ path: String, body: [String: Any]) async throws -> [String: Any] {
        try await send("PATCH", path, query: [], body: body)
    }

    private func send(_ method: String, _ path: String, query: [(String, String)], body: [String: Any]?) async throws -> [String: Any] {
        let (data, _) = try await raw(method, path, query: query, body: body)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Failure.unreadable("expected a JSON object")
        }
        return object
    }

    /// POSTs raw JSON bytes (a document read from a file) and returns the answer's bytes.
    func upload(_ path: String, query: [(String, String)] = [], data: Data) async throws -> (Data, HTTPURLResponse?) {
        try await raw("POST", path, query: query, body: nil, rawBody: data)
    }

    /// Downloads a non-JSON answer (a bundle): its bytes and headers.
    func download(_ path: String, query: [(String, String)] = []) async throws -> (Data, HTTPURLResponse?) {
        try await raw("GET", path, query: query, body: nil)
    }

    private func raw(_ method: String, _ path: String, query: [(String, String)], body: [String: Any]?, rawBody: Data? = nil) async throws -> (Data, HTTPURLResponse?) {
        // `path` is already percent-encoded where it needs to be (registry names carry %2F).
        let base = baseURL.absoluteString.hasSuffix("/") ? String(baseURL.absoluteString.dropLast()) : baseURL.absoluteString
        guard var components = URLComponents(string: base + "/" + path) else { throw ValidationErrorMessage("'\(path)' cannot be part of a URL") }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        var request = HTTPClientRequest(url: components.url!.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        if let body {
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
            request.headers.add(name: "Content-Type", value: "application/json")
        } else if let rawBody {
            request.body = .bytes(ByteBuffer(data: rawBody))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let client = try Self.httpClient()
        let status: Int, data: Data, headers: HTTPHeaders
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            var buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            data = buffer.readData(length: buffer.readableBytes) ?? Data()
            status = Int(response.status.code)
            headers = response.headers
            try? await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw Failure.unreachable(baseURL.absoluteString, Self.reason(error))
        }
        guard (200..<300).contains(status) else {
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            throw Failure.problem(status: status, detail: object?["detail"] as? String ?? HTTPURLResponse.localizedString(forStatusCode: status))
        }
        let fields = Dictionary(headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        return (data, HTTPURLResponse(url: components.url!, statusCode: status, httpVersion: "HTTP/1.1", headerFields: fields))
    }

    /// Bundles and exports are bounded by the server; this only stops a runaway answer.
    static let maximumResponseBytes = 512 << 20

    /// A client that trusts the system's roots plus the PEM certificates in `$PLAZA_CA_CERT` (a
    /// private CA), with HTTP redirects not followed (the API never redirects).
    static func httpClient() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if let path = ProcessInfo.processInfo.environment["PLAZA_CA_CERT"], !path.isEmpty {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw ValidationErrorMessage("cannot read the CA certificates in PLAZA_CA_CERT (\(path)): \(error)")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(roots)]
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// A short reason for a failed connection, without the library's type names.
    static func reason(_ error: Error) -> String {
        if let tls = error as? NIOSSLError { return "TLS: \(tls); trust a private CA with PLAZA_CA_CERT=ca.pem" }
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout, .deadlineExceeded: return "timed out"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return "\(http)"
            }
        }
        let text = "\(error)"
        if text.contains("certificate") || text.contains("handshake") { return text + "; trust a private CA with PLAZA_CA_CERT=ca.pem" }
        if text.contains("connection refused") || text.contains("Connection refused") { return "connection refused" }
        return text
    }
}

/// A usage problem found before any request is made.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
