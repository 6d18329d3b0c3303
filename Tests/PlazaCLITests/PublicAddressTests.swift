import Foundation
import PlazaTestSupport
import Testing

/// A CA and a server certificate for `names` (default `localhost`), made with the openssl CLI.
struct TestCertificates {
    let directory: TemporaryDirectory
    var ca: String { directory.file("ca.pem") }
    var certificate: String { directory.file("server.pem") }
    var key: String { directory.file("server.key") }

    init(names: [String] = ["localhost"]) throws {
        directory = try TemporaryDirectory("plaza-tls")
        let d = directory
        try Shell.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Plaza Test CA",
                       "-keyout", d.file("ca.key"), "-out", d.file("ca.pem")])
        try Shell.run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(names[0])", "-keyout", d.file("server.key"), "-out", d.file("server.csr")])
        try "subjectAltName=\(names.map { "DNS:\($0)" }.joined(separator: ","))\n".write(toFile: d.file("san.ext"), atomically: true, encoding: .utf8)
        try Shell.run(["openssl", "x509", "-req", "-in", d.file("server.csr"), "-CA", d.file("ca.pem"), "-CAkey", d.file("ca.key"), "-CAcreateserial",
                       "-days", "2", "-extfile", d.file("san.ext"), "-out", d.file("server.pem")])
    }
}

@Suite("HTTPS and the public address of exports")
struct PublicAddressTests {
    static let install = #"{"plugin": "incident-investigation@contoso"}"#

    /// The bundle URLs of production's export, fetched with `headers` (from `source` when given).
    func exportedBundleURLs(_ base: String, extra: [String] = [], headers: [String] = []) async throws -> [String] {
        let arguments = ["curl", "-sf"] + extra + headers.flatMap { ["-H", $0] }
            + ["-H", "Authorization: Bearer \(ServerProcess.adminToken)", base + "/v1/environments/production/marketplace.json"]
        let body = try await offPool { try Shell.run(arguments) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let plugins = try #require(json["plugins"] as? [[String: Any]])
        return plugins.compactMap { ($0["source"] as? [String: Any])?["url"] as? String }
    }

    func pin(_ base: String, extra: [String] = []) async throws {
        _ = try await offPool {
            try Shell.run(["curl", "-sf", "-X", "POST", "-H", "Content-Type: application/json", "-H", "Authorization: Bearer \(ServerProcess.adminToken)"]
                          + extra + ["-d", Self.install, base + "/v1/targets/environment:production/pins"])
        }
    }

    @Test("serve --tls-cert/--tls-key answers HTTPS; --public-url is the base of every export URL whatever the request says")
    func httpsAndPublicURL() async throws {
        let certificates = try TestCertificates()
        let server = try ServerProcess(extraArguments: ["--tls-cert", certificates.certificate, "--tls-key", certificates.key,
                                                        "--public-url", "https://Plaza.Example.test/"])
        defer { _ = server.stop() }
        #expect(server.url.hasPrefix("https://127.0.0.1:"))
        let base = server.url.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let tls = ["--cacert", certificates.ca]
        let health = try await offPool { try Shell.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"] + tls + [base + "/healthz"]) }
        #expect(health == "200")
        // Plain HTTP to the HTTPS port is not served.
        let plain = try? await offPool { try Shell.run(["curl", "-sf", "--max-time", "5", base.replacingOccurrences(of: "https:", with: "http:") + "/healthz"]) }
        #expect(plain == nil)
        try await pin(base, extra: tls)
        let urls = try await exportedBundleURLs(base, extra: tls, headers: ["Host: evil.example", "X-Forwarded-Proto: http", "X-Forwarded-Host: evil.example"])
        #expect(!urls.isEmpty)
        #expect(urls.allSatisfy { $0.hasPrefix("https://plaza.example.test/v1/bundles/") }, "\(urls)")
    }

    @Test("without --public-url, forwarded headers count only from a trusted proxy")
    func trustedProxies() async throws {
        let server = try ServerProcess(extraArguments: ["--trusted-proxy", "127.0.0.2/32"])
        defer { _ = server.stop() }
        try await pin(server.url)
        let forged = ["Host: evil.example", "X-Forwarded-Proto: https", "X-Forwarded-Host: evil.example"]
        let untrusted = try await exportedBundleURLs(server.url, headers: forged)
        #expect(!untrusted.isEmpty)
        #expect(untrusted.allSatisfy { $0.hasPrefix(server.url + "/v1/bundles/") }, "\(untrusted)")
        let proxied = try await exportedBundleURLs(server.url, extra: ["--interface", "127.0.0.2"],
                                                   headers: ["X-Forwarded-Proto: https", "X-Forwarded-Host: plaza.example.test"])
        #expect(proxied.allSatisfy { $0.hasPrefix("https://plaza.example.test/v1/bundles/") }, "\(proxied)")
        let junk = try await exportedBundleURLs(server.url, extra: ["--interface", "127.0.0.2"],
                                                headers: ["X-Forwarded-Proto: gopher", "X-Forwarded-Host: evil.example/path?x"])
        #expect(junk.allSatisfy { $0.hasPrefix("http://") && !$0.contains("evil") }, "\(junk)")
    }

    @Test("a missing certificate or a lone --tls-key is refused at start with the reason")
    func badTLSConfiguration() throws {
        let lone = try PlazaBinary.run(["serve", "--port", "0", "--tls-key", "/nonexistent.key"])
        #expect(lone.status != 0)
        #expect(lone.stderr.contains("--tls-cert and --tls-key go together"), "\(lone.stderr)")
        let data = try TemporaryDirectory("plaza-badtls")
        let missing = try PlazaBinary.run(["serve", "--port", "0", "--data-dir", data.path, "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read the TLS certificate chain /nonexistent.pem"), "\(missing.stderr)")
        let badURL = try PlazaBinary.run(["serve", "--port", "0", "--public-url", "ftp://x"])
        #expect(badURL.status != 0)
        #expect(badURL.stderr.contains("--public-url"), "\(badURL.stderr)")
    }
}
