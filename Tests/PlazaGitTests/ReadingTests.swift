import Foundation
import PlazaGit
import PlazaTestSupport
import Testing

@Suite("Reading a mirror at a commit without a checkout")
struct ReadingTests {
    let upstream: GitFixture
    let mirror: Mirror
    let local: TemporaryDirectory
    let first: ObjectID
    let second: ObjectID

    init() throws {
        upstream = try GitFixture()
        first = ObjectID(hex: try upstream.commit("Add plugin\n\nWith a body.", files: [
            "plugins/a/SKILL.md": "---\nname: a\n---\n", "plugins/b/run.sh": "#!/bin/sh\n", "README.md": "r",
        ]))!
        try Shell.run(["chmod", "+x", "plugins/b/run.sh"], in: upstream.workPath)
        try Shell.run(["ln", "-s", "../a/SKILL.md", "plugins/b/link.md"], in: upstream.workPath)
        second = ObjectID(hex: try upstream.commit("Change", files: ["plugins/a/SKILL.md": "---\nname: a2\n---\n", "new.txt": "n"]))!
        try upstream.git("rm", "--quiet", "README.md")
        _ = try upstream.commit("Remove readme")
        local = try TemporaryDirectory()
        mirror = Mirror(path: local.file("m.git"))
        try mirror.update(from: RemoteSpec(url: upstream.fileURL))
    }

    @Test("lists the tree recursively with kinds")
    func listTree() throws {
        let entries = try mirror.open().listTree(at: second)
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.kind) })
        #expect(byPath == ["README.md": .file, "new.txt": .file, "plugins/a/SKILL.md": .file,
                           "plugins/b/run.sh": .executable, "plugins/b/link.md": .symlink])
    }

    @Test("reads files and symlink targets at older commits")
    func readFiles() throws {
        let repository = try mirror.open()
        #expect(String(decoding: try repository.readFile("plugins/a/SKILL.md", at: first), as: UTF8.self) == "---\nname: a\n---\n")
        #expect(String(decoding: try repository.readFile("plugins/a/SKILL.md", at: second), as: UTF8.self).contains("a2"))
        #expect(String(decoding: try repository.readFile("plugins/b/link.md", at: second), as: UTF8.self) == "../a/SKILL.md")
        let missing = try #require(throws: GitError.self) { try repository.readFile("nope.md", at: first) }
        #expect(missing.code == .notFound)
        let directory = try #require(throws: GitError.self) { try repository.readFile("plugins", at: first) }
        #expect(directory.code == .wrongObjectType)
    }

    @Test("refuses blobs over the size limit before loading them")
    func sizeLimit() throws {
        let error = try #require(throws: GitError.self) { try mirror.open().readFile("plugins/a/SKILL.md", at: first, limit: 4) }
        #expect(error.code == .tooLarge)
    }

    @Test("diffs two commits to the changed paths")
    func diff() throws {
        let repository = try mirror.open()
        let head = try repository.resolveCommit("main")
        let changes = try repository.changedPaths(from: first, to: head)
        #expect(changes == [
            ChangedPath(path: "README.md", change: .deleted), ChangedPath(path: "new.txt", change: .added),
            ChangedPath(path: "plugins/a/SKILL.md", change: .modified), ChangedPath(path: "plugins/b/link.md", change: .added),
            ChangedPath(path: "plugins/b/run.sh", change: .modified),  // became executable
        ])
    }

    @Test("reads commit metadata")
    func metadata() throws {
        let info = try mirror.open().commitInfo(first)
        #expect(info.summary == "Add plugin")
        #expect(info.message.contains("With a body."))
        #expect(info.author.email == "test@plaza.example")
        #expect(info.parents.isEmpty)
        #expect(info.author.time > 1_700_000_000)
        #expect(try mirror.open().commitInfo(second).parents == [first])
    }

    @Test("resolves branches, full and short ids, and refuses revision expressions")
    func resolve() throws {
        let repository = try mirror.open()
        #expect(try repository.resolveCommit(first.hex) == first)
        #expect(try repository.resolveCommit(String(first.hex.prefix(7))) == first)
        #expect(try repository.resolveCommit("refs/heads/main") != first)
        for bad in ["main~1", "main..HEAD", "-x", "a b", "HEAD@{1}"] {
            let error = try #require(throws: GitError.self) { try repository.resolveCommit(bad) }
            #expect(error.code == .invalidArgument)
        }
        #expect((try? repository.resolveCommit("no-such-branch")) == nil)
    }
}
