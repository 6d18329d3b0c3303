import Foundation
import PlazaCatalog
import PlazaRegistry

/// A store under test: every repository protocol Plaza needs.
public typealias ContractStore = PlazaStorage

/// Opens a store on a fresh, empty database. A second call opens a second handle on the *same*
/// database (as another replica would), so cases can check what one handle sees of another's writes.
public typealias StoreFactory = @Sendable () async throws -> any ContractStore

/// One behaviour every store must have, written against the protocols only.
///
/// Cases throw ``ContractFailure`` when the store behaves otherwise; they never import a test
/// framework, so any test target (swift-testing or XCTest) can run them with its own store factory:
///
/// ```swift
/// @Test(arguments: StoreContract.all) func holds(_ contract: StoreContract) async throws {
///     let data = try TemporaryDirectory("plaza-contract")
///     try await contract.run { try SQLiteStore(path: data.file("plaza.sqlite")) }
/// }
/// ```
public struct StoreContract: Sendable, CustomStringConvertible {
    /// The repository the case is about (`catalog`, `search`, `marketplaces`, …).
    public let area: String
    public let name: String
    let body: @Sendable (StoreFactory) async throws -> Void

    init(_ area: String, _ name: String, _ body: @escaping @Sendable (StoreFactory) async throws -> Void) {
        self.area = area
        self.name = name
        self.body = body
    }

    /// Runs the case against stores `make` opens.
    public func run(_ make: @escaping StoreFactory) async throws {
        try await body(make)
    }

    public var description: String { "\(area): \(name)" }

    /// Every case, in a stable order.
    public static var all: [StoreContract] {
        MarketplaceContract.cases + CatalogContract.cases + SearchContract.cases + TokenContract.cases + AuditContract.cases
            + InstallationContract.cases + RegistryContract.cases
    }
}

/// A store that does not behave as the contract says: what was expected, and where.
public struct ContractFailure: Error, CustomStringConvertible {
    public let message: String
    public let file: StaticString
    public let line: UInt

    public var description: String { "\(file):\(line): \(message)" }
}

/// Fails unless `condition` holds.
func check(_ condition: @autoclosure () throws -> Bool, _ what: @autoclosure () -> String,
           file: StaticString = #fileID, line: UInt = #line) throws {
    guard try condition() else { throw ContractFailure(message: what(), file: file, line: line) }
}

/// Fails unless `actual == expected`.
func checkEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: @autoclosure () -> String = "",
                              file: StaticString = #fileID, line: UInt = #line) throws {
    guard actual == expected else {
        let context = what()
        throw ContractFailure(message: "\(context.isEmpty ? "" : context + ": ")expected \(expected), got \(actual)", file: file, line: line)
    }
}

/// Fails unless `body` throws exactly `expected`.
func checkThrows<E: Error & Equatable>(_ expected: E, file: StaticString = #fileID, line: UInt = #line,
                                       _ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as E {
        try checkEqual(error, expected, "error", file: file, line: line)
        return
    } catch {
        throw ContractFailure(message: "expected \(expected), got \(error)", file: file, line: line)
    }
    throw ContractFailure(message: "expected \(expected), nothing was thrown", file: file, line: line)
}
