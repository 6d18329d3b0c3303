import Foundation

/// A GitHub App identity a marketplace syncs with (FORMATS §6): Plaza signs a JWT with the App's
/// private key and exchanges it for a short-lived installation token.
public struct GitHubAppCredential: Codable, Sendable, Equatable, Hashable {
    /// App ID or Client ID (`iss` of the JWT; the Client ID is recommended).
    public var appId: String
    /// Installation ID; when nil it is found from the repository (`GET /repos/{owner}/{repo}/installation`).
    public var installationId: String?
    /// `https://api.github.com`, `https://api.SUBDOMAIN.ghe.com`, or `https://HOST/api/v3`.
    public var apiBase: String
    /// Secret reference to the PEM private key (PKCS#1 as GitHub issues it, or PKCS#8).
    public var privateKey: String

    public init(appId: String, installationId: String? = nil, apiBase: String = "https://api.github.com", privateKey: String) {
        self.appId = appId
        self.installationId = installationId
        self.apiBase = apiBase
        self.privateKey = privateKey
    }

    enum CodingKeys: String, CodingKey { case appId, installationId, apiBase, privateKey }

    /// `apiBase` defaults to `https://api.github.com`; numbers are accepted for the IDs.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String? {
            if let value = try? container.decodeIfPresent(String.self, forKey: key) { return value }
            return try container.decodeIfPresent(Int.self, forKey: key).map(String.init)
        }
        guard let appId = try text(.appId) else {
            throw DecodingError.keyNotFound(CodingKeys.appId, .init(codingPath: container.codingPath, debugDescription: "githubApp.appId is required"))
        }
        self.init(appId: appId, installationId: try text(.installationId),
                  apiBase: try container.decodeIfPresent(String.self, forKey: .apiBase) ?? "https://api.github.com",
                  privateKey: try container.decode(String.self, forKey: .privateKey))
    }

    /// Why the credential is unusable as written, or nil.
    public func problem() -> String? {
        if appId.isEmpty { return "githubApp.appId is required (App ID or Client ID)" }
        // It becomes the JWT's `iss`: an App ID (digits) or a Client ID (`Iv1.…`, `Iv23…`), nothing else.
        if appId.utf8.count > 64 || !appId.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }) {
            return "githubApp.appId must be the App ID (digits) or Client ID (letters, digits, '.', '_', '-'), at most 64 characters"
        }
        if let installationId, installationId.isEmpty || installationId.utf8.count > 20
            || !installationId.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            return "githubApp.installationId must be the installation's number (digits only), or left out to find it from the repository"
        }
        guard let url = URL(string: apiBase), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            return "githubApp.apiBase must be a URL such as https://api.github.com"
        }
        return SecretReferenceSyntax.problem(privateKey).map { "githubApp.privateKey: \($0)" }
    }
}

/// The syntax of secret references: `env:NAME`, `file:/path`, `keyvault:https://VAULT/secrets/NAME`.
public enum SecretReferenceSyntax {
    /// Why `reference` is not a secret reference, or nil.
    public static func problem(_ reference: String) -> String? {
        if reference.hasPrefix("env:") {
            let name = reference.dropFirst(4)
            return !name.isEmpty && name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? nil
                : "'\(reference)': an environment variable name has only letters, digits and '_'"
        }
        if reference.hasPrefix("file:/") { return nil }
        if reference.hasPrefix("keyvault:") {
            guard let url = URL(string: String(reference.dropFirst("keyvault:".count))), url.host != nil,
                  url.pathComponents.count == 3, url.pathComponents[1] == "secrets" else {
                return "'\(reference)': a Key Vault reference is keyvault:https://VAULT.vault.azure.net/secrets/NAME"
            }
            return nil
        }
        return "credential must be a secret reference (env:NAME, file:/absolute/path or keyvault:https://VAULT/secrets/NAME), never the secret itself"
    }
}
