import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import PlazaCatalog
import PlazaServer
import Testing

/// What each route needs. The test below fails when a served route is missing here, so a new route
/// cannot ship without a decision about who may call it.
enum RouteTable {
    /// Routes anyone may call: operations endpoints and the HMAC-signed webhook.
    static let open: Set<String> = ["GET /healthz", "GET /readyz", "GET /openapi.yaml", "POST /v1/webhooks/github"]

    static let permissions: [String: Permission] = [
        "GET /metrics": .administer,
        "GET /v1/whoami": .read,
        "GET /v1/marketplaces": .read,
        "GET /v1/marketplaces/{marketplace}": .read,
        "GET /v1/marketplaces/{marketplace}/status": .read,
        "GET /v1/search": .read,
        "GET /v1/catalog/{kind}/{name}": .read,
        "GET /v1/marketplaces/{marketplace}/plugins/{plugin}": .read,
        "GET /v1/marketplaces/{marketplace}/plugins/{plugin}/files/**": .read,
        "GET /v1/marketplaces/{marketplace}/plugins/{plugin}/{kind}/{name}": .read,
        "POST /v1/marketplaces": .publish,
        "POST /v1/marketplaces/{marketplace}/sync": .publish,
        "DELETE /v1/marketplaces/{marketplace}": .administer,
        "PATCH /v1/marketplaces/{marketplace}": .administer,
        "GET /v1/audit": .administer,
        "GET /v1/tokens": .administer,
        "POST /v1/tokens": .administer,
        "DELETE /v1/tokens/{token}": .administer,
        "GET /v1/environments": .read,
        "PUT /v1/environments/{environment}": .administer,
        "GET /v1/environments/{environment}/marketplace.json": .read,
        "GET /v1/agents/{agent}/marketplace.json": .read,
        "GET /v1/agents": .read,
        "PUT /v1/agents/{agent}": .administer,
        "GET /v1/targets/{target}/pins": .read,
        "POST /v1/targets/{target}/pins": .install,
        "DELETE /v1/targets/{target}/pins/{marketplace}/{plugin}": .install,
        "POST /v1/targets/{target}/pins/{marketplace}/{plugin}/update": .install,
        "POST /v1/targets/{target}/pins/{marketplace}/{plugin}/rollback": .install,
        "GET /v1/targets/{target}/pins/{marketplace}/{plugin}/diff": .read,
        "GET /v1/targets/{target}/pins/{marketplace}/{plugin}/bundle": .read,
        "GET /v1/targets/{target}/pins/{marketplace}/{plugin}/history": .read,
        "GET /v1/targets/{target}/outdated": .read,
        "GET /v1/targets/{target}/lockfile": .read,
        "POST /v1/promotions": .install,
        "GET /v1/bundles/{sha256}": .read,
        "GET /v1/policy": .read,
        "POST /v1/policy": .administer,
        "DELETE /v1/policy/{rule}": .administer,
        "GET /v0.1/servers": .read,
        "GET /v0.1/servers/{name}/versions": .read,
        "GET /v0.1/servers/{name}/versions/{version}": .read,
        "PUT /v0.1/servers/{name}/versions/{version}": .publish,
        "PATCH /v0.1/servers/{name}/versions/{version}/status": .publish,
        "PATCH /v0.1/servers/{name}/status": .publish,
        "POST /v0.1/publish": .publish,
        "POST /v0.1/validate": .read,
        "GET /v0/servers": .read,
        "GET /v0/servers/{name}/versions": .read,
        "GET /v0/servers/{name}/versions/{version}": .read,
        "PUT /v0/servers/{name}/versions/{version}": .publish,
        "PATCH /v0/servers/{name}/versions/{version}/status": .publish,
        "PATCH /v0/servers/{name}/status": .publish,
        "POST /v0/publish": .publish,
        "POST /v0/validate": .read,
        "GET /v1/mcp/search": .read,
        "PUT /v1/mcp/servers/{name}/versions/{version}/governance": .publish,
        "GET /v1/mcp/rules": .read,
        "PUT /v1/mcp/rules": .administer,
        "GET /v1/mcp/fields": .read,
        "PUT /v1/mcp/fields": .administer,
        "POST /v1/mcp/import": .publish,
    ]

    /// A concrete URI for a route pattern.
    static func uri(_ pattern: String) -> String {
        pattern.split(separator: " ")[1].split(separator: "/").map { component -> String in
            switch component {
            case "{marketplace}": return "contoso"
            case "{plugin}": return "incident-investigation"
            case "{kind}": return "skill"
            case "{name}": return "triage-alert"
            case "{token}": return "tok_000000000000"
            case "{target}": return "environment:production"
            case "{environment}": return "production"
            case "{agent}": return "agent-1"
            case "{sha256}": return String(repeating: "0", count: 64)
            case "{rule}": return "rule-1"
            case "{version}": return "1.0.0"
            case "**": return "README.md"
            default: return String(component)
            }
        }.joined(separator: "/").replacingOccurrences(of: "^", with: "/", options: .regularExpression)
    }

    static func served(_ harness: ServerHarness) -> [(method: HTTPRequest.Method, pattern: String)] {
        buildRouter(services: harness.services).routes.map { route in
            (route.method, "\(route.method.rawValue.uppercased()) /" + route.path.description.split(separator: "/").joined(separator: "/"))
        }
    }
}

/// Creates a token through the API as the harness admin and returns its secret.
func createToken(_ client: any TestClientProtocol, name: String, role: String, teams: [String] = []) async throws -> String {
    let body = try JSONSerialization.data(withJSONObject: ["name": name, "role": role, "teams": teams])
    return try await client.execute(uri: "/v1/tokens", method: .post, body: ByteBuffer(data: body)) { response in
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let secret = try #require(try json(response.body)["secret"] as? String)
        #expect(secret.hasPrefix("plz_") && secret.count == 47)
        return secret
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

@Suite("Access control")
struct AccessTests {
    @Test("every route but the open ones answers 401 without a valid token")
    func unauthenticated() async throws {
        let harness = try ServerHarness()
        let routes = RouteTable.served(harness)
        let unclassified = routes.map(\.pattern).filter { RouteTable.permissions[$0] == nil && !RouteTable.open.contains($0) }
        #expect(unclassified.isEmpty, "routes without an access decision: \(unclassified)")
        try await harness.run(token: nil) { client in
            for route in routes where !RouteTable.open.contains(route.pattern) {
                for headers: HTTPFields in [[:], bearer("plz_not_a_real_token"), [.authorization: "Basic YWRtaW46YWRtaW4="]] {
                    try await client.execute(uri: RouteTable.uri(route.pattern), method: route.method, headers: headers, body: ByteBuffer(string: "{}")) { response in
                        #expect(response.status == .unauthorized, "\(route.pattern) with \(headers)")
                        #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="plaza""#)
                        #expect(response.headers[.contentType] == "application/problem+json")
                    }
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("each role gets 403 on the routes it may not use, and the refusal is audited")
    func forbidden() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let reader = try await createToken(client, name: "reader-bot", role: "reader")
            let installer = try await createToken(client, name: "agent-7", role: "installer")
            let publisher = try await createToken(client, name: "publisher-bot", role: "publisher")
            let tokens: [(Role, String)] = [(.reader, reader), (.installer, installer), (.publisher, publisher)]
            var refusals = 0
            for route in RouteTable.served(harness) {
                let permission = try #require(RouteTable.permissions[route.pattern] ?? (RouteTable.open.contains(route.pattern) ? .read : nil),
                                              "\(route.pattern) has no access decision")
                for (role, token) in tokens where !role.allows(permission) {
                    try await client.execute(uri: RouteTable.uri(route.pattern), method: route.method, headers: bearer(token), body: ByteBuffer(string: "{}")) { response in
                        #expect(response.status == .forbidden, "\(role) on \(route.pattern)")
                        refusals += 1
                        let detail = try json(response.body)["detail"] as? String ?? ""
                        #expect(detail.contains("has role \(role.rawValue)"), "\(detail)")
                    }
                }
                if permission == .read, !RouteTable.open.contains(route.pattern) {
                    // Readers pass the check (the sample marketplace is not registered: 404 or 200, never 401/403).
                    try await client.execute(uri: RouteTable.uri(route.pattern), method: route.method, headers: bearer(reader)) { response in
                        #expect(![.unauthorized, .forbidden].contains(response.status), "reader on \(route.pattern): \(response.status)")
                    }
                }
            }
            let expected = RouteTable.permissions.values.reduce(0) { total, permission in
                total + tokens.filter { !$0.0.allows(permission) }.count
            }
            #expect(refusals == expected && refusals >= 40, "every (route, role) pair without the permission was refused: \(refusals) of \(expected)")
            try await client.execute(uri: "/v1/audit?action=marketplace.register", method: .get) { response in
                let events = try #require(try json(response.body)["events"] as? [[String: Any]])
                #expect(events.contains { $0["actor"] as? String == "reader-bot" && $0["outcome"] as? String == "refused" })
            }
        }
    }

    @Test("tokens are shown once, stored hashed, listed without secrets, and stop working when revoked")
    func tokenLifecycle() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let secret = try await createToken(client, name: "ci-deployer", role: "publisher", teams: ["platform"])
            try await client.execute(uri: "/v1/whoami", method: .get, headers: bearer(secret)) { response in
                let body = try json(response.body)
                #expect(body["name"] as? String == "ci-deployer")
                #expect(body["role"] as? String == "publisher")
                #expect(body["teams"] as? [String] == ["platform"])
            }
            let listing = try await client.execute(uri: "/v1/tokens", method: .get) { String(buffer: $0.body) }
            #expect(listing.contains("ci-deployer") && !listing.contains(secret))
            let id = try #require(((try JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [String: Any])?["tokens"] as? [[String: Any]])?
                .first { $0["name"] as? String == "ci-deployer" }?["id"] as? String)
            try await expectProblem(client, "/v1/tokens", method: .post, body: #"{"name": "ci-deployer", "role": "reader"}"#,
                                    status: .conflict, mentioning: "active token named 'ci-deployer'")
            try await expectProblem(client, "/v1/tokens", method: .post, body: #"{"name": "x", "role": "overlord"}"#,
                                    status: .badRequest, mentioning: "invalid JSON body")
            try await expectProblem(client, "/v1/tokens", method: .post, body: #"{"name": "x", "role": "reader", "teams": ["Bad Team"]}"#,
                                    status: .unprocessableContent, mentioning: "team 'Bad Team'")
            try await client.execute(uri: "/v1/tokens/\(id)", method: .delete) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/whoami", method: .get, headers: bearer(secret)) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("revoked"))
            }
            try await expectProblem(client, "/v1/tokens/tok_nope", method: .delete, status: .notFound, mentioning: "no token with id 'tok_nope'")
            try await client.execute(uri: "/v1/audit", method: .get) { response in
                let events = try #require(try json(response.body)["events"] as? [[String: Any]])
                let actions = events.filter { $0["target"] as? String == "ci-deployer" }.compactMap { "\($0["action"]!)/\($0["outcome"]!)/\($0["actor"]!)" }
                #expect(actions == ["token.revoke/ok/bootstrap-admin", "token.create/refused/bootstrap-admin", "token.create/ok/bootstrap-admin"])
            }
        }
        let database = try Data(contentsOf: URL(fileURLWithPath: harness.data.path + "/plaza.sqlite"))
        #expect(!String(decoding: database, as: UTF8.self).contains("plz_"), "no token secret in the database")
    }

    @Test("team visibility holds in lists, search counts and facets, lookups, files and corrections")
    func teamVisibility() async throws {
        let harness = try ServerHarness(anonymousRead: true)
        try await harness.run { client in
            let url = harness.gitServer.url("upstream.git")
            for (name, teams) in [("sre-plugins", #"["sre"]"#), ("open-plugins", "[]")] {
                let body = #"{"name": "\#(name)", "url": "\#(url)", "credential": "env:SAMPLE_TOKEN", "sync": false, "teams": \#(teams)}"#
                try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: body)) { #expect($0.status == .created) }
                try await client.execute(uri: "/v1/marketplaces/\(name)/sync?wait=true", method: .post) { response in
                    let state = try json(response.body)["state"] as? String
                    #expect(state == "ok")
                }
            }
            let sre = try await createToken(client, name: "sre-reader", role: "reader", teams: ["sre"])
            let finance = try await createToken(client, name: "finance-reader", role: "reader", teams: ["finance"])

            func search(_ token: String?, _ query: String) async throws -> [String: Any] {
                try await client.execute(uri: "/v1/search?\(query)", method: .get, headers: token.map(bearer) ?? [.authorization: ""]) { try json($0.body) }
            }
            let all = try await search(sre, "q=incident")
            let some = try await search(finance, "q=incident")
            #expect((all["facets"] as? [String: Any])?["marketplace"] as? [String: Int] != nil)
            #expect(((all["facets"] as? [String: Any])?["marketplace"] as? [String: Int])?.keys.sorted() == ["open-plugins", "sre-plugins"])
            #expect(((some["facets"] as? [String: Any])?["marketplace"] as? [String: Int])?.keys.sorted() == ["open-plugins"])
            #expect(some["total"] as? Int == (all["total"] as? Int ?? 0) / 2, "counts exclude the hidden marketplace")
            #expect((some["results"] as? [[String: Any]] ?? []).allSatisfy { $0["marketplace"] as? String == "open-plugins" })
            let hidden = try await search(finance, "q=incident&marketplace=sre-plugins")
            #expect(hidden["total"] as? Int == 0)

            let list = try await client.execute(uri: "/v1/marketplaces", method: .get, headers: bearer(finance)) { String(buffer: $0.body) }
            #expect(list.contains("open-plugins") && !list.contains("sre-plugins"))
            for path in ["/v1/marketplaces/sre-plugins", "/v1/marketplaces/sre-plugins/status",
                         "/v1/marketplaces/sre-plugins/plugins/incident-investigation",
                         "/v1/marketplaces/sre-plugins/plugins/incident-investigation/skills/triage-alert",
                         "/v1/marketplaces/sre-plugins/plugins/incident-investigation/files/skills/triage-alert/SKILL.md"] {
                let finance404 = try await client.execute(uri: path, method: .get, headers: bearer(finance)) { response in
                    #expect(response.status == .notFound, "\(path)")
                    return try json(response.body)["detail"] as? String ?? ""
                }
                try await client.execute(uri: path, method: .get, headers: bearer(sre)) { #expect($0.status == .ok, "\(path)") }
                #expect(!finance404.contains("team"), "a hidden marketplace looks like a missing one: \(finance404)")
            }
            let lookup = try await client.execute(uri: "/v1/catalog/skill/triage-alert", method: .get, headers: bearer(finance)) { try json($0.body) }
            #expect((lookup["results"] as? [[String: Any]])?.compactMap { $0["marketplace"] as? String } == ["open-plugins"])

            // Anonymous callers see only public marketplaces; an admin makes one public.
            let anonymous = try await search(nil, "q=incident")
            #expect(anonymous["total"] as? Int == 0)
            #expect((anonymous["corrections"] as? [String: String] ?? [:]).isEmpty)
            let typo = try await search(nil, "q=postmortme")
            #expect((typo["corrections"] as? [String: String] ?? [:]).isEmpty, "no correction drawn from hidden entries")
            try await client.execute(uri: "/v1/marketplaces/open-plugins", method: .patch, body: ByteBuffer(string: #"{"public": true}"#)) { response in
                #expect(response.status == .ok)
                let isPublic = try json(response.body)["public"] as? Bool
                #expect(isPublic == true)
            }
            let now = try await search(nil, "q=incident")
            #expect(now["total"] as? Int == some["total"] as? Int)
            try await client.execute(uri: "/v1/marketplaces", method: .post, headers: [.authorization: ""], body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unauthorized, "anonymous callers may only read")
            }
            // Moving sre-plugins to the finance team hides it from the sre reader at once.
            try await client.execute(uri: "/v1/marketplaces/sre-plugins", method: .patch, body: ByteBuffer(string: #"{"teams": ["finance"]}"#)) { #expect($0.status == .ok) }
            let after = try await search(sre, "q=incident")
            #expect(((after["facets"] as? [String: Any])?["marketplace"] as? [String: Int])?.keys.sorted() == ["open-plugins"])
            try await client.execute(uri: "/v1/audit?action=marketplace.visibility", method: .get) { response in
                let events = try json(response.body)["events"] as? [[String: Any]]
                #expect(events?.count == 2)
            }
        }
    }

    @Test("publishers may restrict marketplaces to their own teams only; only admins make them public")
    func publisherVisibility() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let publisher = try await createToken(client, name: "sre-publisher", role: "publisher", teams: ["sre"])
            let url = harness.gitServer.url("upstream.git")
            func register(_ name: String, _ extra: String) async throws -> HTTPResponse.Status {
                let body = #"{"name": "\#(name)", "url": "\#(url)", "sync": false\#(extra)}"#
                return try await client.execute(uri: "/v1/marketplaces", method: .post, headers: bearer(publisher), body: ByteBuffer(string: body)) { $0.status }
            }
            #expect(try await register("mine", #", "teams": ["sre"]"#) == .created)
            #expect(try await register("theirs", #", "teams": ["finance"]"#) == .forbidden)
            #expect(try await register("everyone", #", "public": true"#) == .forbidden)
            #expect(try await register("with-secret", #", "credential": "env:SAMPLE_TOKEN""#) == .forbidden, "only admins attach secret references")
            try await client.execute(uri: "/v1/marketplaces/mine", method: .get, headers: bearer(publisher)) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/audit?target=mine", method: .get) { response in
                let events = try json(response.body)["events"] as? [[String: Any]]
                #expect(events?.first?["actor"] as? String == "sre-publisher")
            }
        }
    }
}
