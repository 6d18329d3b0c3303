import Foundation
import Hummingbird
import PlazaCatalog
import PlazaStore
import PlazaSync
import PlazaGit

/// `/v1/marketplaces`: register, list, show, status, sync, remove.
struct MarketplaceRoutes {
    let store: SQLiteStore
    let engine: SyncEngine
    let outbound: OutboundPolicy

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("marketplaces", use: list)
        group.post("marketplaces", use: register)
        group.get("marketplaces/:marketplace", use: show)
        group.get("marketplaces/:marketplace/status", use: status)
        group.post("marketplaces/:marketplace/sync", use: sync)
        group.delete("marketplaces/:marketplace", use: remove)
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) async throws -> Response {
        var views: [MarketplaceView] = []
        for marketplace in try await store.marketplaces() {
            views.append(MarketplaceView(marketplace, activity: await engine.activity(marketplace.registration.name)))
        }
        return try JSONCoding.response(["marketplaces": views])
    }

    @Sendable func register(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let body = try await JSONCoding.decode(RegisterRequest.self, from: request)
        let registration = MarketplaceRegistration(name: body.name, url: body.url, ref: body.ref, credential: body.credential,
                                                   username: body.username, githubApp: body.githubApp, webhookSecret: body.webhookSecret,
                                                   pollIntervalSeconds: body.pollIntervalSeconds)
        do {
            if let problem = registration.problem() { throw Problem(.unprocessableContent, "invalid-registration", problem) }
            if let violation = outbound.check(registration.url) { throw Problem(.unprocessableContent, "outbound-refused", "url refused: \(violation)") }
            try await store.register(registration)
        } catch {
            try? await store.record(AuditEvent(actor: Self.actor, action: "marketplace.register", target: registration.name, outcome: "refused",
                                               detail: Problem.from(error).detail))
            throw error
        }
        try await store.record(AuditEvent(actor: Self.actor, action: "marketplace.register", target: registration.name, outcome: "ok",
                                          detail: Redaction.redactingURLCredentials(in: registration.url)))
        context.logger.info("marketplace registered", metadata: ["marketplace": "\(registration.name)"])
        if body.sync ?? true {
            let engine = self.engine
            Task { try? await engine.sync(registration.name, actor: Self.actor) }
        }
        let marketplace = try await requireMarketplace(registration.name)
        return try JSONCoding.response(MarketplaceView(marketplace, activity: (body.sync ?? true, nil)), status: .created)
    }

    @Sendable func show(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let marketplace = try await requireMarketplace(try context.parameters.require("marketplace"))
        return try JSONCoding.response(MarketplaceView(marketplace, activity: await engine.activity(marketplace.registration.name)))
    }

    @Sendable func status(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let marketplace = try await requireMarketplace(try context.parameters.require("marketplace"))
        let activity = await engine.activity(marketplace.registration.name)
        return try JSONCoding.response(StatusView(marketplace.status, activity: activity, diagnostics: true))
    }

    /// Starts a sync (202), or with `?wait=true` runs it and answers with the result (200).
    /// `?full=true` re-reads every plugin.
    @Sendable func sync(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let name = try context.parameters.require("marketplace")
        _ = try await requireMarketplace(name)
        let full = request.uri.queryParameters.get("full") == "true"
        if request.uri.queryParameters.get("wait") == "true" {
            let status = try await engine.sync(name, full: full, actor: Self.actor)
            return try JSONCoding.response(StatusView(status, activity: (false, nil), diagnostics: true))
        }
        let engine = self.engine
        Task { try? await engine.sync(name, full: full, actor: Self.actor) }
        let marketplace = try await requireMarketplace(name)
        return try JSONCoding.response(StatusView(marketplace.status, activity: (true, nil), diagnostics: false), status: .accepted)
    }

    @Sendable func remove(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let name = try context.parameters.require("marketplace")
        let marketplace = try await requireMarketplace(name)
        try await store.remove(name)
        try await store.record(AuditEvent(actor: Self.actor, action: "marketplace.remove", target: name, outcome: "ok",
                                          detail: "\(marketplace.status.counts.total) catalog entries removed; mirror kept"))
        context.logger.info("marketplace removed", metadata: ["marketplace": "\(name)"])
        return try JSONCoding.response(RemovalView(
            removed: name, catalogEntriesRemoved: marketplace.status.counts.total,
            mirror: "kept on disk: commits pinned by installations stay readable",
            installations: "unchanged: installations pin commits and keep working; re-register the marketplace to update them"))
    }

    /// Who the audit log names for API calls: `anonymous` until API tokens exist.
    static let actor = "anonymous"

    private func requireMarketplace(_ name: String) async throws -> Marketplace {
        guard let marketplace = try await store.marketplace(named: name) else {
            throw Problem.notFound("no marketplace named '\(name)'; `plaza marketplace list` shows the registered ones")
        }
        return marketplace
    }
}

struct RemovalView: Encodable {
    let removed: String
    let catalogEntriesRemoved: Int
    let mirror: String
    let installations: String
}

extension EntryCounts {
    var total: Int { plugins + skills + agents + commands + hooks + mcpServers }
}
