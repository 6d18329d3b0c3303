import Crypto
import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaInstall
import PlazaOutbound
import PlazaStore
import PlazaSync
import PlazaTestSupport
import Testing

/// Issue 12, item 6: `archive` sources are downloaded once through the outbound rules, checked
/// against their sha256, kept by digest in a mirror, and pinned like a commit; `npm` sources are
/// listed with their package and version, unavailable for install with the reason.
@Suite("Archive and npm sources")
struct ArchiveSourceTests {
    static let token = "plz_archive_token_0a1b2c3d"

    static func pluginFiles(_ name: String, version: String?, prefix: String = "") -> [ZipArchive.Entry] {
        let manifest = version.map { #"{"name": "\#(name)", "version": "\#($0)"}"# } ?? #"{"name": "\#(name)"}"#
        return [ZipArchive.Entry(path: prefix + ".claude-plugin/plugin.json", bytes: Array(manifest.utf8)),
                ZipArchive.Entry(path: prefix + "skills/\(name)-check/SKILL.md",
                                 bytes: Array("---\nname: \(name)-check\ndescription: Checks things for \(name).\n---\nRun the checks.\n".utf8)),
                ZipArchive.Entry(path: prefix + "scripts/run.sh", bytes: Array("#!/bin/sh\necho ok\n".utf8), executable: true)]
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    struct Harness {
        let upstream: GitFixture
        let server: GitHTTPServer
        let data: TemporaryDirectory
        let store: SQLiteStore
        let engine: SyncEngine
        let service: InstallationService
        /// sha256 of each served archive, by file name.
        var digests: [String: String] = [:]

        var files: String { upstream.servedRoot + "/files" }

        func served() -> [String] {
            ((try? String(contentsOfFile: files + "/served.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
    }

    func harness() async throws -> Harness {
        let upstream = try GitFixture(name: "upstream")
        let server = try GitHTTPServer(root: upstream.servedRoot, token: Self.token)
        var digests: [String: String] = [:]
        func serve(_ name: String, _ bytes: [UInt8], access: String = "public") throws {
            try FileManager.default.createDirectory(atPath: upstream.servedRoot + "/files/\(access)", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: upstream.servedRoot + "/files/\(access)/\(name)"))
            digests[name] = Self.sha256(bytes)
        }
        try serve("linter.zip", try ZipArchive.build(Self.pluginFiles("linter", version: "1.2.0")))
        try serve("wrapped.zip", try ZipArchive.build(Self.pluginFiles("wrapped", version: nil, prefix: "wrapped-1.0/")))
        try serve("secret.zip", try ZipArchive.build(Self.pluginFiles("secret", version: "0.1.0")), access: "private")
        try serve("empty.zip", try ZipArchive.build([ZipArchive.Entry(path: "docs/README.md", bytes: Array("nothing here".utf8))]))
        let hostile = upstream.servedRoot + "/files/public/hostile.zip"
        _ = try Shell.run(["python3", "-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('skills/a/SKILL.md','---\\nname: a\\ndescription: A.\\n---\\n'); z.writestr('../../escape.txt','x'); z.close()", hostile])
        digests["hostile.zip"] = Self.sha256(Array(try Data(contentsOf: URL(fileURLWithPath: hostile))))
        let base = "http://127.0.0.1:\(server.port)/files"
        let plugins: [[String: Any]] = [
            ["name": "linter", "source": ["source": "archive", "url": "\(base)/public/linter.zip", "sha256": digests["linter.zip"]!]],
            ["name": "wrapped", "source": ["source": "archive", "url": "\(base)/public/wrapped.zip", "sha256": digests["wrapped.zip"]!]],
            ["name": "secret", "source": ["source": "archive", "url": "\(base)/private/secret.zip", "sha256": digests["secret.zip"]!]],
            ["name": "tampered", "source": ["source": "archive", "url": "\(base)/public/linter.zip", "sha256": String(repeating: "ab", count: 32)]],
            ["name": "empty", "source": ["source": "archive", "url": "\(base)/public/empty.zip", "sha256": digests["empty.zip"]!]],
            ["name": "hostile", "source": ["source": "archive", "url": "\(base)/public/hostile.zip", "sha256": digests["hostile.zip"]!]],
            ["name": "metadata", "source": ["source": "archive", "url": "http://169.254.169.254/latest/x.zip", "sha256": digests["linter.zip"]!]],
            ["name": "npm-tool", "version": "3.1.0", "source": ["source": "npm", "package": "@acme/npm-tool", "version": "3.1.0"]],
        ]
        let manifest = try JSONSerialization.data(withJSONObject: ["name": "archives", "owner": ["name": "Acme"], "plugins": plugins])
        try upstream.commit("archive marketplace", files: [".claude-plugin/marketplace.json": String(decoding: manifest, as: UTF8.self)])
        let data = try TemporaryDirectory("plaza-archives")
        let store = try SQLiteStore(path: data.file("plaza.sqlite"))
        let mirrors = try MirrorDirectory(root: data.file("mirrors"))
        let engine = SyncEngine(store: store, mirrors: mirrors, logger: Logger(label: "test"), environment: ["ARCHIVE_TOKEN": Self.token],
                                outbound: OutboundPolicy(allowedSchemes: ["http"]))
        try await store.register(MarketplaceRegistration(name: "archives", url: server.url("upstream.git"), credential: "env:ARCHIVE_TOKEN"))
        var harness = Harness(upstream: upstream, server: server, data: data, store: store, engine: engine,
                              service: InstallationService(store: store, mirrors: mirrors))
        harness.digests = digests
        return harness
    }

    func plugin(_ harness: Harness, _ name: String) async throws -> CatalogEntry {
        try #require(try await harness.store.entries(marketplace: "archives", plugin: name).first { $0.kind == .plugin })
    }

    @Test("a verified archive is indexed like a git source: skills searchable, version from plugin.json, commit content-addressed")
    func indexed() async throws {
        let harness = try await harness()
        let status = try await harness.engine.sync("archives")
        #expect(status.state == .ok || status.state == .partial, "\(status.lastError ?? "")")
        let linter = try await plugin(harness, "linter")
        #expect(linter.status == .available, "\(linter.unavailableReason ?? "")")
        #expect(linter.version == "1.2.0")
        #expect(linter.details["archiveSHA256"] == harness.digests["linter.zip"])
        #expect(linter.commit.count == 40)
        let skills = try await harness.store.entries(marketplace: "archives", plugin: "linter").filter { $0.kind == .skill }
        #expect(skills.map(\.name) == ["linter-check"])
        let wrapped = try await plugin(harness, "wrapped")
        #expect(wrapped.status == .available, "a single wrapper directory is stripped, as Claude Code does: \(wrapped.unavailableReason ?? "")")
        #expect(wrapped.version == String(harness.digests["wrapped.zip"]!.prefix(12)), "no version anywhere: the sha256's first 12 hex, as clients show")
        let secret = try await plugin(harness, "secret")
        #expect(secret.status == .available, "an archive on the marketplace's own origin gets its credential: \(secret.unavailableReason ?? "")")
    }

    @Test("bad archives are unavailable with the reason; the rest of the marketplace indexes")
    func refused() async throws {
        let harness = try await harness()
        _ = try await harness.engine.sync("archives")
        let tampered = try await plugin(harness, "tampered")
        #expect(tampered.status == .unavailable)
        #expect(tampered.unavailableReason?.contains("but the entry requires abab") == true, "\(tampered.unavailableReason ?? "")")
        let empty = try await plugin(harness, "empty")
        #expect(empty.unavailableReason?.contains("no plugin content at the archive's root") == true, "\(empty.unavailableReason ?? "")")
        let hostile = try await plugin(harness, "hostile")
        #expect(hostile.unavailableReason?.contains("escapes the archive with '..'") == true, "\(hostile.unavailableReason ?? "")")
        let metadata = try await plugin(harness, "metadata")
        #expect(metadata.unavailableReason?.contains("outbound rule") == true, "\(metadata.unavailableReason ?? "")")
        let npm = try await plugin(harness, "npm-tool")
        #expect(npm.status == .unavailable)
        #expect(npm.version == "3.1.0")
        #expect(npm.details["package"] == "@acme/npm-tool")
        #expect(npm.unavailableReason?.contains("cannot pin its content") == true)
        #expect(!FileManager.default.fileExists(atPath: harness.data.file("escape.txt")))
        #expect((try await plugin(harness, "linter")).status == .available)
    }

    @Test("an archive is downloaded once; install pins it, and the pinned bytes survive the archive's deletion upstream")
    func pinnedOnce() async throws {
        let harness = try await harness()
        _ = try await harness.engine.sync("archives")
        #expect(harness.served().filter { $0.hasSuffix("/linter.zip") }.count == 2, "linter.zip twice: once for linter, once for tampered (refused)")
        _ = try await harness.engine.sync("archives", full: true)
        #expect(harness.served().filter { $0.hasSuffix("/linter.zip") }.count == 3, "a full sync re-reads from the mirror; only the refused digest is fetched again")
        let pin = try await harness.service.install(PluginName(marketplace: "archives", plugin: "linter"), target: .environment("dev"), actor: "test")
        let linter = try await plugin(harness, "linter")
        #expect(pin.commit == linter.commit)
        try FileManager.default.removeItem(atPath: harness.files + "/public/linter.zip")
        _ = try await harness.engine.sync("archives", full: true)
        let bundle = try await harness.service.bundle(for: pin)
        let unzipped = try TemporaryDirectory("plaza-archive-bundle")
        try Data(bundle.bytes).write(to: URL(fileURLWithPath: unzipped.file("b.zip")))
        _ = try Shell.run(["python3", "-c", "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", unzipped.file("b.zip"), unzipped.file("out")])
        let script = try String(contentsOfFile: unzipped.file("out/scripts/run.sh"), encoding: .utf8)
        #expect(script == "#!/bin/sh\necho ok\n")
        let mode = try Shell.run(["python3", "-c", "import zipfile,sys; print(oct(zipfile.ZipFile(sys.argv[1]).getinfo('scripts/run.sh').external_attr >> 16))",
                                  unzipped.file("b.zip")]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(mode == "0o100755", "the archive's executable bit is kept through the mirror into the bundle")
        #expect((try await plugin(harness, "linter")).status == .available, "the mirror keeps the archive by digest: deleting it upstream changes nothing")
    }
}
