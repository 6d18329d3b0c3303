import Foundation
import Hummingbird
import HTTPTypes
import Logging
import PlazaIdentity
import PlazaTestSupport
import Testing

/// Fake Azure endpoints speaking their wire format: the instance-metadata managed-identity token
/// endpoint (requires `Metadata: true`) and Key Vault's secret GET (requires the bearer token).
final class FakeAzure: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var identityCalls = 0
    private var task: Task<Void, Error>?
    private(set) var port = 0
    let secrets: [String: String]

    init(secrets: [String: String]) { self.secrets = secrets }

    func start() async throws {
        let router = Router()
        router.get("metadata/identity/oauth2/token") { request, _ -> Response in
            guard request.headers[HTTPField.Name("Metadata")!] == "true",
                  request.uri.queryParameters.get("resource") == "https://vault.azure.net" else { return FakeGitHub.json(400, ["error": "invalid_request"]) }
            self.countIdentityCall()
            return FakeGitHub.json(200, ["access_token": "mi-token-123", "expires_on": String(Int(Date().timeIntervalSince1970) + 3600),
                                         "resource": "https://vault.azure.net", "token_type": "Bearer"])
        }
        router.get("secrets/:name") { request, context -> Response in
            guard request.headers[.authorization] == "Bearer mi-token-123" else { return FakeGitHub.json(401, ["error": ["code": "Unauthorized"]]) }
            guard request.uri.queryParameters.get("api-version") == "7.4" else { return FakeGitHub.json(400, ["error": ["code": "BadParameter"]]) }
            guard let value = self.secrets[context.parameters.get("name") ?? ""] else { return FakeGitHub.json(404, ["error": ["code": "SecretNotFound"]]) }
            return FakeGitHub.json(200, ["value": value, "id": "https://vault/secrets/x/1"])
        }
        let ready = AsyncStream<Int>.makeStream()
        var logger = Logger(label: "fake-azure")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { ready.continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for await port in ready.stream { self.port = port; break }
    }

    func stop() { task?.cancel() }

    private func countIdentityCall() {
        lock.withLock { identityCalls += 1 }
    }
}

@Suite("Secret references")
struct SecretResolverTests {
    @Test("env, file and Key Vault references resolve; the managed-identity token is reused")
    func everyKind() async throws {
        let azure = FakeAzure(secrets: ["git-token": "from-key-vault"])
        try await azure.start()
        defer { azure.stop() }
        let directory = try TemporaryDirectory()
        try directory.write("token", "from-file\n")
        let resolver = SecretResolver(environment: ["GIT_TOKEN": "from-env"], keyVault: KeyVaultConfiguration(
            identityEndpoint: URL(string: "http://127.0.0.1:\(azure.port)/metadata/identity/oauth2/token")!,
            // The in-process fake answers on the cooperative pool, which the synchronous real-client
            // suites can hold for seconds at a time: give it longer than production's 5 s.
            identityTimeout: 60, vaultTimeout: 60))
        #expect(try await resolver.resolve("env:GIT_TOKEN") == "from-env")
        #expect(try await resolver.resolve("file:" + directory.file("token")) == "from-file")
        let reference = "keyvault:http://127.0.0.1:\(azure.port)/secrets/git-token"
        #expect(try await resolver.resolve(reference) == "from-key-vault")
        #expect(try await resolver.resolve(reference) == "from-key-vault")
        #expect(azure.identityCalls == 1)
    }

    @Test("failures name the reference and never a value")
    func failures() async throws {
        let azure = FakeAzure(secrets: [:])
        try await azure.start()
        defer { azure.stop() }
        let resolver = SecretResolver(environment: [:], keyVault: KeyVaultConfiguration(
            identityEndpoint: URL(string: "http://127.0.0.1:\(azure.port)/metadata/identity/oauth2/token")!,
            // The in-process fake answers on the cooperative pool, which the synchronous real-client
            // suites can hold for seconds at a time: give it longer than production's 5 s.
            identityTimeout: 60, vaultTimeout: 60))
        let missing = "keyvault:http://127.0.0.1:\(azure.port)/secrets/absent"
        let refused = await #expect(throws: SecretResolver.Failure.self) { try await resolver.resolve(missing) }
        #expect(refused?.description == "Key Vault refused \(missing) (HTTP 404)")
        for (reference, fragment) in [("env:UNSET_PLAZA_VAR", "UNSET_PLAZA_VAR is not set"), ("file:/nonexistent/token", "cannot read secret file"),
                                      ("ghp_literalsecret", "never the secret itself"), ("keyvault:https://vault.example/keys/x", "keyvault:https://VAULT")] {
            let error = await #expect(throws: SecretResolver.Failure.self) { try await resolver.resolve(reference) }
            #expect(error?.description.contains(fragment) == true, "\(error?.description ?? "")")
        }
        let unreachable = SecretResolver(environment: [:], keyVault: KeyVaultConfiguration(identityEndpoint: URL(string: "http://127.0.0.1:9/token")!))
        let error = await #expect(throws: Error.self) { try await unreachable.resolve("keyvault:https://vault.example/secrets/x") }
        #expect("\(error!)".contains("127.0.0.1:9"))
    }
}
