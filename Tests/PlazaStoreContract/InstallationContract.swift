import Foundation
import PlazaCatalog

/// InstallationRepository: environments, agents, pins with their history (compare-and-set), policy rules.
enum InstallationContract {
    /// Whole seconds: stores may keep pin dates at that precision.
    static let pinnedAt = Date(timeIntervalSince1970: 1_750_000_000)

    static func pin(_ target: String = "environment:dev", plugin: String = "incident-investigation", skill: String? = nil,
                    commit: Character = "a", digest: String = "digest-a") -> Pin {
        Pin(target: target, marketplace: "acme", plugin: plugin, skill: skill, repository: "https://git.example/acme.git",
            commit: String(repeating: commit, count: 40), marketplaceCommit: String(repeating: commit, count: 40), path: "p/\(plugin)",
            digest: digest, bundleSHA256: "bundle-\(digest)", treeDigest: "tree", hasHooks: false, hasMCP: true, pinnedAt: pinnedAt, pinnedBy: "ci")
    }

    static func event(_ action: PinEvent.Action, before: Pin?, after: Pin?, at seconds: Double = 0) -> PinEvent {
        PinEvent(at: pinnedAt.addingTimeInterval(seconds), actor: "ci", action: action, key: after?.key ?? before?.key ?? PinKey(target: "", marketplace: "", plugin: "", skill: nil),
                 before: before, after: after)
    }

    static let cases: [StoreContract] = [
        StoreContract("installations", "dev, staging and production exist; environments are saved by name") { make in
            let store = try await make()
            try checkEqual(try await store.environments(),
                           [DeploymentEnvironment(name: "dev", position: 1), DeploymentEnvironment(name: "staging", position: 2),
                            DeploymentEnvironment(name: "production", position: 3)])
            try await store.saveEnvironment(DeploymentEnvironment(name: "qa", position: 4))
            try await store.saveEnvironment(DeploymentEnvironment(name: "staging", position: 5))
            try checkEqual(try await store.environments().map(\.name), ["dev", "production", "qa", "staging"])
        },
        StoreContract("installations", "agents belong to an existing environment and keep their creation date") { make in
            let store = try await make()
            try await checkThrows(CatalogError.notFound("no environment named 'nope'; `plaza environments` lists them")) {
                try await store.saveAgent(AgentRecord(name: "sre-1", environment: "nope"))
            }
            try await store.saveAgent(AgentRecord(name: "sre-1", environment: "dev", createdAt: pinnedAt))
            try await store.saveAgent(AgentRecord(name: "canary", environment: "production", createdAt: pinnedAt))
            try await store.saveAgent(AgentRecord(name: "sre-1", environment: "staging", createdAt: pinnedAt.addingTimeInterval(99)))
            try checkEqual(try await store.agent(named: "sre-1"), AgentRecord(name: "sre-1", environment: "staging", createdAt: pinnedAt))
            try checkEqual(try await store.agents().map(\.name), ["canary", "sre-1"])
            try checkEqual(try await store.agent(named: "nope"), nil)
        },
        StoreContract("installations", "a change writes the pin, its event and its audit record together; a stale change writes nothing") { make in
            let store = try await make()
            let first = pin()
            try await store.apply(event(.install, before: nil, after: first), audit: AuditEvent(actor: "ci", action: "pin.install", target: "dev", outcome: "ok"))
            try checkEqual(try await store.pin(first.key), first)
            let second = pin(commit: "b", digest: "digest-b")
            try await checkThrows(CatalogError.conflict("the pin changed while this change was prepared; look again and retry")) {
                try await store.apply(event(.update, before: pin(commit: "c", digest: "digest-c"), after: second, at: 1),
                                      audit: AuditEvent(actor: "ci", action: "pin.update", target: "dev", outcome: "ok"))
            }
            try checkEqual(try await store.pin(first.key), first)
            try await store.apply(event(.update, before: first, after: second, at: 2), audit: nil)
            try checkEqual(try await store.pin(first.key)?.commit, second.commit)
            try await store.apply(event(.uninstall, before: second, after: nil, at: 3), audit: nil)
            try checkEqual(try await store.pin(first.key), nil)
            try checkEqual(try await store.pinEvents(first.key, target: nil, limit: 10).map(\.action), [.uninstall, .update, .install])
            try checkEqual(try await store.auditEvents(target: nil, action: nil, before: nil, limit: 10).map(\.action), ["pin.install"])
        },
        StoreContract("installations", "history is newest first, by pin or by target, limited") { make in
            let store = try await make()
            let dev = pin(), production = pin("environment:production"), skill = pin(skill: "triage-alert")
            try await store.apply(event(.install, before: nil, after: dev, at: 1), audit: nil)
            try await store.apply(event(.promote, before: nil, after: production, at: 2), audit: nil)
            try await store.apply(event(.install, before: nil, after: skill, at: 3), audit: nil)
            let history = try await store.pinEvents(nil, target: "environment:dev", limit: 10)
            try checkEqual(history.map(\.key), [skill.key, dev.key])
            try checkEqual(history.first?.after, skill)
            try checkEqual(history.first?.at, pinnedAt.addingTimeInterval(3))
            try checkEqual(try await store.pinEvents(production.key, target: nil, limit: 10).map(\.action), [.promote])
            try checkEqual(try await store.pinEvents(nil, target: nil, limit: 2).count, 2)
        },
        StoreContract("installations", "pins are listed by target, found by bundle, and re-stamped only at their digest") { make in
            let store = try await make()
            let dev = pin(), production = pin("environment:production", plugin: "cost-governance", digest: "digest-c")
            try await store.apply(event(.install, before: nil, after: dev), audit: nil)
            try await store.apply(event(.install, before: nil, after: production), audit: nil)
            try checkEqual(try await store.pins(targets: nil).count, 2)
            try checkEqual(try await store.pins(targets: []), [])
            try checkEqual(try await store.pins(targets: ["environment:production"]), [production])
            try checkEqual(try await store.pins(bundleSHA256: "bundle-digest-a"), [dev])
            try await store.setBundleSHA256("new-bundle", for: dev.key, digest: "some-other-digest")
            try checkEqual(try await store.pin(dev.key)?.bundleSHA256, "bundle-digest-a")
            try await store.setBundleSHA256("new-bundle", for: dev.key, digest: "digest-a")
            try checkEqual(try await store.pin(dev.key)?.bundleSHA256, "new-bundle")
            try checkEqual(try await store.pins(bundleSHA256: "new-bundle").map(\.key), [dev.key])
            try checkEqual(try await store.pinEvents(dev.key, target: nil, limit: 10).count, 1, "re-stamping is not a change of the pin")
        },
        StoreContract("installations", "current entries are the catalog's plugin and skill entries") { make in
            let store = try await CatalogFixture.seeded(make)
            let plugins: Set = [PluginName(marketplace: "acme", plugin: "incident-investigation"), PluginName(marketplace: "acme", plugin: "none")]
            let current = try await store.currentEntries(of: plugins)
            let entries = current[PluginName(marketplace: "acme", plugin: "incident-investigation")] ?? []
            try checkEqual(Set(entries.map(\.name)), ["incident-investigation", "triage-alert", "write-postmortem"])
            try checkEqual(entries.first { $0.kind == .plugin }?.description, "Triage and investigate incidents")
            try checkEqual(entries.first?.commit, CatalogFixture.commit)
            try checkEqual(current[PluginName(marketplace: "acme", plugin: "none")] ?? [], [])
        },
        StoreContract("installations", "policy rules keep the order they were created in; saving again replaces in place") { make in
            let store = try await make()
            try await store.savePolicyRule(PolicyRule(id: "r1", effect: .allow, environment: "production", marketplace: "acme"))
            try await store.savePolicyRule(PolicyRule(id: "r2", effect: .deny, environment: "*", hasHooks: true))
            try await store.savePolicyRule(PolicyRule(id: "r1", effect: .deny, environment: "production", marketplace: "acme", note: "changed"))
            let rules = try await store.policyRules()
            try checkEqual(rules.map(\.id), ["r1", "r2"])
            try checkEqual(rules.first?.note, "changed")
            try checkEqual(try await store.deletePolicyRule(id: "r1"), true)
            try checkEqual(try await store.deletePolicyRule(id: "r1"), false)
            try checkEqual(try await store.policyRules().map(\.id), ["r2"])
        },
    ]
}
