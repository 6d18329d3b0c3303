import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import PlazaCatalog
import PlazaServer
import PlazaStore
import PlazaSync
import PlazaTestSupport
import _CryptoExtras
import PlazaOutbound

/// Installation tokens minted per 1,000 syncs of 10 marketplaces on one GitHub App (against the
/// local fake of the GitHub App API), and webhook delivery → sync start latency on loopback.
struct IdentityBenchmark {
    let iterations: Int

    func run() throws {
        print("## Identity\n")
        print("| figure | measured | goal |")
        print("|---|---|---|")
        try tokenCache()
        try webhookLatency()
        print("")
    }

    private func tokenCache() throws {
        let data = try TemporaryDirectory("plaza-bench-app")
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let github = FakeGitHub(appId: "Iv1.bench", installationId: 7, publicKey: key.publicKey, tokenFile: data.file("tokens.json"))
        try blocking { try await github.start() }
        defer { github.stop() }
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: SyncBenchmark.quietLogger,
                                environment: ["APP_KEY": key.pemRepresentation], outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"]))
        var upstreams: [GitFixture] = []
        for index in 0..<10 {
            let upstream = try GitFixture(name: "acme/market-\(index)")
            try upstream.commit("m", files: [".claude-plugin/marketplace.json": #"{"name": "m\#(index)", "owner": {"name": "A"}, "plugins": [{"name": "p", "source": "./p"}]}"#,
                                             "p/skills/s/SKILL.md": "---\nname: s\ndescription: S.\n---\n"])
            upstreams.append(upstream)
            let app = GitHubAppCredential(appId: github.appId, apiBase: github.apiBase, privateKey: "env:APP_KEY")
            try blocking { try await store.register(MarketplaceRegistration(name: "m\(index)", url: upstream.fileURL, githubApp: app)) }
        }
        let started = Date()
        for _ in 0..<100 {
            for index in 0..<10 { _ = try blocking { try await engine.sync("m\(index)") } }
        }
        let seconds = Date().timeIntervalSince(started)
        print(String(format: "| installation tokens minted for 1,000 syncs of 10 marketplaces on one App (%.1f s) | %d (the fake API saw %d) | 1 per token lifetime |",
                     seconds, try blocking { await engine.appTokens.minted }, github.minted))
    }

    private func webhookLatency() throws {
        let data = try TemporaryDirectory("plaza-bench-hook")
        let upstream = try GitFixture(name: "acme/plugins")
        try upstream.commit("m", files: [".claude-plugin/marketplace.json": #"{"name": "m", "owner": {"name": "A"}, "plugins": []}"#])
        let secret = "bench-webhook-secret"
        let services = try PlazaServices.onSQLite(configuration: ServerConfiguration(port: 0, dataDirectory: data.path, defaultPollInterval: 0, outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"])),
                                         logger: SyncBenchmark.quietLogger, environment: ["HOOK": secret])
        try blocking { try await services.store.register(MarketplaceRegistration(name: "m", url: upstream.fileURL, webhookSecret: "env:HOOK")) }
        let ready = AsyncStream<Int>.makeStream()
        let app = try blocking {
            try await buildApplication(services: services, logger: SyncBenchmark.quietLogger) { ready.continuation.yield($0) }
        }
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        let port = try blocking { var port = 0; for await value in ready.stream { port = value; break }; return port }
        var samples: [Double] = []
        for delivery in 0..<max(10, iterations * 2) {
            let body = #"{"ref": "refs/heads/main", "repository": {"clone_url": "\#(upstream.fileURL)", "default_branch": "main"}}"#
            let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
                .map { String(format: "%02x", $0) }.joined()
            let before = try blocking { await services.engine.syncsStarted }
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/webhooks/github")!)
            request.httpMethod = "POST"
            request.httpBody = Data(body.utf8)
            for (name, value) in ["X-GitHub-Event": "push", "X-GitHub-Delivery": "bench-\(delivery)", "X-Hub-Signature-256": signature,
                                  "Content-Type": "application/json"] { request.setValue(value, forHTTPHeaderField: name) }
            let start = DispatchTime.now().uptimeNanoseconds
            let sent = Task { _ = try? await URLSession.shared.data(for: request) }
            while try blocking({ await services.engine.syncsStarted }) == before { usleep(200) }
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            try blocking { await sent.value }
            while try blocking({ await services.engine.activity("m").running }) { usleep(1000) }
        }
        samples.sort()
        print(String(format: "| webhook delivery → sync start on loopback, %d deliveries (median / max) | %.1f ms / %.1f ms | ≤ 200 ms |",
                     samples.count, samples[samples.count / 2], samples.last!))
    }
}
