import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import PlazaTestSupport
import Testing

/// What callers learn about marketplaces they may not see, and what a sync says when it stops short.
@Suite("Disclosure and partial syncs")
struct DisclosureTests {
    @Test("registering the name of a hidden marketplace answers as for a reserved name, not 'already registered'")
    func hiddenNameIsNotAnOracle() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let url = harness.gitServer.url("upstream.git")
            let hidden = #"{"name": "red-secret", "url": "\#(url)", "sync": false, "teams": ["red"]}"#
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: hidden)) { #expect($0.status == .created) }
            let blue = try await createToken(client, name: "blue-publisher", role: "publisher", teams: ["blue"])
            let red = try await createToken(client, name: "red-publisher", role: "publisher", teams: ["red"])

            func register(_ name: String, as token: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                let body = #"{"name": "\#(name)", "url": "\#(url)", "sync": false, "teams": ["\#(token == red ? "red" : "blue")"]}"#
                return try await client.execute(uri: "/v1/marketplaces", method: .post, headers: bearer(token), body: ByteBuffer(string: body)) {
                    ($0.status, (try? json($0.body)) ?? [:])
                }
            }
            let (hiddenStatus, hiddenProblem) = try await register("red-secret", as: blue)
            let (reservedStatus, reservedProblem) = try await register("skills-dir", as: blue)
            #expect(hiddenStatus == .conflict && reservedStatus == .conflict)
            #expect(hiddenProblem["type"] as? String == "https://plaza.dev/problems/name-unavailable")
            #expect(hiddenProblem["type"] as? String == reservedProblem["type"] as? String)
            let hiddenDetail = hiddenProblem["detail"] as? String ?? "", reservedDetail = reservedProblem["detail"] as? String ?? ""
            #expect(hiddenDetail.replacingOccurrences(of: "red-secret", with: "skills-dir") == reservedDetail, "\(hiddenDetail) / \(reservedDetail)")
            #expect(!hiddenDetail.contains("already") && !hiddenDetail.contains("team"), "\(hiddenDetail)")
            // Those who can see it are told plainly; an unused name is created.
            let (visibleStatus, visibleProblem) = try await register("red-secret", as: red)
            #expect(visibleStatus == .conflict && (visibleProblem["detail"] as? String ?? "").contains("already registered"))
            #expect(try await register("blue-new", as: blue).0 == .created)
        }
    }

    @Test("/metrics needs an admin token: anonymous and non-admin callers do not learn marketplace names")
    func metricsNeedAdmin() async throws {
        let harness = try ServerHarness(anonymousRead: true)
        try await harness.run { client in
            let body = #"{"name": "hiddenteam", "url": "\#(harness.gitServer.url("upstream.git"))", "credential": "env:SAMPLE_TOKEN", "sync": false, "teams": ["red"]}"#
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: body)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/marketplaces/hiddenteam/sync?wait=true", method: .post) { #expect($0.status == .ok) }
            let reader = try await createToken(client, name: "metrics-reader", role: "reader", teams: ["blue"])
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: ""]) { response in
                #expect(response.status == .unauthorized)
                #expect(!String(buffer: response.body).contains("hiddenteam"))
            }
            try await client.execute(uri: "/metrics", method: .get, headers: bearer(reader)) { response in
                #expect(response.status == .forbidden)
                #expect(!String(buffer: response.body).contains("hiddenteam"))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#"marketplace="hiddenteam""#))
            }
        }
    }

    @Test("with --public-metrics, callers without a token read /metrics without marketplace labels")
    func publicMetrics() async throws {
        let harness = try ServerHarness(publicMetrics: true)
        try await harness.run { client in
            let body = #"{"name": "hiddenteam2", "url": "\#(harness.gitServer.url("upstream.git"))", "credential": "env:SAMPLE_TOKEN", "sync": false, "teams": ["red"]}"#
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: body)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/marketplaces/hiddenteam2/sync?wait=true", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: ""]) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(text.contains("plaza_syncs_total") && !text.contains("marketplace=") && !text.contains("hiddenteam2"), "\(text)")
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect(String(buffer: $0.body).contains(#"marketplace="hiddenteam2""#)) }
        }
    }

    @Test("a marketplace over the plugin limit syncs as 'partial' and says how many plugins were skipped")
    func partialSync() async throws {
        let harness = try ServerHarness()
        let upstream = try GitFixture()
        let plugins = (0..<5_000).map { #"{"name": "p\#($0)", "source": {"source": "npm", "package": "p\#($0)"}}"# }.joined(separator: ",\n")
        try upstream.commit("big", files: [".claude-plugin/marketplace.json": #"{"name": "big", "owner": {"name": "QA"}, "plugins": [\#(plugins)]}"#])
        try await harness.run { client in
            let body = #"{"name": "big", "url": "\#(upstream.fileURL)", "sync": false}"#
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: body)) { #expect($0.status == .created) }
            let status = try await client.execute(uri: "/v1/marketplaces/big/sync?wait=true", method: .post) { try json($0.body) }
            #expect(status["state"] as? String == "partial", "\(status["state"] ?? "")")
            #expect((status["counts"] as? [String: Any])?["plugins"] as? Int == 2_000)
            let diagnostics = status["diagnostics"] as? [[String: Any]] ?? []
            let limit = diagnostics.first { $0["code"] as? String == "limit.plugins" }?["message"] as? String ?? ""
            #expect(limit.contains("3000") && limit.contains("skipped"), "\(limit)")
            let list = try await client.execute(uri: "/v1/marketplaces/big/status", method: .get) { try json($0.body) }
            #expect(list["state"] as? String == "partial")
        }
    }
}
