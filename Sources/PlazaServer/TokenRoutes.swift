import Foundation
import Hummingbird
import PlazaCatalog

/// `/v1/tokens` (administrators) and `/v1/whoami` (anyone): Plaza's own API tokens.
struct TokenRoutes {
    let store: any TokenRepository & AuditRepository
    let access: AccessControl

    func add(to group: RouterGroup<PlazaRequestContext>) {
        group.get("whoami", use: whoami)
        group.get("tokens", use: list)
        group.post("tokens", use: create)
        group.delete("tokens/:token", use: revoke)
    }

    struct CreateRequest: Decodable {
        let name: String
        let role: Role
        let teams: [String]?
        let agent: String?
        let environment: String?
        /// Days until the token expires; nil: it does not expire.
        let expiresInDays: Int?
    }

    @Sendable func whoami(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let principal = try await access.require(.read, request)
        return try JSONCoding.response(PrincipalView(principal))
    }

    @Sendable func list(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.administer, request)
        return try JSONCoding.response(["tokens": try await store.tokens().map(TokenView.init)])
    }

    /// Creates a token and answers with its secret: the only time the secret is ever shown.
    @Sendable func create(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let admin = try await access.require(.administer, request, action: "token.create")
        let body = try await JSONCoding.decode(CreateRequest.self, from: request)
        var expiresAt: Date?
        if let days = body.expiresInDays {
            guard (1...3650).contains(days) else { throw Problem(.unprocessableContent, "invalid-token", "expiresInDays must be 1 to 3650") }
            expiresAt = Date().addingTimeInterval(Double(days) * 86_400)
        }
        let token = APIToken(id: TokenSecret.identifier(), name: body.name, role: body.role, teams: (body.teams ?? []).sorted(),
                             agent: body.agent, environment: body.environment, createdBy: admin.name, expiresAt: expiresAt)
        if let problem = token.problem() { throw Problem(.unprocessableContent, "invalid-token", problem) }
        let secret = TokenSecret.generate()
        do {
            try await store.createToken(token, secretHash: TokenSecret.hash(secret))
        } catch {
            try? await store.record(AuditEvent(actor: admin.name, action: "token.create", target: token.name, outcome: "refused",
                                               detail: Problem.from(error).detail))
            throw error
        }
        try await store.record(AuditEvent(actor: admin.name, action: "token.create", target: token.name, outcome: "ok",
                                          detail: "\(token.id), role \(token.role.rawValue)" + (token.teams.isEmpty ? "" : ", teams \(token.teams.joined(separator: ","))")))
        context.logger.info("token created", metadata: ["token": "\(token.id)", "name": "\(token.name)", "role": "\(token.role.rawValue)"])
        return try JSONCoding.response(CreatedTokenView(token: TokenView(token), secret: secret), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let id = try context.path("token")
        let admin = try await access.require(.administer, request, action: "token.revoke", target: id)
        guard let token = try await store.revokeToken(id: id, at: Date()) else {
            throw Problem.notFound("no token with id '\(id)'; `plaza token list` shows them")
        }
        try await store.record(AuditEvent(actor: admin.name, action: "token.revoke", target: token.name, outcome: "ok", detail: token.id))
        context.logger.info("token revoked", metadata: ["token": "\(token.id)", "name": "\(token.name)"])
        return try JSONCoding.response(TokenView(token))
    }
}

/// A token as the API shows it: never its secret or hash.
struct TokenView: Encodable {
    let id: String
    let name: String
    let role: String
    let teams: [String]
    let agent: String?
    let environment: String?
    let createdAt: Date
    let createdBy: String
    let expiresAt: Date?
    let revokedAt: Date?
    let active: Bool

    init(_ token: APIToken) {
        id = token.id
        name = token.name
        role = token.role.rawValue
        teams = token.teams
        agent = token.agent
        environment = token.environment
        createdAt = token.createdAt
        createdBy = token.createdBy
        expiresAt = token.expiresAt
        revokedAt = token.revokedAt
        active = token.isActive()
    }
}

struct CreatedTokenView: Encodable {
    let token: TokenView
    /// The token's secret, shown this once.
    let secret: String
}

struct PrincipalView: Encodable {
    let name: String
    let role: String
    let teams: [String]
    let agent: String?
    let environment: String?
    let anonymous: Bool

    init(_ principal: Principal) {
        name = principal.name
        role = principal.role.rawValue
        teams = principal.teams.sorted()
        agent = principal.agent
        environment = principal.environment
        anonymous = principal.isAnonymous
    }
}
