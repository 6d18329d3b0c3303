import Foundation
import PlazaTestSupport
import Testing

@Suite("plaza validate URL follows the outbound rules")
struct ValidateOutboundTests {
    /// Runs `plaza` off the cooperative pool: the redirect servers it talks to answer from it.
    func validate(_ arguments: [String]) async throws -> PlazaBinary.Result {
        try await offPool { try PlazaBinary.run(arguments) }
    }

    @Test("a redirect to a metadata address (any spelling) is refused with the rule, exit 2; operators' address options apply")
    func redirectToMetadata() async throws {
        let toMetadata = RedirectServer { path in "http://[::ffff:169.254.169.254]/latest" + path }
        try await toMetadata.start()
        defer { toMetadata.stop() }
        let refused = try await validate(["validate", toMetadata.base + "/plugins.git"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("outbound rule 'metadata-address'"), "\(refused.stderr)")
        #expect(refused.stderr.contains("redirects to http://[::ffff:169.254.169.254]/latest/plugins.git"), "\(refused.stderr)")

        let direct = try await validate(["validate", "https://169%2e254%2e169%2e254/x.git"])
        #expect(direct.status == 2)
        #expect(direct.stderr.contains("outbound rule 'encoded-host'"), "\(direct.stderr)")

        // A password written into the URL never reaches the message.
        let secret = try await validate(["validate", toMetadata.base.replacingOccurrences(of: "http://", with: "http://me:s3cret@") + "/plugins.git"])
        #expect(secret.status == 2)
        #expect(secret.stderr.contains("outbound rule 'metadata-address'"), "\(secret.stderr)")
        #expect(!secret.stderr.contains("s3cret"), "\(secret.stderr)")

        // The server's options apply: an operator-denied range refuses a redirect hop before anything connects to it.
        let local = RedirectServer { path in "http://127.0.0.9:9/elsewhere" + path }
        try await local.start()
        defer { local.stop() }
        let denied = try await validate(["validate", local.base + "/plugins.git", "--deny-address", "127.0.0.9"])
        #expect(denied.status == 2)
        #expect(denied.stderr.contains("redirects to http://127.0.0.9:9/elsewhere/plugins.git"), "\(denied.stderr)")
        #expect(denied.stderr.contains("outbound rule 'denied-address'"), "\(denied.stderr)")
    }
}
