import Foundation
import PlazaRegistry
import Testing

private let earlier = Date(timeIntervalSince1970: 1_700_000_000)
private let later = Date(timeIntervalSince1970: 1_700_100_000)

@Suite struct VersionOrderingTests {
    // MARK: Parsing

    @Test(arguments: ["0.0.0", "1.2.3", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7", "1.0.0-x.7.z.92",
                      "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85", "1.0.0-alpha-a.b-c", "2.0.0-rc.1+build.123"])
    func parsesSemver(version: String) {
        #expect(VersionOrdering.semantic(version) != nil)
        #expect(VersionOrdering.semantic(version)?.description == version)
    }

    @Test(arguments: ["1", "1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.02.3", "1.2.03", "1.2.3-", "1.2.3+", "1.2.3-01",
                      "1.2.3-alpha..1", "1.2.3-al_pha", "1.2.3 ", " 1.2.3", "latest", "", "1.2.x", "-1.2.3", "1.2.3-é",
                      "99999999999999999999.0.0"])
    func rejectsNonSemver(version: String) {
        #expect(VersionOrdering.semantic(version) == nil)
    }

    @Test func parsedComponents() throws {
        let version = try #require(VersionOrdering.semantic("1.2.3-beta.11+sha.abc"))
        #expect(version.major == 1 && version.minor == 2 && version.patch == 3)
        #expect(version.prerelease == ["beta", "11"])
        #expect(version.build == ["sha", "abc"])
    }

    // MARK: Precedence (semver §11)

    @Test func semverOrgPrecedenceChain() throws {
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
                     "1.0.0-rc.1", "1.0.0"]
        let parsed = try chain.map { try #require(VersionOrdering.semantic($0)) }
        for (lower, higher) in zip(parsed, parsed.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
            #expect(!(higher < lower))
        }
        #expect(parsed.shuffled().sorted() == parsed)
        #expect(parsed.shuffled().sorted().map(\.description) == chain)
    }

    @Test func numericComparison() throws {
        let pairs = [("1.9.0", "1.10.0"), ("1.0.0", "2.0.0"), ("2.0.0", "2.1.0"), ("2.1.0", "2.1.1"), ("0.9.99", "1.0.0"),
                     ("1.0.0-2", "1.0.0-10"), ("1.0.0-99", "1.0.0-a"), ("1.0.0-12345678901234567890", "1.0.0-12345678901234567891")]
        for (lower, higher) in pairs {
            let a = try #require(VersionOrdering.semantic(lower))
            let b = try #require(VersionOrdering.semantic(higher))
            #expect(a < b, "\(lower) < \(higher)")
        }
    }

    @Test func buildMetadataIsIgnored() throws {
        let a = try #require(VersionOrdering.semantic("1.0.0+build.1"))
        let b = try #require(VersionOrdering.semantic("1.0.0+build.2"))
        let c = try #require(VersionOrdering.semantic("1.0.0"))
        #expect(a == b && b == c)
        #expect(!(a < b) && !(b < a))
    }

    // MARK: Latest selection

    @Test func higherSemverWins() {
        #expect(VersionOrdering.isNewer("1.10.0", publishedAt: earlier, than: "1.9.0", publishedAt: later))
        #expect(!VersionOrdering.isNewer("1.9.0", publishedAt: later, than: "1.10.0", publishedAt: earlier))
        #expect(VersionOrdering.isNewer("2.0.0-rc.1", publishedAt: earlier, than: "1.9.0", publishedAt: later))
        #expect(!VersionOrdering.isNewer("2.0.0-rc.1", publishedAt: later, than: "2.0.0", publishedAt: earlier))
    }

    @Test func equalPrecedencePrefersNewerPublish() {
        #expect(VersionOrdering.isNewer("1.0.0+b", publishedAt: later, than: "1.0.0+a", publishedAt: earlier))
        #expect(!VersionOrdering.isNewer("1.0.0+a", publishedAt: earlier, than: "1.0.0+b", publishedAt: later))
        #expect(!VersionOrdering.isNewer("1.0.0+a", publishedAt: earlier, than: "1.0.0+b", publishedAt: earlier))
    }

    @Test func semverBeatsNonSemverEvenIfPublishedEarlier() {
        #expect(VersionOrdering.isNewer("1.0.0", publishedAt: earlier, than: "2024-06-01", publishedAt: later))
        #expect(!VersionOrdering.isNewer("2024-06-01", publishedAt: later, than: "1.0.0", publishedAt: earlier))
        #expect(!VersionOrdering.isNewer("v9.0.0", publishedAt: later, than: "0.0.1", publishedAt: earlier))
    }

    @Test func twoNonSemverPreferNewerPublish() {
        #expect(VersionOrdering.isNewer("build-7", publishedAt: later, than: "build-9", publishedAt: earlier))
        #expect(!VersionOrdering.isNewer("build-9", publishedAt: earlier, than: "build-7", publishedAt: later))
        #expect(!VersionOrdering.isNewer("b", publishedAt: earlier, than: "a", publishedAt: earlier))
    }

    @Test func latestOfMixedList() {
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let versions: [(version: String, publishedAt: Date)] = [
            ("2024.06.01", base.addingTimeInterval(500)),
            ("1.9.0", base.addingTimeInterval(100)),
            ("1.10.0", base.addingTimeInterval(50)),
            ("2.0.0-rc.1", base.addingTimeInterval(400)),
            ("v3.0.0", base.addingTimeInterval(600)),
            ("1.10.0+rebuild", base.addingTimeInterval(300)),
        ]
        #expect(VersionOrdering.latest(versions) == "2.0.0-rc.1")
        #expect(VersionOrdering.latest(Array(versions.filter { $0.version != "2.0.0-rc.1" })) == "1.10.0+rebuild")
        #expect(VersionOrdering.latest(versions.filter { VersionOrdering.semantic($0.version) == nil }) == "v3.0.0")
        #expect(VersionOrdering.latest(versions.reversed()) == "2.0.0-rc.1")
    }

    @Test func latestEdgeCases() {
        #expect(VersionOrdering.latest([]) == nil)
        #expect(VersionOrdering.latest([("only", earlier)]) == "only")
        // A complete tie keeps the first listed.
        #expect(VersionOrdering.latest([("a", earlier), ("b", earlier)]) == "a")
    }
}
