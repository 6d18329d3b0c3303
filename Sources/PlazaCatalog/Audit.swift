import Foundation

/// One state-changing operation: who did what to which target, when, and how it ended.
public struct AuditEvent: Codable, Sendable, Equatable {
    public var id: Int64?
    public var at: Date
    /// The identity that acted: an API token's name once access control exists, `anonymous` for
    /// unauthenticated API calls, `plaza` for the server's own work (polling, start-up repair),
    /// `github-webhook` for signed deliveries.
    public var actor: String
    /// `marketplace.register`, `marketplace.remove`, `marketplace.sync`, `webhook.push`, …
    public var action: String
    public var target: String
    /// `ok`, `failed` or `refused`.
    public var outcome: String
    /// What happened, for people (never a secret).
    public var detail: String?

    public init(id: Int64? = nil, at: Date = Date(), actor: String, action: String, target: String, outcome: String, detail: String? = nil) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.outcome = outcome
        self.detail = detail
    }
}

/// The append-only audit log.
public protocol AuditRepository: Sendable {
    func record(_ event: AuditEvent) async throws
    /// Newest first; `before` pages backwards by id.
    func auditEvents(target: String?, action: String?, before: Int64?, limit: Int) async throws -> [AuditEvent]
}
