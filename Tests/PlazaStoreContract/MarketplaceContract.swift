import Foundation
import PlazaCatalog

/// MarketplaceRepository: registrations, statuses, visibility, removal.
enum MarketplaceContract {
    static let cases: [StoreContract] = [
        StoreContract("marketplaces", "a registration reads back with the default status") { make in
            let store = try await make()
            let registration = CatalogFixture.registration("acme", visibility: Visibility(teams: ["sre"]))
            try await store.register(registration)
            try checkEqual(try await store.marketplace(named: "acme"), Marketplace(registration: registration, status: SyncStatus()))
            try checkEqual(try await store.marketplace(named: "nope"), nil)
        },
        StoreContract("marketplaces", "a taken name is refused") { make in
            let store = try await make()
            try await store.register(CatalogFixture.registration("acme"))
            try await checkThrows(CatalogError.conflict("a marketplace named 'acme' is already registered")) {
                try await store.register(CatalogFixture.registration("acme"))
            }
        },
        StoreContract("marketplaces", "marketplaces are listed by name") { make in
            let store = try await make()
            for name in ["zeta", "alpha", "mid"] { try await store.register(CatalogFixture.registration(name)) }
            try checkEqual(try await store.marketplaces().map(\.registration.name), ["alpha", "mid", "zeta"])
        },
        StoreContract("marketplaces", "updateStatus changes the status; an unknown name is not found") { make in
            let store = try await make()
            try await store.register(CatalogFixture.registration("acme"))
            try await store.updateStatus("acme") { $0.state = .syncing; $0.lastError = "boom" }
            let status = try await store.marketplace(named: "acme")?.status
            try checkEqual(status?.state, .syncing)
            try checkEqual(status?.lastError, "boom")
            try await checkThrows(CatalogError.notFound("no marketplace named 'nope'")) {
                try await store.updateStatus("nope") { $0.state = .ok }
            }
        },
        StoreContract("marketplaces", "updateRegistration returns the changed marketplace; an unknown name is not found") { make in
            let store = try await make()
            try await store.register(CatalogFixture.registration("acme"))
            let changed = try await store.updateRegistration("acme") { $0.visibility = Visibility(isPublic: true) }
            try checkEqual(changed.registration.visibility, Visibility(isPublic: true))
            try checkEqual(try await store.marketplace(named: "acme")?.registration.visibility, Visibility(isPublic: true))
            try await checkThrows(CatalogError.notFound("no marketplace named 'nope'")) {
                _ = try await store.updateRegistration("nope") { $0.pollIntervalSeconds = 60 }
            }
        },
        StoreContract("marketplaces", "visibilities are listed by name, an unset one as the default") { make in
            let store = try await make()
            try await store.register(CatalogFixture.registration("ops", visibility: Visibility(teams: ["a", "b"], isPublic: false)))
            try await store.register(CatalogFixture.registration("acme"))
            let visibilities = try await store.marketplaceVisibilities()
            try checkEqual(visibilities.map { $0.name }, ["acme", "ops"])
            try checkEqual(visibilities.map { $0.visibility }, [Visibility(), Visibility(teams: ["a", "b"])])
            try checkEqual(try await store.marketplaceVisibility(named: "ops"), Visibility(teams: ["a", "b"]))
            try checkEqual(try await store.marketplaceVisibility(named: "acme"), Visibility())
            try checkEqual(try await store.marketplaceVisibility(named: "nope"), nil)
        },
        StoreContract("marketplaces", "removing a marketplace removes its catalog; removing it again is not found") { make in
            let store = try await CatalogFixture.seeded(make)
            try await store.replace(marketplace: "ops", plugins: [:], removedPlugins: [],
                                    indexed: [IndexedPlugin(name: "guard", root: "p", entryFingerprint: "f", commit: CatalogFixture.commit)],
                                    status: SyncStatus(state: .ok))
            try await store.remove("ops")
            try checkEqual(try await store.marketplaces().map(\.registration.name), ["acme"])
            try checkEqual(try await store.entries(marketplace: "ops", plugin: "guard"), [])
            try checkEqual(try await store.indexedPlugins(marketplace: "ops"), [])
            try checkEqual(try await store.count(), 7)
            try await checkThrows(CatalogError.notFound("no marketplace named 'ops'")) { try await store.remove("ops") }
        },
    ]
}
