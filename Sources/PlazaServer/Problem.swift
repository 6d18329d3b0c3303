import Foundation
import Hummingbird
import PlazaCatalog
import PlazaInstall
import PlazaRegistry

/// An RFC 9457 problem document (`application/problem+json`), the body of every error response.
///
/// `detail` says what went wrong and how to fix it; internals (stack traces, SQL, file paths of the
/// server) never appear.
public struct Problem: HTTPResponseError, Encodable {
    public let status: HTTPResponse.Status
    /// Stable identifier, e.g. `https://plaza.dev/problems/not-found`.
    public let type: String
    public let title: String
    public let detail: String
    /// Extra response headers, e.g. `WWW-Authenticate` on a 401.
    var headers: HTTPFields = [:]
    /// Every validation issue, for documents rejected field by field (server.json).
    var issues: [ValidationIssue]?

    public init(_ status: HTTPResponse.Status, _ slug: String, _ detail: String) {
        self.status = status
        self.type = "https://plaza.dev/problems/\(slug)"
        self.title = status.reasonPhrase
        self.detail = detail
    }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", detail) }
    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, "invalid-request", detail) }

    enum CodingKeys: String, CodingKey { case type, title, status, detail, error, issues }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(Int(status.code), forKey: .status)
        try container.encode(detail, forKey: .detail)
        // The official MCP registry API answers errors as {"error": "…"}; clients of it read that member.
        try container.encode(detail, forKey: .error)
        try container.encodeIfPresent(issues, forKey: .issues)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONCoding.encoder.encode(self)) ?? Data()
        var fields = headers
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Maps any error from the catalog or the request layer to a problem; unknown errors become a
    /// 500 whose detail says nothing about internals.
    static func from(_ error: Error) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case CatalogError.notFound(let message): return .notFound(message)
        case CatalogError.conflict(let message): return Problem(.conflict, "conflict", message)
        case CatalogError.invalid(let message): return .badRequest(message)
        case let error as InstallationError:
            switch error {
            case .notFound(let message): return .notFound(message)
            case .invalid(let message): return Problem(.unprocessableContent, "invalid-installation", message)
            case .conflict(let message): return Problem(.conflict, "conflict", message)
            case .policy(let message): return Problem(.forbidden, "policy-denied", message)
            }
        case let error as MirrorReader.Failure:
            if case .unknownRevision = error { return .notFound(error.description) }
            return Problem(.conflict, "unreadable", error.description)
        case RegistryStoreError.notFound(let message): return .notFound(message)
        case RegistryStoreError.duplicate(let message): return Problem(.badRequest, "duplicate-version", message)
        case let error as HTTPError: return Problem(error.status, "http", error.body ?? error.status.reasonPhrase)
        case is DecodingError: return .badRequest("the request body is not the JSON this route expects")
        // A body over the route's limit (`NIOTooManyBytesError` from `collect(upTo:)`).
        case let error as HTTPResponseError where error.status == .contentTooLarge:
            return Problem(.contentTooLarge, "too-large", "the request body is larger than this route accepts")
        default: return Problem(.internalServerError, "internal", "the server could not complete the request; see the server log")
        }
    }
}

/// Turns every error into a problem document, logging unexpected ones with their detail.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Problem.from(error)
            if problem.status == .internalServerError {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(describing: error))"])
            }
            return try problem.response(from: request, context: context)
        }
    }
}

/// JSON with ISO 8601 dates and sorted keys, used for every response body.
enum JSONCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let data = try await body(of: request)
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw Problem.badRequest("invalid JSON body: \(DecodingMessage.describe(error))")
        } catch {
            throw Problem.badRequest("the request body must be JSON")
        }
    }
}

extension JSONCoding {
    /// The bytes of a JSON request body: 413 over `limit`, 415 when a non-empty body is not
    /// declared as JSON (`application/json` or `application/…+json`).
    static func body(of request: Request, limit: Int = RequestLimits.jsonBodyBytes) async throws -> Data {
        let buffer = try await request.body.collect(upTo: limit)
        if buffer.readableBytes > 0 { try requireJSONContentType(request) }
        return Data(buffer.readableBytesView)
    }

    static func requireJSONContentType(_ request: Request) throws {
        let declared = request.headers[.contentType] ?? ""
        let type = declared.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json")) else {
            throw Problem(.unsupportedMediaType, "unsupported-media-type",
                          "the body must be JSON sent with 'Content-Type: application/json' (got \(type.isEmpty ? "no Content-Type" : "'\(type)'"))")
        }
    }
}

enum DecodingMessage {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted: return "the body is not valid JSON"
        @unknown default: return "unreadable body"
        }
    }
}
