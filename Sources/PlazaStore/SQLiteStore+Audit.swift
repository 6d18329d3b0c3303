import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore: AuditRepository {
    public func record(_ event: AuditEvent) async throws {
        try await pool.write { db in try Self.insert(event, in: db) }
    }

    static func insert(_ event: AuditEvent, in db: Database) throws {
        try db.execute(sql: "INSERT INTO audit_event (at, actor, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [event.at.timeIntervalSince1970, event.actor, event.action, event.target, event.outcome, event.detail])
    }

    public func auditEvents(target: String?, action: String?, before: Int64?, limit: Int) async throws -> [AuditEvent] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let target { conditions.append("target = ?"); arguments += [target] }
            if let action { conditions.append("action = ?"); arguments += [action] }
            if let before { conditions.append("id < ?"); arguments += [before] }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM audit_event \(whereClause) ORDER BY id DESC LIMIT ?",
                                    arguments: arguments + [min(max(limit, 1), 500)]).map { row in
                AuditEvent(id: row["id"], at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"], action: row["action"],
                           target: row["target"], outcome: row["outcome"], detail: row["detail"])
            }
        }
    }
}
