import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// A valid server.json; `meta` goes under Plaza's `_meta` key.
func serverJSON(_ name: String, _ version: String, description: String = "Weather forecasts for agents.", meta: [String: Any]? = ["public": true],
                remote: String? = nil, extra: [String: Any] = [:]) -> String {
    var server: [String: Any] = [
        "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
        "name": name, "version": version, "description": description,
        "packages": [["registryType": "npm", "identifier": "@acme/weather-mcp", "version": version, "transport": ["type": "stdio"],
                      "environmentVariables": [["name": "WEATHER_API_KEY", "description": "API key", "isSecret": true, "isRequired": true]]]],
    ]
    if let remote { server["remotes"] = [["type": "streamable-http", "url": remote]] }
    if let meta { server["_meta"] = ["dev.plaza/registry": meta] }
    server.merge(extra) { _, new in new }
    return String(decoding: try! JSONSerialization.data(withJSONObject: server, options: [.sortedKeys]), as: UTF8.self)
}

func publish(_ client: any TestClientProtocol, _ body: String, prefix: String = "/v0.1") async throws -> (HTTPResponse.Status, [String: Any]) {
    try await client.execute(uri: "\(prefix)/publish", method: .post, body: ByteBuffer(string: body)) { response in
        (response.status, (try? json(response.body)) ?? [:])
    }
}

func official(_ item: [String: Any]) -> [String: Any] {
    ((item["_meta"] as? [String: Any])?["io.modelcontextprotocol.registry/official"] as? [String: Any]) ?? [:]
}

@Suite("MCP registry API")
struct RegistryAPITests {
    @Test("a VS Code–style session: probe, list latest, page by appending the raw cursor, read /versions/latest; /v0 answers the same")
    func vsCodeSession() async throws {
        let harness = try ServerHarness(anonymousRead: true)
        try await harness.run { client in
            for index in 0..<7 {
                for version in ["1.0.0", "1.1.0"] {
                    let (status, body) = try await publish(client, serverJSON("io.github.acme/tool-\(index)", version))
                    #expect(status == .ok, "\(body)")
                }
            }
            #expect(try await publish(client, serverJSON("io.github.acme/private-tool", "1.0.0", meta: nil)).0 == .ok)
            let anonymous: HTTPFields = [.authorization: ""]
            // Probe.
            try await client.execute(uri: "/v0.1/servers?limit=1", method: .get, headers: anonymous) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                let body = try json(response.body)
                #expect((body["servers"] as? [[String: Any]])?.count == 1)
                #expect((body["metadata"] as? [String: Any])?["nextCursor"] as? String != nil)
            }
            // List latest versions page by page, appending the cursor without encoding it.
            var names: [String] = []
            var uri = "/v0.1/servers?limit=3&version=latest"
            for _ in 0..<10 {
                let body = try await client.execute(uri: uri, method: .get, headers: anonymous) { try json($0.body) }
                let servers = try #require(body["servers"] as? [[String: Any]])
                for item in servers {
                    names.append((item["server"] as? [String: Any])?["name"] as? String ?? "")
                    #expect(official(item)["isLatest"] as? Bool == true)
                    #expect((item["server"] as? [String: Any])?["version"] as? String == "1.1.0")
                }
                guard let cursor = (body["metadata"] as? [String: Any])?["nextCursor"] as? String else { break }
                #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, "URL-safe cursor")
                uri = "/v0.1/servers?limit=3&version=latest&cursor=" + cursor
            }
            #expect(names == (0..<7).map { "io.github.acme/tool-\($0)" }, "every public server once, in order; the private one hidden")
            // Read one version through the URL-encoded name, on both API versions.
            for prefix in ["/v0.1", "/v0"] {
                try await client.execute(uri: "\(prefix)/servers/io.github.acme%2Ftool-3/versions/latest", method: .get, headers: anonymous) { response in
                    #expect(response.status == .ok)
                    let item = try json(response.body)
                    #expect((item["server"] as? [String: Any])?["version"] as? String == "1.1.0")
                    #expect(official(item)["status"] as? String == "active")
                    #expect(official(item)["publishedAt"] as? String != nil)
                }
                try await client.execute(uri: "\(prefix)/servers/io.github.acme%2Ftool-3/versions", method: .get, headers: anonymous) { response in
                    let versions = try #require(try json(response.body)["servers"] as? [[String: Any]])
                    #expect(versions.compactMap { ($0["server"] as? [String: Any])?["version"] as? String } == ["1.1.0", "1.0.0"])
                }
            }
            try await client.execute(uri: "/v0.1/servers/io.github.acme%2Fprivate-tool/versions/latest", method: .get, headers: anonymous) { response in
                #expect(response.status == .notFound, "anonymous callers see only public servers")
                let error = try json(response.body)["error"] as? String
                #expect(error?.contains("not found") == true)
            }
            try await client.execute(uri: "/v0.1/servers/io.github.acme%2Fprivate-tool/versions/latest", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v0.1/servers?search=tool-5", method: .get, headers: anonymous) { response in
                let servers = try json(response.body)["servers"] as? [[String: Any]] ?? []
                #expect(Set(servers.compactMap { ($0["server"] as? [String: Any])?["name"] as? String }) == ["io.github.acme/tool-5"])
            }
            // CORS preflight.
            try await client.execute(uri: "/v0.1/servers", method: .options, headers: [.origin: "https://github.com", .accessControlRequestMethod: "GET"]) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "*")
                #expect(response.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
                #expect(response.headers[.accessControlAllowMethods]?.contains("GET") == true)
            }
        }
    }

    @Test("server.json validation and the official rules answer 400 with the pointer and the reason")
    func validationRules() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let cases: [(String, String, String)] = [
                (serverJSON("noslash", "1.0.0"), "/name", "name"),
                (serverJSON("io.github.acme/weather", "latest"), "/version", "latest"),
                (serverJSON("io.github.acme/weather", "^1.2.0"), "/version", "range"),
                (serverJSON("io.github.acme/weather", "1.0.0", description: ""), "/description", "description"),
                (serverJSON("io.github.acme/weather", "1.0.0", description: String(repeating: "x", count: 101)), "/description", "100"),
                ("{not json", "", "JSON"),
            ]
            for (body, pointer, fragment) in cases {
                let (status, problem) = try await publish(client, body)
                #expect(status == .badRequest, "\(body)")
                let issues = problem["issues"] as? [[String: Any]] ?? []
                #expect(issues.contains { ($0["pointer"] as? String) == pointer }, "\(problem)")
                #expect((problem["error"] as? String ?? "").lowercased().contains(fragment.lowercased()), "\(problem)")
            }
            #expect(try await publish(client, serverJSON("io.github.acme/weather", "1.0.0")).0 == .ok)
            let (duplicate, problem) = try await publish(client, serverJSON("io.github.acme/weather", "1.0.0", description: "Changed."))
            #expect(duplicate == .badRequest)
            #expect((problem["detail"] as? String)?.contains("immutable") == true)
            try await expectProblem(client, "/v0.1/servers/io.github.acme%2Fweather/versions/1.0.0", method: .put,
                                    body: serverJSON("io.github.acme/weather", "1.0.0", description: "Changed."), status: .notImplemented, mentioning: "immutable")
            try await client.execute(uri: "/v0.1/validate", method: .post, body: ByteBuffer(string: serverJSON("a/b/c", "1.x"))) { response in
                let body = try json(response.body)
                #expect(body["valid"] as? Bool == false)
                #expect((body["issues"] as? [[String: Any]])?.count ?? 0 >= 2)
            }
        }
    }

    @Test("latest follows semver, then publish time; status changes for one or all versions, restore, and nothing is hard-deleted")
    func latestAndStatus() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            for version in ["1.0.0", "2.0.0", "1.5.0"] { #expect(try await publish(client, serverJSON("com.example/latest", version)).0 == .ok) }
            func latest() async throws -> String? {
                try await client.execute(uri: "/v0.1/servers/com.example%2Flatest/versions/latest", method: .get) { response in
                    (try? json(response.body)["server"] as? [String: Any])??["version"] as? String
                }
            }
            #expect(try await latest() == "2.0.0", "a higher semver wins over a later publish")
            #expect(try await publish(client, serverJSON("com.example/latest", "nightly-2025")).0 == .ok)
            #expect(try await latest() == "2.0.0", "a semver version beats a non-semver one")

            try await client.execute(uri: "/v0.1/servers/com.example%2Flatest/versions/2.0.0/status", method: .patch,
                                     body: ByteBuffer(string: #"{"status": "deprecated", "statusMessage": "Use 3.0"}"#)) { response in
                #expect(response.status == .ok)
                let meta = official(try json(response.body))
                #expect(meta["status"] as? String == "deprecated" && meta["statusMessage"] as? String == "Use 3.0")
            }
            try await client.execute(uri: "/v0.1/servers/com.example%2Flatest/versions/2.0.0/status", method: .patch,
                                     body: ByteBuffer(string: #"{"status": "deleted"}"#)) { #expect($0.status == .ok) }
            #expect(try await latest() == "1.5.0", "a deleted version is never latest")
            try await client.execute(uri: "/v0.1/servers?search=com.example", method: .get) { response in
                let versions = (try json(response.body)["servers"] as? [[String: Any]] ?? []).compactMap { ($0["server"] as? [String: Any])?["version"] as? String }
                #expect(!versions.contains("2.0.0"))
            }
            try await client.execute(uri: "/v0.1/servers?search=com.example&include_deleted=true", method: .get) { response in
                let versions = (try json(response.body)["servers"] as? [[String: Any]] ?? []).compactMap { ($0["server"] as? [String: Any])?["version"] as? String }
                #expect(versions.contains("2.0.0"))
            }
            try await client.execute(uri: "/v0.1/servers/com.example%2Flatest/status", method: .patch, body: ByteBuffer(string: #"{"status": "deleted"}"#)) { response in
                let updated = try json(response.body)["updatedCount"] as? Int
                #expect(updated == 4)
            }
            #expect(try await latest() == nil)
            try await client.execute(uri: "/v0.1/servers/com.example%2Flatest/status", method: .patch, body: ByteBuffer(string: #"{"status": "active"}"#)) { #expect($0.status == .ok) }
            #expect(try await latest() == "2.0.0", "restored")
            try await expectProblem(client, "/v0.1/servers/com.example%2Flatest/status", method: .patch, body: #"{"status": "gone"}"#,
                                    status: .badRequest, mentioning: "invalid JSON body")
            try await expectProblem(client, "/v0.1/servers/com.example%2Fnope/status", method: .patch, body: #"{"status": "deleted"}"#,
                                    status: .notFound, mentioning: "not found")
            try await expectProblem(client, "/v0.1/servers/com.example%2Flatest/versions/9.9.9", status: .notFound, mentioning: "not found")
            try await expectProblem(client, "/v0.1/servers?cursor=%%%", status: .badRequest, mentioning: "cursor")
            try await expectProblem(client, "/v0.1/servers?updated_since=yesterday", status: .badRequest, mentioning: "RFC 3339")
        }
    }

    @Test("governance: https and approved hosts, owners for production, declared secrets, typed custom fields; lifecycle search filters")
    func governance() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            try await client.execute(uri: "/v1/mcp/fields", method: .put, body: ByteBuffer(string: #"{"fields": [{"name": "costCenter", "type": "string", "required": true}, {"name": "tier", "type": "enum", "values": ["gold", "silver"]}]}"#)) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
            try await client.execute(uri: "/v1/mcp/rules", method: .put, body: ByteBuffer(string: #"{"requireHTTPSRemotes": true, "approvedHosts": ["contoso.example"], "productionRequiresOwner": true, "requireDeclaredSecrets": true}"#)) {
                #expect($0.status == .ok, "\(String(buffer: $0.body))")
            }
            let good: [String: Any] = ["public": true, "lifecycle": "production", "owners": ["team:sre"], "metadata": ["costCenter": "CC-42", "tier": "gold"]]
            func rejected(_ body: String, _ rule: String) async throws {
                let (status, problem) = try await publish(client, body)
                #expect(status == .badRequest, "\(rule)")
                #expect((problem["issues"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == rule }, "\(rule): \(problem)")
            }
            try await rejected(serverJSON("com.contoso/a", "1.0.0", meta: good, remote: "http://mcp.contoso.example/mcp"), "governance-https")
            try await rejected(serverJSON("com.contoso/a", "1.0.0", meta: good, remote: "https://evil.example/mcp"), "governance-approved-host")
            var ownerless = good; ownerless["owners"] = [String]()
            try await rejected(serverJSON("com.contoso/a", "1.0.0", meta: ownerless), "governance-owner")
            var uncosted = good; uncosted["metadata"] = ["tier": "gold"]
            try await rejected(serverJSON("com.contoso/a", "1.0.0", meta: uncosted), "metadata-field")
            let literal = serverJSON("com.contoso/a", "1.0.0", meta: good, remote: "https://mcp.contoso.example/mcp",
                                     extra: ["remotes": [["type": "streamable-http", "url": "https://mcp.contoso.example/mcp",
                                                          "headers": [["name": "Authorization", "value": "Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789"]]]]])
            let (status, problem) = try await publish(client, literal)
            #expect(status == .badRequest)
            #expect(!"\(problem)".contains("ghp_abcdefghijklmnopqrstuvwxyz0123456789"), "the secret is never echoed")
            #expect((problem["issues"] as? [[String: Any]] ?? []).contains { $0["rule"] as? String == "governance-literal-secret" })

            #expect(try await publish(client, serverJSON("com.contoso/weather", "1.0.0", meta: good, remote: "https://mcp.contoso.example/mcp")).0 == .ok)
            var designing = good; designing["lifecycle"] = "design"; designing["owners"] = ["alice@contoso.example"]; designing["metadata"] = ["costCenter": "CC-7"]
            #expect(try await publish(client, serverJSON("com.contoso/tides", "0.1.0", description: "Tide tables for harbour agents.", meta: designing)).0 == .ok)
            func search(_ query: String) async throws -> [String] {
                try await client.execute(uri: "/v1/mcp/search?\(query)", method: .get) { response in
                    (try json(response.body)["servers"] as? [[String: Any]] ?? []).compactMap { ($0["server"] as? [String: Any])?["name"] as? String }
                }
            }
            #expect(try await search("q=harbour") == ["com.contoso/tides"], "description text is searched")
            #expect(try await search("q=contoso.example&remote=true") == ["com.contoso/weather"], "remote hosts are searched")
            #expect(try await search("q=weather-mcp") .contains("com.contoso/weather"), "package identifiers are searched")
            #expect(try await search("lifecycle=production") == ["com.contoso/weather"])
            #expect(try await search("owner=alice@contoso.example") == ["com.contoso/tides"])
            #expect(try await search("q=CC-42") == ["com.contoso/weather"], "custom metadata is searched")
            #expect(try await search("transport=stdio&registryType=npm").count == 2)
            // Governance can be edited later; the rules still hold.
            try await client.execute(uri: "/v1/mcp/servers/com.contoso%2Ftides/versions/0.1.0/governance", method: .put,
                                     body: ByteBuffer(string: #"{"lifecycle": "production", "owners": [], "metadata": {"costCenter": "CC-7"}}"#)) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/mcp/servers/com.contoso%2Ftides/versions/0.1.0/governance", method: .put,
                                     body: ByteBuffer(string: #"{"lifecycle": "testing", "owners": ["alice@contoso.example"], "metadata": {"costCenter": "CC-7"}}"#)) { response in
                #expect(response.status == .ok)
                let plaza = (try json(response.body)["_meta"] as? [String: Any])?["dev.plaza/registry"] as? [String: Any]
                #expect(plaza?["lifecycle"] as? String == "testing")
            }
        }
    }

    @Test("MCP servers shipped in synced plugins join the registry, linked to their plugin and commit; import is idempotent")
    func pluginServersAndImport() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: harness.registration)) { _ in }
            let status = try await client.execute(uri: "/v1/marketplaces/contoso/sync?wait=true", method: .post) { try json($0.body) }
            let commit = try #require(status["commit"] as? String)
            let item = try await client.execute(uri: "/v0.1/servers/plaza.local%2Fcontoso.jira-connector.jira/versions/latest", method: .get) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                return try json(response.body)
            }
            let source = ((item["_meta"] as? [String: Any])?["dev.plaza/registry"] as? [String: Any])?["source"] as? [String: Any]
            #expect(source?["kind"] as? String == "plugin" && source?["plugin"] as? String == "jira-connector" && source?["commit"] as? String == commit)
            #expect(((item["server"] as? [String: Any])?["remotes"] as? [[String: Any]])?.first?["url"] as? String == "https://jira-mcp.contoso.example/mcp")
            let found = try await client.execute(uri: "/v1/mcp/search?q=jira", method: .get) { response in
                (try json(response.body)["servers"] as? [[String: Any]] ?? []).compactMap { ($0["server"] as? [String: Any])?["name"] as? String }
            }
            #expect(found.contains("plaza.local/contoso.jira-connector.jira"))
            // The plugin's server follows its marketplace's visibility, and leaves with it.
            let sreOnly = try await createToken(client, name: "finance-reader", role: "reader", teams: ["finance"])
            let jira = "/v0.1/servers/plaza.local%2Fcontoso.jira-connector.jira/versions/latest"
            try await client.execute(uri: jira, method: .get, headers: bearer(sreOnly)) { #expect($0.status == .ok, "visible to every signed-in caller") }
            try await client.execute(uri: "/v1/marketplaces/contoso", method: .patch, body: ByteBuffer(string: #"{"teams": ["sre"]}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: jira, method: .get, headers: bearer(sreOnly)) { #expect($0.status == .notFound, "hidden with its marketplace") }

            let documents = "[" + (0..<3).map { serverJSON("io.github.public/imported-\($0)", "1.0.0") }.joined(separator: ",") + "," + serverJSON("bad", "latest") + "]"
            try await client.execute(uri: "/v1/mcp/import?origin=https://registry.example", method: .post, body: ByteBuffer(string: documents)) { response in
                let body = try json(response.body)
                #expect(body["added"] as? Int == 3 && (body["rejected"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/v1/mcp/import", method: .post, body: ByteBuffer(string: documents)) { response in
                let body = try json(response.body)
                #expect(body["added"] as? Int == 0 && body["alreadyPresent"] as? Int == 3)
            }
            try await client.execute(uri: "/v1/marketplaces/contoso", method: .delete) { #expect($0.status == .ok) }
            try await client.execute(uri: jira, method: .get) { #expect($0.status == .notFound, "a removed marketplace's servers are marked deleted") }
            try await client.execute(uri: "/v0.1/servers/plaza.local%2Fcontoso.jira-connector.jira/versions?include_deleted=true", method: .get) { response in
                let versions = try json(response.body)["servers"] as? [[String: Any]] ?? []
                #expect(versions.count == 1 && official(versions[0])["status"] as? String == "deleted", "…and kept")
            }
        }
    }

    @Test("publishers write only their teams' servers: no imports over them, no status changes, no reserved plugin namespace")
    func ownership() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            #expect(try await publish(client, serverJSON("io.github.teama/tool", "1.0.0", meta: ["teams": ["team-a"], "public": true])).0 == .ok)
            let publisherB = try await createToken(client, name: "publisher-b", role: "publisher", teams: ["team-b"])
            let hijack = "[" + serverJSON("io.github.teama/tool", "99.0.0", meta: nil) + "]"
            try await client.execute(uri: "/v1/mcp/import", method: .post, headers: bearer(publisherB), body: ByteBuffer(string: hijack)) { response in
                let body = try json(response.body)
                #expect(body["added"] as? Int == 0)
                #expect(((body["rejected"] as? [[String: Any]])?.first?["issues"] as? [[String: Any]])?.first?["rule"] as? String == "forbidden")
            }
            try await client.execute(uri: "/v0.1/publish", method: .post, headers: bearer(publisherB), body: ByteBuffer(string: serverJSON("io.github.teama/tool", "2.0.0", meta: nil))) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v0.1/servers/io.github.teama%2Ftool/status", method: .patch, headers: bearer(publisherB),
                                     body: ByteBuffer(string: #"{"status": "deleted"}"#)) { #expect($0.status == .forbidden, "public does not grant writes") }
            try await client.execute(uri: "/v0.1/publish", method: .post, headers: bearer(publisherB), body: ByteBuffer(string: serverJSON("plaza.local/contoso.fake.server", "1.0.0", meta: nil))) {
                #expect($0.status == .forbidden)
                #expect(String(buffer: $0.body).contains("reserved"))
            }
            // Team B's own server, and its next version keeps team B's visibility without repeating it.
            #expect(try await client.execute(uri: "/v0.1/publish", method: .post, headers: bearer(publisherB),
                                             body: ByteBuffer(string: serverJSON("io.github.teamb/tool", "1.0.0", meta: ["teams": ["team-b"]]))) { $0.status } == .ok)
            #expect(try await client.execute(uri: "/v0.1/publish", method: .post, headers: bearer(publisherB),
                                             body: ByteBuffer(string: serverJSON("io.github.teamb/tool", "1.1.0", meta: nil))) { $0.status } == .ok)
            let readerA = try await createToken(client, name: "reader-a", role: "reader", teams: ["team-a"])
            try await client.execute(uri: "/v0.1/servers/io.github.teamb%2Ftool/versions/latest", method: .get, headers: bearer(readerA)) {
                #expect($0.status == .notFound, "1.1.0 inherited team B's visibility")
            }
        }
    }
}
