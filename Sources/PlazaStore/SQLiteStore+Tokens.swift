import Foundation
import GRDB
import PlazaCatalog

extension SQLiteStore: TokenRepository {
    public func createToken(_ token: APIToken, secretHash: String) async throws {
        let data = try Self.json(token)
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_token WHERE name = ? AND revoked = 0", arguments: [token.name]) == true {
                throw CatalogError.conflict("an active token named '\(token.name)' exists; revoke it first or choose another name")
            }
            try db.execute(sql: "INSERT INTO api_token (id, secret_hash, name, data, revoked) VALUES (?, ?, ?, ?, 0)",
                           arguments: [token.id, secretHash, token.name, data])
        }
    }

    public func token(secretHash: String) async throws -> APIToken? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT data FROM api_token WHERE secret_hash = ?", arguments: [secretHash])
                .map { try Self.decode(APIToken.self, $0) }
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT data FROM api_token ORDER BY revoked, name").map { try Self.decode(APIToken.self, $0) }
        }
    }

    public func revokeToken(id: String, at date: Date) async throws -> APIToken? {
        try await pool.write { db in
            guard let text = try String.fetchOne(db, sql: "SELECT data FROM api_token WHERE id = ?", arguments: [id]) else { return nil }
            var token = try Self.decode(APIToken.self, text)
            guard token.revokedAt == nil else { return token }
            token.revokedAt = date
            try db.execute(sql: "UPDATE api_token SET data = ?, revoked = 1 WHERE id = ?", arguments: [try Self.json(token), id])
            return token
        }
    }
}
