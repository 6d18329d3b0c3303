import Foundation
import Hummingbird
import HTTPTypes
import PlazaCatalog
import PlazaInstall

/// Pinned installations: `/v1/targets/{target}/…` (target = `agent:NAME` or `environment:NAME`),
/// promotions, environments, agents, install policy, lockfiles, exported marketplaces and bundles.
struct InstallationRoutes {
    let store: any InstallationRepository & AuditRepository
    let service: InstallationService
    let access: AccessControl
    let publicBase: PublicBase

    func add(to group: RouterGroup<PlazaRequestContext>) {
        group.get("environments", use: environments)
        group.put("environments/:environment", use: saveEnvironment)
        group.get("environments/:environment/marketplace.json", use: exportedMarketplace)
        group.get("agents", use: agents)
        group.put("agents/:agent", use: saveAgent)
        group.get("agents/:agent/marketplace.json", use: exportedAgentMarketplace)
        group.get("targets/:target/pins", use: pins)
        group.post("targets/:target/pins", use: install)
        group.delete("targets/:target/pins/:marketplace/:plugin", use: uninstall)
        group.post("targets/:target/pins/:marketplace/:plugin/update", use: update)
        group.post("targets/:target/pins/:marketplace/:plugin/rollback", use: rollback)
        group.get("targets/:target/pins/:marketplace/:plugin/diff", use: diff)
        group.get("targets/:target/pins/:marketplace/:plugin/bundle", use: bundle)
        group.get("targets/:target/pins/:marketplace/:plugin/history", use: history)
        group.get("targets/:target/outdated", use: outdated)
        group.get("targets/:target/lockfile", use: lockfile)
        group.post("promotions", use: promote)
        group.get("bundles/:sha256", use: bundleByDigest)
        group.get("policy", use: policy)
        group.post("policy", use: addRule)
        group.delete("policy/:rule", use: deleteRule)
    }

    // MARK: Environments and agents

    @Sendable func environments(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.read, request)
        return try JSONCoding.response(["environments": try await store.environments()])
    }

    struct EnvironmentBody: Decodable { let position: Int }

    @Sendable func saveEnvironment(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let name = try context.path("environment")
        let caller = try await access.require(.administer, request, action: "environment.save", target: name)
        let body = try await JSONCoding.decode(EnvironmentBody.self, from: request)
        if let problem = Identifier.problem(name, kind: "environment") { throw Problem(.unprocessableContent, "invalid-environment", problem) }
        try await store.saveEnvironment(DeploymentEnvironment(name: name, position: body.position))
        try await store.record(AuditEvent(actor: caller.name, action: "environment.save", target: name, outcome: "ok", detail: "position \(body.position)"))
        return try JSONCoding.response(DeploymentEnvironment(name: name, position: body.position))
    }

    @Sendable func agents(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.read, request)
        return try JSONCoding.response(["agents": try await store.agents()])
    }

    struct AgentBody: Decodable { let environment: String }

    @Sendable func saveAgent(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let name = try context.path("agent")
        let caller = try await access.require(.administer, request, action: "agent.save", target: name)
        let body = try await JSONCoding.decode(AgentBody.self, from: request)
        if let problem = Identifier.problem(name, kind: "agent") { throw Problem(.unprocessableContent, "invalid-agent", problem) }
        let agent = AgentRecord(name: name, environment: body.environment, createdAt: (try await store.agent(named: name))?.createdAt ?? Date())
        try await store.saveAgent(agent)
        try await store.record(AuditEvent(actor: caller.name, action: "agent.save", target: name, outcome: "ok", detail: "environment \(body.environment)"))
        return try JSONCoding.response(agent)
    }

    // MARK: Pins

    @Sendable func pins(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let target = try Self.target(context)
        let effective = request.uri.queryParameters.get("effective") == "true"
        let pins = effective ? try await service.effectivePins(for: target) : try await store.pins(targets: [target.description])
        return try JSONCoding.response(PinsPage(target: target.description, pins: try await visible(pins, to: caller).map(PinView.init)))
    }

    struct InstallBody: Decodable {
        /// `plugin@marketplace`.
        let plugin: String
        let skill: String?
        let sha: String?
        let ref: String?
        let version: String?
    }

    struct RevisionBody: Decodable {
        let sha: String?
        let ref: String?
        let version: String?
        /// For update: when the marketplace renamed the plugin, pin the new name in its place.
        var followRename: Bool? = nil
    }

    @Sendable func install(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (caller, target) = try await authorizeInstall(request, context, action: "pin.install")
        let body = try await JSONCoding.decode(InstallBody.self, from: request)
        guard let plugin = PluginName(reference: body.plugin) else { throw Problem.badRequest("plugin must be 'plugin@marketplace', got '\(body.plugin)'") }
        try await access.requireVisible(plugin.marketplace, for: caller)
        let revision = try Self.revision(sha: body.sha, ref: body.ref, version: body.version)
        let pin = try await run(caller, "pin.install", target: "\(plugin.reference) for \(target)") {
            try await service.install(plugin, skill: body.skill, target: target, revision: revision, actor: caller.name)
        }
        return try JSONCoding.response(PinView(pin), status: .created)
    }

    @Sendable func uninstall(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (caller, target) = try await authorizeInstall(request, context, action: "pin.uninstall")
        let key = try Self.key(request, context, target)
        try await access.requireVisible(key.marketplace, for: caller)
        try await run(caller, "pin.uninstall", target: InstallationService.describe(key)) { try await service.uninstall(key, actor: caller.name) }
        return try JSONCoding.response(["uninstalled": InstallationService.describe(key), "history": "kept"])
    }

    @Sendable func update(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (caller, target) = try await authorizeInstall(request, context, action: "pin.update")
        let key = try Self.key(request, context, target)
        try await access.requireVisible(key.marketplace, for: caller)
        // The body is optional (update to the latest); a body that is there must be valid.
        let data = try await JSONCoding.body(of: request)
        let body = data.isEmpty ? RevisionBody(sha: nil, ref: nil, version: nil) : try Self.decode(RevisionBody.self, data)
        let revision = try Self.revision(sha: body.sha, ref: body.ref, version: body.version)
        let pin = try await run(caller, "pin.update", target: InstallationService.describe(key)) {
            try await service.update(key, revision: revision, followRename: body.followRename ?? false, actor: caller.name)
        }
        return try JSONCoding.response(PinView(pin))
    }

    @Sendable func rollback(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (caller, target) = try await authorizeInstall(request, context, action: "pin.rollback")
        let key = try Self.key(request, context, target)
        try await access.requireVisible(key.marketplace, for: caller)
        let pin = try await run(caller, "pin.rollback", target: InstallationService.describe(key)) { try await service.rollback(key, actor: caller.name) }
        return try JSONCoding.response(PinView(pin))
    }

    @Sendable func diff(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let key = try Self.key(request, context, try Self.target(context))
        try await access.requireVisible(key.marketplace, for: caller)
        let parameters = request.uri.queryParameters
        let revision = try Self.revision(sha: parameters.get("sha"), ref: parameters.get("ref"), version: parameters.get("version"))
        let diff = try await service.diff(key, revision: revision)
        return try JSONCoding.response(diff)
    }

    /// The pin's zip bundle, with its sha256 in `X-Plaza-Bundle-SHA256` (and the ETag).
    @Sendable func bundle(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let key = try Self.key(request, context, try Self.target(context))
        try await access.requireVisible(key.marketplace, for: caller)
        guard let pin = try await store.pin(key) else { throw Problem.notFound("\(InstallationService.describe(key)) is not installed") }
        return try await bundleResponse(pin, request: request)
    }

    /// A bundle by its sha256, as exported marketplace.json entries name it.
    @Sendable func bundleByDigest(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        var digest = try context.path("sha256")
        if digest.hasSuffix(".zip") { digest.removeLast(4) }
        guard let pin = try await visible(try await store.pins(bundleSHA256: digest), to: caller).first else { throw Problem.notFound("no pinned bundle with sha256 \(digest)") }
        return try await bundleResponse(pin, request: request)
    }

    @Sendable func history(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let key = try Self.key(request, context, try Self.target(context))
        try await access.requireVisible(key.marketplace, for: caller)
        let events = try await store.pinEvents(key, target: nil, limit: 200)
        return try JSONCoding.response(["events": events.map(PinEventView.init)])
    }

    @Sendable func outdated(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let target = try Self.target(context)
        let pins = try await visible(try await service.effectivePins(for: target), to: caller)
        let states = try await service.outdated(pins)
        return try JSONCoding.response(OutdatedPage(target: target.description, outdated: states.filter(\.needsAttention).count,
                                                    pins: states.map(OutdatedView.init)))
    }

    @Sendable func lockfile(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let target = try Self.target(context)
        let pins = try await visible(try await service.effectivePins(for: target), to: caller)
        let environment: String? = switch target {
        case .environment(let name): name
        case .agent(let name): try await store.agent(named: name)?.environment
        }
        return try Self.json(Exports.lockfile(target: target, environment: environment, pins: pins, bundleURL: bundleURL(request, context)))
    }

    @Sendable func exportedMarketplace(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let environment = try context.path("environment")
        return try await exported(.environment(environment), name: Exports.marketplaceName(environment: environment),
                                  about: "the \(environment) environment", request, context)
    }

    /// An agent's own export: its environment's pins with the agent's overrides (`plaza-agent-NAME`).
    @Sendable func exportedAgentMarketplace(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let agent = try context.path("agent")
        return try await exported(.agent(agent), name: Exports.marketplaceName(agent: agent), about: "the agent \(agent)", request, context)
    }

    /// The marketplace.json of `target`'s effective pins that the caller may see.
    private func exported(_ target: PinTarget, name: String, about: String, _ request: Request, _ context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        let pins = try await visible(try await service.effectivePins(for: target), to: caller)
        let current = try await store.currentEntries(of: Set(pins.map { PluginName(marketplace: $0.marketplace, plugin: $0.plugin) }))
        let descriptions = current.compactMapValues { entries in entries.first { $0.kind == .plugin }?.description }
        return try Self.json(Exports.marketplace(name: name, about: about, pins: pins, descriptions: descriptions, bundleURL: bundleURL(request, context)))
    }

    @Sendable func promote(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        struct Body: Decodable { let plugin: String; let skill: String?; let from: String; let to: String }
        _ = try await access.require(.install, request, action: "pin.promote")
        let body = try await JSONCoding.decode(Body.self, from: request)
        let caller = try await authorizeInstall(request, target: .environment(body.to), action: "pin.promote")
        guard let plugin = PluginName(reference: body.plugin) else { throw Problem.badRequest("plugin must be 'plugin@marketplace', got '\(body.plugin)'") }
        try await access.requireVisible(plugin.marketplace, for: caller)
        let pin = try await run(caller, "pin.promote", target: "\(plugin.reference) to environment:\(body.to)") {
            try await service.promote(plugin, skill: body.skill, from: body.from, to: body.to, actor: caller.name)
        }
        return try JSONCoding.response(PinView(pin), status: .created)
    }

    // MARK: Policy

    /// Rules naming a marketplace the caller may not see are left out (admins see all).
    @Sendable func policy(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.read, request)
        var rules = try await store.policyRules()
        if let visible = try await access.visibleMarketplaces(caller).map(Set.init) {
            rules = rules.filter { rule in rule.marketplace.map { $0.hasSuffix("*") || visible.contains($0) } ?? true }
        }
        return try JSONCoding.response(["rules": rules])
    }

    @Sendable func addRule(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.administer, request, action: "policy.change")
        let rule = try await JSONCoding.decode(PolicyRule.self, from: request)
        if let problem = rule.problem() { throw Problem(.unprocessableContent, "invalid-rule", "rule \(rule.id): \(problem)") }
        try await store.savePolicyRule(rule)
        try await store.record(AuditEvent(actor: caller.name, action: "policy.change", target: rule.id, outcome: "ok",
                                          detail: "\(rule.effect.rawValue) in \(rule.environment)"))
        return try JSONCoding.response(rule, status: .created)
    }

    @Sendable func deleteRule(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let id = try context.path("rule")
        let caller = try await access.require(.administer, request, action: "policy.change", target: id)
        guard try await store.deletePolicyRule(id: id) else { throw Problem.notFound("no policy rule '\(id)'") }
        try await store.record(AuditEvent(actor: caller.name, action: "policy.change", target: id, outcome: "ok", detail: "deleted"))
        return try JSONCoding.response(["deleted": id])
    }

    // MARK: Helpers

    /// The caller and the target of a pin route: the token is checked before the target is read,
    /// so a caller without one gets 401 whatever the path holds.
    private func authorizeInstall(_ request: Request, _ context: PlazaRequestContext, action: String) async throws -> (Principal, PinTarget) {
        let text = try context.path("target")
        let caller = try await access.require(.install, request, action: action, target: text)
        let target = try Self.target(context)
        try await checkScope(of: caller, for: target)
        return (caller, target)
    }

    private func authorizeInstall(_ request: Request, target: PinTarget, action: String) async throws -> Principal {
        let caller = try await access.require(.install, request, action: action, target: target.description)
        try await checkScope(of: caller, for: target)
        return caller
    }

    /// Installers act only for their own agent or environment (when their token names one).
    private func checkScope(of caller: Principal, for target: PinTarget) async throws {
        guard caller.role == .installer else { return }
        switch target {
        case .agent(let name):
            if let agent = caller.agent, agent != name {
                throw Problem(.forbidden, "forbidden", "token '\(caller.name)' installs for agent '\(agent)' only")
            }
            if let environment = caller.environment, try await store.agent(named: name)?.environment != environment {
                throw Problem(.forbidden, "forbidden", "token '\(caller.name)' installs in environment '\(environment)' only")
            }
        case .environment(let name):
            if caller.agent != nil { throw Problem(.forbidden, "forbidden", "token '\(caller.name)' installs for its agent only, not whole environments") }
            if let environment = caller.environment, environment != name {
                throw Problem(.forbidden, "forbidden", "token '\(caller.name)' installs in environment '\(environment)' only")
            }
        }
    }

    /// Runs a state change, auditing refusals (policy, conflicts) with the caller's name.
    @discardableResult
    private func run<T>(_ caller: Principal, _ action: String, target: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let problem = Problem.from(error)
            if problem.status != .internalServerError {
                try? await store.record(AuditEvent(actor: caller.name, action: action, target: target, outcome: "refused", detail: problem.detail))
            }
            throw problem
        }
    }

    private func visible(_ pins: [Pin], to caller: Principal) async throws -> [Pin] {
        guard let names = try await access.visibleMarketplaces(caller) else { return pins }
        let allowed = Set(names)
        return pins.filter { allowed.contains($0.marketplace) }
    }

    private func bundleResponse(_ pin: Pin, request: Request) async throws -> Response {
        let bundle = try await service.bundle(for: pin)
        if request.headers[.ifNoneMatch] == "\"\(bundle.sha256)\"" {
            return Response(status: .notModified, headers: [.eTag: "\"\(bundle.sha256)\""])
        }
        var headers: HTTPFields = [.contentType: "application/zip", .eTag: "\"\(bundle.sha256)\"",
                                   .contentDisposition: "attachment; filename=\"\(pin.skill.map { "\(pin.plugin)-\($0)" } ?? pin.plugin)-\(pin.commit.prefix(12)).zip\""]
        headers[HTTPField.Name("X-Plaza-Bundle-SHA256")!] = bundle.sha256
        headers[HTTPField.Name("X-Plaza-Content-Digest")!] = "sha256:" + bundle.contentDigest
        headers[HTTPField.Name("X-Plaza-Commit")!] = pin.commit
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bundle.bytes)))
    }

    /// Absolute bundle URLs for exports, under the public base (see ``PublicBase``).
    private func bundleURL(_ request: Request, _ context: PlazaRequestContext) -> (Pin) -> String {
        let base = publicBase.url(for: request, context: context)
        return { pin in "\(base)/v1/bundles/\(pin.bundleSHA256).zip" }
    }

    static func target(_ context: PlazaRequestContext) throws -> PinTarget {
        let text = try context.path("target")
        guard let target = PinTarget(text) else {
            throw Problem.badRequest("target must be 'agent:NAME' or 'environment:NAME', got '\(text)'")
        }
        return target
    }

    static func key(_ request: Request, _ context: PlazaRequestContext, _ target: PinTarget) throws -> PinKey {
        PinKey(target: target.description, marketplace: try context.path("marketplace"),
               plugin: try context.path("plugin"), skill: request.uri.queryParameters.get("skill"))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        do { return try JSONCoding.decoder.decode(type, from: data) } catch let error as DecodingError {
            throw Problem.badRequest("invalid JSON body: \(DecodingMessage.describe(error))")
        }
    }

    static func revision(sha: String?, ref: String?, version: String?) throws -> Revision? {
        let given = [sha.map(Revision.sha), ref.map(Revision.ref), version.map(Revision.version)].compactMap { $0 }
        guard given.count <= 1 else { throw Problem.badRequest("give at most one of sha, ref and version") }
        return given.first
    }

    /// A JSON document from a dictionary, with sorted keys (identical input, identical bytes).
    static func json(_ object: [String: Any]) throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
