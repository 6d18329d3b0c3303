import Foundation
import Logging
import PlazaCatalog
import PlazaServer

/// `serve --demo`: commits the sample marketplace to a git repository in the data directory
/// (refreshing it when the sample changed), registers it as `contoso` and syncs it.
struct DemoMarketplace {
    let source: String
    let dataDirectory: String
    static let name = "contoso"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func load(into services: PlazaServices, logger: Logger) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source + "/.claude-plugin/marketplace.json")
                || FileManager.default.fileExists(atPath: source + "/marketplace.json"),
              FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "'\(source)' is not a marketplace directory; run from the Plaza checkout or pass --demo-source")
        }
        let repository = dataDirectory + "/demo/contoso-platform"
        try refresh(repository)
        // Public, so that `plaza search` works without a token on a demo server (anonymous reads on).
        if try await services.store.marketplace(named: Self.name) == nil {
            try await services.store.register(MarketplaceRegistration(name: Self.name, url: "file://" + repository,
                                                                      visibility: Visibility(isPublic: true)))
        } else {
            try await services.store.updateRegistration(Self.name) { $0.visibility = Visibility(isPublic: true) }
        }
        let status = try await services.engine.sync(Self.name)
        logger.info("demo marketplace loaded", metadata: [
            "marketplace": "\(Self.name)", "state": "\(status.state.rawValue)", "commit": "\(status.commit?.prefix(12) ?? "")",
            "plugins": "\(status.counts.plugins)", "skills": "\(status.counts.skills)",
        ])
    }

    /// Makes sure an admin token for the demo exists and is in `<data>/demo-admin-token` (mode 0600),
    /// so `PLAZA_TOKEN=$(cat …)` unlocks the write commands. Returns the file's path.
    func ensureAdminToken(in services: PlazaServices) async throws -> String {
        let path = dataDirectory + "/demo-admin-token"
        if let data = FileManager.default.contents(atPath: path),
           let token = try await services.store.token(secretHash: TokenSecret.hash(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))),
           token.isActive() {
            return path
        }
        for stale in try await services.store.tokens() where stale.name == "demo-admin" && stale.revokedAt == nil {
            _ = try await services.store.revokeToken(id: stale.id, at: Date())
        }
        let secret = TokenSecret.generate()
        let token = APIToken(id: "tok_demo" + String(TokenSecret.hash(secret).prefix(6)), name: "demo-admin", role: .admin, createdBy: "plaza serve --demo")
        try await services.store.createToken(token, secretHash: TokenSecret.hash(secret))
        FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600])
        try await services.store.record(AuditEvent(actor: "plaza", action: "token.create", target: token.name, outcome: "ok",
                                                   detail: "\(token.id), role admin, for the demo"))
        return path
    }

    /// Mirrors the source directory into the repository's work tree and commits any difference.
    private func refresh(_ repository: String) throws {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: repository + "/.git") {
            try fileManager.createDirectory(atPath: repository, withIntermediateDirectories: true)
            try git(["init", "--quiet", "--initial-branch=main"], in: repository)
        }
        for item in try fileManager.contentsOfDirectory(atPath: repository) where item != ".git" {
            try fileManager.removeItem(atPath: repository + "/" + item)
        }
        for item in try fileManager.contentsOfDirectory(atPath: source) {
            try fileManager.copyItem(atPath: source + "/" + item, toPath: repository + "/" + item)
        }
        try git(["add", "-A"], in: repository)
        if (try? git(["diff", "--cached", "--quiet"], in: repository)) == nil || (try? git(["rev-parse", "--verify", "-q", "HEAD"], in: repository)) == nil {
            try git(["-c", "user.name=Plaza demo", "-c", "user.email=demo@plaza.invalid", "commit", "--quiet", "--allow-empty", "-m", "Sample marketplace"], in: repository)
        }
    }

    @discardableResult
    private func git(_ arguments: [String], in directory: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch { throw Failure(description: "git is needed for --demo: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "git \(arguments.first ?? "") failed: \(String(decoding: data, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
