import CLibGit2

/// The state one fetch shares with libgit2's C callbacks, passed through `payload`.
///
/// Lives for the duration of one `git_remote_fetch` call on one thread.
final class RemoteCallbackContext {
    let remoteHost: String?
    let provider: (any CredentialProvider)?
    let progress: (@Sendable (TransferProgress) -> Void)?
    private var credentialAttempts: [String: Int] = [:]
    /// Set by a callback that refused to go on; preferred over libgit2's own message.
    var failure: GitError?

    init(remoteURL: String, provider: (any CredentialProvider)?, progress: (@Sendable (TransferProgress) -> Void)?) {
        self.remoteHost = RemoteURL.host(of: remoteURL)
        self.provider = provider
        self.progress = progress
    }

    /// Answers libgit2's credential request: once per URL, and only for the remote's own host.
    func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>,
        url: String, usernameFromURL: String?, allowedTypes: UInt32
    ) -> Int32 {
        let safeURL = Redaction.redactingURLCredentials(in: url)
        guard let provider else {
            failure = GitError(code: .authentication, libgit2Code: GIT_EAUTH.rawValue, function: "credentials",
                               message: "\(safeURL) requires authentication and no credential is configured for it")
            return GIT_EAUTH.rawValue
        }
        if let remoteHost, let askedHost = RemoteURL.host(of: url), askedHost != remoteHost {
            failure = GitError(code: .authentication, libgit2Code: GIT_EAUTH.rawValue, function: "credentials",
                               message: "refusing to send the credential for \(remoteHost) to \(askedHost) (redirected)")
            return GIT_EAUTH.rawValue
        }
        credentialAttempts[url, default: 0] += 1
        guard credentialAttempts[url]! == 1 else {
            failure = GitError(code: .authentication, libgit2Code: GIT_EAUTH.rawValue, function: "credentials",
                               message: "authentication failed for \(safeURL): the server rejected the credential")
            return GIT_EAUTH.rawValue
        }
        do {
            guard let credential = try provider.credential(for: url, usernameFromURL: usernameFromURL) else {
                failure = GitError(code: .authentication, libgit2Code: GIT_EAUTH.rawValue, function: "credentials",
                                   message: "\(safeURL) requires authentication and the credential provider gave none")
                return GIT_EAUTH.rawValue
            }
            return make(credential, into: out, allowedTypes: allowedTypes, url: safeURL)
        } catch {
            failure = GitError(code: .authentication, libgit2Code: GIT_EAUTH.rawValue, function: "credentials",
                               message: "could not obtain a credential for \(safeURL): \(error)")
            return GIT_EAUTH.rawValue
        }
    }

    private func make(_ credential: GitCredential, into out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>,
                      allowedTypes: UInt32, url: String) -> Int32 {
        let result: Int32
        switch credential {
        case .usernamePassword(let username, let password):
            guard allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 else { return unsupported(url) }
            result = git_credential_userpass_plaintext_new(out, username, password)
        case .sshKey(let username, let publicKey, let privateKey, let passphrase):
            guard allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 else { return unsupported(url) }
            result = git_credential_ssh_key_new(out, username, publicKey, privateKey, passphrase)
        case .sshAgent(let username):
            guard allowedTypes & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 else { return unsupported(url) }
            result = git_credential_ssh_key_from_agent(out, username)
        }
        return result
    }

    private func unsupported(_ url: String) -> Int32 {
        failure = GitError(code: .authentication, libgit2Code: GIT_EAUTH.rawValue, function: "credentials",
                           message: "the configured credential kind is not accepted by \(url)")
        return GIT_EAUTH.rawValue
    }

    private(set) var lastProgress: TransferProgress?

    func report(_ stats: git_indexer_progress) {
        lastProgress = TransferProgress(
            totalObjects: Int(stats.total_objects), receivedObjects: Int(stats.received_objects),
            indexedObjects: Int(stats.indexed_objects), localObjects: Int(stats.local_objects),
            totalDeltas: Int(stats.total_deltas), indexedDeltas: Int(stats.indexed_deltas),
            receivedBytes: Int(stats.received_bytes))
        progress?(lastProgress!)
    }

    /// Installs the C trampolines and this context as payload. The context must outlive the call.
    func install(into callbacks: inout git_remote_callbacks) {
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = { out, url, username, allowed, payload in
            guard let out, let payload else { return GIT_EAUTH.rawValue }
            let context = Unmanaged<RemoteCallbackContext>.fromOpaque(payload).takeUnretainedValue()
            return context.acquireCredential(out, url: url.map { String(cString: $0) } ?? "",
                                             usernameFromURL: username.map { String(cString: $0) },
                                             allowedTypes: allowed)
        }
        if progress != nil {
            callbacks.transfer_progress = { stats, payload in
                guard let stats, let payload else { return 0 }
                Unmanaged<RemoteCallbackContext>.fromOpaque(payload).takeUnretainedValue().report(stats.pointee)
                return 0
            }
        }
    }
}
