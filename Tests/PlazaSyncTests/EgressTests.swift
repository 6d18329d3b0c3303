import Foundation
import Logging
import PlazaCatalog
import PlazaOutbound
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing

/// Answers `first` for the first lookup of a name, `later` for every other (DNS rebinding).
final class RebindingResolver: HostResolver, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    let first: [IPAddress], later: [IPAddress]

    init(first: String, later: String) {
        self.first = [IPAddress(first)!]
        self.later = [IPAddress(later)!]
    }

    func addresses(of host: String) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return lock.withLock {
            calls += 1
            return calls == 1 ? first : later
        }
    }
}

@Suite("Syncs connect only to checked addresses")
struct EgressSyncTests {
    func engine(_ harness: SyncHarness, resolver: any HostResolver, root: String) throws -> SyncEngine {
        SyncEngine(store: harness.store, mirrors: try MirrorDirectory(root: harness.data.file(root)), logger: Logger(label: "test"),
                   environment: ["SAMPLE_TOKEN": SyncHarness.token],
                   outbound: OutboundPolicy(allowedSchemes: ["https", "http"], deniedAddresses: [AddressRange("127.0.0.2/32")!]),
                   resolver: resolver)
    }

    @Test("libgit2 fetches through the egress proxy: a name only Plaza's resolver knows syncs, credentials included")
    func fetchThroughProxy() async throws {
        let harness = try SyncHarness()
        let engine = try engine(harness, resolver: RebindingResolver(first: "127.0.0.1", later: "127.0.0.1"), root: "proxied")
        try await harness.store.register(MarketplaceRegistration(name: "proxied", url: "http://git.plaza.test:\(harness.server.port)/upstream.git",
                                                                 credential: "env:SAMPLE_TOKEN"))
        let status = try await engine.sync("proxied")
        #expect(status.state == .ok, "\(status.lastError ?? "")")
        #expect(status.counts.skills == 16)
    }

    @Test("a resolver that answers a refused address the second time fails the sync, and nothing reaches that address")
    func rebindingRefused() async throws {
        let harness = try SyncHarness()
        let trap = try TCPResponder(address: "127.0.0.2", port: harness.server.port)
        defer { trap.stop() }
        let engine = try engine(harness, resolver: RebindingResolver(first: "127.0.0.1", later: "127.0.0.2"), root: "rebound")
        try await harness.store.register(MarketplaceRegistration(name: "rebound", url: "http://rebind.plaza.test:\(harness.server.port)/upstream.git",
                                                                 credential: "env:SAMPLE_TOKEN"))
        let status = try await engine.sync("rebound")
        #expect(status.state == .failed)
        #expect(status.lastError?.contains("outbound rule 'denied-address'") == true, "\(status.lastError ?? "")")
        #expect(trap.connections == 0)
    }

    @Test("a marketplace entry pointing at an IPv4-mapped metadata address is unavailable, naming the rule")
    func mappedMetadataSource() async throws {
        let harness = try SyncHarness()
        let path = harness.upstream.workPath + "/.claude-plugin/marketplace.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
        json["plugins"] = (json["plugins"] as! [[String: Any]]) + [
            ["name": "imds", "source": ["source": "url", "url": "https://[::ffff:a9fe:a9fe]/latest/meta-data.git"]],
            ["name": "encoded", "source": ["source": "url", "url": "https://169%2e254%2e169%2e254/x.git"]],
            ["name": "newline-ref", "source": ["source": "url", "url": harness.server.url("upstream.git"), "ref": "main\nX: 1"]],
        ]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        try harness.upstream.commit("hostile sources")
        try await harness.register()
        #expect(try await harness.engine.sync("contoso").state == .ok)
        let imds = try #require(try await harness.store.entries(marketplace: "contoso", plugin: "imds").first)
        #expect(imds.status == .unavailable)
        #expect(imds.unavailableReason?.contains("outbound rule 'metadata-address'") == true, "\(imds.unavailableReason ?? "")")
        let encoded = try #require(try await harness.store.entries(marketplace: "contoso", plugin: "encoded").first)
        #expect(encoded.unavailableReason?.contains("outbound rule 'encoded-host'") == true, "\(encoded.unavailableReason ?? "")")
        let newline = try #require(try await harness.store.entries(marketplace: "contoso", plugin: "newline-ref").first)
        #expect(newline.unavailableReason?.contains("control-character") == true, "\(newline.unavailableReason ?? "")")
    }
}
