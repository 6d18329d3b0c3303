import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import PlazaCatalog
import PlazaServer
import PlazaStore
import PlazaTestSupport
import Testing
import Yams
import Crypto
import PlazaOutbound

/// A Plaza server on a real loopback port, its data in a temporary directory, and an upstream
/// holding the sample marketplace behind authenticated smart HTTP.
struct ServerHarness {
    static let token = "plz_server_token_77aa88bb99"
    /// The bootstrap administrator token the harness's server is started with.
    static let adminToken = "plz_harness_admin_4f3e2d1c0b"
    let upstream: GitFixture
    let gitServer: GitHTTPServer
    let data: TemporaryDirectory
    let services: PlazaServices

    init(extraEnvironment: [String: String] = [:], anonymousRead: Bool = false, publicMetrics: Bool = false) throws {
        upstream = try GitFixture()
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleMarketplace").path
        try upstream.copyTree(from: sample)
        try upstream.commit("sample")
        gitServer = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        data = try TemporaryDirectory("plaza-server")
        services = try PlazaServices(configuration: ServerConfiguration(host: "127.0.0.1", port: 0, dataDirectory: data.path, defaultPollInterval: 0,
                                                                         outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"]),
                                                                         anonymousRead: anonymousRead, publicMetrics: publicMetrics),
                                     store: try SQLiteStore.open(dataDirectory: data.path), logger: Logger(label: "test"), environment: ["SAMPLE_TOKEN": Self.token].merging(extraEnvironment) { _, new in new },
                                     bootstrapAdminToken: Self.adminToken)
    }

    /// Runs `body` against the live server; requests carry the admin token unless they set their
    /// own `Authorization` header (or `token` is nil: anonymous).
    func run(token: String? = ServerHarness.adminToken, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(services: services, logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(AuthorizingClient(base: client, token: token)) }
    }

    var registration: String {
        #"{"name": "contoso", "url": "\#(gitServer.url("upstream.git"))", "credential": "env:SAMPLE_TOKEN", "sync": false}"#
    }
}

/// A test client that adds `Authorization: Bearer <token>` to requests that carry none. A request
/// with an empty `Authorization` header goes out with none: anonymous.
struct AuthorizingClient: TestClientProtocol {
    let base: any TestClientProtocol
    let token: String?

    func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        // Request bodies are JSON (the server answers 415 to anything else).
        if body != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        if headers[.authorization] == "" {
            headers[.authorization] = nil
        } else if let token, headers[.authorization] == nil {
            headers[.authorization] = "Bearer \(token)"
        }
        return try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
    }

    var port: Int? { base.port }
}

func json(_ buffer: ByteBuffer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
}

@discardableResult
func expectProblem(_ client: any TestClientProtocol, _ uri: String, method: HTTPRequest.Method = .get, body: String? = nil,
                   status: HTTPResponse.Status, mentioning fragment: String) async throws -> [String: Any] {
    try await client.execute(uri: uri, method: method, body: body.map { ByteBuffer(string: $0) }) { response in
        #expect(response.status == status, "\(method) \(uri)")
        #expect(response.headers[.contentType] == "application/problem+json")
        let problem = try json(response.body)
        #expect(problem["status"] as? Int == Int(status.code))
        let detail = problem["detail"] as? String ?? ""
        #expect(detail.contains(fragment), "\(detail)")
        return problem
    }
}

@Suite("HTTP API")
struct ServerTests {
    @Test("register with a token, sync, search, show and read files over real HTTP")
    func catalogFlow() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: harness.registration)) { response in
                #expect(response.status == .created)
                let body = try json(response.body)
                #expect(body["credential"] as? String == "env:SAMPLE_TOKEN")
            }
            try await client.execute(uri: "/v1/marketplaces/contoso/sync?wait=true", method: .post) { response in
                #expect(response.status == .ok)
                let status = try json(response.body)
                #expect(status["state"] as? String == "ok", "\(status)")
                #expect((status["counts"] as? [String: Int])?["skills"] == 16)
            }
            try await client.execute(uri: "/v1/search?q=incident&limit=3", method: .get) { response in
                let page = try json(response.body)
                let results = try #require(page["results"] as? [[String: Any]])
                #expect(results.count == 3)
                #expect(results.first?["name"] as? String == "incident-investigation")
                #expect(results.first?["reference"] as? String == "incident-investigation@contoso")
                #expect((results.first?["install"] as? String)?.contains("plaza install incident-investigation@contoso") == true)
                #expect((page["total"] as? Int ?? 0) > 3)
                let cursor = try #require(page["nextCursor"] as? String)
                #expect(!cursor.contains("+") && !cursor.contains("/") && !cursor.contains("="))
                #expect((page["facets"] as? [String: Any])?["kind"] != nil)
            }
            try await client.execute(uri: "/v1/search?q=postmortme&kind=skill", method: .get) { response in
                let page = try json(response.body)
                #expect(((page["results"] as? [[String: Any]])?.first?["name"] as? String) == "write-postmortem")
            }
            // The new kinds are accepted, in any spelling; an unknown kind is refused with the list.
            try await client.execute(uri: "/v1/search?kind=lsp,monitors&kind=output-style&kind=channel", method: .get) { response in
                #expect(response.status == .ok)
                let total = try json(response.body)["total"] as? Int
                #expect(total == 0, "the sample ships none of them")
            }
            try await expectProblem(client, "/v1/search?kind=daemon", status: .badRequest, mentioning: "output-style, lsp-server, monitor, channel")
            try await client.execute(uri: "/v1/catalog/plugin/incident-investigation", method: .get) { response in
                let result = (try json(response.body)["results"] as? [[String: Any]])?.first
                #expect(result?["runsCommands"] as? Bool == true, "its MCP server is a local program")
                #expect((result?["details"] as? [String: String])?["runsCommands"] == "MCP server observability: npx -y @contoso/observability-mcp@1.8.2")
            }
            try await client.execute(uri: "/v1/search?hasHooks=true&kind=plugin", method: .get) { response in
                let names = (try json(response.body)["results"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
                #expect(names == ["compliance-checks"])
            }
            try await client.execute(uri: "/v1/marketplaces/contoso/plugins/jira-connector", method: .get) { response in
                let body = try json(response.body)
                let components = try #require(body["components"] as? [[String: Any]])
                #expect(Set(components.compactMap { $0["kind"] as? String }) == ["skill", "mcp-server"])
            }
            try await client.execute(uri: "/v1/marketplaces/contoso/plugins/incident-investigation/skills/triage-alert", method: .get) { response in
                let body = try json(response.body)
                #expect((body["body"] as? String)?.contains("Confirm the signal") == true)
            }
            try await client.execute(uri: "/v1/catalog/mcp-server/jira", method: .get) { response in
                let result = (try json(response.body)["results"] as? [[String: Any]])?.first
                #expect((result?["details"] as? [String: String])?["requiredSecrets"] == "JIRA_API_TOKEN")
            }
            try await client.execute(uri: "/v1/marketplaces/contoso/plugins/incident-investigation/files/skills/triage-alert/SKILL.md", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/markdown; charset=utf-8")
                #expect(String(buffer: response.body).hasPrefix("---\nname: triage-alert"))
                #expect(response.headers[HTTPField.Name("X-Plaza-Commit")!]?.count == 40)
            }
            try await expectProblem(client, "/v1/marketplaces/contoso/plugins/incident-investigation/files/../../../etc/passwd", status: .badRequest, mentioning: "..")
            try await expectProblem(client, "/v1/marketplaces/contoso/plugins/incident-investigation/files/nope.md", status: .notFound, mentioning: "no file 'nope.md'")
            try await expectProblem(client, "/v1/marketplaces/contoso/plugins/terraform-review/files/README.md", status: .conflict, mentioning: "unavailable")
            try await client.execute(uri: "/v1/marketplaces/contoso/status", method: .get) { response in
                let status = try json(response.body)
                #expect(status["diagnostics"] as? [[String: Any]] != nil, "the status route includes diagnostics")
                #expect(status["commit"] as? String != nil)
            }
            try await client.execute(uri: "/v1/marketplaces/contoso", method: .delete) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect((body["installations"] as? String)?.contains("unchanged") == true)
            }
            try await client.execute(uri: "/v1/search?q=incident", method: .get) { response in
                let page = try json(response.body)
                #expect(page["total"] as? Int == 0)
            }
            try await client.execute(uri: "/v1/audit?target=contoso", method: .get) { response in
                let events = try #require(try json(response.body)["events"] as? [[String: Any]])
                #expect(events.compactMap { $0["action"] as? String } == ["marketplace.remove", "marketplace.sync", "marketplace.register"])
                #expect(events.allSatisfy { $0["outcome"] as? String == "ok" && $0["actor"] as? String == "bootstrap-admin" })
            }
        }
    }

    @Test("every error is a problem document that says what to fix")
    func errors() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: harness.registration)) { _ in }
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: harness.registration, status: .conflict, mentioning: "already registered")
            try await client.execute(uri: "/v1/audit?action=marketplace.register&limit=1", method: .get) { response in
                let event = (try json(response.body)["events"] as? [[String: Any]])?.first
                #expect(event?["outcome"] as? String == "refused")
                #expect((event?["detail"] as? String)?.contains("already registered") == true)
            }
            try await expectProblem(client, "/v1/audit?limit=0", status: .badRequest, mentioning: "limit")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: "{not json", status: .badRequest, mentioning: "not valid JSON")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"url": "https://x.example/r.git"}"#, status: .badRequest, mentioning: "missing field 'name'")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "BadName", "url": "https://x.example/r.git"}"#,
                                    status: .unprocessableContent, mentioning: "lowercase")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "leak", "url": "https://x.example/r.git", "credential": "ghp_0123456789abcdef0123456789abcdef0123"}"#,
                                    status: .unprocessableContent, mentioning: "reference")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "userinfo", "url": "https://me:secret@x.example/r.git"}"#,
                                    status: .unprocessableContent, mentioning: "must not embed credentials")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "imds", "url": "http://169.254.169.254/latest/meta-data.git"}"#,
                                    status: .unprocessableContent, mentioning: "outbound rule 'metadata-address'")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "sshy", "url": "ssh://git@git.example.com/p.git"}"#,
                                    status: .unprocessableContent, mentioning: "outbound rule 'scheme'")
            try await expectProblem(client, "/v1/marketplaces/nope", status: .notFound, mentioning: "no marketplace named 'nope'")
            try await expectProblem(client, "/v1/marketplaces/nope/status", status: .notFound, mentioning: "nope")
            try await expectProblem(client, "/v1/marketplaces/nope/sync", method: .post, status: .notFound, mentioning: "nope")
            try await expectProblem(client, "/v1/marketplaces/nope", method: .delete, status: .notFound, mentioning: "nope")
            try await expectProblem(client, "/v1/search?limit=1000", status: .badRequest, mentioning: "limit")
            try await expectProblem(client, "/v1/search?cursor=garbage", status: .badRequest, mentioning: "cursor")
            try await expectProblem(client, "/v1/search?kind=widget", status: .badRequest, mentioning: "unknown kind 'widget'")
            try await expectProblem(client, "/v1/search?hasMcp=maybe", status: .badRequest, mentioning: "true or false")
            try await expectProblem(client, "/v1/catalog/skill/nothing-like-this", status: .notFound, mentioning: "plaza search")
            try await expectProblem(client, "/v1/marketplaces/contoso/plugins/none", status: .notFound, mentioning: "no plugin 'none'")
            try await expectProblem(client, "/v1/marketplaces/contoso/plugins/none/skills/x", status: .notFound, mentioning: "no skill 'x'")
            try await expectProblem(client, "/v1/marketplaces/contoso/plugins/none/files/x.md", status: .notFound, mentioning: "no plugin 'none'")
        }
    }

    @Test("a failed sync is visible in the status with the reason, and never the token")
    func failedSyncStatus() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let body = #"{"name": "wrong", "url": "\#(harness.gitServer.url("upstream.git"))", "credential": "env:MISSING_TOKEN", "sync": false}"#
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: body)) { _ in }
            try await client.execute(uri: "/v1/marketplaces/wrong/sync?wait=true", method: .post) { response in
                let status = try json(response.body)
                #expect(status["state"] as? String == "failed")
                #expect((status["lastError"] as? String)?.contains("MISSING_TOKEN is not set") == true)
            }
        }
    }

    @Test("health, readiness, metrics and the OpenAPI document are served")
    func operational() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/search?q=x", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("hb_requests"))
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
        }
    }

    @Test("the OpenAPI document lists exactly the routes the router serves")
    func openAPIMatchesRoutes() throws {
        let harness = try ServerHarness()
        let router = buildRouter(services: harness.services)
        let served = Set(router.routes.map { route -> String in
            let path = route.path.description.split(separator: "/").map { component -> String in
                if component == "**" { return "{path}" }
                if component.hasPrefix(":") { return "{\(component.dropFirst())}" }
                if component.hasPrefix("{") { return String(component) }
                return String(component)
            }.joined(separator: "/")
            return "\(route.method.rawValue.uppercased()) /\(path)"
        })
        let sourceFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PlazaServer/openapi.yaml")
        let document = try #require(try Yams.load(yaml: String(contentsOf: sourceFile, encoding: .utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }
}

@Suite("GitHub webhooks")
struct WebhookTests {
    static let secret = "whsec_plaza_test_6f1e"

    static func signature(_ body: String, secret: String = WebhookTests.secret) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    static func push(_ harness: ServerHarness, ref: String = "refs/heads/main") -> String {
        #"{"ref": "\#(ref)", "repository": {"full_name": "acme/upstream", "clone_url": "\#(harness.gitServer.url("upstream.git"))", "default_branch": "main"}}"#
    }

    func deliver(_ client: any TestClientProtocol, body: String, signature: String?, delivery: String, event: String = "push") async throws -> TestResponse {
        var headers: HTTPFields = [HTTPField.Name("X-GitHub-Event")!: event, HTTPField.Name("X-GitHub-Delivery")!: delivery, .contentType: "application/json"]
        if let signature { headers[HTTPField.Name("X-Hub-Signature-256")!] = signature }
        return try await client.execute(uri: "/v1/webhooks/github", method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test("a signed push syncs the marketplace; forged, unsigned and replayed deliveries are refused")
    func signedPush() async throws {
        let harness = try ServerHarness(extraEnvironment: ["HOOK_SECRET": Self.secret])
        try await harness.run { client in
            let registration = #"{"name": "contoso", "url": "\#(harness.gitServer.url("upstream.git"))", "credential": "env:SAMPLE_TOKEN", "webhookSecret": "env:HOOK_SECRET", "sync": false}"#
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: registration)) { #expect($0.status == .created) }
            let body = Self.push(harness)
            let accepted = try await deliver(client, body: body, signature: Self.signature(body), delivery: "d-1")
            #expect(accepted.status == .accepted)
            #expect(try json(accepted.body)["triggered"] as? [String] == ["contoso"])
            var state = ""
            for _ in 0..<100 where state != "ok" {
                try await Task.sleep(for: .milliseconds(100))
                state = try await client.execute(uri: "/v1/marketplaces/contoso/status", method: .get) { try json($0.body)["state"] as? String ?? "" }
            }
            #expect(state == "ok", "the push started a sync")

            let replay = try await deliver(client, body: body, signature: Self.signature(body), delivery: "d-1")
            #expect(replay.status == .conflict)
            let forged = try await deliver(client, body: body, signature: Self.signature(body, secret: "guessed"), delivery: "d-2")
            #expect(forged.status == .unauthorized)
            let tampered = try await deliver(client, body: body.replacingOccurrences(of: "main", with: "evil"), signature: Self.signature(body), delivery: "d-3")
            #expect(tampered.status == .unauthorized)
            let unsigned = try await deliver(client, body: body, signature: nil, delivery: "d-4")
            #expect(unsigned.status == .unauthorized)
            #expect(String(buffer: unsigned.body).contains("X-Hub-Signature-256"))

            let other = Self.push(harness, ref: "refs/heads/feature")
            let ignored = try await deliver(client, body: other, signature: Self.signature(other), delivery: "d-5")
            #expect(try json(ignored.body)["ignored"] as? [String] == ["contoso"])
            let ping = try await deliver(client, body: body, signature: Self.signature(body), delivery: "d-6", event: "ping")
            #expect(ping.status == .ok)
        }
    }

    @Test("repository URLs match across spellings")
    func repositoryKeys() {
        #expect(RepositoryKey.normalise("https://github.com/Acme/Plugins.git") == RepositoryKey.normalise("git@github.com:acme/plugins"))
        #expect(RepositoryKey.normalise("https://github.com/acme/plugins") == RepositoryKey.normalise("ssh://git@github.com/acme/plugins.git"))
        #expect(RepositoryKey.normalise("https://github.com/acme/plugins") != RepositoryKey.normalise("https://github.com/acme/plugins-evil"))
    }
}
