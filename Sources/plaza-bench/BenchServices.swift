import Foundation
import Logging
import PlazaServer
import PlazaStore

extension PlazaServices {
    /// Plaza's services on the embedded SQLite store in the configuration's data directory (what
    /// `plaza serve` runs).
    static func onSQLite(configuration: ServerConfiguration, logger: Logger, environment: [String: String] = ProcessInfo.processInfo.environment,
                         bootstrapAdminToken: String? = nil) throws -> PlazaServices {
        try PlazaServices(configuration: configuration, store: try SQLiteStore.open(dataDirectory: configuration.dataDirectory), logger: logger,
                          environment: environment, bootstrapAdminToken: bootstrapAdminToken)
    }
}
