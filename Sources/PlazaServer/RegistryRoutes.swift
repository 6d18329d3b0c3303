import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import PlazaCatalog
import PlazaRegistry

/// The official MCP registry API (served under `/v0.1` and `/v0` with the same handlers) and
/// Plaza's registry routes under `/v1/mcp`: search with filters, governance, custom fields, import.
struct RegistryRoutes {
    let store: any RegistryRepository & RegistrySettingsRepository & AuditRepository
    let service: RegistryService
    let rendering: RegistryRendering
    let access: AccessControl
    /// Names under this namespace are reserved for MCP servers shipped in plugins.
    let pluginNamespace: String

    /// The official routes, for one version prefix.
    func addOfficial(to group: RouterGroup<PlazaRequestContext>) {
        group.get("servers", use: list)
        group.get("servers/:name/versions", use: versions)
        group.get("servers/:name/versions/:version", use: version)
        group.put("servers/:name/versions/:version", use: update)
        group.patch("servers/:name/versions/:version/status", use: versionStatus)
        group.patch("servers/:name/status", use: serverStatus)
        group.post("publish", use: publish)
        group.post("validate", use: validate)
    }

    /// Plaza's own registry routes.
    func addPlaza(to group: RouterGroup<PlazaRequestContext>) {
        group.get("mcp/search", use: search)
        group.put("mcp/servers/:name/versions/:version/governance", use: setGovernance)
        group.get("mcp/rules", use: rules)
        group.put("mcp/rules", use: saveRules)
        group.get("mcp/fields", use: fields)
        group.put("mcp/fields", use: saveFields)
        group.post("mcp/import", use: importServers)
    }

    // MARK: Official reads

    @Sendable func list(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let viewer = RegistryViewer(try await access.require(.read, request))
        let parameters = request.uri.queryParameters
        var limit = 30
        if let text = parameters.get("limit") {
            guard let value = Int(text), value >= 1 else { throw Problem.badRequest("limit must be a positive number") }
            limit = min(value, 100)
        }
        var cursor: RegistryCursor?
        if let text = parameters.get("cursor"), !text.isEmpty {
            guard let decoded = RegistryCursor(encoded: text) else { throw Problem.badRequest("cursor is not one this registry issued") }
            cursor = decoded
        }
        var since: Date?
        if let text = parameters.get("updated_since") {
            guard let date = RegistryJSON.date(text) else { throw Problem.badRequest("updated_since must be an RFC 3339 timestamp, e.g. 2025-08-07T13:15:04Z") }
            since = date
        }
        let query = RegistryQuery(cursor: cursor, limit: limit, search: parameters.get("search"), updatedSince: since,
                                  version: parameters.get("version"), includeDeleted: try SearchParameters.flag(parameters, "include_deleted") ?? false)
        let page = try await store.registryPage(query, viewer: viewer)
        return Self.json(rendering.list(page.versions, next: page.nextCursor))
    }

    @Sendable func versions(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let viewer = RegistryViewer(try await access.require(.read, request))
        let name = try Self.name(context)
        let includeDeleted = try SearchParameters.flag(request.uri.queryParameters, "include_deleted") ?? false
        guard let versions = try await store.serverVersions(name: name, includeDeleted: includeDeleted, viewer: viewer) else {
            throw Problem.notFound("Server not found: \(name)")
        }
        return Self.json(rendering.list(versions))
    }

    @Sendable func version(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let viewer = RegistryViewer(try await access.require(.read, request))
        let (name, version) = (try Self.name(context), try Self.version(context))
        let includeDeleted = try SearchParameters.flag(request.uri.queryParameters, "include_deleted") ?? false
        guard let stored = try await store.serverVersion(name: name, version: version, includeDeleted: includeDeleted, viewer: viewer) else {
            throw Problem.notFound("Server not found: \(name) version \(version)")
        }
        return Self.json(rendering.item(stored))
    }

    // MARK: Official writes

    /// Publishes a server.json (publisher or admin). Versions are immutable; duplicates are refused.
    @Sendable func publish(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.publish, request, action: "mcp.publish")
        let data = try await JSONCoding.body(of: request)
        let record = try await prepareOrReject(data, source: RegistrySource(kind: .published), caller: caller)
        try await checkNamespace(record.name, caller: caller, visibility: record.visibility)
        do {
            let stored = try await store.publish(record, audit: AuditEvent(actor: caller.name, action: "mcp.publish", target: "\(record.name)@\(record.version)",
                                                                           outcome: "ok", detail: record.governance.lifecycle.rawValue))
            return Self.json(rendering.item(stored))
        } catch let error as RegistryStoreError {
            try? await store.record(AuditEvent(actor: caller.name, action: "mcp.publish", target: "\(record.name)@\(record.version)", outcome: "refused",
                                               detail: error.description))
            throw Problem(.badRequest, "duplicate-version", error.description)
        }
    }

    /// The spec's optional in-place update. Plaza keeps published versions immutable, as the official
    /// registry does, and says what to do instead.
    @Sendable func update(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (name, version) = (try Self.name(context), try Self.version(context))
        _ = try await access.require(.publish, request, action: "mcp.update", target: "\(name)@\(version)")
        throw Problem(.notImplemented, "immutable-version",
                      "published versions are immutable: publish a new version, change its status with PATCH …/status, or its governance with PUT /v1/mcp/servers/{name}/versions/{version}/governance")
    }

    /// Validates a server.json without publishing it: 200 with `valid` and every issue.
    @Sendable func validate(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.read, request)
        let data = try await JSONCoding.body(of: request)
        do {
            _ = try await service.prepare(data, source: RegistrySource(kind: .published))
            return try JSONCoding.response(ValidationView(valid: true, issues: []))
        } catch let rejected as RegistryRejection {
            return try JSONCoding.response(ValidationView(valid: false, issues: rejected.issues))
        }
    }

    struct StatusBody: Decodable {
        let status: ServerStatus
        let statusMessage: String?
    }

    @Sendable func versionStatus(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (name, version) = (try Self.name(context), try Self.version(context))
        let caller = try await access.require(.publish, request, action: "mcp.status", target: "\(name)@\(version)")
        let body = try await Self.statusBody(request)
        try await requireWritable(name, caller: caller)
        let changed = try await store.setStatus(name: name, version: version, status: body.status, message: body.statusMessage)
        try await store.record(AuditEvent(actor: caller.name, action: "mcp.status", target: "\(name)@\(version)", outcome: "ok",
                                          detail: body.status.rawValue + (body.statusMessage.map { ": \($0)" } ?? "")))
        return Self.json(changed.first.map(rendering.item) ?? "{}")
    }

    @Sendable func serverStatus(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let name = try Self.name(context)
        let caller = try await access.require(.publish, request, action: "mcp.status", target: name)
        let body = try await Self.statusBody(request)
        try await requireWritable(name, caller: caller)
        let changed = try await store.setStatus(name: name, version: nil, status: body.status, message: body.statusMessage)
        try await store.record(AuditEvent(actor: caller.name, action: "mcp.status", target: name, outcome: "ok",
                                          detail: "all \(changed.count) versions " + body.status.rawValue))
        return Self.json("{\"updatedCount\":\(changed.count),\"servers\":[\(changed.map(rendering.item).joined(separator: ","))]}")
    }

    // MARK: Plaza's routes

    /// Ranked full-text search over the latest versions, with filters.
    @Sendable func search(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let viewer = RegistryViewer(try await access.require(.read, request))
        let parameters = request.uri.queryParameters
        var filters = RegistryFilters()
        filters.remote = try SearchParameters.flag(parameters, "remote")
        filters.package = try SearchParameters.flag(parameters, "package")
        filters.transport = parameters.get("transport")
        filters.registryType = parameters.get("registryType")
        filters.owner = parameters.get("owner")
        if let text = parameters.get("lifecycle") {
            guard let stage = LifecycleStage(rawValue: text) else {
                throw Problem.badRequest("lifecycle must be one of \(LifecycleStage.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filters.lifecycle = stage
        }
        if let text = parameters.get("source") {
            guard let kind = RegistrySource.Kind(rawValue: text) else { throw Problem.badRequest("source must be published, plugin or imported") }
            filters.source = kind
        }
        let limit = min(max(Int(parameters.get("limit") ?? "") ?? 20, 1), 100)
        let found = try await store.searchServers(parameters.get("q") ?? "", filters: filters, viewer: viewer, limit: limit)
        return Self.json(rendering.list(found))
    }

    @Sendable func setGovernance(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let (name, version) = (try Self.name(context), try Self.version(context))
        let caller = try await access.require(.publish, request, action: "mcp.governance", target: "\(name)@\(version)")
        let governance = try await JSONCoding.decode(Governance.self, from: request)
        try await requireWritable(name, caller: caller)
        guard let stored = try await store.serverVersion(name: name, version: version, includeDeleted: true, viewer: RegistryViewer(caller)),
              let server = try JSONSerialization.jsonObject(with: Data(stored.serverJSON.utf8)) as? [String: Any] else {
            throw Problem.notFound("Server not found: \(name) version \(version)")
        }
        let issues = GovernanceCheck.check(server: server, governance: governance, rules: try await store.governanceRules(), fields: try await store.metadataFields())
        guard issues.isEmpty else { throw Self.rejection(issues) }
        let updated = try await store.setGovernance(name: name, version: version, governance)
        try await store.record(AuditEvent(actor: caller.name, action: "mcp.governance", target: "\(name)@\(version)", outcome: "ok",
                                          detail: "lifecycle \(governance.lifecycle.rawValue), owners \(governance.owners.joined(separator: ","))"))
        return Self.json(rendering.item(updated))
    }

    @Sendable func rules(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.read, request)
        return try JSONCoding.response(try await store.governanceRules())
    }

    @Sendable func saveRules(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.administer, request, action: "mcp.rules")
        let rules = try await JSONCoding.decode(GovernanceRules.self, from: request)
        try await store.saveGovernanceRules(rules)
        try await store.record(AuditEvent(actor: caller.name, action: "mcp.rules", target: "registry", outcome: "ok", detail: nil))
        return try JSONCoding.response(rules)
    }

    @Sendable func fields(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.read, request)
        return try JSONCoding.response(["fields": try await store.metadataFields()])
    }

    @Sendable func saveFields(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        struct Body: Decodable { let fields: [MetadataField] }
        let caller = try await access.require(.administer, request, action: "mcp.fields")
        let body = try await JSONCoding.decode(Body.self, from: request)
        for field in body.fields where field.type == .enum && (field.values ?? []).isEmpty {
            throw Problem(.unprocessableContent, "invalid-field", "enum field '\(field.name)' needs values")
        }
        try await store.saveMetadataFields(body.fields)
        try await store.record(AuditEvent(actor: caller.name, action: "mcp.fields", target: "registry", outcome: "ok",
                                          detail: body.fields.map(\.name).joined(separator: ",")))
        return try JSONCoding.response(["fields": body.fields])
    }

    /// Imports server.json documents (a JSON array, or a registry list page) as `imported`,
    /// skipping versions already present. Invalid documents are reported, the rest imported.
    @Sendable func importServers(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        let caller = try await access.require(.publish, request, action: "mcp.import")
        let data = try await JSONCoding.body(of: request, limit: 64 << 20)
        let origin = request.uri.queryParameters.get("origin")
        guard let parsed = try? JSONSerialization.jsonObject(with: data) else { throw Problem.badRequest("the body must be a JSON array of server.json documents or a registry list page") }
        let documents: [[String: Any]]
        if let array = parsed as? [[String: Any]] {
            documents = array.map { ($0["server"] as? [String: Any]) ?? $0 }
        } else if let page = parsed as? [String: Any], let servers = page["servers"] as? [[String: Any]] {
            documents = servers.map { ($0["server"] as? [String: Any]) ?? $0 }
        } else {
            throw Problem.badRequest("the body must be a JSON array of server.json documents or a registry list page")
        }
        let rules = try await store.governanceRules(), fields = try await store.metadataFields()
        var records: [ServerVersionRecord] = []
        var rejected: [ImportRejection] = []
        for (index, document) in documents.enumerated() {
            do {
                let record = try await service.prepare(document, source: RegistrySource(kind: .imported, origin: origin),
                                                       defaultVisibility: Visibility(teams: caller.role == .admin ? [] : caller.teams.sorted()),
                                                       rules: rules, fields: fields)
                try await checkNamespace(record.name, caller: caller, visibility: record.visibility)
                records.append(record)
            } catch let error as RegistryRejection {
                rejected.append(ImportRejection(index: index, name: document["name"] as? String, version: document["version"] as? String, issues: error.issues))
            } catch let problem as Problem where problem.status == .forbidden {
                rejected.append(ImportRejection(index: index, name: document["name"] as? String, version: document["version"] as? String,
                                                issues: [ValidationIssue(pointer: "/name", rule: "forbidden", message: problem.detail)]))
            }
        }
        let added = try await store.publishAll(records)
        try await store.record(AuditEvent(actor: caller.name, action: "mcp.import", target: origin ?? "registry", outcome: "ok",
                                          detail: "\(added) added, \(records.count - added) already present, \(rejected.count) rejected"))
        return try JSONCoding.response(ImportResult(received: documents.count, added: added, alreadyPresent: records.count - added, rejected: rejected))
    }

    // MARK: Helpers

    private func prepareOrReject(_ data: Data, source: RegistrySource, caller: Principal) async throws -> ServerVersionRecord {
        do {
            return try await service.prepare(data, source: source)
        } catch let rejected as RegistryRejection {
            try? await store.record(AuditEvent(actor: caller.name, action: "mcp.publish", target: "registry", outcome: "refused",
                                               detail: rejected.issues.map(\.message).joined(separator: "; ")))
            throw Self.rejection(rejected.issues)
        }
    }

    /// Publishers may publish new servers, and new versions of servers their teams own; teams they
    /// name must be their own (admins may name any, and make servers public). The plugin namespace
    /// is reserved for servers shipped in plugins.
    private func checkNamespace(_ name: String, caller: Principal, visibility: Visibility) async throws {
        if name.hasPrefix(pluginNamespace + "/") {
            throw Problem(.forbidden, "reserved-namespace", "names under \(pluginNamespace)/ are reserved for MCP servers shipped in plugins")
        }
        guard caller.role != .admin else { return }
        if let existing = try await store.serverOwnership(name: name), !Self.owns(caller, teams: existing.visibility.teams) {
            throw Problem(.forbidden, "forbidden", "token '\(caller.name)' may not publish versions of \(name): it belongs to other teams")
        }
        try MarketplaceRoutes.check(visibility, settableBy: caller, what: "an MCP server")
    }

    /// Write routes (status, governance): the server must exist and be visible (else 404), and be
    /// owned by one of the caller's teams or by no team (else 403). Public does not grant writes.
    private func requireWritable(_ name: String, caller: Principal) async throws {
        guard let existing = try await store.serverOwnership(name: name), caller.sees(existing.visibility) else {
            throw Problem.notFound("Server not found: \(name)")
        }
        guard caller.role == .admin || Self.owns(caller, teams: existing.visibility.teams) else {
            throw Problem(.forbidden, "forbidden", "token '\(caller.name)' may not change \(name): it belongs to other teams")
        }
        if existing.source.kind == .plugin && caller.role != .admin {
            throw Problem(.forbidden, "forbidden", "\(name) is shipped by plugin \(existing.source.plugin ?? "")@\(existing.source.marketplace ?? ""); change the plugin instead")
        }
    }

    static func owns(_ caller: Principal, teams: [String]) -> Bool {
        caller.role == .admin || teams.isEmpty || !caller.teams.isDisjoint(with: teams)
    }

    static func rejection(_ issues: [ValidationIssue]) -> Problem {
        var problem = Problem(.badRequest, "invalid-server", issues.map { "\($0.pointer.isEmpty ? "/" : $0.pointer): \($0.message)" }.joined(separator: "; "))
        problem.issues = issues
        return problem
    }

    static func statusBody(_ request: Request) async throws -> StatusBody {
        let body = try await JSONCoding.decode(StatusBody.self, from: request)
        if let message = body.statusMessage, message.count > 500 { throw Problem.badRequest("statusMessage must be at most 500 characters") }
        return body
    }

    /// Names and versions arrive URL-encoded (`io.github.acme%2Fweather`, `1.0.0%2Bbuild`).
    static func name(_ context: PlazaRequestContext) throws -> String { try context.path("name") }

    static func version(_ context: PlazaRequestContext) throws -> String { try context.path("version") }

    static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

struct ValidationView: Encodable {
    let valid: Bool
    let issues: [ValidationIssue]
}

struct ImportRejection: Encodable {
    let index: Int
    let name: String?
    let version: String?
    let issues: [ValidationIssue]
}

struct ImportResult: Encodable {
    let received: Int
    let added: Int
    let alreadyPresent: Int
    let rejected: [ImportRejection]
}

/// CORS for the registry API (`/v0`, `/v0.1`): GitHub Copilot and browser-based clients read it
/// cross-origin. Preflights are answered here; every answer carries the headers.
struct RegistryCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/v0/") || path.hasPrefix("/v0.1/") else { return try await next(request, context) }
        if request.method == .options {
            var response = Response(status: .noContent)
            Self.decorate(&response.headers)
            response.headers[.accessControlMaxAge] = "86400"
            return response
        }
        var response = try await next(request, context)
        Self.decorate(&response.headers)
        return response
    }

    static func decorate(_ headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlAllowMethods] = "GET, POST, PATCH, OPTIONS"
        headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
    }
}
