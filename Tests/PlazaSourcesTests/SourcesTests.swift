import Foundation
import Logging
import PlazaFormats
import PlazaGit
import PlazaSources
import PlazaTestSupport
import Testing

/// A small marketplace with one good plugin and one whose skill symlink escapes it.
let fixtureFiles: [String: String] = [
    ".claude-plugin/marketplace.json": """
        {"name": "fixture", "owner": {"name": "Tests"}, "plugins": [
          {"name": "good", "source": "./plugins/good", "description": "Good plugin"},
          {"name": "leaky", "source": "./plugins/leaky"}
        ]}
        """,
    "plugins/good/skills/hello/SKILL.md": "---\nname: hello\ndescription: Says hello. Use when greeting.\n---\nSay hello.\n",
    "plugins/leaky/skills/ok/SKILL.md": "---\nname: ok\ndescription: Fine.\n---\n",
]

func makeFixture(in directory: TemporaryDirectory) throws {
    for (path, contents) in fixtureFiles { try directory.write(path, contents) }
    try FileManager.default.createSymbolicLink(atPath: directory.file("plugins/leaky/skills/stolen"),
                                               withDestinationPath: "../../good/skills/hello")
}

@Suite("Snapshots: directory and git commit")
struct SnapshotTests {
    @Test("a directory snapshot lists symlinks without following them and skips .git")
    func directorySnapshot() throws {
        let directory = try TemporaryDirectory()
        try makeFixture(in: directory)
        try directory.write(".git/config", "[core]")
        let snapshot = try DirectorySnapshot(root: directory.path)
        #expect(snapshot.entries.contains(SnapshotEntry(path: "plugins/leaky/skills/stolen", kind: .symlink(target: "../../good/skills/hello"))))
        #expect(!snapshot.entries.contains { $0.path.hasPrefix(".git/") })
        #expect(throws: SnapshotError.tooLarge(size: fixtureFiles["plugins/good/skills/hello/SKILL.md"]!.utf8.count, limit: 10)) { try snapshot.read("plugins/good/skills/hello/SKILL.md", limit: 10) }
    }

    @Test("a commit snapshot reads the same report as the working directory, without a checkout")
    func commitSnapshotMatchesDirectory() throws {
        let upstream = try GitFixture()
        let work = try TemporaryDirectory()
        try makeFixture(in: work)
        try upstream.copyTree(from: work.path)
        let head = try #require(ObjectID(hex: try upstream.commit("fixture")))
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        try mirror.update(from: RemoteSpec(url: upstream.fileURL))

        let fromGit = MarketplaceLoader(snapshot: try GitCommitSnapshot(repository: try mirror.open(), commit: head)).load()
        let fromDisk = MarketplaceLoader(snapshot: try DirectorySnapshot(root: work.path)).load()
        #expect(fromGit.diagnostics == fromDisk.diagnostics)
        #expect(fromGit.summary == fromDisk.summary)
        #expect(fromGit.plugins.map(\.skills) == fromDisk.plugins.map(\.skills))
        #expect(fromGit.diagnostics.contains { $0.code == "path.symlink-escape" && $0.file == "plugins/leaky/skills/stolen" })
        #expect(fromGit.plugins.first { $0.name == "leaky" }?.skills.map(\.name) == ["ok"])
    }

    @Test("in a commit snapshot too, a symlink that leaves the repository is an error, whatever file it is")
    func commitSnapshotEscapingSymlinks() throws {
        let upstream = try GitFixture()
        let work = try TemporaryDirectory()
        try makeFixture(in: work)
        try FileManager.default.createSymbolicLink(atPath: work.file("README.md"), withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: work.file("plugins/good/notes.txt"), withDestinationPath: "../../../etc/hostname")
        try upstream.copyTree(from: work.path)
        let head = try #require(ObjectID(hex: try upstream.commit("links")))
        let local = try TemporaryDirectory()
        let mirror = Mirror(path: local.file("m.git"))
        try mirror.update(from: RemoteSpec(url: upstream.fileURL))
        let report = MarketplaceLoader(snapshot: try GitCommitSnapshot(repository: try mirror.open(), commit: head)).load()
        let escapes = report.diagnostics.filter { $0.code == "path.symlink-escape" && $0.severity == .error }.map(\.file)
        // `stolen` leaves its plugin (reported where the skill is read); the other two leave the repository.
        #expect(Set(escapes) == ["README.md", "plugins/good/notes.txt", "plugins/leaky/skills/stolen"], "\(report.diagnostics)")
        #expect(report.plugins.first { $0.name == "good" }?.skills.map(\.name) == ["hello"], "the plugin still loads")
    }
}

@Suite("Validating git URLs")
struct GitValidationTests {
    let run = ValidationRun(logger: Logger(label: "test"))

    @Test("validates a file:// URL at the default branch and at an older ref")
    func fileURL() throws {
        let upstream = try GitFixture()
        try upstream.write(fixtureFiles)
        let first = try upstream.commit("first")
        try upstream.write(["plugins/good/skills/second/SKILL.md": "---\nname: second\ndescription: Another.\n---\n"])
        try upstream.commit("second")
        let (head, origin) = try run.run(ValidationRequest(target: upstream.fileURL))
        #expect(origin.ref == "refs/heads/main")
        #expect(head.summary.skills == 3)
        let (old, oldOrigin) = try run.run(ValidationRequest(target: upstream.fileURL, ref: String(first.prefix(8))))
        #expect(oldOrigin.commit?.hex == first)
        #expect(old.summary.skills == 2)
    }

    @Test("validates over smart HTTP with a token; a wrong token cannot run and never shows the token")
    func http() throws {
        let upstream = try GitFixture()
        try upstream.write(fixtureFiles)
        try upstream.commit("first")
        let token = "plz_http_validation_token_1234"
        let server = try GitHTTPServer(root: upstream.servedRoot, token: token)
        let (report, _) = try run.run(ValidationRequest(target: server.url("upstream.git"), credentials: TokenCredentialProvider(token: token)))
        #expect(report.summary.pluginsLoaded == 2)
        let error = try #require(throws: ValidationRunError.self) {
            try run.run(ValidationRequest(target: server.url("upstream.git"), credentials: TokenCredentialProvider(token: "wrong-token-abcdef")))
        }
        #expect(error.description.contains("rejected"))
        #expect(!error.description.contains("wrong-token-abcdef"))
    }

    @Test("an unknown ref and a missing path are errors that say what was asked")
    func cannotRun() throws {
        let upstream = try GitFixture()
        try upstream.commit("first", files: ["marketplace.json": "{}"])
        let unknown = try #require(throws: ValidationRunError.self) { try run.run(ValidationRequest(target: upstream.fileURL, ref: "v9")) }
        #expect(unknown.description.contains("'v9'"))
        let missing = try #require(throws: ValidationRunError.self) { try run.run(ValidationRequest(target: "/nonexistent/plaza")) }
        #expect(missing.description.contains("does not exist"))
    }
}
