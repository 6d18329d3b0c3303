import Foundation
import PlazaCatalog

/// The official registry's status of a server version.
public enum ServerStatus: String, Codable, Sendable, CaseIterable {
    case active, deprecated, deleted
}

/// API Center–style lifecycle stage of a server version.
public enum LifecycleStage: String, Codable, Sendable, CaseIterable {
    case design, development, testing, preview, production, deprecated, retired
}

/// A typed value of an administrator-defined metadata field.
public enum MetadataValue: Codable, Sendable, Equatable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) { self = .bool(bool) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }

    /// The value as text, for search.
    public var text: String {
        switch self {
        case .string(let value): return value
        case .number(let value): return value == value.rounded() ? String(Int(value)) : String(value)
        case .bool(let value): return value ? "true" : "false"
        }
    }
}

/// A custom metadata field an administrator defines for every server version.
public struct MetadataField: Codable, Sendable, Equatable {
    public enum FieldType: String, Codable, Sendable { case string, number, boolean, `enum` }

    public var name: String
    public var type: FieldType
    public var required: Bool
    /// Allowed values for `enum` fields.
    public var values: [String]?
    public var description: String?

    public init(name: String, type: FieldType, required: Bool = false, values: [String]? = nil, description: String? = nil) {
        self.name = name
        self.type = type
        self.required = required
        self.values = values
        self.description = description
    }

    enum CodingKeys: String, CodingKey { case name, type, required, values, description }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(FieldType.self, forKey: .type)
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? false
        values = try container.decodeIfPresent([String].self, forKey: .values)
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }

    /// Why `value` does not fit the field, or nil.
    public func problem(with value: MetadataValue?) -> String? {
        guard let value else { return required ? "custom field '\(name)' is required" : nil }
        switch (type, value) {
        case (.string, .string), (.number, .number), (.boolean, .bool): return nil
        case (.enum, .string(let text)):
            return (values ?? []).contains(text) ? nil : "custom field '\(name)' must be one of \((values ?? []).joined(separator: ", ")), not '\(text)'"
        default: return "custom field '\(name)' must be a \(type == .boolean ? "boolean" : type.rawValue)"
        }
    }
}

/// Governance of one server version, in Plaza's own `_meta` namespace.
public struct Governance: Codable, Sendable, Equatable {
    public var lifecycle: LifecycleStage
    /// People or teams accountable for the server (e.g. `team:sre`, `alice@contoso.example`).
    public var owners: [String]
    public var contacts: [String]
    public var metadata: [String: MetadataValue]

    public init(lifecycle: LifecycleStage = .development, owners: [String] = [], contacts: [String] = [], metadata: [String: MetadataValue] = [:]) {
        self.lifecycle = lifecycle
        self.owners = owners
        self.contacts = contacts
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey { case lifecycle, owners, contacts, metadata }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        lifecycle = try container.decodeIfPresent(LifecycleStage.self, forKey: .lifecycle) ?? .development
        owners = try container.decodeIfPresent([String].self, forKey: .owners) ?? []
        contacts = try container.decodeIfPresent([String].self, forKey: .contacts) ?? []
        metadata = try container.decodeIfPresent([String: MetadataValue].self, forKey: .metadata) ?? [:]
    }
}

/// Where a registry entry came from.
public struct RegistrySource: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case published, plugin, imported }
    public var kind: Kind
    /// For plugin servers: the plugin that ships it and the commit it was read at.
    public var marketplace: String?
    public var plugin: String?
    public var commit: String?
    /// For imported servers: where they came from.
    public var origin: String?

    public init(kind: Kind, marketplace: String? = nil, plugin: String? = nil, commit: String? = nil, origin: String? = nil) {
        self.kind = kind
        self.marketplace = marketplace
        self.plugin = plugin
        self.commit = commit
        self.origin = origin
    }
}

/// Rules checked when a version is published (administrators configure them).
public struct GovernanceRules: Codable, Sendable, Equatable {
    /// Remote URLs must use https.
    public var requireHTTPSRemotes: Bool
    /// When not empty, remote URLs must be on one of these hosts (or their subdomains).
    public var approvedHosts: [String]
    /// Versions in the `production` stage need at least one owner.
    public var productionRequiresOwner: Bool
    /// Header and environment values must reference `{inputs}` or be declared `isSecret`, never hold a literal credential.
    public var requireDeclaredSecrets: Bool

    public init(requireHTTPSRemotes: Bool = true, approvedHosts: [String] = [], productionRequiresOwner: Bool = true, requireDeclaredSecrets: Bool = true) {
        self.requireHTTPSRemotes = requireHTTPSRemotes
        self.approvedHosts = approvedHosts
        self.productionRequiresOwner = productionRequiresOwner
        self.requireDeclaredSecrets = requireDeclaredSecrets
    }
}

/// One published version of an MCP server as the registry stores it.
public struct ServerVersionRecord: Sendable, Equatable {
    public var name: String
    public var version: String
    /// The server.json exactly as accepted (serialized with sorted keys).
    public var serverJSON: String
    public var description: String
    public var title: String?
    public var status: ServerStatus
    public var statusMessage: String?
    public var statusChangedAt: Date
    public var publishedAt: Date
    public var updatedAt: Date
    public var isLatest: Bool
    public var governance: Governance
    public var source: RegistrySource
    public var visibility: Visibility
    /// Derived facts for filters and search.
    public var facts: ServerFacts

    public init(name: String, version: String, serverJSON: String, description: String, title: String?, status: ServerStatus = .active,
                statusMessage: String? = nil, statusChangedAt: Date = Date(), publishedAt: Date = Date(), updatedAt: Date = Date(),
                isLatest: Bool = false, governance: Governance, source: RegistrySource, visibility: Visibility, facts: ServerFacts) {
        self.name = name
        self.version = version
        self.serverJSON = serverJSON
        self.description = description
        self.title = title
        self.status = status
        self.statusMessage = statusMessage
        self.statusChangedAt = statusChangedAt
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.isLatest = isLatest
        self.governance = governance
        self.source = source
        self.visibility = visibility
        self.facts = facts
    }
}

/// What search and filters need to know about a server.json.
public struct ServerFacts: Sendable, Equatable {
    public var hasRemote: Bool
    public var hasPackage: Bool
    /// Transport types (`stdio`, `streamable-http`, `sse`).
    public var transports: [String]
    /// Package registry types (`npm`, `pypi`, `oci`, `nuget`, `mcpb`).
    public var registryTypes: [String]
    public var packageIdentifiers: [String]
    public var remoteHosts: [String]

    public init(hasRemote: Bool = false, hasPackage: Bool = false, transports: [String] = [], registryTypes: [String] = [],
                packageIdentifiers: [String] = [], remoteHosts: [String] = []) {
        self.hasRemote = hasRemote
        self.hasPackage = hasPackage
        self.transports = transports
        self.registryTypes = registryTypes
        self.packageIdentifiers = packageIdentifiers
        self.remoteHosts = remoteHosts
    }

    /// Reads the facts from a decoded server.json.
    public init(server: [String: Any]) {
        let packages = server["packages"] as? [[String: Any]] ?? []
        let remotes = server["remotes"] as? [[String: Any]] ?? []
        hasPackage = !packages.isEmpty
        hasRemote = !remotes.isEmpty
        var transports = Set<String>()
        for package in packages { if let type = (package["transport"] as? [String: Any])?["type"] as? String { transports.insert(type) } }
        for remote in remotes { if let type = remote["type"] as? String { transports.insert(type) } }
        self.transports = transports.sorted()
        registryTypes = Array(Set(packages.compactMap { $0["registryType"] as? String })).sorted()
        packageIdentifiers = packages.compactMap { $0["identifier"] as? String }
        remoteHosts = Array(Set(remotes.compactMap { ($0["url"] as? String).flatMap { URL(string: $0)?.host } })).sorted()
    }
}

/// A registry list request (official API parameters plus Plaza's filters).
public struct RegistryQuery: Sendable, Equatable {
    public var cursor: RegistryCursor?
    public var limit: Int
    /// Official `search`: Plaza matches it as a name substring *or* full text.
    public var search: String?
    public var updatedSince: Date?
    /// `latest`, an exact version, or nil for every version.
    public var version: String?
    public var includeDeleted: Bool

    public init(cursor: RegistryCursor? = nil, limit: Int = 30, search: String? = nil, updatedSince: Date? = nil, version: String? = nil,
                includeDeleted: Bool = false) {
        self.cursor = cursor
        self.limit = limit
        self.search = search
        self.updatedSince = updatedSince
        self.version = version
        self.includeDeleted = includeDeleted || updatedSince != nil
    }
}

/// Where the next page of a registry list starts: the last row's name and id. URL-safe and opaque.
public struct RegistryCursor: Sendable, Equatable {
    public var name: String
    public var id: Int64

    public init(name: String, id: Int64) {
        self.name = name
        self.id = id
    }

    public var encoded: String {
        Data("\(id):\(name)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public init?(encoded text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":"), let id = Int64(decoded[..<colon]) else { return nil }
        self.init(name: String(decoded[decoded.index(after: colon)...]), id: id)
    }
}

/// Who is reading, as the registry filters rows: nil teams means everything (administrators).
public struct RegistryViewer: Sendable, Equatable {
    public var allTeams: Bool
    public var teams: [String]
    public var anonymous: Bool

    public init(allTeams: Bool, teams: [String], anonymous: Bool) {
        self.allTeams = allTeams
        self.teams = teams
        self.anonymous = anonymous
    }

    public init(_ principal: Principal) {
        self.init(allTeams: principal.role == .admin, teams: principal.teams.sorted(), anonymous: principal.isAnonymous)
    }
}
