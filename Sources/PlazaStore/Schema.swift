import Foundation
import GRDB
import PlazaRegistry

/// The database schema, as one ordered list of migrations. Never edit a shipped migration: add one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog") { db in
            try db.execute(sql: """
                CREATE TABLE marketplace (
                    name TEXT PRIMARY KEY NOT NULL,
                    registration TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                CREATE TABLE entry (
                    id INTEGER PRIMARY KEY,
                    marketplace TEXT NOT NULL REFERENCES marketplace(name) ON DELETE CASCADE,
                    plugin TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    category TEXT,
                    has_mcp INTEGER NOT NULL,
                    has_hooks INTEGER NOT NULL,
                    data TEXT NOT NULL
                );
                CREATE INDEX entry_by_plugin ON entry(marketplace, plugin);
                CREATE INDEX entry_filters ON entry(id, kind, marketplace, category, plugin, has_mcp, has_hooks, name_key);
                CREATE INDEX entry_by_name ON entry(kind, name_key);
                CREATE TABLE entry_tag (
                    entry_id INTEGER NOT NULL REFERENCES entry(id) ON DELETE CASCADE,
                    tag TEXT NOT NULL COLLATE NOCASE,
                    PRIMARY KEY (tag, entry_id)
                ) WITHOUT ROWID;
                CREATE INDEX entry_tag_by_entry ON entry_tag(entry_id);
                CREATE VIRTUAL TABLE entry_fts USING fts5(
                    name, tags, description, category, body,
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
                );
                CREATE VIRTUAL TABLE entry_vocab USING fts5vocab(entry_fts, 'row');
                CREATE TABLE indexed_plugin (
                    marketplace TEXT NOT NULL REFERENCES marketplace(name) ON DELETE CASCADE,
                    name TEXT NOT NULL,
                    root TEXT,
                    fingerprint TEXT NOT NULL,
                    commit_sha TEXT NOT NULL,
                    PRIMARY KEY (marketplace, name)
                );
                """)
        }
        migrator.registerMigration("v2-audit") { db in
            try db.execute(sql: """
                CREATE TABLE audit_event (
                    id INTEGER PRIMARY KEY,
                    at DOUBLE NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT
                );
                CREATE INDEX audit_by_target ON audit_event(target, id);
                CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
                    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
                """)
        }
        migrator.registerMigration("v3-tokens") { db in
            // Only the SHA-256 of a token's secret is stored; the secret is shown once, at creation.
            try db.execute(sql: """
                CREATE TABLE api_token (
                    id TEXT PRIMARY KEY NOT NULL,
                    secret_hash TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    data TEXT NOT NULL,
                    revoked INTEGER NOT NULL DEFAULT 0
                );
                CREATE UNIQUE INDEX api_token_active_name ON api_token(name) WHERE revoked = 0;
                """)
        }
        migrator.registerMigration("v4-installations") { db in
            try db.execute(sql: """
                CREATE TABLE environment (
                    name TEXT PRIMARY KEY NOT NULL,
                    position INTEGER NOT NULL
                );
                INSERT INTO environment (name, position) VALUES ('dev', 1), ('staging', 2), ('production', 3);
                CREATE TABLE agent (
                    name TEXT PRIMARY KEY NOT NULL,
                    environment TEXT NOT NULL REFERENCES environment(name),
                    created_at DOUBLE NOT NULL
                );
                CREATE TABLE pin (
                    target TEXT NOT NULL,
                    marketplace TEXT NOT NULL,
                    plugin TEXT NOT NULL,
                    skill TEXT NOT NULL DEFAULT '',
                    data TEXT NOT NULL,
                    PRIMARY KEY (target, marketplace, plugin, skill)
                );
                CREATE INDEX pin_by_plugin ON pin(marketplace, plugin);
                CREATE TABLE pin_event (
                    id INTEGER PRIMARY KEY,
                    at DOUBLE NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    marketplace TEXT NOT NULL,
                    plugin TEXT NOT NULL,
                    skill TEXT NOT NULL,
                    before TEXT,
                    after TEXT
                );
                CREATE INDEX pin_event_by_key ON pin_event(target, marketplace, plugin, skill, id);
                CREATE TRIGGER pin_event_no_update BEFORE UPDATE ON pin_event
                    BEGIN SELECT RAISE(ABORT, 'pin history is append-only'); END;
                CREATE TRIGGER pin_event_no_delete BEFORE DELETE ON pin_event
                    BEGIN SELECT RAISE(ABORT, 'pin history is append-only'); END;
                CREATE TABLE policy_rule (
                    id TEXT PRIMARY KEY NOT NULL,
                    data TEXT NOT NULL,
                    created_at DOUBLE NOT NULL
                );
                """)
        }
        migrator.registerMigration("v5-registry") { db in
            // One row per published MCP server version; `server` is the accepted server.json and
            // `meta` the response `_meta`, kept current on every change so lists concatenate.
            try db.execute(sql: """
                CREATE TABLE mcp_version (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    server TEXT NOT NULL,
                    description TEXT NOT NULL,
                    title TEXT,
                    status TEXT NOT NULL,
                    status_message TEXT,
                    status_changed_at TEXT NOT NULL,
                    published_at TEXT NOT NULL,
                    published_ts DOUBLE NOT NULL,
                    updated_at TEXT NOT NULL,
                    updated_ts DOUBLE NOT NULL,
                    is_latest INTEGER NOT NULL,
                    lifecycle TEXT NOT NULL,
                    owners TEXT NOT NULL,
                    governance TEXT NOT NULL,
                    source TEXT NOT NULL,
                    source_kind TEXT NOT NULL,
                    source_marketplace TEXT,
                    teams TEXT NOT NULL,
                    public INTEGER NOT NULL,
                    has_remote INTEGER NOT NULL,
                    has_package INTEGER NOT NULL,
                    transports TEXT NOT NULL,
                    registry_types TEXT NOT NULL,
                    identifiers TEXT NOT NULL,
                    hosts TEXT NOT NULL,
                    plaza_meta TEXT NOT NULL,
                    meta TEXT NOT NULL,
                    UNIQUE (name, version)
                );
                CREATE INDEX mcp_by_name ON mcp_version(name, id);
                CREATE INDEX mcp_latest ON mcp_version(is_latest, name, id);
                CREATE INDEX mcp_updated ON mcp_version(updated_ts);
                CREATE INDEX mcp_by_source ON mcp_version(source_kind, source_marketplace);
                CREATE VIRTUAL TABLE mcp_fts USING fts5(
                    name, title, description, identifiers, hosts, metadata,
                    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
                );
                CREATE TABLE registry_setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v6-registry-records") { db in
            // Rows become records the HTTP layer renders: `revision` counts changes (render caches
            // key on it), dates are kept once, as REAL, and the pre-rendered `_meta` goes.
            try db.execute(sql: """
                ALTER TABLE mcp_version ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE mcp_version ADD COLUMN status_changed_ts DOUBLE NOT NULL DEFAULT 0;
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, status_changed_at FROM mcp_version") {
                let changed = RegistryJSON.date(row["status_changed_at"]) ?? Date()
                try db.execute(sql: "UPDATE mcp_version SET status_changed_ts = ? WHERE id = ?", arguments: [changed.timeIntervalSince1970, row["id"] as Int64])
            }
            try db.execute(sql: """
                ALTER TABLE mcp_version DROP COLUMN meta;
                ALTER TABLE mcp_version DROP COLUMN plaza_meta;
                ALTER TABLE mcp_version DROP COLUMN status_changed_at;
                ALTER TABLE mcp_version DROP COLUMN published_at;
                ALTER TABLE mcp_version DROP COLUMN updated_at;
                """)
        }
        return migrator
    }

    /// Search weights per FTS column: a name match outranks tags, then description, category, body.
    /// Columns searched first: a match there ranks above any match found only in the body.
    static let headColumns = "{name tags description category}"
    static let bm25Weights = "10.0, 5.0, 4.0, 2.0, 0.5"
}
