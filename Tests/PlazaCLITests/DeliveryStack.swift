import Foundation
import PlazaTestSupport
import Testing

/// Plaza as a stock client meets it: `plaza serve` over HTTPS on a test host name with a test CA,
/// its public URL set, anonymous reads off, and an upstream marketplace (a copy of
/// SampleMarketplace) registered over `file://`.
final class DeliveryStack: @unchecked Sendable {
    let certificates: TestCertificates
    let upstream: GitFixture
    let server: ServerProcess
    let publicURL: String
    let tokens: TemporaryDirectory

    init() throws {
        certificates = try TestCertificates(names: [ClaudeCode.host])
        upstream = try GitFixture(name: "contoso")
        try upstream.copyTree(from: PlazaBinary.packageRoot + "/SampleMarketplace")
        try upstream.commit("Contoso marketplace")
        let port = try Shell.freeLoopbackPort()
        publicURL = "https://\(ClaudeCode.host):\(port)"
        server = try ServerProcess(demo: false, port: port, extraArguments: [
            "--tls-cert", certificates.certificate, "--tls-key", certificates.key, "--public-url", publicURL,
        ])
        tokens = try TemporaryDirectory("plaza-e2e-tokens")
        try plaza(["marketplace", "add", "contoso", upstream.fileURL]).expectSuccess()
    }

    /// Runs `plaza` against the server by its public URL, trusting the test CA; as the admin
    /// unless `tokenFile` names another token.
    @discardableResult
    func plaza(_ arguments: [String], tokenFile: String? = nil) throws -> PlazaBinary.Result {
        var environment = ["PLAZA_URL": publicURL, "PLAZA_CA_CERT": certificates.ca, "PLAZA_TOKEN": ServerProcess.adminToken]
        var arguments = arguments
        if let tokenFile {
            environment["PLAZA_TOKEN"] = ""
            arguments += ["--token-file", tokenFile]
        }
        return try PlazaBinary.run(arguments, environment: environment)
    }

    /// Creates an installer token scoped to `environment`; returns its id and the file holding it.
    func installerToken(environment: String) throws -> (id: String, file: String) {
        let created = try plaza(["token", "create", "claude-\(environment)", "--role", "installer", "--environment", environment, "--json"])
        try created.expectSuccess()
        guard let json = created.json, let secret = json["secret"] as? String, let token = json["token"] as? [String: Any],
              let id = token["id"] as? String else { throw Shell.Failure(command: ["token", "create"], status: 0, output: created.stdout) }
        let file = tokens.file("\(environment).token")
        try secret.write(toFile: file, atomically: true, encoding: .utf8)
        return (id, file)
    }

    /// The content digest (`sha256:…`) and delivered version Plaza pinned for `plugin` in `environment`.
    func pinned(_ plugin: String, skill: String? = nil, environment: String) throws -> (digest: String, version: String) {
        let lockfile = try plaza(["lockfile", "--environment", environment])
        try lockfile.expectSuccess()
        let pins = lockfile.json?["pins"] as? [[String: Any]] ?? []
        guard let pin = pins.first(where: { $0["plugin"] as? String == plugin && $0["skill"] as? String == skill }),
              let digest = pin["digest"] as? String, let version = pin["deliveredVersion"] as? String else {
            throw Shell.Failure(command: ["lockfile"], status: 0, output: "no pin of \(plugin) in \(environment): \(lockfile.stdout)")
        }
        return (digest, version)
    }

    /// Commits a change to a skill of incident-investigation upstream, without a version bump, and syncs.
    func changeUpstreamSkill(_ line: String) throws {
        let path = upstream.workPath + "/plugins/incident-investigation/skills/triage-alert/SKILL.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try upstream.commit("Triage: \(line)", files: ["plugins/incident-investigation/skills/triage-alert/SKILL.md": text + "\n" + line + "\n"])
        try plaza(["marketplace", "sync", "contoso"]).expectSuccess()
    }
}

extension PlazaBinary.Result {
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) throws {
        if status != 0 { throw Shell.Failure(command: ["plaza"], status: status, output: stdout + stderr) }
    }
}

extension ClaudeCode.Result {
    func expectSuccess(_ what: String) throws {
        if status != 0 { throw Shell.Failure(command: ["claude", what], status: status, output: output) }
    }
}
