import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore: InstallationRepository {
    public func currentEntries(of plugins: Set<PluginName>) async throws -> [PluginName: [CurrentEntry]] {
        try await pool.read { db in
            var result: [PluginName: [CurrentEntry]] = [:]
            let statement = try db.cachedStatement(sql: """
                SELECT kind, name, json_extract(data, '$.digest'), json_extract(data, '$.commit'), json_extract(data, '$.version'),
                       json_extract(data, '$.description')
                FROM entry WHERE marketplace = ? AND plugin = ? AND kind IN ('plugin', 'skill')
                """)
            for plugin in plugins {
                result[plugin] = try Row.fetchAll(statement, arguments: [plugin.marketplace, plugin.plugin]).map { row in
                    CurrentEntry(kind: EntryKind(rawValue: row[0]) ?? .plugin, name: row[1], digest: row[2] ?? "", commit: row[3] ?? "", version: row[4],
                                 description: row[5] ?? "")
                }
            }
            return result
        }
    }

    public func environments() async throws -> [DeploymentEnvironment] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, position FROM environment ORDER BY position, name").map {
                DeploymentEnvironment(name: $0["name"], position: $0["position"])
            }
        }
    }

    public func saveEnvironment(_ environment: DeploymentEnvironment) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO environment (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position",
                           arguments: [environment.name, environment.position])
        }
    }

    public func agents() async throws -> [AgentRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, environment, created_at FROM agent ORDER BY name").map(Self.agent)
        }
    }

    public func agent(named name: String) async throws -> AgentRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT name, environment, created_at FROM agent WHERE name = ?", arguments: [name]).map(Self.agent)
        }
    }

    public func saveAgent(_ agent: AgentRecord) async throws {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM environment WHERE name = ?", arguments: [agent.environment]) == true else {
                throw CatalogError.notFound("no environment named '\(agent.environment)'; `plaza environments` lists them")
            }
            try db.execute(sql: """
                INSERT INTO agent (name, environment, created_at) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET environment = excluded.environment
                """, arguments: [agent.name, agent.environment, agent.createdAt.timeIntervalSince1970])
        }
    }

    public func pins(targets: [String]?) async throws -> [Pin] {
        try await pool.read { db in
            var sql = "SELECT data FROM pin"
            var arguments: StatementArguments = []
            if let targets {
                guard !targets.isEmpty else { return [] }
                sql += " WHERE target IN (\(targets.map { _ in "?" }.joined(separator: ",")))"
                arguments = StatementArguments(targets)
            }
            return try String.fetchAll(db, sql: sql + " ORDER BY target, marketplace, plugin, skill", arguments: arguments)
                .map { try Self.decode(Pin.self, $0) }
        }
    }

    /// Pins whose bundle has this sha256 (what exported marketplace.json entries point at).
    public func pins(bundleSHA256: String) async throws -> [Pin] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT data FROM pin WHERE json_extract(data, '$.bundleSHA256') = ?", arguments: [bundleSHA256])
                .map { try Self.decode(Pin.self, $0) }
        }
    }

    public func setBundleSHA256(_ sha256: String, for key: PinKey, digest: String) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE pin SET data = json_set(data, '$.bundleSHA256', ?)
                WHERE target = ? AND marketplace = ? AND plugin = ? AND skill = ? AND json_extract(data, '$.digest') = ?
                """, arguments: [sha256, key.target, key.marketplace, key.plugin, key.skill ?? "", digest])
        }
    }

    public func pin(_ key: PinKey) async throws -> Pin? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT data FROM pin WHERE target = ? AND marketplace = ? AND plugin = ? AND skill = ?",
                                arguments: [key.target, key.marketplace, key.plugin, key.skill ?? ""]).map { try Self.decode(Pin.self, $0) }
        }
    }

    public func apply(_ event: PinEvent, audit: AuditEvent?) async throws {
        let after = try event.after.map(Self.json)
        let before = try event.before.map(Self.json)
        let key = event.key
        let expected = event.before.map { ($0.commit, $0.digest) }
        try await pool.write { db in
            // Compare-and-set: the pin must still be what the change was computed from.
            let current = try String.fetchOne(db, sql: "SELECT data FROM pin WHERE target = ? AND marketplace = ? AND plugin = ? AND skill = ?",
                                              arguments: [key.target, key.marketplace, key.plugin, key.skill ?? ""]).map { try Self.decode(Pin.self, $0) }
            let unchanged: Bool
            switch (current, expected) {
            case (nil, nil): unchanged = true
            case let (pin?, wanted?): unchanged = pin.commit == wanted.0 && pin.digest == wanted.1
            default: unchanged = false
            }
            guard unchanged else { throw CatalogError.conflict("the pin changed while this change was prepared; look again and retry") }
            if let after {
                try db.execute(sql: """
                    INSERT INTO pin (target, marketplace, plugin, skill, data) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(target, marketplace, plugin, skill) DO UPDATE SET data = excluded.data
                    """, arguments: [key.target, key.marketplace, key.plugin, key.skill ?? "", after])
            } else {
                try db.execute(sql: "DELETE FROM pin WHERE target = ? AND marketplace = ? AND plugin = ? AND skill = ?",
                               arguments: [key.target, key.marketplace, key.plugin, key.skill ?? ""])
            }
            try db.execute(sql: """
                INSERT INTO pin_event (at, actor, action, target, marketplace, plugin, skill, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [event.at.timeIntervalSince1970, event.actor, event.action.rawValue, key.target, key.marketplace, key.plugin,
                                 key.skill ?? "", before, after])
            if let audit { try Self.insert(audit, in: db) }
        }
    }

    public func pinEvents(_ key: PinKey?, target: String?, limit: Int) async throws -> [PinEvent] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let key {
                conditions.append("target = ? AND marketplace = ? AND plugin = ? AND skill = ?")
                arguments += [key.target, key.marketplace, key.plugin, key.skill ?? ""]
            }
            if let target { conditions.append("target = ?"); arguments += [target] }
            let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(db, sql: "SELECT * FROM pin_event \(whereClause) ORDER BY id DESC LIMIT ?", arguments: arguments + [limit]).map { row in
                let skill: String = row["skill"]
                return PinEvent(id: row["id"], at: Date(timeIntervalSince1970: row["at"]), actor: row["actor"],
                                action: PinEvent.Action(rawValue: row["action"]) ?? .update,
                                key: PinKey(target: row["target"], marketplace: row["marketplace"], plugin: row["plugin"], skill: skill.isEmpty ? nil : skill),
                                before: try (row["before"] as String?).map { try Self.decode(Pin.self, $0) },
                                after: try (row["after"] as String?).map { try Self.decode(Pin.self, $0) })
            }
        }
    }

    public func policyRules() async throws -> [PolicyRule] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT data FROM policy_rule ORDER BY created_at, id").map { try Self.decode(PolicyRule.self, $0) }
        }
    }

    public func savePolicyRule(_ rule: PolicyRule) async throws {
        let data = try Self.json(rule)
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO policy_rule (id, data, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                           arguments: [rule.id, data, Date().timeIntervalSince1970])
        }
    }

    public func deletePolicyRule(id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM policy_rule WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    static func agent(_ row: Row) -> AgentRecord {
        AgentRecord(name: row["name"], environment: row["environment"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
