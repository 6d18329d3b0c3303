import Foundation
import PlazaCatalog
import PlazaRegistry
@testable import PlazaServer
import Testing

/// The registry's `_meta` as Plaza wrote it before rendering moved out of the store: every value
/// through `JSONSerialization` with sorted keys. The hand-written renderer must give the same bytes.
enum ReferenceRendering {
    static func plazaMeta(governance: Governance, source: RegistrySource, teams: [String], isPublic: Bool) -> String {
        var object: [String: Any] = ["lifecycle": governance.lifecycle.rawValue, "owners": governance.owners, "contacts": governance.contacts,
                                     "visibility": ["teams": teams, "public": isPublic]]
        object["metadata"] = governance.metadata.mapValues { value -> Any in
            switch value {
            case .string(let text): return text
            case .number(let number): return number
            case .bool(let flag): return flag
            }
        }
        var sourceObject: [String: Any] = ["kind": source.kind.rawValue]
        sourceObject["marketplace"] = source.marketplace
        sourceObject["plugin"] = source.plugin
        sourceObject["commit"] = source.commit
        sourceObject["origin"] = source.origin
        object["source"] = sourceObject
        return RegistryJSON.serialize(object)
    }

    static func meta(status: ServerStatus, statusMessage: String?, statusChangedAt: Date, publishedAt: Date, updatedAt: Date,
                     isLatest: Bool, plazaMeta: String) -> String {
        var official: [String: Any] = ["status": status.rawValue, "statusChangedAt": RegistryJSON.timestamp(statusChangedAt),
                                       "publishedAt": RegistryJSON.timestamp(publishedAt), "updatedAt": RegistryJSON.timestamp(updatedAt), "isLatest": isLatest]
        official["statusMessage"] = statusMessage
        return "{\"\(GovernanceCheck.metaKey)\":\(plazaMeta),\"\(RegistryJSON.officialKey)\":\(RegistryJSON.serialize(official))}"
    }
}

@Suite("Registry rendering")
struct RegistryRenderingTests {
    /// Text with quotes, backslashes, slashes, every control character, non-ASCII and astral scalars.
    static func text(_ random: inout some RandomNumberGenerator) -> String {
        let pool: [Unicode.Scalar] = (0..<0x80).compactMap(Unicode.Scalar.init) + ["é", "ß", "\u{2028}", "\u{FEFF}", "😀", "中", "/"]
        return String(String.UnicodeScalarView((0..<Int.random(in: 0...12, using: &random)).map { _ in pool.randomElement(using: &random)! }))
    }

    static func optional(_ random: inout some RandomNumberGenerator) -> String? {
        Bool.random(using: &random) ? text(&random) : nil
    }

    @Test("the hand-written _meta has the bytes JSONSerialization gave, for hostile text too")
    func sameBytes() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let strings = { (random: inout SystemRandomNumberGenerator) in (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.text(&random) } }
            var metadata: [String: MetadataValue] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                metadata[Self.text(&random)] = [.string(Self.text(&random)), .number(Double(Int.random(in: -5...5, using: &random)) / 4), .bool(true)]
                    .randomElement(using: &random)
            }
            let governance = Governance(lifecycle: LifecycleStage.allCases.randomElement(using: &random) ?? .development, owners: strings(&random),
                                        contacts: strings(&random), metadata: metadata)
            let source = RegistrySource(kind: [.published, .plugin, .imported].randomElement(using: &random) ?? .published,
                                        marketplace: Self.optional(&random), plugin: Self.optional(&random), commit: Self.optional(&random), origin: Self.optional(&random))
            let teams = strings(&random).sorted(), isPublic = Bool.random(using: &random)
            let plaza = RegistryRendering.plazaMeta(governance: governance, source: source, teams: teams, isPublic: isPublic)
            #expect(plaza == ReferenceRendering.plazaMeta(governance: governance, source: source, teams: teams, isPublic: isPublic))
            let date = Date(timeIntervalSince1970: Double.random(in: 1_700_000_000...1_900_000_000, using: &random))
            let status = ServerStatus.allCases.randomElement(using: &random) ?? .active
            let message = Self.optional(&random), isLatest = Bool.random(using: &random)
            #expect(RegistryRendering.meta(status: status, statusMessage: message, statusChangedAt: date, publishedAt: date.addingTimeInterval(-5),
                                           updatedAt: date, isLatest: isLatest, plazaMeta: plaza)
                    == ReferenceRendering.meta(status: status, statusMessage: message, statusChangedAt: date, publishedAt: date.addingTimeInterval(-5),
                                               updatedAt: date, isLatest: isLatest, plazaMeta: plaza))
        }
    }

    @Test("a rendered item is reused until its version changes")
    func cache() {
        let rendering = RegistryRendering()
        var version = StoredServerVersion(id: 7, revision: 0, name: "io.acme/weather", version: "1.0.0", serverJSON: #"{"name":"io.acme/weather"}"#,
                                          status: .active, statusMessage: nil, statusChangedAt: Date(), publishedAt: Date(), updatedAt: Date(),
                                          isLatest: true, governance: Governance(), source: RegistrySource(kind: .published), visibility: Visibility())
        let first = rendering.item(version)
        #expect(first.hasPrefix(#"{"server":{"name":"io.acme/weather"},"_meta":{"#))
        version.status = .deprecated
        #expect(rendering.item(version) == first, "same revision: the cached item")
        version.revision = 1
        #expect(rendering.item(version).contains(#""status":"deprecated""#))
    }
}
