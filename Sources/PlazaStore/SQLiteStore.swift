import Foundation
import GRDB
import PlazaCatalog
import PlazaRegistry

/// Plaza's embedded store: one SQLite database (WAL mode) in the data directory.
///
/// Implements every repository protocol (catalog, marketplaces, tokens, audit, installations,
/// registry, registry settings); callers hold it as those protocols. Writers are serialised by SQLite; readers run concurrently and see
/// the last committed state, so a sync in progress is invisible until it commits.
public final class SQLiteStore: MarketplaceRepository, CatalogRepository, Sendable {
    let pool: DatabasePool
    let searchCache = SearchCache()
    let registrySettings = RegistrySettingsCache()
    let versionCache = StoredVersionCache()

    /// The database's file name in a data directory.
    public static let fileName = "plaza.sqlite"

    /// Opens the store of a data directory, creating the directory and the database if needed.
    public static func open(dataDirectory: String) throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return try SQLiteStore(path: dataDirectory + "/" + fileName)
    }

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.maximumReaderCount = 8
        // WAL with synchronous=NORMAL: a commit is durable once the WAL is synced at checkpoint;
        // a power cut can lose the last commits but never corrupts the database. Saves an fsync
        // per write transaction (installs, publishes, audit events).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try DatabasePool(path: path, configuration: configuration)
        try Schema.migrator.migrate(pool)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }
}
