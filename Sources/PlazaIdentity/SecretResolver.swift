import Foundation
import Logging
import PlazaCatalog

/// Where Key Vault secrets come from: the managed-identity token endpoint (Azure instance metadata
/// service). Configurable so tests and other clouds can point elsewhere.
public struct KeyVaultConfiguration: Sendable {
    public var identityEndpoint: URL
    /// Resource the managed-identity token is requested for.
    public var resource: String
    public var apiVersion: String
    /// Seconds to wait for the managed-identity endpoint (link-local: it answers fast or not at all).
    public var identityTimeout: TimeInterval
    /// Seconds to wait for Key Vault.
    public var vaultTimeout: TimeInterval

    public init(identityEndpoint: URL = URL(string: "http://169.254.169.254/metadata/identity/oauth2/token")!,
                resource: String = "https://vault.azure.net", apiVersion: String = "7.4",
                identityTimeout: TimeInterval = 5, vaultTimeout: TimeInterval = 15) {
        self.identityEndpoint = identityEndpoint
        self.resource = resource
        self.apiVersion = apiVersion
        self.identityTimeout = identityTimeout
        self.vaultTimeout = vaultTimeout
    }
}

/// Resolves secret references when a secret is used, never earlier:
/// `env:NAME`, `file:/path`, and `keyvault:https://VAULT.vault.azure.net/secrets/NAME`.
///
/// The value is returned to the caller only; it is never logged, and errors name the reference, not
/// the value. Managed-identity tokens are cached until shortly before they expire.
public actor SecretResolver {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    let environment: [String: String]
    let keyVault: KeyVaultConfiguration
    private var identityToken: (value: String, expires: Date)?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, keyVault: KeyVaultConfiguration = KeyVaultConfiguration()) {
        self.environment = environment
        self.keyVault = keyVault
    }

    public func resolve(_ reference: String) async throws -> String {
        if let problem = SecretReferenceSyntax.problem(reference) { throw Failure(description: problem) }
        if reference.hasPrefix("env:") {
            let name = String(reference.dropFirst(4))
            guard let value = environment[name], !value.isEmpty else { throw Failure(description: "environment variable \(name) is not set (secret reference \(reference))") }
            return value
        }
        if reference.hasPrefix("file:") {
            let path = String(reference.dropFirst(5))
            guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "cannot read secret file \(path)") }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw Failure(description: "secret file \(path) is empty") }
            return value
        }
        return try await keyVaultSecret(URL(string: String(reference.dropFirst("keyvault:".count)))!, reference: reference)
    }

    private func keyVaultSecret(_ url: URL, reference: String) async throws -> String {
        let token = try await managedIdentityToken()
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "api-version", value: keyVault.apiVersion)]
        let response = try await HTTPJSON.send("GET", components.url!, headers: ["Authorization": "Bearer \(token)"], timeout: keyVault.vaultTimeout)
        if response.status == 401 || response.status == 403 { identityToken = nil }
        guard response.status == 200, let value = response.json["value"] as? String else {
            throw Failure(description: "Key Vault refused \(reference) (HTTP \(response.status))")
        }
        return value
    }

    private func managedIdentityToken() async throws -> String {
        if let token = identityToken, token.expires.timeIntervalSinceNow > 300 { return token.value }
        var components = URLComponents(url: keyVault.identityEndpoint, resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "api-version", value: "2018-02-01"), URLQueryItem(name: "resource", value: keyVault.resource)]
        let response = try await HTTPJSON.send("GET", components.url!, headers: ["Metadata": "true"], timeout: keyVault.identityTimeout)
        guard response.status == 200, let token = response.json["access_token"] as? String else {
            throw Failure(description: "no managed-identity token from \(keyVault.identityEndpoint.host ?? "the identity endpoint") (HTTP \(response.status))")
        }
        let expiresOn = (response.json["expires_on"] as? String).flatMap(Double.init) ?? (response.json["expires_on"] as? Double) ?? Date().addingTimeInterval(3600).timeIntervalSince1970
        identityToken = (token, Date(timeIntervalSince1970: expiresOn))
        return token
    }
}
