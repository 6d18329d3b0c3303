/// A credential handed to libgit2 for one remote.
public enum GitCredential: Sendable, CustomStringConvertible {
    /// HTTPS basic authentication. For GitHub tokens the username is `x-access-token`.
    case usernamePassword(username: String, password: String)
    /// An SSH key pair on disk, with an optional passphrase.
    case sshKey(username: String, publicKeyPath: String?, privateKeyPath: String, passphrase: String?)
    /// Ask the local SSH agent.
    case sshAgent(username: String)

    /// Never shows the secret.
    public var description: String {
        switch self {
        case .usernamePassword(let username, _): return "usernamePassword(\(username), ***)"
        case .sshKey(let username, _, let path, _): return "sshKey(\(username), \(path))"
        case .sshAgent(let username): return "sshAgent(\(username))"
        }
    }
}

/// Supplies credentials for a remote when the server asks for them.
///
/// Implementations resolve secrets only when called, and must not log them. The GitHub App
/// provider (short-lived installation tokens) conforms to this protocol too.
public protocol CredentialProvider: Sendable {
    /// Returns the credential to present to `url`, or nil to present none.
    ///
    /// - Parameters:
    ///   - url: the URL the server asked about (after any redirect).
    ///   - usernameFromURL: the user name embedded in the URL, if any (e.g. `git` in `git@host:repo`).
    func credential(for url: String, usernameFromURL: String?) throws -> GitCredential?
}

/// A fixed token or password, such as a personal access token, sent as HTTPS basic auth.
public struct TokenCredentialProvider: CredentialProvider {
    public let username: String
    private let token: String

    /// - Parameters:
    ///   - token: the secret; it is never logged or shown in errors.
    ///   - username: `x-access-token` suits GitHub; GitLab and Azure DevOps accept any name.
    public init(token: String, username: String = "x-access-token") {
        self.username = username
        self.token = token
    }

    public func credential(for url: String, usernameFromURL: String?) throws -> GitCredential? {
        .usernamePassword(username: username, password: token)
    }
}

/// How the mirror reaches the network through a proxy.
public enum ProxySetting: Sendable, Equatable {
    /// Connect directly.
    case none
    /// Use git configuration, then `https_proxy` / `no_proxy` from the environment.
    case automatic
    /// Use this proxy URL.
    case url(String)
}
