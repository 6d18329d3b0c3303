import Foundation
import PlazaCatalog
import PlazaFormats
import PlazaGit
import PlazaSync

/// A dependency to pin with the plugin that needs it.
struct ResolvedDependency: Sendable {
    let pin: Pin
    let dependency: PluginDependency
    /// `plugin@marketplace` of the plugin that declared it.
    let neededBy: String
}

extension InstallationService {
    /// Every plugin `root` depends on, recursively, resolved to a pin for the same target: by name,
    /// in the same marketplace unless the dependency names another one its marketplace allows
    /// (`allowCrossMarketplaceDependenciesOn`), at the highest `{name}--v{version}` tag in its
    /// version range, or at the marketplace's current commit without a range. A required
    /// dependency that cannot be resolved refuses the install; an optional one is left out.
    func dependencyClosure(of root: Pin, target: PinTarget, actor: String) async throws -> [ResolvedDependency] {
        var result: [ResolvedDependency] = []
        var seen: Set<String> = ["\(root.marketplace)/\(root.plugin)"]
        var queue = [root]
        while !queue.isEmpty {
            let pin = queue.removeFirst()
            let (requires, allowed) = try await declaredDependencies(of: pin)
            for dependency in requires {
                let marketplace = dependency.marketplace ?? pin.marketplace
                guard seen.insert("\(marketplace)/\(dependency.name)").inserted else { continue }
                do {
                    guard marketplace == pin.marketplace || allowed.contains(marketplace) else {
                        throw InstallationError.policy("\(pin.reference) depends on \(dependency.name)@\(marketplace), but marketplace '\(pin.marketplace)' does not allow dependencies on '\(marketplace)' (allowCrossMarketplaceDependenciesOn)")
                    }
                    let name = PluginName(marketplace: marketplace, plugin: dependency.name)
                    let revision = try await revision(for: dependency, plugin: name)
                    let resolved = try await resolvePin(name, skill: nil, target: target, revision: revision, actor: actor)
                    result.append(ResolvedDependency(pin: resolved, dependency: dependency, neededBy: pin.reference))
                    queue.append(resolved)
                    guard result.count <= 64 else { throw InstallationError.invalid("\(root.reference) needs more than 64 dependencies; refusing") }
                } catch is InstallationError where dependency.optional {
                    continue  // an optional dependency that cannot be had is left out
                } catch let error as InstallationError {
                    switch error {
                    case .policy: throw error
                    default: throw InstallationError.notFound("dependency \(dependency) of \(pin.reference) cannot be installed: \(error)")
                    }
                }
            }
        }
        return result
    }

    /// The closure of `candidate`, every pin checked by install policy for `environment`: one
    /// refused dependency refuses the whole change, naming it and who needs it.
    func checkedClosure(of candidate: Pin, target: PinTarget, environment: String, actor: String) async throws -> [ResolvedDependency] {
        let dependencies = try await dependencyClosure(of: candidate, target: target, actor: actor)
        for dependency in dependencies {
            do {
                try await checkPolicy(dependency.pin, environment: environment)
            } catch InstallationError.policy(let reason) {
                throw InstallationError.policy("\(candidate.reference) needs \(dependency.pin.reference) (via \(dependency.neededBy)), which is refused: \(reason)")
            }
        }
        return dependencies
    }

    /// Records the dependency pins a target lacks, or has outside their range; each is audited.
    func pin(_ dependencies: [ResolvedDependency], of candidate: Pin, actor: String) async throws {
        for dependency in dependencies {
            let existing = try await store.pin(dependency.pin.key)
            if let existing, Self.satisfies(existing, dependency.dependency) { continue }
            try await keepCommits(of: dependency.pin)
            try await record(PinEvent(actor: actor, action: existing == nil ? .install : .update, key: dependency.pin.key, before: existing, after: dependency.pin),
                             detail: "dependency of \(candidate.reference) at \(dependency.pin.commit.prefix(12))")
        }
    }

    /// Whether an existing pin already satisfies `dependency` (any pin without a range; with one,
    /// a pin whose version is in it).
    static func satisfies(_ pin: Pin, _ dependency: PluginDependency) -> Bool {
        guard let range = dependency.version.flatMap(SemverRange.init) else { return true }
        return pin.version.flatMap(SemanticVersion.init).map(range.contains) ?? false
    }

    /// For the whole-plugin pins among `pins`, per target: which required dependencies are missing
    /// or pinned outside their range (`problems`), and which version ranges other pins hold each
    /// dependency pin to (`ranges`). A pin whose definition cannot be read is skipped.
    func dependencyReport(_ pins: [Pin]) async -> (problems: [PinKey: [String]], ranges: [PinKey: [(range: SemverRange, reason: String)]]) {
        var problems: [PinKey: [String]] = [:]
        var ranges: [PinKey: [(range: SemverRange, reason: String)]] = [:]
        // The pins given are one target's effective set (an agent's include its environment's):
        // a dependency is satisfied by any of them.
        let group = pins.filter { $0.skill == nil }
        let targets = Set(group.map(\.target))
        // An agent's effective set holds its own pins and its environment's: name the agent.
        let target = targets.first { $0.hasPrefix("agent:") } ?? targets.sorted().first ?? ""
        let installed = Dictionary(group.map { ("\($0.marketplace)/\($0.plugin)", $0) }, uniquingKeysWith: { first, _ in first })
        for pin in group {
            guard let (requires, _) = try? await declaredDependencies(of: pin) else { continue }
            for dependency in requires where !dependency.optional {
                let marketplace = dependency.marketplace ?? pin.marketplace
                let wanted = "\(dependency.name)@\(marketplace)" + (dependency.version.map { " \($0)" } ?? "")
                guard let existing = installed["\(marketplace)/\(dependency.name)"] else {
                    problems[pin.key, default: []].append("needs \(wanted), which is not installed for \(target); `plaza update \(pin.reference)` pins it again")
                    continue
                }
                if !Self.satisfies(existing, dependency) {
                    problems[pin.key, default: []].append("needs \(wanted), but \(existing.reference) is pinned at \(existing.version ?? "an unversioned commit"); `plaza update \(pin.reference)` re-resolves it")
                } else if let text = dependency.version, let range = SemverRange(text) {
                    ranges[existing.key, default: []].append((range, "\(pin.reference) needs \(text)"))
                }
            }
        }
        return (problems, ranges)
    }

    private func declaredDependencies(of pin: Pin) async throws -> (requires: [PluginDependency], allowed: [String]) {
        let marketplaceURL = try await requireMarketplace(pin.marketplace).registration.url
        let reader = self.reader
        return try await GitWork.run {
            try reader.dependencies(of: pin.plugin, marketplaceRepository: marketplaceURL, marketplaceCommit: try Self.objectID(pin.marketplaceCommit),
                                    contentRepository: pin.repository, contentCommit: try Self.objectID(pin.commit), path: Self.pluginPath(of: pin))
        }
    }

    /// The tag to pin a ranged dependency at: the highest `{name}--v{version}` in the range.
    private func revision(for dependency: PluginDependency, plugin name: PluginName) async throws -> Revision? {
        guard let text = dependency.version, let range = SemverRange(text) else { return nil }
        guard let entry = try await store.entries(kind: .plugin, name: name.plugin, marketplace: name.marketplace, plugin: name.plugin).first,
              let repository = entry.details["repository"] else {
            throw InstallationError.notFound("no plugin '\(name.plugin)' in marketplace '\(name.marketplace)'")
        }
        let reader = self.reader, prefix = "\(name.plugin)--v"
        let tags = try await GitWork.run { try reader.tags(in: repository, prefix: prefix) }
        let versions = Dictionary(tags.keys.compactMap { tag -> (SemanticVersion, String)? in
            SemanticVersion(String(tag.dropFirst("refs/tags/".count + prefix.count))).map { ($0, tag) }
        }, uniquingKeysWith: { first, _ in first })
        guard let best = range.best(of: Array(versions.keys)), let tag = versions[best] else {
            throw InstallationError.notFound("no tag \(prefix)<version> in \(repository) satisfies \(text)")
        }
        return .ref(tag)
    }
}
