import Foundation
import PlazaCatalog

/// TokenRepository: tokens by secret hash, names unique among active tokens, revocation.
enum TokenContract {
    /// Whole seconds: stores may keep token dates at that precision.
    static let created = Date(timeIntervalSince1970: 1_750_000_000)

    static func token(_ id: String, _ name: String, role: Role = .reader) -> APIToken {
        APIToken(id: id, name: name, role: role, teams: ["sre"], createdAt: created, createdBy: "admin")
    }

    static let cases: [StoreContract] = [
        StoreContract("tokens", "a token is found by its secret hash, revoked or not") { make in
            let store = try await make()
            try await store.createToken(token("tok_1", "ci"), secretHash: "hash-1")
            try checkEqual(try await store.token(secretHash: "hash-1"), token("tok_1", "ci"))
            try checkEqual(try await store.token(secretHash: "hash-2"), nil)
            let revokedAt = created.addingTimeInterval(60)
            try checkEqual(try await store.revokeToken(id: "tok_1", at: revokedAt)?.revokedAt, revokedAt)
            let revoked = try await store.token(secretHash: "hash-1")
            try checkEqual(revoked?.revokedAt, revokedAt)
            try checkEqual(revoked?.isActive(), false)
        },
        StoreContract("tokens", "an active token's name is taken until it is revoked") { make in
            let store = try await make()
            try await store.createToken(token("tok_1", "ci"), secretHash: "hash-1")
            try await checkThrows(CatalogError.conflict("an active token named 'ci' exists; revoke it first or choose another name")) {
                try await store.createToken(token("tok_2", "ci"), secretHash: "hash-2")
            }
            _ = try await store.revokeToken(id: "tok_1", at: created)
            try await store.createToken(token("tok_3", "ci"), secretHash: "hash-3")
            try checkEqual(try await store.token(secretHash: "hash-3")?.id, "tok_3")
        },
        StoreContract("tokens", "tokens are listed active first, then by name") { make in
            let store = try await make()
            for (id, name) in [("tok_1", "zeta"), ("tok_2", "alpha"), ("tok_3", "mid")] {
                try await store.createToken(token(id, name), secretHash: "hash-\(id)")
            }
            _ = try await store.revokeToken(id: "tok_2", at: created)
            try checkEqual(try await store.tokens().map(\.name), ["mid", "zeta", "alpha"])
        },
        StoreContract("tokens", "revoking twice keeps the first date; an unknown id is nil") { make in
            let store = try await make()
            try await store.createToken(token("tok_1", "ci"), secretHash: "hash-1")
            let first = created.addingTimeInterval(10)
            _ = try await store.revokeToken(id: "tok_1", at: first)
            try checkEqual(try await store.revokeToken(id: "tok_1", at: first.addingTimeInterval(10))?.revokedAt, first)
            try checkEqual(try await store.revokeToken(id: "tok_nope", at: first), nil)
        },
    ]
}

/// AuditRepository: an append-only log read newest first.
enum AuditContract {
    static let cases: [StoreContract] = [
        StoreContract("audit", "events are listed newest first, filtered, and paged backwards") { make in
            let store = try await make()
            for index in 0..<5 {
                try await store.record(AuditEvent(actor: "anonymous", action: index.isMultiple(of: 2) ? "marketplace.sync" : "marketplace.register",
                                                  target: "acme", outcome: "ok", detail: "event \(index)"))
            }
            try await store.record(AuditEvent(actor: "plaza", action: "marketplace.sync", target: "ops", outcome: "failed"))
            let newest = try await store.auditEvents(target: "acme", action: nil, before: nil, limit: 2)
            try checkEqual(newest.map(\.detail), ["event 4", "event 3"])
            let older = try await store.auditEvents(target: "acme", action: nil, before: newest.last?.id, limit: 10)
            try checkEqual(older.map(\.detail), ["event 2", "event 1", "event 0"])
            try checkEqual(try await store.auditEvents(target: nil, action: "marketplace.register", before: nil, limit: 10).count, 2)
            try checkEqual(try await store.auditEvents(target: "ops", action: "marketplace.sync", before: nil, limit: 10).map(\.outcome), ["failed"])
            try checkEqual(try await store.auditEvents(target: nil, action: nil, before: nil, limit: 100).count, 6)
        },
        StoreContract("audit", "events keep every field") { make in
            let store = try await make()
            let at = Date(timeIntervalSince1970: 1_750_000_000.25)
            try await store.record(AuditEvent(at: at, actor: "ci", action: "token.create", target: "deployer", outcome: "refused", detail: "no"))
            let event = try await store.auditEvents(target: nil, action: nil, before: nil, limit: 1).first
            try check(event?.id != nil, "a recorded event has an id")
            try checkEqual(event.map { AuditEvent(at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, outcome: $0.outcome, detail: $0.detail) },
                           AuditEvent(at: at, actor: "ci", action: "token.create", target: "deployer", outcome: "refused", detail: "no"))
        },
        StoreContract("audit", "a limit below one still returns the newest event") { make in
            let store = try await make()
            for index in 0..<3 { try await store.record(AuditEvent(actor: "a", action: "x", target: "t", outcome: "ok", detail: "\(index)")) }
            try checkEqual(try await store.auditEvents(target: nil, action: nil, before: nil, limit: 0).map(\.detail), ["2"])
        },
    ]
}
