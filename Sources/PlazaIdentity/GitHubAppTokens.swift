import Foundation
import Logging
import PlazaCatalog

/// Installation tokens for GitHub Apps, minted on demand and cached until shortly before they expire.
///
/// One cache for every App and host: a failing App does not affect the others. After the git server
/// rejects a token (401), ``invalidate(_:)`` drops it so the next request mints a fresh one.
public actor GitHubAppTokens {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    struct CachedToken {
        let token: String
        let expires: Date
    }

    private let secrets: SecretResolver
    private let logger: Logger
    private var cache: [GitHubAppCredential: CachedToken] = [:]
    private var installations: [String: String] = [:]
    /// Tokens minted since start (exported as a metric; a cache hit mints nothing).
    public private(set) var minted = 0
    /// Refresh this long before `expires_at`.
    let refreshMargin: TimeInterval

    public init(secrets: SecretResolver, logger: Logger, refreshMargin: TimeInterval = 300) {
        self.secrets = secrets
        self.logger = logger
        self.refreshMargin = refreshMargin
    }

    /// A valid installation token for `credential`, to be sent to git as `x-access-token`.
    /// - Parameter repositoryURL: used to find the installation when the credential names none.
    public func token(for credential: GitHubAppCredential, repositoryURL: String) async throws -> String {
        if let cached = cache[credential], cached.expires.timeIntervalSinceNow > refreshMargin { return cached.token }
        let key = try await secrets.resolve(credential.privateKey)
        let jwt: String
        do { jwt = try AppJWT.make(issuer: credential.appId, privateKeyPEM: key) } catch {
            throw Failure(description: "the GitHub App private key (\(credential.privateKey)) is not a PEM RSA key")
        }
        let installation = try await installationID(for: credential, repositoryURL: repositoryURL, jwt: jwt)
        guard installation.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let url = URL(string: credential.apiBase.trimmingCharacters(in: ["/"]) + "/app/installations/\(installation)/access_tokens") else {
            throw Failure(description: "the GitHub App installation id '\(installation)' is not a number")
        }
        let response = try await HTTPJSON.send("POST", url, headers: Self.headers(jwt))
        guard response.status == 201 || response.status == 200, let token = response.json["token"] as? String else {
            throw Failure(description: "GitHub refused an installation token for App \(credential.appId), installation \(installation) (HTTP \(response.status): \(response.json["message"] as? String ?? "no message"))")
        }
        let expires = (response.json["expires_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date().addingTimeInterval(3600)
        cache[credential] = CachedToken(token: token, expires: expires)
        minted += 1
        logger.info("minted a GitHub App installation token", metadata: ["app": "\(credential.appId)", "installation": "\(installation)", "expires": "\(expires)"])
        return token
    }

    /// Forgets the cached token (after the server rejected it).
    public func invalidate(_ credential: GitHubAppCredential) {
        cache[credential] = nil
    }

    private func installationID(for credential: GitHubAppCredential, repositoryURL: String, jwt: String) async throws -> String {
        if let id = credential.installationId { return id }
        let path = Self.ownerAndRepository(repositoryURL)
        guard let path else { throw Failure(description: "cannot tell owner/repository from \(repositoryURL) to find the App installation; set installationId") }
        let cacheKey = credential.apiBase + "|" + credential.appId + "|" + path
        if let known = installations[cacheKey] { return known }
        let url = URL(string: credential.apiBase.trimmingCharacters(in: ["/"]) + "/repos/\(path)/installation")!
        let response = try await HTTPJSON.send("GET", url, headers: Self.headers(jwt))
        guard response.status == 200, let id = (response.json["id"] as? Int).map(String.init) ?? (response.json["id"] as? String) else {
            throw Failure(description: "GitHub App \(credential.appId) is not installed on \(path) (HTTP \(response.status))")
        }
        installations[cacheKey] = id
        return id
    }

    static func headers(_ jwt: String) -> [String: String] {
        ["Authorization": "Bearer \(jwt)", "Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28", "User-Agent": "plaza"]
    }

    /// `owner/repo` of `https://host/owner/repo(.git)`.
    static func ownerAndRepository(_ url: String) -> String? {
        guard let components = URL(string: url)?.pathComponents.filter({ $0 != "/" }), components.count >= 2 else { return nil }
        let repository = components[components.count - 1].replacingOccurrences(of: ".git", with: "")
        return components[components.count - 2] + "/" + repository
    }
}
