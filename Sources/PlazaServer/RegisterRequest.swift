import PlazaCatalog

/// Body of `POST /v1/marketplaces`.
struct RegisterRequest: Decodable {
    let name: String
    let url: String
    let ref: String?
    /// A credential reference (`env:NAME`, `file:/path`), never a secret.
    let credential: String?
    let username: String?
    /// Sync as a GitHub App instead of with a token.
    let githubApp: GitHubAppCredential?
    /// Secret reference to the GitHub webhook secret (enables `POST /v1/webhooks/github`).
    let webhookSecret: String?
    let pollIntervalSeconds: Int?
    /// Start a sync right away (default true).
    let sync: Bool?
}
