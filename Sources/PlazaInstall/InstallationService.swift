import Crypto
import Foundation
import PlazaCatalog
import PlazaFormats
import PlazaGit
import PlazaSources
import PlazaSync

/// Everything the installation service reads and writes.
public typealias InstallationStore = InstallationRepository & CatalogRepository & MarketplaceRepository & AuditRepository

/// Which commit to install when not the marketplace's current one.
public enum Revision: Sendable, Equatable {
    /// A full commit id.
    case sha(String)
    /// A branch or tag.
    case ref(String)
    /// A version: the tag `v<version>` or `<version>`.
    case version(String)
}

/// Why an installation operation was refused; the server maps these to status codes.
public enum InstallationError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case invalid(String)
    case conflict(String)
    /// Refused by install policy; the message names the rule.
    case policy(String)

    public var description: String {
        switch self {
        case .notFound(let message), .invalid(let message), .conflict(let message), .policy(let message): return message
        }
    }
}

/// Installs, updates, rolls back, promotes and uninstalls pins, and answers what is outdated.
///
/// Content always comes from Plaza's mirror at the pinned commit, which is kept reachable, so
/// nothing upstream (force-push, branch deletion, repository deletion) changes what a pin serves.
public struct InstallationService: Sendable {
    public let store: any InstallationStore
    public let reader: MirrorReader
    public let bundles: BundleCache

    public init(store: any InstallationStore, mirrors: MirrorDirectory, bundles: BundleCache = BundleCache()) {
        self.store = store
        self.reader = MirrorReader(mirrors: mirrors)
        self.bundles = bundles
    }

    // MARK: Install

    /// Pins `plugin` (or one `skill` of it) for `target` at the marketplace's current commit or at `revision`.
    @discardableResult
    public func install(_ plugin: PluginName, skill: String? = nil, target: PinTarget, revision: Revision? = nil, actor: String) async throws -> Pin {
        let environment = try await environmentName(of: target)
        let candidate = try await resolvePin(plugin, skill: skill, target: target, revision: revision, actor: actor)
        try await checkPolicy(candidate, environment: environment)
        // The dependency closure is pinned with the plugin; every pin is checked before any is recorded.
        let dependencies = skill == nil ? try await checkedClosure(of: candidate, target: target, environment: environment, actor: actor) : []
        let before = try await store.pin(candidate.key)
        let recorded: Pin
        if let before, before.commit == candidate.commit, before.digest == candidate.digest {
            recorded = before
        } else {
            try await keepCommits(of: candidate)
            recorded = try await record(PinEvent(actor: actor, action: before == nil ? .install : .update, key: candidate.key, before: before, after: candidate))
        }
        try await pin(dependencies, of: candidate, actor: actor)
        return recorded
    }

    /// Moves an existing pin to the marketplace's current commit, or to `revision`.
    @discardableResult
    public func update(_ key: PinKey, revision: Revision? = nil, followRename: Bool = false, actor: String) async throws -> Pin {
        guard let before = try await store.pin(key) else { throw InstallationError.notFound("\(Self.describe(key)) is not installed") }
        guard let target = PinTarget(key.target) else { throw InstallationError.invalid("target '\(key.target)' must be agent:NAME or environment:NAME") }
        if try await store.entries(kind: .plugin, name: key.plugin, marketplace: key.marketplace, plugin: key.plugin).isEmpty,
           case .some(.some(let newName)) = try await renames(of: key.marketplace)[key.plugin] {
            guard followRename else {
                throw InstallationError.conflict("\(key.plugin)@\(key.marketplace) was renamed to \(newName); update with followRename (`plaza update --follow-rename`) to pin \(newName) in its place")
            }
            // The renamed plugin is pinned for the same target, then the old pin is removed.
            let renamed = try await install(PluginName(marketplace: key.marketplace, plugin: newName), skill: key.skill, target: target, revision: revision, actor: actor)
            _ = try await record(PinEvent(actor: actor, action: .uninstall, key: key, before: before, after: nil), detail: "renamed to \(newName)")
            return renamed
        }
        let candidate = try await resolvePin(PluginName(marketplace: key.marketplace, plugin: key.plugin), skill: key.skill, target: target,
                                             revision: revision, actor: actor)
        if candidate.commit == before.commit && candidate.digest == before.digest { return before }
        let environment = try await environmentName(of: target)
        try await checkPolicy(candidate, environment: environment)
        // Dependencies the new version adds (or whose range moved) come with it.
        let dependencies = key.skill == nil ? try await checkedClosure(of: candidate, target: target, environment: environment, actor: actor) : []
        try await keepCommits(of: candidate)
        let updated = try await record(PinEvent(actor: actor, action: .update, key: key, before: before, after: candidate))
        try await pin(dependencies, of: candidate, actor: actor)
        return updated
    }

    /// Returns a pin to what it was before its last change.
    @discardableResult
    public func rollback(_ key: PinKey, actor: String) async throws -> Pin {
        guard let current = try await store.pin(key) else { throw InstallationError.notFound("\(Self.describe(key)) is not installed") }
        // The change that produced the current pin (rollbacks themselves do not count, so repeated
        // rollbacks walk further back); its `before` is what to return to.
        let history = try await store.pinEvents(key, target: nil, limit: 500)
        let producer = history.first { event in
            event.action != .rollback && event.after?.commit == current.commit && event.after?.digest == current.digest
        }
        guard let producer, var previous = producer.before else {
            throw InstallationError.conflict("\(Self.describe(key)) has no earlier pin to roll back to")
        }
        previous.pinnedAt = Date()
        previous.pinnedBy = actor
        if let target = PinTarget(key.target) { try await checkPolicy(previous, environment: try await environmentName(of: target)) }
        return try await record(PinEvent(actor: actor, action: .rollback, key: key, before: current, after: previous))
    }

    /// Copies the exact pin (same commit, same digest) from one environment to another.
    @discardableResult
    public func promote(_ plugin: PluginName, skill: String? = nil, from source: String, to destination: String, actor: String) async throws -> Pin {
        let environments = try await store.environments()
        guard let from = environments.first(where: { $0.name == source }) else { throw InstallationError.notFound("no environment named '\(source)'") }
        guard let to = environments.first(where: { $0.name == destination }) else { throw InstallationError.notFound("no environment named '\(destination)'") }
        guard from.name != to.name else { throw InstallationError.invalid("promote needs two different environments") }
        let sourceKey = PinKey(target: PinTarget.environment(source).description, marketplace: plugin.marketplace, plugin: plugin.plugin, skill: skill)
        guard let pin = try await store.pin(sourceKey) else {
            throw InstallationError.notFound("\(Self.describe(sourceKey)) is not installed, so there is nothing to promote")
        }
        var promoted = pin
        promoted.target = PinTarget.environment(destination).description
        promoted.pinnedAt = Date()
        promoted.pinnedBy = actor
        try await checkPolicy(promoted, environment: destination)
        let before = try await store.pin(promoted.key)
        return try await record(PinEvent(actor: actor, action: .promote, key: promoted.key, before: before, after: promoted),
                                detail: "from \(source) at \(pin.commit.prefix(12)), digest \(pin.digest.prefix(12))")
    }

    /// Removes a pin; its history stays.
    public func uninstall(_ key: PinKey, actor: String) async throws {
        guard let before = try await store.pin(key) else { throw InstallationError.notFound("\(Self.describe(key)) is not installed") }
        _ = try await record(PinEvent(actor: actor, action: .uninstall, key: key, before: before, after: nil))
    }

    // MARK: Reading

    /// The pins an agent runs: its environment's pins, overridden by its own.
    public func effectivePins(for target: PinTarget) async throws -> [Pin] {
        switch target {
        case .environment(let name):
            _ = try await environmentName(of: target)
            return try await store.pins(targets: [PinTarget.environment(name).description])
        case .agent(let name):
            guard let agent = try await store.agent(named: name) else { throw InstallationError.notFound("no agent named '\(name)'") }
            let environmentPins = try await store.pins(targets: [PinTarget.environment(agent.environment).description])
            let own = try await store.pins(targets: [target.description])
            var byPlugin: [String: Pin] = [:]
            for pin in environmentPins + own { byPlugin["\(pin.marketplace)\u{1F}\(pin.plugin)\u{1F}\(pin.skill ?? "")"] = pin }
            return byPlugin.values.sorted { ($0.marketplace, $0.plugin, $0.skill ?? "") < ($1.marketplace, $1.plugin, $1.skill ?? "") }
        }
    }

    /// For each pin, whether the marketplace's current catalog has different content, or has
    /// renamed the plugin (its marketplace.json `renames`).
    public func outdated(_ pins: [Pin]) async throws -> [OutdatedPin] {
        let current = try await store.currentEntries(of: Set(pins.map { PluginName(marketplace: $0.marketplace, plugin: $0.plugin) }))
        var renames: [String: [String: String?]] = [:]
        var result: [OutdatedPin] = []
        for pin in pins {
            let entries = current[PluginName(marketplace: pin.marketplace, plugin: pin.plugin)] ?? []
            let entry = pin.skill.map { skill in entries.first { $0.kind == .skill && $0.name == skill } } ?? entries.first { $0.kind == .plugin }
            guard let entry, !entry.digest.isEmpty else {
                if renames[pin.marketplace] == nil { renames[pin.marketplace] = (try? await self.renames(of: pin.marketplace)) ?? [:] }
                if case .some(.some(let newName)) = renames[pin.marketplace]?[pin.plugin] {
                    result.append(OutdatedPin(pin: pin, state: .renamed, latestCommit: nil, latestVersion: nil, renamedTo: newName))
                } else {
                    result.append(OutdatedPin(pin: pin, state: .missing, latestCommit: nil, latestVersion: nil))
                }
                continue
            }
            result.append(OutdatedPin(pin: pin, state: entry.digest == pin.treeDigest ? .current : .outdated,
                                      latestCommit: entry.commit, latestVersion: entry.version))
        }
        let report = await dependencyReport(pins)
        for index in result.indices {
            let key = result[index].pin.key
            result[index].dependencyProblems = report.problems[key] ?? []
            if let latest = result[index].latestVersion.flatMap(SemanticVersion.init) {
                result[index].heldBy = (report.ranges[key] ?? []).filter { !$0.range.contains(latest) }.map(\.reason)
            }
        }
        return result
    }

    /// The `renames` of a marketplace at its current commit.
    func renames(of marketplace: String) async throws -> [String: String?] {
        let found = try await requireMarketplace(marketplace)
        guard let commit = found.status.commit else { return [:] }
        let reader = self.reader, url = found.registration.url
        return try await GitWork.run { try reader.renames(marketplaceRepository: url, commit: try Self.objectID(commit)) }
    }

    /// What updating the pin to the marketplace's current commit (or `revision`) would change.
    public func diff(_ key: PinKey, revision: Revision? = nil) async throws -> ReviewDiff {
        guard let pin = try await store.pin(key), let target = PinTarget(key.target) else {
            throw InstallationError.notFound("\(Self.describe(key)) is not installed")
        }
        let candidate = try await resolvePin(PluginName(marketplace: key.marketplace, plugin: key.plugin), skill: key.skill, target: target,
                                             revision: revision, actor: "diff")
        let marketplace = try await requireMarketplace(pin.marketplace)
        let reader = self.reader
        return try await GitWork.run {
            func side(_ pin: Pin) throws -> (commit: String, content: PluginContent, plugin: LoadedPlugin?) {
                let commit = try Self.objectID(pin.commit)
                let content = try reader.content(of: pin.repository, at: commit, path: pin.path)
                let plugin = try? reader.plugin(named: pin.plugin, marketplaceRepository: marketplace.registration.url,
                                                marketplaceCommit: try Self.objectID(pin.marketplaceCommit), contentRepository: pin.repository,
                                                contentCommit: commit, path: Self.pluginPath(of: pin))
                return (pin.commit, content, plugin)
            }
            return ReviewDiff(from: try side(pin), to: try side(candidate), skill: key.skill)
        }
    }

    // MARK: Internals

    /// Builds the pin `install` or `update` would record, reading content from the mirror.
    func resolvePin(_ name: PluginName, skill: String?, target: PinTarget, revision: Revision?, actor: String) async throws -> Pin {
        let marketplace = try await requireMarketplace(name.marketplace)
        guard let entry = try await store.entries(kind: .plugin, name: name.plugin, marketplace: name.marketplace, plugin: name.plugin).first else {
            throw InstallationError.notFound("no plugin '\(name.plugin)' in marketplace '\(name.marketplace)'; try `plaza search \(name.plugin)`")
        }
        guard entry.status == .available, let repository = entry.details["repository"] else {
            throw InstallationError.conflict("plugin '\(name.reference)' is unavailable: \(entry.unavailableReason ?? "not indexed")")
        }
        var skillPath: String?
        var skillDigest: String?
        if let skill {
            guard let skillEntry = try await store.entries(kind: .skill, name: skill, marketplace: name.marketplace, plugin: name.plugin).first else {
                throw InstallationError.notFound("plugin '\(name.reference)' has no skill '\(skill)'")
            }
            skillPath = skillEntry.path.hasSuffix("/SKILL.md") ? String(skillEntry.path.dropLast("/SKILL.md".count)) : skillEntry.path
            skillDigest = skillEntry.digest
        }
        let path = skillPath ?? entry.path
        let isExternal = repository != marketplace.registration.url
        let marketplaceURL = marketplace.registration.url
        let marketplaceHead = marketplace.status.commit ?? entry.commit
        let reader = self.reader
        let pluginPath = entry.path
        let catalogDigest = skill == nil ? entry.digest : skillDigest
        return try await GitWork.run {
            let commit: ObjectID
            switch revision {
            case nil: commit = try Self.objectID(entry.commit)
            case .sha(let sha):
                guard sha.count == 40, sha.allSatisfy(\.isHexDigit) else { throw InstallationError.invalid("--sha must be a full 40-hex commit id") }
                commit = try reader.resolve(sha.lowercased(), in: repository)
            case .ref(let ref): commit = try reader.resolve(ref, in: repository)
            case .version(let version):
                guard let found = (try? reader.resolve("refs/tags/v\(version)", in: repository)) ?? (try? reader.resolve("refs/tags/\(version)", in: repository)) else {
                    throw InstallationError.notFound("no tag v\(version) or \(version) in \(repository)")
                }
                commit = found
            }
            let marketplaceCommit = isExternal ? try Self.objectID(marketplaceHead) : commit
            let content = try reader.content(of: repository, at: commit, path: path)
            if commit.hex == entry.commit, let catalogDigest, skill != nil || entry.runsCommands != nil {
                // The catalog indexed this very commit: its facts (version, hooks, MCP servers, commands) are the plugin's.
                // (An entry indexed before Plaza recorded `runsCommands` is read from the mirror instead.)
                return Pin(target: target.description, marketplace: name.marketplace, plugin: name.plugin, skill: skill, repository: repository,
                           commit: commit.hex, marketplaceCommit: marketplaceCommit.hex, path: path, digest: content.digest, bundleSHA256: "",
                           treeDigest: catalogDigest, version: entry.version, hasHooks: skill == nil && entry.hasHooks,
                           hasMCP: skill == nil && entry.hasMCP, runsCommands: skill == nil && entry.runsCommands == true, pinnedBy: actor)
            }
            let plugin = try reader.plugin(named: name.plugin, marketplaceRepository: marketplaceURL, marketplaceCommit: marketplaceCommit,
                                           contentRepository: repository, contentCommit: commit, path: pluginPath)
            guard let plugin, plugin.status == .loaded else {
                throw InstallationError.conflict("plugin '\(name.reference)' cannot be read at \(commit.short): its marketplace entry or plugin.json is missing or invalid there")
            }
            var treeDigest: String
            if let skill {
                guard let definition = plugin.skills.first(where: { $0.name == skill }) else {
                    throw InstallationError.notFound("plugin '\(name.reference)' has no skill '\(skill)' at \(commit.short)")
                }
                treeDigest = Self.sha256(definition.name + "\n" + definition.description + "\n" + definition.body)
            } else {
                let snapshot = try GitCommitSnapshot(repository: try reader.mirrors.mirror(for: repository).open(), commit: commit)
                treeDigest = PluginFingerprint.of(snapshot, root: pluginPath, relativePaths: !isExternal)
            }
            return Pin(target: target.description, marketplace: name.marketplace, plugin: name.plugin, skill: skill, repository: repository,
                       commit: commit.hex, marketplaceCommit: marketplaceCommit.hex, path: path, digest: content.digest, bundleSHA256: "",
                       treeDigest: treeDigest, version: plugin.metadata.version, hasHooks: skill == nil && !plugin.hooks.isEmpty,
                       hasMCP: skill == nil && !plugin.mcpServers.isEmpty, runsCommands: skill == nil && plugin.runsCommands, pinnedBy: actor)
        }
    }

    /// Keeps the pin's commits reachable in the mirrors (only once the pin is allowed and about to be recorded).
    func keepCommits(of pin: Pin) async throws {
        let reader = self.reader
        let marketplaceURL = try await requireMarketplace(pin.marketplace).registration.url
        try await GitWork.run {
            try reader.keep(try Self.objectID(pin.commit), in: pin.repository)
            if pin.repository != marketplaceURL { try reader.keep(try Self.objectID(pin.marketplaceCommit), in: marketplaceURL) }
        }
    }

    func checkPolicy(_ pin: Pin, environment: String) async throws {
        let rules = try await store.policyRules()
        let decision = InstallPolicy.evaluate(rules, for: PolicySubject(environment: environment, marketplace: pin.marketplace, plugin: pin.plugin,
                                                                       hasHooks: pin.hasHooks, hasMCP: pin.hasMCP, runsCommands: pin.runsCommands))
        guard decision.allowed else { throw InstallationError.policy("\(pin.reference) refused in \(environment): \(decision.reason)") }
    }

    func environmentName(of target: PinTarget) async throws -> String {
        switch target {
        case .environment(let name):
            guard try await store.environments().contains(where: { $0.name == name }) else {
                throw InstallationError.notFound("no environment named '\(name)'; `plaza environments` lists them")
            }
            return name
        case .agent(let name):
            guard let agent = try await store.agent(named: name) else {
                throw InstallationError.notFound("no agent named '\(name)'; register it with `plaza agent add \(name) --environment ENV`")
            }
            return agent.environment
        }
    }

    /// Records the change with its audit event; the new pin gets the sha256 of the bundle clients
    /// will download (pins taken from history may predate the current delivery format).
    @discardableResult
    func record(_ event: PinEvent, detail: String? = nil) async throws -> Pin {
        var event = event
        if var after = event.after {
            after.bundleSHA256 = try await bundle(for: after).sha256
            event.after = after
        }
        let pin = event.after ?? event.before
        let text = detail ?? pin.map { "\($0.commit.prefix(12)) digest \($0.digest.prefix(12))" }
        try await store.apply(event, audit: AuditEvent(actor: event.actor, action: "pin.\(event.action.rawValue)", target: Self.describe(event.key),
                                                       outcome: "ok", detail: text))
        return event.after ?? event.before!
    }

    func requireMarketplace(_ name: String) async throws -> Marketplace {
        guard let marketplace = try await store.marketplace(named: name) else {
            throw InstallationError.notFound("no marketplace named '\(name)'")
        }
        return marketplace
    }

    /// `plugin@marketplace[#skill] for agent:x`, as refusals and the audit log name a pin.
    public static func describe(_ key: PinKey) -> String {
        "\(key.plugin)@\(key.marketplace)" + (key.skill.map { "#\($0)" } ?? "") + " for \(key.target)"
    }

    static func pluginPath(of pin: Pin) -> String {
        guard pin.skill != nil, let range = pin.path.range(of: "/skills/", options: .backwards) else { return pin.skill == nil ? pin.path : "" }
        return String(pin.path[..<range.lowerBound])
    }

    static func objectID(_ hex: String) throws -> ObjectID {
        guard let id = ObjectID(hex: hex) else { throw InstallationError.invalid("'\(hex)' is not a commit id") }
        return id
    }

    static func sha256(_ text: String) -> String {
        PluginContent.hex(SHA256.hash(data: Data(text.utf8)))
    }
}

/// A pin and whether the catalog has moved past it.
public struct OutdatedPin: Sendable, Equatable {
    /// `renamed`: the marketplace's `renames` maps the plugin to a new name (`renamedTo`);
    /// `missing`: it is gone from the catalog.
    public enum State: String, Sendable, Codable { case current, outdated, missing, renamed }
    public var pin: Pin
    public var state: State
    public var latestCommit: String?
    public var latestVersion: String?
    public var renamedTo: String? = nil
    /// Required dependencies of this plugin (as pinned) that the target does not satisfy:
    /// "needs secrets-vault@acme ~2.1.0, which is not installed here".
    public var dependencyProblems: [String] = []
    /// Pins of other plugins whose version range excludes ``latestVersion``: updating this pin to the
    /// head would break them ("deploy-kit@acme needs ~2.1.0").
    public var heldBy: [String] = []

    /// Whether the pin needs attention: not current, or a dependency it needs is missing or out of range.
    public var needsAttention: Bool { state != .current || !dependencyProblems.isEmpty }
}
