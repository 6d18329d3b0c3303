import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
        var request = URLRequest(url: components.url!)
        request.httpMethod = method
        request.timeoutInterval = 120
        if let token { request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let rawBody {
            request.httpBody = rawBody
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure.unreachable(baseURL.absoluteString, (error as NSError).localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            throw Failure.problem(status: status, detail: object?["detail"] as? String ?? HTTPURLResponse.localizedString(forStatusCode: status))
        }
        return (data, response as? HTTPURLResponse)
    }
}

/// A usage problem found before any request is made.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
