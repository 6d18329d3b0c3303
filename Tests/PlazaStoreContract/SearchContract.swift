import Foundation
import PlazaCatalog

/// CatalogRepository.search: ranking (compared by names, never by scores), filters, facets,
/// corrections, visibility and keyset paging. Cursors are opaque: only the store that issued one
/// reads it.
enum SearchContract {
    static func names(_ page: SearchPage) -> [String] { page.hits.map(\.entry.name) }

    /// Every hit of `query`, page by page (`limit` per page), following the cursors.
    static func pages(_ store: any ContractStore, _ query: SearchQuery, limit: Int) async throws -> [String] {
        var seen: [String] = []
        var query = query
        query.limit = limit
        repeat {
            let page = try await store.search(query)
            seen += page.hits.map { "\($0.entry.marketplace)/\($0.entry.plugin)/\($0.entry.kind.rawValue)/\($0.entry.name)" }
            query.cursor = page.nextCursor.flatMap { SearchCursor(encoded: $0.encoded) }
            try check(seen.count <= 1_000, "paging does not end")
        } while query.cursor != nil
        return seen
    }

    static let cases: [StoreContract] = [
        StoreContract("search", "a name match outranks a description match, which outranks a body match") { make in
            let store = try await CatalogFixture.seeded(make)
            let names = names(try await store.search(SearchQuery(text: "incident")))
            try checkEqual(names.first, "incident-investigation")
            try check(names.contains("write-postmortem"), "a description match is found")
            try checkEqual(names.last, "rightsize-vms", "the body-only match comes last")
        },
        StoreContract("search", "an exact name wins even against more frequent matches") { make in
            let store = try await CatalogFixture.seeded(make)
            try checkEqual(names(try await store.search(SearchQuery(text: "triage-alert"))).first, "triage-alert")
            try checkEqual(try await store.search(SearchQuery(text: "Observability")).hits.first?.entry.kind, .mcpServer)
        },
        StoreContract("search", "prefixes match for type-ahead, and a small typo is corrected") { make in
            let store = try await CatalogFixture.seeded(make)
            try checkEqual(names(try await store.search(SearchQuery(text: "postm"))), ["write-postmortem"])
            let typo = try await store.search(SearchQuery(text: "postmortme"))
            try checkEqual(names(typo), ["write-postmortem"])
            try checkEqual(typo.corrections, ["postmortme": "postmortem"])
            try checkEqual(try await store.search(SearchQuery(text: "zzzzqqq")).hits.count, 0)
        },
        StoreContract("search", "filters narrow results and facets count every match") { make in
            let store = try await CatalogFixture.seeded(make)
            let skills = try await store.search(SearchQuery(text: "incident", kinds: [.skill]))
            try checkEqual(Set(skills.hits.map(\.entry.kind)), [.skill])
            let all = try await store.search(SearchQuery(text: ""))
            try checkEqual(all.total, 9)
            try checkEqual(all.facets.kind, ["plugin": 3, "skill": 4, "mcp-server": 1, "hook": 1])
            try checkEqual(all.facets.marketplace, ["acme": 7, "ops": 2])
            try checkEqual(try await store.search(SearchQuery(marketplace: "ops")).total, 2)
            try checkEqual(try await store.search(SearchQuery(plugin: "cost-governance")).total, 3)
            try checkEqual(try await store.search(SearchQuery(category: "FinOps")).total, 3)
            try checkEqual(try await store.search(SearchQuery(tag: "sre")).total, 2)
            try checkEqual(try await store.search(SearchQuery(hasMCP: true)).total, 4)
            try checkEqual(names(try await store.search(SearchQuery(kinds: [.plugin], hasHooks: true))), ["guard"])
        },
        StoreContract("search", "keyset paging visits every match once, in the order of one large page") { make in
            let store = try await CatalogFixture.seeded(make)
            for text in ["", "incident"] {
                let whole = try await pages(store, SearchQuery(text: text), limit: 100)
                let paged = try await pages(store, SearchQuery(text: text), limit: 2)
                try checkEqual(whole.count, try await store.search(SearchQuery(text: text)).total, "'\(text)': one page holds every match")
                try checkEqual(paged, whole, "'\(text)': pages of 2")
            }
        },
        StoreContract("search", "body-only matches follow every other match across page boundaries") { make in
            let store = try await CatalogFixture.seeded(make)
            let paged = try await pages(store, SearchQuery(text: "incident"), limit: 1)
            try checkEqual(paged.last, "acme/cost-governance/skill/rightsize-vms")
        },
        StoreContract("search", "a cursor the store did not issue is invalid") { make in
            let store = try await CatalogFixture.seeded(make)
            guard let garbage = SearchCursor(encoded: "garbage") else { throw ContractFailure(message: "garbage is URL-safe base64", file: #fileID, line: #line) }
            let foreign = SearchCursor(token: Data("p1:0:0.5:12".utf8))
            for cursor in [garbage, foreign] {
                do {
                    _ = try await store.search(SearchQuery(text: "incident", cursor: cursor))
                    throw ContractFailure(message: "cursor \(cursor.encoded) was accepted", file: #fileID, line: #line)
                } catch CatalogError.invalid {
                    continue
                }
            }
        },
        StoreContract("search", "an empty set of visible marketplaces finds nothing and suggests nothing") { make in
            let store = try await CatalogFixture.seeded(make)
            let page = try await store.search(SearchQuery(text: "postmortme", visibleMarketplaces: []))
            try checkEqual(page.hits.count, 0)
            try checkEqual(page.total, 0)
            try checkEqual(page.facets, SearchFacets())
            try checkEqual(page.corrections, [:])
            try checkEqual(try await store.search(SearchQuery(text: "", visibleMarketplaces: ["ops"])).total, 2)
        },
        StoreContract("search", "search syntax in a query is only text") { make in
            let store = try await CatalogFixture.seeded(make)
            for text in ["\"", "NEAR(a b)", "incident OR", "*", "a' OR 1=1 --", "kind:skill"] {
                _ = try await store.search(SearchQuery(text: text))
            }
            let plain = names(try await store.search(SearchQuery(text: "incident triage")))
            try check(!plain.isEmpty, "plain words find something")
            try checkEqual(names(try await store.search(SearchQuery(text: "\"incident\" (triage*)"))), plain)
            try checkEqual(try await store.search(SearchQuery(text: "*")).total, try await store.search(SearchQuery(text: "")).total)
        },
        StoreContract("search", "results are never stale after a replace or a removal") { make in
            let store = try await CatalogFixture.seeded(make)
            try checkEqual(try await store.search(SearchQuery(text: "guard")).total, 1)
            try checkEqual(try await store.search(SearchQuery(text: "guard")).total, 1)
            try await store.remove("ops")
            try checkEqual(try await store.search(SearchQuery(text: "guard")).total, 0)
            try checkEqual(try await store.search(SearchQuery(text: "rightsize")).total, 1)
            try await store.replace(marketplace: "acme", plugins: [:], removedPlugins: ["cost-governance"], indexed: [], status: SyncStatus(state: .ok))
            try checkEqual(try await store.search(SearchQuery(text: "rightsize")).total, 0)
        },
    ]
}
