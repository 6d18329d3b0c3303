import Foundation
import Logging
import PlazaCatalog
import PlazaIdentity
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing
import _CryptoExtras
import PlazaOutbound

/// A marketplace behind a loopback git server that accepts only installation tokens minted by the
/// fake GitHub App API, and a sync engine holding the App's private key by reference.
struct AppHarness {
    let upstream: GitFixture
    let github: FakeGitHub
    let gitServer: GitHTTPServer
    let data: TemporaryDirectory
    let store: SQLiteStore
    let engine: SyncEngine
    let keyPEM: String

    static func make(tokenLifetime: TimeInterval = 3600, key: _RSA.Signing.PrivateKey? = nil) async throws -> AppHarness {
        let upstream = try GitFixture(name: "acme/agent-plugins")
        try upstream.commit("plugins", files: [
            ".claude-plugin/marketplace.json": #"{"name": "acme", "owner": {"name": "Acme"}, "plugins": [{"name": "ops", "source": "./ops"}]}"#,
            "ops/skills/page/SKILL.md": "---\nname: page\ndescription: Page the on-call. Use during incidents.\n---\nPage.\n",
        ])
        let data = try TemporaryDirectory("plaza-app")
        let appKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let github = FakeGitHub(appId: "Iv1.8a61f9b3a7aba766", installationId: 4242, publicKey: appKey.publicKey,
                                tokenFile: data.file("tokens.json"), tokenLifetime: tokenLifetime)
        try await github.start()
        let gitServer = try GitHTTPServer(root: upstream.servedRoot, token: nil, tokenFile: data.file("tokens.json"))
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let pem = (key ?? appKey).pemRepresentation
        try data.write("app.pem", pem)
        let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: Logger(label: "test"),
                                environment: ["ACME_APP_KEY": pem], outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"]))
        return AppHarness(upstream: upstream, github: github, gitServer: gitServer, data: data, store: store, engine: engine, keyPEM: pem)
    }

    func register(_ name: String = "acme", installationId: String? = nil, keyReference: String = "env:ACME_APP_KEY") async throws {
        try await store.register(MarketplaceRegistration(
            name: name, url: gitServer.url("acme/agent-plugins.git"),
            githubApp: GitHubAppCredential(appId: github.appId, installationId: installationId, apiBase: github.apiBase, privateKey: keyReference)))
    }
}

@Suite("GitHub App credentials")
struct GitHubAppTests {
    @Test("a marketplace syncs as a GitHub App; the installation is found from the repository; one token serves many syncs")
    func syncsAndCaches() async throws {
        let harness = try await AppHarness.make()
        defer { harness.github.stop() }
        try await harness.register()
        let status = try await harness.engine.sync("acme")
        #expect(status.state == .ok, "\(status.lastError ?? "")")
        #expect(status.counts.skills == 1)
        for _ in 0..<10 { try await harness.engine.sync("acme") }
        #expect(harness.github.minted == 1, "one token per token lifetime, not per sync")
        #expect(await harness.engine.appTokens.minted == 1)
    }

    /// Found by schemathesis: a registration's installationId was stored as given (spaces, '/',
    /// control characters), and a sync then force-unwrapped the token URL built from it.
    @Test("an installation id that is not a number, or an app id that is not an App or Client ID, is refused at registration; a sync fails without crashing")
    func nonNumericInstallationID() async throws {
        for bad in ["42 4", "1/../../user", "4\u{0}2", ""] {
            let credential = GitHubAppCredential(appId: "Iv1.x", installationId: bad, privateKey: "env:KEY")
            #expect(credential.problem()?.contains("installationId") == true, "\(bad)")
        }
        #expect(GitHubAppCredential(appId: "Iv1.x", installationId: "4242", privateKey: "env:KEY").problem() == nil)
        // The app id becomes the JWT issuer: App IDs and Client IDs only.
        for bad in ["Iv1.x\u{0}", "12 34", "Iv1.x\nX-Evil: 1", "ïv1", String(repeating: "9", count: 65)] {
            #expect(GitHubAppCredential(appId: bad, privateKey: "env:KEY").problem()?.contains("appId") == true, "\(bad)")
        }
        #expect(GitHubAppCredential(appId: "123456", privateKey: "env:KEY").problem() == nil)
        #expect(GitHubAppCredential(appId: "Iv23li_AbC-9.x", privateKey: "env:KEY").problem() == nil)

        let harness = try await AppHarness.make()
        defer { harness.github.stop() }
        try await harness.register(installationId: "42 4")
        let status = try await harness.engine.sync("acme")
        #expect(status.state == .failed)
        #expect(status.lastError?.contains("not a number") == true, "\(status.lastError ?? "")")
    }

    @Test("a token the git server no longer accepts is replaced and the sync succeeds")
    func rejectedTokenIsReplaced() async throws {
        let harness = try await AppHarness.make()
        defer { harness.github.stop() }
        try await harness.register(installationId: "4242")
        #expect(try await harness.engine.sync("acme").state == .ok)
        harness.github.revokeAll()
        try harness.upstream.commit("more", files: ["ops/skills/ack/SKILL.md": "---\nname: ack\ndescription: Acknowledge a page.\n---\n"])
        let status = try await harness.engine.sync("acme")
        #expect(status.state == .ok, "\(status.lastError ?? "")")
        #expect(status.counts.skills == 2)
        #expect(harness.github.minted == 2)
    }

    @Test("tokens that expire are refreshed before use across syncs")
    func expiry() async throws {
        let harness = try await AppHarness.make(tokenLifetime: 2)
        defer { harness.github.stop() }
        try await harness.register()
        #expect(try await harness.engine.sync("acme").state == .ok)
        let mintedForFirstSync = harness.github.minted
        try await Task.sleep(for: .milliseconds(2_200))
        try harness.upstream.commit("later", files: ["ops/README.md": "later"])
        let later = try await harness.engine.sync("acme")
        #expect(later.state == .ok, "\(later.lastError ?? "")")
        // The first token has expired (and the git server refuses it): the sync minted a fresh one.
        // (Under heavy load a 2-second token can also expire mid-sync and be replaced once more.)
        #expect(harness.github.minted > mintedForFirstSync)
    }

    @Test("a wrong key or a wrong installation fails with a clear error and no secret")
    func wrongKeyOrInstallation() async throws {
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let harness = try await AppHarness.make(key: other)
        defer { harness.github.stop() }
        try await harness.register()
        let status = try await harness.engine.sync("acme")
        #expect(status.state == .failed)
        #expect(status.lastError?.contains("GitHub App Iv1.8a61f9b3a7aba766") == true, "\(status.lastError ?? "")")
        #expect(status.lastError?.contains("HTTP 401") == true)
        #expect(!(status.lastError ?? "").contains("PRIVATE KEY"))
        #expect(harness.github.rejectedJWTs >= 1)

        let good = try await AppHarness.make()
        defer { good.github.stop() }
        try await good.register(installationId: "999")
        let wrongInstallation = try await good.engine.sync("acme")
        #expect(wrongInstallation.state == .failed)
        #expect(wrongInstallation.lastError?.contains("installation 999") == true)

        try await good.register("missing-key", keyReference: "env:NOT_SET_ANYWHERE")
        let missing = try await good.engine.sync("missing-key")
        #expect(missing.lastError?.contains("NOT_SET_ANYWHERE is not set") == true)
    }

    @Test("the JWT has integer iat/exp within GitHub's window and verifies with the App's public key")
    func jwtShape() throws {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let jwt = try AppJWT.make(issuer: "123", privateKeyPEM: key.pemRepresentation, now: now)
        let parts = jwt.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let claims = try #require(try JSONSerialization.jsonObject(with: Data(base64Encoded: base64)!) as? [String: Any])
        #expect(claims["iat"] as? Int == 1_800_000_000 - 60)
        #expect(claims["exp"] as? Int == 1_800_000_000 + 540)
        #expect(claims["iss"] as? String == "123")
    }
}
