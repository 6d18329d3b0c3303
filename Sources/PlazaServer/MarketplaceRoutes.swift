import Foundation
import Hummingbird
import PlazaCatalog
import PlazaRegistry
import PlazaSync
import PlazaGit
import PlazaOutbound

/// `/v1/marketplaces`: register, list, show, status, sync, remove.
struct MarketplaceRoutes {
    let store: any MarketplaceRepository & AuditRepository & RegistryRepository
    let engine: SyncEngine
    let outbound: OutboundPolicy
    let access: AccessControl

    func add(to group: RouterGroup<PlazaRequestContext>) {
        group.get("marketplaces", use: list)
        group.post("marketplaces", use: register)
        group.get("marketplaces/:marketplace", use: show)
        group.get("marketplaces/:marketplace/status", use: status)
        group.post("marketplaces/:marketplace/sync", use: sync)
        group.delete("marketplaces/:marketplace", use: remove)
        group.patch("marketplaces/:marketplace", use: setVisibility)
    }

    @Sendable func list(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        var views: [MarketplaceView] = []
        for marketplace in try await store.marketplaces() where caller.sees(marketplace.registration.access) {
            views.append(MarketplaceView(marketplace, activity: await engine.activity(marketplace.registration.name)))
        }
        return try JSONCoding.response(["marketplaces": views])
    }

    @Sendable func register(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.publish, request, action: "marketplace.register")
        let body = try await JSONCoding.decode(RegisterRequest.self, from: request)
        let visibility = (body.teams != nil || body.public != nil) ? Visibility(teams: (body.teams ?? []).sorted(), isPublic: body.public ?? false) : nil
        // Stored, checked and fetched in one normalised form (lowercased host, canonical addresses).
        let url = (try? OutboundURL(body.url))?.normalized ?? body.url
        let registration = MarketplaceRegistration(name: body.name, url: url, ref: body.ref, credential: body.credential,
                                                   username: body.username, githubApp: body.githubApp, webhookSecret: body.webhookSecret,
                                                   pollIntervalSeconds: body.pollIntervalSeconds, visibility: visibility)
        let actor = caller.name
        do {
            if let visibility { try Self.check(visibility, settableBy: caller) }
            // Secret references name server-side secrets: attaching one decides where they are sent.
            if caller.role != .admin && (registration.credential != nil || registration.githubApp != nil || registration.webhookSecret != nil) {
                throw Problem(.forbidden, "forbidden", "only an admin can attach credential, githubApp or webhookSecret references (they name the server's secrets)")
            }
            if let problem = registration.problem() { throw Problem(.unprocessableContent, "invalid-registration", problem) }
            if let violation = outbound.check(body.url) { throw Problem(.unprocessableContent, "outbound-refused", "url refused: \(violation)") }
            if let ref = body.ref, let violation = OutboundURL.controlCharacterViolation(in: ref, what: "ref") {
                throw Problem(.unprocessableContent, "invalid-registration", "ref refused: \(violation.message)")
            }
            try await access.requireAvailable(registration.name, for: caller)
            try await store.register(registration)
        } catch {
            try? await store.record(AuditEvent(actor: actor, action: "marketplace.register", target: registration.name, outcome: "refused",
                                               detail: Problem.from(error).detail))
            throw error
        }
        try await store.record(AuditEvent(actor: actor, action: "marketplace.register", target: registration.name, outcome: "ok",
                                          detail: Redaction.redactingURLCredentials(in: registration.url)))
        context.logger.info("marketplace registered", metadata: ["marketplace": "\(registration.name)", "actor": "\(actor)"])
        if body.sync ?? true {
            let engine = self.engine
            Task { try? await engine.sync(registration.name, actor: actor) }
        }
        let marketplace = try await access.visibleMarketplace(registration.name, for: caller)
        return try JSONCoding.response(MarketplaceView(marketplace, activity: (body.sync ?? true, nil)), status: .created)
    }

    @Sendable func show(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let marketplace = try await access.visibleMarketplace(try context.path("marketplace"), for: caller)
        return try JSONCoding.response(MarketplaceView(marketplace, activity: await engine.activity(marketplace.registration.name)))
    }

    @Sendable func status(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let marketplace = try await access.visibleMarketplace(try context.path("marketplace"), for: caller)
        let activity = await engine.activity(marketplace.registration.name)
        return try JSONCoding.response(StatusView(marketplace.status, activity: activity, diagnostics: true))
    }

    /// Starts a sync (202), or with `?wait=true` runs it and answers with the result (200).
    /// `?full=true` re-reads every plugin.
    @Sendable func sync(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let name = try context.path("marketplace")
        let caller = try await access.require(.publish, request, action: "marketplace.sync", target: name)
        try await access.requireVisible(name, for: caller)
        let full = request.uri.queryParameters.get("full") == "true"
        if request.uri.queryParameters.get("wait") == "true" {
            let status = try await engine.sync(name, full: full, actor: caller.name)
            return try JSONCoding.response(StatusView(status, activity: (false, nil), diagnostics: true))
        }
        let engine = self.engine
        Task { try? await engine.sync(name, full: full, actor: caller.name) }
        let marketplace = try await access.visibleMarketplace(name, for: caller)
        return try JSONCoding.response(StatusView(marketplace.status, activity: (true, nil), diagnostics: false), status: .accepted)
    }

    @Sendable func remove(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let name = try context.path("marketplace")
        let caller = try await access.require(.administer, request, action: "marketplace.remove", target: name)
        let marketplace = try await access.visibleMarketplace(name, for: caller)
        try await store.remove(name)
        // Its plugins' MCP servers leave the registry (marked deleted, never removed).
        try await store.retirePluginServers(marketplace: name, keeping: [])
        try await store.record(AuditEvent(actor: caller.name, action: "marketplace.remove", target: name, outcome: "ok",
                                          detail: "\(marketplace.status.counts.total) catalog entries removed; mirror kept"))
        context.logger.info("marketplace removed", metadata: ["marketplace": "\(name)"])
        return try JSONCoding.response(RemovalView(
            removed: name, catalogEntriesRemoved: marketplace.status.counts.total,
            mirror: "kept on disk: commits pinned by installations stay readable",
            installations: "unchanged: installations pin commits and keep working; re-register the marketplace to update them"))
    }

    /// Changes who may see the marketplace (administrators).
    @Sendable func setVisibility(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let name = try context.path("marketplace")
        let caller = try await access.require(.administer, request, action: "marketplace.visibility", target: name)
        let body = try await JSONCoding.decode(VisibilityRequest.self, from: request)
        let current = try await access.visibleMarketplace(name, for: caller).registration.access
        let visibility = Visibility(teams: (body.teams ?? current.teams).sorted(), isPublic: body.public ?? current.isPublic)
        if let problem = Visibility.problem(teams: visibility.teams) { throw Problem(.unprocessableContent, "invalid-visibility", problem) }
        let marketplace = try await store.updateRegistration(name) { $0.visibility = visibility }
        // The MCP servers its plugins ship follow the marketplace's visibility in the registry.
        try await store.setPluginServerVisibility(marketplace: name, visibility)
        try await store.record(AuditEvent(actor: caller.name, action: "marketplace.visibility", target: name, outcome: "ok",
                                          detail: Self.describe(visibility)))
        return try JSONCoding.response(MarketplaceView(marketplace, activity: await engine.activity(name)))
    }

    /// Publishers may restrict a marketplace to teams they belong to; only administrators may make
    /// it public or give it to teams they are not in.
    static func check(_ visibility: Visibility, settableBy caller: Principal, what: String = "a marketplace") throws {
        guard caller.role != .admin else { return }
        if visibility.isPublic { throw Problem(.forbidden, "forbidden", "only an admin can make \(what) public") }
        let foreign = Set(visibility.teams).subtracting(caller.teams)
        if !foreign.isEmpty {
            throw Problem(.forbidden, "forbidden", "token '\(caller.name)' is not in team(s) \(foreign.sorted().joined(separator: ", ")); only an admin can give \(what) to other teams")
        }
    }

    static func describe(_ visibility: Visibility) -> String {
        (visibility.teams.isEmpty ? "every signed-in caller" : "teams " + visibility.teams.joined(separator: ", ")) + (visibility.isPublic ? "; public" : "")
    }
}

struct RemovalView: Encodable {
    let removed: String
    let catalogEntriesRemoved: Int
    let mirror: String
    let installations: String
}
