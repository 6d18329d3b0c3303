import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import PlazaTestSupport
import Testing

/// A raw request through curl: status, content type and body, whatever the size of the request.
struct RawAnswer {
    let status: Int
    let contentType: String
    let body: String

    var problem: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] }

    /// Runs curl on a dispatch queue: blocking a cooperative thread would starve the server under test.
    static func curl(port: Int, path: String, method: String = "GET", headers: [String] = [], body: Data? = nil) async throws -> RawAnswer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try blockingCurl(port: port, path: path, method: method, headers: headers, body: body) })
            }
        }
    }

    private static func blockingCurl(port: Int, path: String, method: String, headers: [String], body: Data?) throws -> RawAnswer {
        let scratch = try TemporaryDirectory("plaza-curl")
        var arguments = ["curl", "-sS", "-g", "-X", method, "-o", scratch.file("body"), "-w", "%{http_code} %{content_type}",
                         "-H", "Authorization: Bearer \(ServerHarness.adminToken)", "-H", "Expect:"]
        if !headers.isEmpty {
            try scratch.write("headers", headers.joined(separator: "\n") + "\n")
            arguments += ["-H", "@" + scratch.file("headers")]
        }
        if let body {
            try scratch.write("request", body)
            arguments += ["--data-binary", "@" + scratch.file("request")]
        }
        arguments.append("http://127.0.0.1:\(port)\(path)")
        let written = try Shell.run(arguments).split(separator: " ", maxSplits: 1)
        let text = (try? String(contentsOfFile: scratch.file("body"), encoding: .utf8)) ?? ""
        return RawAnswer(status: Int(written.first ?? "") ?? 0, contentType: written.count > 1 ? String(written[1]) : "", body: text)
    }
}

@Suite("Request limits, content types and authentication order")
struct RequestLimitsTests {
    @Test("an oversized body is 413, a long URI 414 and huge headers 431, each a problem document")
    func oversizedRequests() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let port = try #require(client.port)
            let big = Data("{\"name\": \"\(String(repeating: "x", count: 2 << 20))\"}".utf8)
            let body = try await RawAnswer.curl(port: port, path: "/v1/tokens", method: "POST", headers: ["Content-Type: application/json"], body: big)
            #expect(body.status == 413 && body.contentType == "application/problem+json", "\(body)")
            #expect(body.problem?["status"] as? Int == 413)
            let uri = try await RawAnswer.curl(port: port, path: "/v1/search?q=" + String(repeating: "a", count: 100_000))
            #expect(uri.status == 414 && uri.contentType == "application/problem+json", "\(uri.status) \(uri.contentType)")
            #expect(uri.problem?["status"] as? Int == 414)
            let headers = try await RawAnswer.curl(port: port, path: "/healthz", headers: ["X-Padding: " + String(repeating: "h", count: 200_000)])
            #expect(headers.status == 431 && headers.contentType == "application/problem+json", "\(headers.status) \(headers.contentType)")
            #expect(headers.problem?["status"] as? Int == 431)
            // The server keeps serving afterwards.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("JSON bodies need a JSON content type: text/plain is 415")
    func jsonContentType() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            let port = try #require(client.port)
            let body = Data(#"{"name": "plain-bot", "role": "reader"}"#.utf8)
            let plain = try await RawAnswer.curl(port: port, path: "/v1/tokens", method: "POST", headers: ["Content-Type: text/plain"], body: body)
            #expect(plain.status == 415 && plain.contentType == "application/problem+json", "\(plain)")
            #expect((plain.problem?["detail"] as? String ?? "").contains("application/json"))
            let json = try await RawAnswer.curl(port: port, path: "/v1/tokens", method: "POST", headers: ["Content-Type: application/json; charset=utf-8"], body: body)
            #expect(json.status == 201, "\(json)")
            let publish = try await RawAnswer.curl(port: port, path: "/v0.1/publish", method: "POST", headers: ["Content-Type: text/plain"], body: Data("{}".utf8))
            #expect(publish.status == 415, "\(publish)")
        }
    }

    @Test("malformed targets and kinds answer 401 before 400 to callers without a token")
    func authenticateFirst() async throws {
        let harness = try ServerHarness()
        try await harness.run(token: nil) { client in
            let routes: [(String, HTTPRequest.Method)] = [
                ("/v1/targets/nonsense/pins", .post), ("/v1/targets/nonsense/pins/m/p", .delete),
                ("/v1/targets/nonsense/pins/m/p/update", .post), ("/v1/targets/nonsense/pins/m/p/rollback", .post),
                ("/v1/targets/nonsense/pins", .get), ("/v1/targets/nonsense/outdated", .get),
                ("/v1/marketplaces/m/plugins/p/notakind/x", .get), ("/v1/catalog/notakind/x", .get),
            ]
            for (uri, method) in routes {
                try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}")) { response in
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                }
            }
        }
    }
}
