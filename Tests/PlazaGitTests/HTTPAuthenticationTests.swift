import Foundation
import PlazaGit
import PlazaTestSupport
import Testing

@Suite("Mirror over smart HTTP with Basic authentication")
struct HTTPAuthenticationTests {
    static let token = "plz_test_9f8e7d6c5b4a39281706"

    @Test("the right token clones and fetches")
    func rightToken() throws {
        let upstream = try GitFixture()
        let head = try upstream.commit("first", files: ["marketplace.json": "{}"])
        let server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        let remote = RemoteSpec(url: server.url("upstream.git"), credentials: TokenCredentialProvider(token: Self.token))
        let result = try mirror.update(from: remote)
        #expect(result.defaultBranch == "refs/heads/main")
        #expect(try mirror.open().resolveCommit("main").hex == head)

        let next = try upstream.commit("second", files: ["b.txt": "b"])
        try mirror.update(from: remote)
        #expect(try mirror.open().resolveCommit("main").hex == next)
    }

    @Test("a wrong token fails fast with an authentication error that does not contain the token")
    func wrongToken() throws {
        let upstream = try GitFixture()
        try upstream.commit("first")
        let server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        let local = try TemporaryDirectory()
        let wrong = "plz_wrong_0123456789abcdef"
        let started = Date()
        let error = try #require(throws: GitError.self) {
            try Mirror(path: local.file("m.git")).update(
                from: RemoteSpec(url: server.url("upstream.git"), credentials: TokenCredentialProvider(token: wrong)))
        }
        #expect(error.code == .authentication)
        #expect(error.message.contains("rejected"))
        #expect(!"\(error)".contains(wrong))
        #expect(Date().timeIntervalSince(started) < 10, "must not retry in a loop")
    }

    @Test("no credential against a protected server is an authentication error")
    func missingCredential() throws {
        let upstream = try GitFixture()
        try upstream.commit("first")
        let server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        let local = try TemporaryDirectory()
        let error = try #require(throws: GitError.self) {
            try Mirror(path: local.file("m.git")).update(from: RemoteSpec(url: server.url("upstream.git")))
        }
        #expect(error.code == .authentication)
        #expect(error.message.contains("no credential is configured"))
    }

    @Test("custom headers are sent with every request")
    func customHeaders() throws {
        let upstream = try GitFixture()
        let head = try upstream.commit("first")
        let server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token, requiredHeader: "X-Plaza-Tenant: contoso")
        let local = try TemporaryDirectory()
        let credentials = TokenCredentialProvider(token: Self.token)
        #expect(throws: GitError.self) {
            try Mirror(path: local.file("without.git")).update(from: RemoteSpec(url: server.url("upstream.git"), credentials: credentials))
        }
        let mirror = Mirror(path: local.file("with.git"))
        try mirror.update(from: RemoteSpec(url: server.url("upstream.git"), credentials: credentials, customHeaders: ["X-Plaza-Tenant: contoso"]))
        #expect(try mirror.open().resolveCommit("main").hex == head)
    }

    @Test("credentials embedded in a URL never appear in errors")
    func urlCredentialsRedacted() throws {
        let local = try TemporaryDirectory()
        let error = try #require(throws: GitError.self) {
            try Mirror(path: local.file("m.git")).update(
                from: RemoteSpec(url: "http://user:supersecret@127.0.0.1:9/x.git"))
        }
        #expect(!"\(error)".contains("supersecret"))
    }
}
