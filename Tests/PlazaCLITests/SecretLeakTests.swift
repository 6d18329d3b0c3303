import Crypto
import Foundation
import PlazaTestSupport
import Testing
import _CryptoExtras

@Suite("No secret leaks")
struct SecretLeakTests {
    /// Runs a full session — tokens right and wrong, a GitHub App, a webhook — then searches the
    /// server log, every file in the data directory, and every CLI output for each secret value.
    @Test("no secret appears in the database, the log, API responses or --json output")
    func fullRun() async throws {
        let token = "plz_leakcheck_token_8c7b6a5f4e3d"
        let wrongToken = "plz_leakcheck_wrong_1a2b3c4d5e"
        let hookSecret = "whsec_leakcheck_9f8e7d"
        let appKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let keyBody = appKey.pemRepresentation.split(separator: "\n")[1]  // a line of the key material

        let upstream = try GitFixture(name: "acme/plugins")
        try upstream.copyTree(from: PlazaBinary.packageRoot + "/SampleMarketplace")
        try upstream.commit("sample")
        let gitServer = try GitHTTPServer(root: upstream.servedRoot, token: token)
        let data = try TemporaryDirectory("plaza-leak")
        let github = FakeGitHub(appId: "Iv1.leak", installationId: 5, publicKey: appKey.publicKey, tokenFile: data.file("tokens.json"))
        try await github.start()
        defer { github.stop() }
        let server = try ServerProcess(demo: false, data: data, environment: [
            "LEAK_TOKEN": token, "LEAK_WRONG": wrongToken, "LEAK_HOOK": hookSecret, "LEAK_APP_KEY": appKey.pemRepresentation,
        ])
        var outputs: [String] = []
        func run(_ arguments: [String]) async throws {
            let result = try await offPool { try server.run(arguments) }
            outputs.append(result.stdout + result.stderr)
        }
        try await run(["marketplace", "add", "good", gitServer.url("acme/plugins.git"), "--credential", "env:LEAK_TOKEN", "--json"])
        try await run(["marketplace", "add", "bad", gitServer.url("acme/plugins.git"), "--credential", "env:LEAK_WRONG", "--json"])
        let app = #"{"name": "app", "url": "\#(gitServer.url("acme/plugins.git"))", "webhookSecret": "env:LEAK_HOOK", "sync": true,"#
            + #" "githubApp": {"appId": "Iv1.leak", "apiBase": "\#(github.apiBase)", "privateKey": "env:LEAK_APP_KEY"}}"#
        outputs.append(try await offPool { try Shell.run(["curl", "-s", "-X", "POST", "-H", "Content-Type: application/json", "-H", "Authorization: Bearer \(ServerProcess.adminToken)",
                                      "-d", app, server.url + "/v1/marketplaces"]) })
        try await run(["marketplace", "sync", "app", "--json"])
        let body = #"{"ref": "refs/heads/main", "repository": {"clone_url": "\#(gitServer.url("acme/plugins.git"))"}}"#
        let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(hookSecret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
        outputs.append(try await offPool { try Shell.run(["curl", "-s", "-X", "POST", "-H", "X-GitHub-Event: push", "-H", "X-GitHub-Delivery: leak-1",
                                      "-H", "X-Hub-Signature-256: \(signature)", "-d", body, server.url + "/v1/webhooks/github"]) })
        // Plaza's own API token: its secret is printed once, by `token create`, and nowhere else.
        let created = try await offPool { try server.run(["token", "create", "leak-reader", "--role", "reader", "--json"]) }
        let apiToken = try #require(created.json?["secret"] as? String)
        try await run(["search", "incident", "--json"])
        outputs.append(try await offPool { try server.run(["search", "incident", "--json"], environment: ["PLAZA_TOKEN": apiToken]).stdout })
        try await run(["token", "list", "--json"])
        try await run(["audit", "--json"])
        for arguments in [["marketplace", "list", "--json"], ["marketplace", "show", "good", "--json"], ["marketplace", "show", "bad", "--json"],
                          ["marketplace", "show", "app", "--json"], ["search", "jira", "--json"], ["show", "mcp-server", "jira", "--json"],
                          ["marketplace", "list"], ["marketplace", "show", "bad"]] {
            try await run(arguments)
        }
        for path in ["/v1/marketplaces", "/v1/marketplaces/bad/status", "/metrics", "/v1/search?q=incident"] {
            outputs.append(try await offPool { try Shell.run(["curl", "-s", "-H", "Authorization: Bearer \(ServerProcess.adminToken)", server.url + path]) })
        }
        #expect(outputs.contains { $0.contains("rejected") }, "the wrong token's failure is reported")
        #expect(outputs.contains { $0.contains(#""triggered":["app"]"#) }, "the signed webhook was accepted: \(outputs)")
        #expect(github.minted >= 1, "the App flow ran")
        _ = server.stop()

        var haystacks: [(String, String)] = outputs.enumerated().map { ("output \($0.offset)", $0.element) }
        haystacks.append(("server log", server.log))
        let files = FileManager.default.enumerator(atPath: data.path)?.compactMap { $0 as? String } ?? []
        for file in files where file != "tokens.json" && !file.hasPrefix("mirrors/") {
            if let bytes = FileManager.default.contents(atPath: data.file(file)) {
                haystacks.append((file, String(decoding: bytes, as: UTF8.self)))
            }
        }
        #expect(haystacks.contains { $0.0.hasPrefix("plaza.sqlite") }, "the database was searched")
        for secret in [token, wrongToken, hookSecret, String(keyBody), apiToken, ServerProcess.adminToken] {
            for (place, text) in haystacks {
                #expect(!text.contains(secret), "a secret leaked into \(place)")
            }
        }
    }
}
