import Foundation
import PlazaStore
import PlazaStoreContract
import PlazaTestSupport
import Testing

/// The store contract, run against the embedded SQLite store: each case on a fresh database, every
/// handle the case opens on the same file.
@Suite("Store contract: SQLite")
struct SQLiteContractTests {
    @Test(arguments: StoreContract.all)
    func holds(_ contract: StoreContract) async throws {
        let data = try TemporaryDirectory("plaza-contract")
        try await contract.run { try SQLiteStore(path: data.file("plaza.sqlite")) }
    }
}
