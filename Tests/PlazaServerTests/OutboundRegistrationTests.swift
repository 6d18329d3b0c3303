import Foundation
import Hummingbird
import HummingbirdTesting
import PlazaTestSupport
import Testing

@Suite("Registration refuses hostile URLs and refs")
struct OutboundRegistrationTests {
    @Test("metadata addresses in IPv6 forms, encoded hosts and control characters are refused with the rule; hosts are stored normalised")
    func hostileURLs() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            for url in ["https://[::ffff:169.254.169.254]/latest/meta-data", "https://[::ffff:a9fe:a9fe]/x.git",
                        "https://[0:0:0:0:0:ffff:a9fe:a9fe]/x.git", "https://0xa9fea9fe/x.git", "http://100.100.100.200/x.git"] {
                try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "imds", "url": "\#(url)", "sync": false}"#,
                                        status: .unprocessableContent, mentioning: "outbound rule 'metadata-address'")
            }
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "enc", "url": "https://169%2e254%2e169%2e254/x.git", "sync": false}"#,
                                    status: .unprocessableContent, mentioning: "outbound rule 'encoded-host'")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "nul", "url": "file:///r/good\u0000/../../etc", "sync": false}"#,
                                    status: .unprocessableContent, mentioning: "U+0000")
            try await expectProblem(client, "/v1/marketplaces", method: .post, body: #"{"name": "nl", "url": "https://git.example.com/a.git\nb", "sync": false}"#,
                                    status: .unprocessableContent, mentioning: "control-character")
            try await expectProblem(client, "/v1/marketplaces", method: .post,
                                    body: #"{"name": "ref", "url": "https://git.example.com/a.git", "ref": "main\r\nX: 1", "sync": false}"#,
                                    status: .unprocessableContent, mentioning: "ref refused")
            try await client.execute(uri: "/v1/marketplaces", method: .post,
                                     body: ByteBuffer(string: #"{"name": "shouty", "url": "HTTPS://Git.Example.COM./Acme/P.git", "sync": false}"#)) { response in
                #expect(response.status == .created)
                let stored = try json(response.body)["url"] as? String
                #expect(stored == "https://git.example.com/Acme/P.git")
            }
        }
    }
}
