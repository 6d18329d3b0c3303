import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore {
    public func register(_ registration: MarketplaceRegistration) async throws {
        let registrationJSON = try Self.json(registration)
        let statusJSON = try Self.json(SyncStatus())
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM marketplace WHERE name = ?", arguments: [registration.name]) == true {
                throw CatalogError.conflict("a marketplace named '\(registration.name)' is already registered")
            }
            try db.execute(sql: "INSERT INTO marketplace (name, registration, status, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [registration.name, registrationJSON, statusJSON, registration.createdAt.timeIntervalSince1970])
        }
    }

    public func marketplace(named name: String) async throws -> Marketplace? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT registration, status FROM marketplace WHERE name = ?", arguments: [name]).map(Self.marketplace)
        }
    }

    public func marketplaceVisibilities() async throws -> [(name: String, visibility: Visibility)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, json_extract(registration, '$.visibility') FROM marketplace ORDER BY name").map { row in
                (row[0], try (row[1] as String?).map { try Self.decode(Visibility.self, $0) } ?? Visibility())
            }
        }
    }

    public func marketplaceVisibility(named name: String) async throws -> Visibility? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT json_extract(registration, '$.visibility') FROM marketplace WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return try (row[0] as String?).map { try Self.decode(Visibility.self, $0) } ?? Visibility()
        }
    }

    public func marketplaces() async throws -> [Marketplace] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT registration, status FROM marketplace ORDER BY name").map(Self.marketplace)
        }
    }

    public func updateStatus(_ name: String, _ update: @Sendable (inout SyncStatus) -> Void) async throws {
        try await pool.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT status FROM marketplace WHERE name = ?", arguments: [name]) else {
                throw CatalogError.notFound("no marketplace named '\(name)'")
            }
            var status = try Self.decode(SyncStatus.self, text)
            update(&status)
            try db.execute(sql: "UPDATE marketplace SET status = ? WHERE name = ?", arguments: [try Self.json(status), name])
        }
    }

    @discardableResult
    public func updateRegistration(_ name: String, _ update: @Sendable (inout MarketplaceRegistration) -> Void) async throws -> Marketplace {
        defer { searchCache.invalidate() }
        return try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT registration, status FROM marketplace WHERE name = ?", arguments: [name]) else {
                throw CatalogError.notFound("no marketplace named '\(name)'")
            }
            var marketplace = try Self.marketplace(row)
            update(&marketplace.registration)
            try db.execute(sql: "UPDATE marketplace SET registration = ? WHERE name = ?", arguments: [try Self.json(marketplace.registration), name])
            return marketplace
        }
    }

    public func remove(_ name: String) async throws {
        defer { searchCache.invalidate() }
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM entry_fts WHERE rowid IN (SELECT id FROM entry WHERE marketplace = ?)", arguments: [name])
            try db.execute(sql: "DELETE FROM marketplace WHERE name = ?", arguments: [name])
            guard db.changesCount > 0 else { throw CatalogError.notFound("no marketplace named '\(name)'") }
        }
    }

    static func marketplace(_ row: Row) throws -> Marketplace {
        Marketplace(registration: try decode(MarketplaceRegistration.self, row["registration"]),
                    status: try decode(SyncStatus.self, row["status"]))
    }
}
