import Crypto
import Foundation
import Hummingbird
import PlazaCatalog
import PlazaFormats

/// Decides who is calling and whether they may do what a route does.
///
/// Callers present `Authorization: Bearer <token>`. Tokens are looked up by the SHA-256 of their
/// secret; the secret itself is never stored. Without a token, a caller is anonymous: allowed on
/// read routes only when the server enables anonymous reads, and then seeing only public items.
public struct AccessControl: Sendable {
    let store: any TokenRepository & MarketplaceRepository & AuditRepository
    /// Whether unauthenticated callers may use read routes (seeing only public marketplaces).
    let anonymousRead: Bool
    /// SHA-256 of the bootstrap administrator token given at start-up (`serve --admin-token`), if any.
    let bootstrapAdminHash: String?

    public init(store: any TokenRepository & MarketplaceRepository & AuditRepository, anonymousRead: Bool = false, bootstrapAdminToken: String? = nil) {
        self.store = store
        self.anonymousRead = anonymousRead
        self.bootstrapAdminHash = bootstrapAdminToken.map(TokenSecret.hash)
    }

    /// The name the bootstrap administrator acts as in the audit log.
    static let bootstrapName = "bootstrap-admin"

    /// The caller, or a 401 when the request carries no valid token and anonymous use is not allowed.
    func caller(_ request: Request) async throws -> Principal {
        guard let header = request.headers[.authorization] else {
            if anonymousRead { return .anonymous }
            throw Self.unauthorized("this route needs a token: send 'Authorization: Bearer <token>' (plaza reads PLAZA_TOKEN)")
        }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw Self.unauthorized("the Authorization header must be 'Bearer <token>'")
        }
        let hash = TokenSecret.hash(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
        if let bootstrapAdminHash, Self.constantTimeEqual(hash, bootstrapAdminHash) {
            return Principal(name: Self.bootstrapName, role: .admin)
        }
        guard let token = try await store.token(secretHash: hash), token.isActive() else {
            throw Self.unauthorized("the token is not valid: unknown, revoked or expired")
        }
        return token.principal
    }

    /// The caller, if it holds `permission`. Anonymous callers get 401 on anything but reads;
    /// signed-in callers without the permission get 403, recorded in the audit log when the route
    /// changes state (`action` names it).
    func require(_ permission: Permission, _ request: Request, action: String? = nil, target: String = "") async throws -> Principal {
        let principal = try await caller(request)
        if principal.isAnonymous && permission != .read {
            throw Self.unauthorized("this route needs a token with role \(Self.roles(permission)); anonymous callers may only read")
        }
        guard principal.role.allows(permission) else {
            let detail = "token '\(principal.name)' has role \(principal.role.rawValue); this route needs \(Self.roles(permission))"
            if let action {
                try? await store.record(AuditEvent(actor: principal.name, action: action, target: target, outcome: "refused", detail: detail))
            }
            throw Problem(.forbidden, "forbidden", detail)
        }
        return principal
    }

    /// The marketplaces `principal` may see; nil means all of them (administrators).
    func visibleMarketplaces(_ principal: Principal) async throws -> [String]? {
        if principal.role == .admin { return nil }
        return try await store.marketplaceVisibilities().filter { principal.sees($0.visibility) }.map(\.name)
    }

    /// Throws the same 404 as for a missing marketplace unless `principal` may see `name`.
    func requireVisible(_ name: String, for principal: Principal) async throws {
        guard let visibility = try await store.marketplaceVisibility(named: name), principal.sees(visibility) else {
            throw Self.missing(name)
        }
    }

    /// The marketplace, if it exists and `principal` may see it; otherwise the same 404 either way,
    /// so hidden marketplaces cannot be told from missing ones.
    func visibleMarketplace(_ name: String, for principal: Principal) async throws -> Marketplace {
        guard let marketplace = try await store.marketplace(named: name), principal.sees(marketplace.registration.access) else {
            throw Self.missing(name)
        }
        return marketplace
    }

    /// Refuses a marketplace name the caller may not register: a reserved one, or one held by a
    /// marketplace the caller cannot see. Both get the same answer, which says neither which nor
    /// why, so a refusal does not prove that a hidden marketplace exists (Docs/Identity.md).
    /// A name held by a marketplace the caller can see is left to the store's "already registered".
    func requireAvailable(_ name: String, for principal: Principal) async throws {
        if NameRules.reservationProblem(name) != nil { throw Self.unavailable(name) }
        if let visibility = try await store.marketplaceVisibility(named: name), !principal.sees(visibility) {
            throw Self.unavailable(name)
        }
    }

    static func unavailable(_ name: String) -> Problem {
        Problem(.conflict, "name-unavailable", "the marketplace name '\(name)' is not available; choose another name")
    }

    static func missing(_ name: String) -> Problem {
        Problem.notFound("no marketplace named '\(name)'; `plaza marketplace list` shows the registered ones")
    }

    private static func roles(_ permission: Permission) -> String {
        Role.granting(permission).map(\.rawValue).joined(separator: " or ")
    }

    static func unauthorized(_ detail: String) -> Problem {
        var problem = Problem(.unauthorized, "unauthorized", detail)
        problem.headers[.wwwAuthenticate] = #"Bearer realm="plaza""#
        return problem
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// Token secrets: `plz_` and 43 URL-safe characters (256 random bits); stored only as SHA-256.
public enum TokenSecret {
    public static func generate() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return "plz_" + bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A public identifier for a new token.
    static func identifier() -> String {
        "tok_" + SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }.prefix(6).map { String(format: "%02x", $0) }.joined()
    }
}
