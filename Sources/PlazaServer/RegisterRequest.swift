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
    /// Teams that may see the marketplace (default: every signed-in caller).
    let teams: [String]?
    /// Visible to anonymous callers when the server allows anonymous reads (default false).
    let `public`: Bool?
}

/// Body of `PATCH /v1/marketplaces/{marketplace}`: who may see it.
struct VisibilityRequest: Decodable {
    let teams: [String]?
    let `public`: Bool?
}
