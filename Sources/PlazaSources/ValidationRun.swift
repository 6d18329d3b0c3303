import Foundation
import Logging
import PlazaFormats
import PlazaGit
import PlazaOutbound

/// What to validate: a directory, or a git URL at a ref.
public struct ValidationRequest: Sendable {
    public var target: String
    public var ref: String?
    public var strict: Bool
    public var credentials: (any CredentialProvider)?
    public var limits: ParseLimits
    /// The egress rules a git URL is fetched under: every scheme, but the same refused addresses as
    /// the server (redirects and every connection included) unless relaxed.
    public var outbound: OutboundPolicy

    public static let defaultOutbound = OutboundPolicy(allowedSchemes: ["https", "http", "ssh", "git", "file"])

    public init(target: String, ref: String? = nil, strict: Bool = false, credentials: (any CredentialProvider)? = nil,
                limits: ParseLimits = .default, outbound: OutboundPolicy = ValidationRequest.defaultOutbound) {
        self.outbound = outbound
        self.target = target
        self.ref = ref
        self.strict = strict
        self.credentials = credentials
        self.limits = limits
    }
}

/// Where the validated bytes came from.
public struct ValidationOrigin: Sendable {
    /// The directory or URL as given (URLs without credentials).
    public let target: String
    /// The commit read, for git targets.
    public let commit: ObjectID?
    public let ref: String?
}

/// Why validation could not run at all (as opposed to finding problems).
public struct ValidationRunError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a validation against a directory or a fresh mirror of a git URL.
public struct ValidationRun {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// Validates `request.target`. Git URLs are mirrored into a temporary directory (removed after)
    /// and read at `request.ref` (default: the remote's default branch) without a checkout.
    public func run(_ request: ValidationRequest, progress: (@Sendable (TransferProgress) -> Void)? = nil) throws
        -> (ValidationReport, ValidationOrigin) {
        let options = MarketplaceLoader.Options(strict: request.strict, limits: request.limits)
        if !RemoteURL.isRemote(request.target) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: request.target, isDirectory: &isDirectory), isDirectory.boolValue, request.ref == nil {
                let snapshot: DirectorySnapshot
                do { snapshot = try DirectorySnapshot(root: request.target, maxFiles: request.limits.maxFiles) } catch {
                    throw ValidationRunError("cannot read \(request.target): \(error)")
                }
                return (MarketplaceLoader(snapshot: snapshot, options: options).load(),
                        ValidationOrigin(target: request.target, commit: nil, ref: nil))
            }
            guard FileManager.default.fileExists(atPath: request.target + "/HEAD") || FileManager.default.fileExists(atPath: request.target + "/.git") else {
                throw ValidationRunError(isDirectory.boolValue || !FileManager.default.fileExists(atPath: request.target)
                    ? "\(request.target) does not exist or is not a directory"
                    : "\(request.target) is not a directory")
            }
        }
        return try validateGit(request, options: options, progress: progress)
    }

    private func validateGit(_ request: ValidationRequest, options: MarketplaceLoader.Options,
                             progress: (@Sendable (TransferProgress) -> Void)?) throws -> (ValidationReport, ValidationOrigin) {
        let safeTarget = Redaction.redactingURLCredentials(in: request.target)
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("plaza-validate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: workspace) }
        let mirror = Mirror(path: workspace)
        logger.info("mirroring for validation", metadata: ["url": "\(safeTarget)"])
        let fetch: FetchResult
        do {
            let targetHost = OutboundPolicy.host(of: request.target)
            fetch = try OutboundGate(policy: request.outbound, logger: logger).fetch(request.target) { checked in
                // A redirect to another host never receives the credential.
                let remote = RemoteSpec(url: checked.url, credentials: checked.host == targetHost ? request.credentials : nil,
                                        proxy: checked.proxyURL.map { .url($0) } ?? .none, followRedirects: false)
                return try mirror.update(from: remote, progress: progress)
            }
        } catch let error as GitError {
            throw ValidationRunError("cannot fetch \(safeTarget): \(error.message)")
        } catch let violation as OutboundPolicy.Violation {
            throw ValidationRunError("cannot fetch \(safeTarget): \(violation) (relax with --allow-address or --allow-link-local)")
        }
        let repository = try mirror.open()
        let ref = request.ref ?? fetch.defaultBranch ?? "HEAD"
        let commit: ObjectID
        do { commit = try repository.resolveCommit(ref) } catch let error as GitError {
            throw ValidationRunError("cannot resolve '\(ref)' in \(safeTarget): \(error.message)")
        }
        let snapshot = try GitCommitSnapshot(repository: repository, commit: commit)
        var originOptions = options
        originOptions.origin = safeTarget
        let report = MarketplaceLoader(snapshot: snapshot, options: originOptions).load()
        return (report, ValidationOrigin(target: safeTarget, commit: commit, ref: ref))
    }
}
