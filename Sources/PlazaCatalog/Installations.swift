import Foundation

/// Who a pin is for: one agent, or a whole environment.
public enum PinTarget: Hashable, Sendable, CustomStringConvertible {
    case agent(String)
    case environment(String)

    /// `agent:NAME` or `environment:NAME`, the stored form.
    public var description: String {
        switch self {
        case .agent(let name): return "agent:\(name)"
        case .environment(let name): return "environment:\(name)"
        }
    }

    public init?(_ text: String) {
        if text.hasPrefix("agent:"), text.count > 6 { self = .agent(String(text.dropFirst(6))) }
        else if text.hasPrefix("environment:"), text.count > 12 { self = .environment(String(text.dropFirst(12))) }
        else { return nil }
    }
}

/// An installation: a plugin (or one skill of it) pinned to an exact commit and content digest for
/// an agent or an environment. Nothing upstream moves it; only install, update, rollback and promote do.
public struct Pin: Codable, Sendable, Equatable {
    /// `agent:NAME` or `environment:NAME`.
    public var target: String
    public var marketplace: String
    public var plugin: String
    /// Set when a single skill is installed.
    public var skill: String?
    /// The repository the content is read from (the marketplace's, or an external source's).
    public var repository: String
    /// The commit the content is pinned to (40 hex), in `repository`.
    public var commit: String
    /// The marketplace repository's commit the pin was taken from (equals `commit` for local plugins).
    public var marketplaceCommit: String
    /// Directory of the plugin (or skill) inside `repository` ("" for the repository root).
    public var path: String
    /// SHA-256 over the pinned files in canonical order (see `PluginContent.digest`).
    public var digest: String
    /// SHA-256 of the bundle zip built from the pinned files.
    public var bundleSHA256: String
    /// The catalog's fingerprint of the plugin's files at the pin, compared with the catalog's
    /// current one to tell whether the marketplace head has something newer.
    public var treeDigest: String
    public var version: String?
    public var hasHooks: Bool
    public var hasMCP: Bool
    /// Whether the pinned plugin makes clients run programs on the user's machine (command hooks,
    /// monitors, LSP servers, stdio MCP servers, an entry `headersHelper`); nil for pins recorded
    /// before Plaza recorded it (a policy rule about it then fails closed).
    public var runsCommands: Bool?
    public var pinnedAt: Date
    public var pinnedBy: String

    public init(target: String, marketplace: String, plugin: String, skill: String? = nil, repository: String, commit: String,
                marketplaceCommit: String, path: String, digest: String, bundleSHA256: String, treeDigest: String, version: String? = nil,
                hasHooks: Bool, hasMCP: Bool, runsCommands: Bool? = nil, pinnedAt: Date = Date(), pinnedBy: String) {
        self.target = target
        self.marketplace = marketplace
        self.plugin = plugin
        self.skill = skill
        self.repository = repository
        self.commit = commit
        self.marketplaceCommit = marketplaceCommit
        self.path = path
        self.digest = digest
        self.bundleSHA256 = bundleSHA256
        self.treeDigest = treeDigest
        self.version = version
        self.hasHooks = hasHooks
        self.hasMCP = hasMCP
        self.runsCommands = runsCommands
        self.pinnedAt = pinnedAt
        self.pinnedBy = pinnedBy
    }

    /// `plugin@marketplace`, or `plugin@marketplace#skill` for a single skill.
    public var reference: String { "\(plugin)@\(marketplace)" + (skill.map { "#\($0)" } ?? "") }

    /// What identifies the pin within its target.
    public var key: PinKey { PinKey(target: target, marketplace: marketplace, plugin: plugin, skill: skill) }
}

/// A plugin by marketplace and name.
public struct PluginName: Hashable, Sendable, Codable {
    public var marketplace: String
    public var plugin: String

    public init(marketplace: String, plugin: String) {
        self.marketplace = marketplace
        self.plugin = plugin
    }

    /// Parses `plugin@marketplace`.
    public init?(reference: String) {
        let parts = reference.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(marketplace: String(parts[1]), plugin: String(parts[0]))
    }

    public var reference: String { "\(plugin)@\(marketplace)" }
}

/// Identity of a pin: target, plugin and optional skill.
public struct PinKey: Hashable, Sendable, Codable {
    public var target: String
    public var marketplace: String
    public var plugin: String
    public var skill: String?

    public init(target: String, marketplace: String, plugin: String, skill: String?) {
        self.target = target
        self.marketplace = marketplace
        self.plugin = plugin
        self.skill = skill
    }
}

/// One change to a pin, kept forever: who, when, and the pin before and after.
public struct PinEvent: Codable, Sendable, Equatable {
    public enum Action: String, Codable, Sendable { case install, update, rollback, promote, uninstall }

    public var id: Int64?
    public var at: Date
    public var actor: String
    public var action: Action
    public var key: PinKey
    public var before: Pin?
    public var after: Pin?

    public init(id: Int64? = nil, at: Date = Date(), actor: String, action: Action, key: PinKey, before: Pin?, after: Pin?) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.key = key
        self.before = before
        self.after = after
    }
}

/// An environment agents run in; `position` orders promotion (dev 1 → staging 2 → production 3).
public struct DeploymentEnvironment: Codable, Sendable, Equatable {
    public var name: String
    public var position: Int

    public init(name: String, position: Int) {
        self.name = name
        self.position = position
    }
}

/// An identity that installs plugins (a coding agent, an SRE agent instance, a CI job).
public struct AgentRecord: Codable, Sendable, Equatable {
    public var name: String
    public var environment: String
    public var createdAt: Date

    public init(name: String, environment: String, createdAt: Date = Date()) {
        self.name = name
        self.environment = environment
        self.createdAt = createdAt
    }
}

/// What the catalog holds now for a plugin or skill: enough to tell whether a pin is behind.
public struct CurrentEntry: Sendable, Equatable {
    public var kind: EntryKind
    public var name: String
    public var digest: String
    public var commit: String
    public var version: String?
    public var description: String

    public init(kind: EntryKind, name: String, digest: String, commit: String, version: String?, description: String = "") {
        self.description = description
        self.kind = kind
        self.name = name
        self.digest = digest
        self.commit = commit
        self.version = version
    }
}

/// Storage of pins, their history, agents, environments and policy rules.
public protocol InstallationRepository: Sendable {
    /// The catalog's current plugin and skill entries of each `(marketplace, plugin)`, in one read.
    func currentEntries(of plugins: Set<PluginName>) async throws -> [PluginName: [CurrentEntry]]
    func environments() async throws -> [DeploymentEnvironment]
    func saveEnvironment(_ environment: DeploymentEnvironment) async throws
    func agents() async throws -> [AgentRecord]
    func agent(named name: String) async throws -> AgentRecord?
    func saveAgent(_ agent: AgentRecord) async throws
    /// Pins of `targets` (all pins when nil).
    func pins(targets: [String]?) async throws -> [Pin]
    func pin(_ key: PinKey) async throws -> Pin?
    /// Pins whose delivered bundle has this sha256 (what exported marketplace.json entries point at).
    func pins(bundleSHA256: String) async throws -> [Pin]
    /// Records the sha256 of the pin's delivered bundle when the delivery format changed, only if
    /// the pin still has content `digest` (no event: the pinned content is the same).
    func setBundleSHA256(_ sha256: String, for key: PinKey, digest: String) async throws
    /// Writes (or, with nil, removes) the pin and appends its event and audit record, in one transaction.
    func apply(_ event: PinEvent, audit: AuditEvent?) async throws
    /// History of one pin (or of every pin of a target), newest first.
    func pinEvents(_ key: PinKey?, target: String?, limit: Int) async throws -> [PinEvent]
    func policyRules() async throws -> [PolicyRule]
    func savePolicyRule(_ rule: PolicyRule) async throws
    func deletePolicyRule(id: String) async throws -> Bool
}
