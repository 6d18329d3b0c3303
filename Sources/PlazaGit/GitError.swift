import CLibGit2

/// An error from a libgit2 call, or from Plaza's own checks around one.
///
/// Carries the libgit2 return code, the libgit2 message (with any credentials in URLs removed)
/// and the name of the C function that failed, so a log line says exactly what broke.
public struct GitError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for callers that react differently to each.
    public enum Code: String, Sendable {
        /// The server refused the credential, or asked for one and none was configured.
        /// Remedy: check the token or credential reference and its permissions on the repository.
        case authentication
        /// A ref, commit, path or repository does not exist.
        case notFound
        /// The server could not be reached, or the transfer failed mid-way.
        case network
        /// The TLS certificate of the server was rejected.
        case certificate
        /// A value handed to the Git module is invalid (a malformed ref name or URL).
        case invalidArgument
        /// An object is not of the kind asked for (a tree where a blob was expected).
        case wrongObjectType
        /// A blob is larger than the limit the caller set.
        case tooLarge
        /// The operation was cancelled by a callback.
        case cancelled
        /// Anything else libgit2 reported.
        case other
    }

    public let code: Code
    /// libgit2's return code (`GIT_EAUTH` is -16), or 0 when the error is Plaza's own.
    public let libgit2Code: Int32
    /// The C function that failed, e.g. `git_remote_fetch`.
    public let function: String
    /// What went wrong, safe to log: credentials in URLs are removed.
    public let message: String

    public init(code: Code, libgit2Code: Int32 = 0, function: String, message: String) {
        self.code = code
        self.libgit2Code = libgit2Code
        self.function = function
        self.message = Redaction.redactingURLCredentials(in: message)
    }

    /// Builds an error from a failed libgit2 call, reading `git_error_last()` on this thread.
    init(libgit2Code: Int32, function: String, override: String? = nil) {
        let last = git_error_last()
        let text = last.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown libgit2 error"
        let errorClass = last.map { Int32($0.pointee.klass) } ?? 0
        self.init(
            code: Self.classify(libgit2Code, errorClass: errorClass, message: text),
            libgit2Code: libgit2Code,
            function: function,
            message: override ?? text
        )
    }

    static func classify(_ code: Int32, errorClass: Int32, message: String) -> Code {
        switch code {
        case GIT_EAUTH.rawValue: return .authentication
        case GIT_ENOTFOUND.rawValue, GIT_EUNBORNBRANCH.rawValue: return .notFound
        case GIT_ECERTIFICATE.rawValue: return .certificate
        case GIT_EUSER.rawValue: return .cancelled
        case GIT_EINVALIDSPEC.rawValue, GIT_EAMBIGUOUS.rawValue: return .invalidArgument
        default: break
        }
        if message.contains("status code: 401") || message.contains("status code: 403") || message.contains("authentication required") {
            return .authentication
        }
        switch git_error_t(UInt32(bitPattern: errorClass)) {
        case GIT_ERROR_NET, GIT_ERROR_HTTP, GIT_ERROR_SSH, GIT_ERROR_SSL: return .network
        case GIT_ERROR_OS where message.contains("connect") || message.contains("resolve"): return .network
        default: return .other
        }
    }

    public var description: String {
        if libgit2Code == 0 { return "\(function): \(message)" }
        return "\(function) failed (\(libgit2Code)): \(message)"
    }
}

/// Calls a libgit2 function and throws a ``GitError`` naming it when it returns a negative code.
@discardableResult
func check(_ function: String, _ result: Int32) throws -> Int32 {
    guard result >= 0 else { throw GitError(libgit2Code: result, function: function) }
    return result
}
