import Foundation

/// Names Plaza gives things (marketplaces, teams, environments, agents): 1-64 lowercase letters,
/// digits, '-', '.' or '_', so they are safe in URLs, paths and audit lines.
public enum Identifier {
    /// Why `value` is not a valid name for a `kind` ("team", "environment", …), or nil.
    public static func problem(_ value: String, kind: String) -> String? {
        let allowed = value.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F }
        guard value.isEmpty || value.utf8.count > 64 || !allowed else { return nil }
        return "\(kind) '\(value)' must be 1-64 lowercase letters, digits, '-', '.' or '_'"
    }
}

/// What an API token may do. Roles are fixed; what each allows is ``Role/allows(_:)``.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Everything, including tokens, visibility and the audit log.
    case admin
    /// Registers and syncs marketplaces, publishes MCP servers.
    case publisher
    /// Agents: installs, updates and downloads pinned content for its own agent or environment.
    case installer
    /// Reads the catalog it may see.
    case reader

    /// Whether the role grants `permission`.
    public func allows(_ permission: Permission) -> Bool {
        switch (self, permission) {
        case (.admin, _): return true
        case (.publisher, .read), (.publisher, .publish): return true
        case (.installer, .read), (.installer, .install): return true
        case (.reader, .read): return true
        default: return false
        }
    }

    /// The roles that grant `permission`, strongest first (for error messages).
    public static func granting(_ permission: Permission) -> [Role] {
        allCases.filter { $0.allows(permission) }
    }
}

/// What a route needs from its caller.
public enum Permission: String, Sendable {
    /// See the catalog, marketplaces and their content (filtered by visibility).
    case read
    /// Register and sync marketplaces; publish and edit MCP servers.
    case publish
    /// Install, update and download pinned content.
    case install
    /// Tokens, visibility, removal, policy and the audit log.
    case administer
}

/// Who a marketplace (or anything published in it) is visible to.
///
/// Admins see everything. Public items are seen by every caller, anonymous ones included when the
/// server allows anonymous reads. Other items are seen by signed-in callers when their `teams` is
/// empty (everyone signed in) or shares a team with the caller.
public struct Visibility: Codable, Sendable, Equatable {
    /// Teams that may see the item; empty means every signed-in caller.
    public var teams: [String]
    /// Visible to anonymous callers (only when the server enables anonymous reads).
    public var isPublic: Bool

    public init(teams: [String] = [], isPublic: Bool = false) {
        self.teams = teams
        self.isPublic = isPublic
    }

    /// Why a team list is unacceptable, or nil.
    public static func problem(teams: [String]) -> String? {
        teams.lazy.compactMap { Identifier.problem($0, kind: "team") }.first
    }
}

/// The caller of a request: a token's identity, the bootstrap administrator, or anonymous.
public struct Principal: Sendable, Equatable {
    /// Shown as the actor in the audit log: the token's name, `anonymous`, or `plaza`.
    public var name: String
    public var role: Role
    public var teams: Set<String>
    /// For installer tokens: the agent and environment they act for (nil: any).
    public var agent: String?
    public var environment: String?
    public var isAnonymous: Bool

    public init(name: String, role: Role, teams: Set<String> = [], agent: String? = nil, environment: String? = nil, isAnonymous: Bool = false) {
        self.name = name
        self.role = role
        self.teams = teams
        self.agent = agent
        self.environment = environment
        self.isAnonymous = isAnonymous
    }

    /// An unauthenticated caller on a server that allows anonymous reads.
    public static let anonymous = Principal(name: "anonymous", role: .reader, isAnonymous: true)

    /// Whether this caller may see an item with `visibility`.
    public func sees(_ visibility: Visibility) -> Bool {
        if role == .admin { return true }
        if visibility.isPublic { return true }
        if isAnonymous { return false }
        return visibility.teams.isEmpty || !teams.isDisjoint(with: visibility.teams)
    }
}

/// An API token as Plaza stores it: everything but the secret, which is kept only as a SHA-256 hash.
public struct APIToken: Codable, Sendable, Equatable {
    /// Public identifier (`tok_…`), used to list and revoke; not a secret.
    public var id: String
    /// Who or what holds the token, e.g. `ci-deployer`; the audit log's actor.
    public var name: String
    public var role: Role
    public var teams: [String]
    public var agent: String?
    public var environment: String?
    public var createdAt: Date
    public var createdBy: String
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, name: String, role: Role, teams: [String] = [], agent: String? = nil, environment: String? = nil,
                createdAt: Date = Date(), createdBy: String, expiresAt: Date? = nil, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.teams = teams
        self.agent = agent
        self.environment = environment
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the token can be used at `date`.
    public func isActive(at date: Date = Date()) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > date } ?? true)
    }

    /// The identity requests made with this token act as.
    public var principal: Principal {
        Principal(name: name, role: role, teams: Set(teams), agent: agent, environment: environment)
    }

    /// Why a new token's fields are unacceptable, or nil.
    public func problem() -> String? {
        if name.isEmpty || name.utf8.count > 64 || name.contains(where: { $0.isWhitespace || $0.isNewline }) {
            return "token name must be 1-64 characters without spaces"
        }
        if [Principal.anonymous.name, "plaza", "github-webhook", "bootstrap-admin"].contains(name) {
            return "token name '\(name)' is reserved"
        }
        if let problem = Visibility.problem(teams: teams) { return problem }
        if role != .installer && (agent != nil || environment != nil) { return "agent and environment apply to installer tokens only" }
        return nil
    }
}

/// Storage of API tokens. Only hashes of token secrets are ever stored.
public protocol TokenRepository: Sendable {
    /// Adds a token; throws ``CatalogError/conflict(_:)`` when an active token has the same name.
    func createToken(_ token: APIToken, secretHash: String) async throws
    /// The token whose secret hashes to `secretHash`, active or not.
    func token(secretHash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    /// Marks the token revoked; returns it, or nil when there is no such token.
    func revokeToken(id: String, at date: Date) async throws -> APIToken?
}
