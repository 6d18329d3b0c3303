import Foundation

/// A real upstream repository for tests: a working clone that commits and pushes to a bare
/// repository, which Plaza then mirrors over `file://`, a plain path or smart HTTP.
public final class GitFixture: @unchecked Sendable {
    public let directory: TemporaryDirectory
    /// The bare upstream repository (what a server would host).
    public let upstreamPath: String
    /// The working clone used to make commits.
    public let workPath: String

    /// Creates an upstream named `name`.git with one branch, `main`, and no commits.
    public init(name: String = "upstream") throws {
        directory = try TemporaryDirectory("plaza-git")
        upstreamPath = directory.file("served/\(name).git")
        workPath = directory.file("work")
        try Shell.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", upstreamPath])
        try Shell.run(["git", "init", "--quiet", "--initial-branch=main", workPath])
        try git("remote", "add", "origin", upstreamPath)
    }

    /// The `file://` URL of the upstream.
    public var fileURL: String { "file://" + upstreamPath }
    /// The directory to serve over HTTP (holds `<name>.git`).
    public var servedRoot: String { directory.file("served") }

    @discardableResult
    public func git(_ arguments: String...) throws -> String {
        try Shell.run(["git"] + arguments, in: workPath).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes files into the working clone (relative path -> contents).
    public func write(_ files: [String: String]) throws {
        for (path, contents) in files {
            let url = URL(fileURLWithPath: workPath + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
    }

    /// Copies a directory tree into the working clone root.
    public func copyTree(from source: String) throws {
        try Shell.run(["cp", "-a", source + "/.", workPath])
    }

    /// Commits everything in the working clone and pushes `main`; returns the new commit id.
    @discardableResult
    public func commit(_ message: String, files: [String: String] = [:], push: Bool = true) throws -> String {
        try write(files)
        try git("add", "-A")
        try git("commit", "--quiet", "--allow-empty", "-m", message)
        if push { try git("push", "--quiet", "origin", "HEAD:refs/heads/main") }
        return try git("rev-parse", "HEAD")
    }

    /// Resets the working clone to `commit` and force-pushes it, rewriting upstream history.
    public func forcePush(resetTo commit: String, branch: String = "main") throws {
        try git("reset", "--quiet", "--hard", commit)
        try git("push", "--quiet", "--force", "origin", "HEAD:refs/heads/\(branch)")
    }
}
