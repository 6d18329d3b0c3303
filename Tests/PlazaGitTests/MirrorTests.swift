import Foundation
import PlazaGit
import PlazaTestSupport
import Testing

@Suite("Mirror over file:// and plain paths")
struct MirrorTests {
    @Test("clones a bare mirror, then fetches new commits incrementally")
    func cloneThenFetch() throws {
        let upstream = try GitFixture()
        let first = try upstream.commit("first", files: ["README.md": "hello\n"])
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("mirror.git"))

        let clone = try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        #expect(clone.defaultBranch == "refs/heads/main")
        #expect(clone.updates == [RefUpdate(name: "refs/heads/main", old: nil, new: ObjectID(hex: first), isRewrite: false)])
        let repository = try mirror.open()
        #expect(repository.isBare)
        #expect(try repository.resolveCommit("main").hex == first)

        let second = try upstream.commit("second", files: ["docs/guide.md": "guide\n"])
        let fetch = try mirror.update(from: RemoteSpec(url: upstream.upstreamPath))
        #expect(fetch.updates.map(\.new?.hex) == [second])
        #expect(fetch.rewritten.isEmpty)
        #expect(try mirror.open().resolveCommit("main").hex == second)

        let noChange = try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        #expect(noChange.updates.isEmpty)
    }

    @Test("mirrors every branch and tag, and prunes what upstream deleted")
    func branchesTagsAndPrune() throws {
        let upstream = try GitFixture()
        let base = try upstream.commit("base", files: ["a.txt": "a"])
        try upstream.git("tag", "-a", "v1.0.0", "-m", "release")
        try upstream.git("push", "--quiet", "origin", "v1.0.0")
        try upstream.git("push", "--quiet", "origin", "HEAD:refs/heads/feature")
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        let repository = try mirror.open()
        #expect(try repository.resolveCommit("v1.0.0").hex == base)  // annotated tag peeled to its commit
        #expect(try repository.resolveCommit("feature").hex == base)

        try upstream.git("push", "--quiet", "origin", ":refs/heads/feature")
        let fetch = try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        #expect(fetch.updates == [RefUpdate(name: "refs/heads/feature", old: ObjectID(hex: base), new: nil, isRewrite: false)])
        #expect(throws: GitError.self) { try mirror.open().resolveCommit("feature") }
    }

    @Test("a kept commit survives an upstream force-push, the rewrite is reported, and gc keeps it")
    func keptCommitSurvivesForcePush() throws {
        let upstream = try GitFixture()
        let base = try upstream.commit("base", files: ["plugin/SKILL.md": "v1"])
        let pinned = try upstream.commit("pinned", files: ["plugin/SKILL.md": "v2"])
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        let pinnedID = try #require(ObjectID(hex: pinned))
        try mirror.open().keep(pinnedID)

        try upstream.forcePush(resetTo: base)
        let replacement = try upstream.commit("rewritten", files: ["plugin/SKILL.md": "v3"])
        let fetch = try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        let rewrite = try #require(fetch.rewritten.first)
        #expect(rewrite.name == "refs/heads/main" && rewrite.isRewrite)
        #expect(rewrite.old?.hex == pinned && rewrite.new?.hex == replacement)

        // Even after git's own garbage collection, the kept commit and its files are readable.
        try Shell.run(["git", "--git-dir", mirror.path, "gc", "--quiet", "--prune=now"])
        let repository = try mirror.open()
        #expect(try repository.keptCommits() == [pinnedID])
        #expect(String(decoding: try repository.readFile("plugin/SKILL.md", at: pinnedID), as: UTF8.self) == "v2")
        #expect(try repository.resolveCommit(String(pinned.prefix(10))) == pinnedID)

        try repository.release(pinnedID)
        #expect(try repository.keptCommits().isEmpty)
    }

    @Test("an unreachable remote fails with a network or not-found error naming the fetch")
    func unreachableRemote() throws {
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        let error = try #require(throws: GitError.self) {
            try mirror.update(from: RemoteSpec(url: "http://127.0.0.1:9/nothing.git"))
        }
        #expect(error.code == .network, "\(error)")
        #expect(error.function == "git_remote_fetch")
        #expect(!mirror.exists)
        #expect(try FileManager.default.contentsOfDirectory(atPath: local.path).isEmpty, "no half-made mirror is left behind")
    }

    @Test("a host name that does not resolve is a network error naming the host")
    func unresolvableHost() throws {
        let local = try TemporaryDirectory()
        let error = try #require(throws: GitError.self) {
            try Mirror(path: local.file("m.git")).update(from: RemoteSpec(url: "https://plaza-test.invalid/acme/plugins.git"))
        }
        #expect(error.code == .network)
        #expect(error.message.contains("plaza-test.invalid"))
    }

    @Test("reports transfer progress while cloning over HTTP")
    func progress() throws {
        let upstream = try GitFixture()
        var files: [String: String] = [:]
        for index in 0..<50 { files["f\(index).txt"] = String(repeating: "line \(index)\n", count: 20) }
        try upstream.commit("many", files: files)
        let local = try TemporaryDirectory()
        let seen = ProgressLog()
        let server = try GitHTTPServer(root: upstream.servedRoot, token: nil)
        try Mirror(path: local.file("m.git")).update(from: RemoteSpec(url: server.url("upstream.git"))) { seen.append($0) }
        let last = try #require(seen.values.last)
        #expect(last.totalObjects > 50)
        #expect(last.receivedObjects == last.totalObjects)
        #expect(last.fractionCompleted == 1)
    }
}

final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [TransferProgress] = []
    func append(_ value: TransferProgress) { lock.lock(); storage.append(value); lock.unlock() }
    var values: [TransferProgress] { lock.lock(); defer { lock.unlock() }; return storage }
}
