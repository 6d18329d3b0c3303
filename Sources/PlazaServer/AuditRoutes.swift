import Foundation
import Hummingbird
import PlazaCatalog

/// `GET /v1/audit`: the append-only log of state-changing operations, newest first.
struct AuditRoutes {
    let store: any AuditRepository
    let access: AccessControl

    func add(to group: RouterGroup<PlazaRequestContext>) {
        group.get("audit", use: list)
    }

    @Sendable func list(_ request: Request, context: PlazaRequestContext) async throws -> Response {
        _ = try await access.require(.administer, request)
        let parameters = request.uri.queryParameters
        var limit = 50
        if let text = parameters.get("limit") {
            guard let value = Int(text), (1...500).contains(value) else { throw Problem.badRequest("limit must be a number from 1 to 500") }
            limit = value
        }
        var before: Int64?
        if let text = parameters.get("before") {
            guard let value = Int64(text) else { throw Problem.badRequest("before must be an event id") }
            before = value
        }
        let events = try await store.auditEvents(target: parameters.get("target"), action: parameters.get("action"), before: before, limit: limit)
        return try JSONCoding.response(AuditPage(events: events, nextBefore: events.count == limit ? events.last?.id : nil))
    }
}

struct AuditPage: Encodable {
    let events: [AuditEvent]
    let nextBefore: Int64?
}
