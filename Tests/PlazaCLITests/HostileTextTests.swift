import Foundation
import PlazaTestSupport
import Testing

/// Names and descriptions written by a hostile marketplace author, through the real `plaza` binary.
@Suite("hostile names and text")
struct HostileTextTests {
    /// ESC[2J (clear screen), an OSC title, an OSC 8 link, a bare CR and a C1 CSI (U+009B).
    static let hostileDescription = "Clears\u{1B}[2J the screen\u{1B}]0;pwned\u{07} \u{1B}]8;;https://evil.example\u{1B}\\link\u{1B}]8;;\u{1B}\\ and\rover \u{9B}31m red"

    /// A marketplace whose plugin is described with terminal escapes. (Its name is ASCII: Claude Code
    /// cannot install a plugin named with a Cyrillic 'о', so Plaza refuses such an entry.)
    static func hostileMarketplace() throws -> GitFixture {
        let upstream = try GitFixture()
        let manifest: [String: Any] = [
            "name": "hostile", "owner": ["name": "Mallory"],
            "plugins": [["name": "okplug", "source": "./plugins/okplug", "description": hostileDescription]],
        ]
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted])
        try upstream.commit("hostile", files: [
            ".claude-plugin/marketplace.json": String(decoding: data, as: UTF8.self),
            "plugins/okplug/skills/probe/SKILL.md": "---\nname: probe\ndescription: \"Probe\\e[2J skill\"\n---\nBody\u{1B}]0;title\u{07} text.\n",
        ])
        return upstream
    }

    @Test("a plugin with a hostile description can be pinned, shown, diffed, bundled and uninstalled")
    func hostilePlugin() throws {
        let upstream = try Self.hostileMarketplace()
        let server = try ServerProcess(demo: false)
        let add = try server.run(["marketplace", "add", "hostile", upstream.fileURL])
        #expect(add.status == 0, "\(add.stdout)\(add.stderr)")
        let name = "okplug@hostile"
        let install = try server.run(["install", name, "--environment", "staging"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        for arguments in [["show", "plugin", "okplug"], ["diff", name, "--environment", "staging"],
                          ["bundle", name, "--environment", "staging", "-o", server.data.file("b.zip")],
                          ["uninstall", name, "--environment", "staging"]] {
            let result = try server.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stdout)\(result.stderr)")
        }
        let pins = try #require(try server.run(["pins", "--environment", "staging", "--json"]).json?["pins"] as? [[String: Any]])
        #expect(pins.isEmpty, "the pin was removed")
    }

    @Test("search and show print control characters visibly; --json keeps them as JSON escapes")
    func terminalEscapes() throws {
        let upstream = try Self.hostileMarketplace()
        let server = try ServerProcess(demo: false)
        #expect(try server.run(["marketplace", "add", "hostile", upstream.fileURL]).status == 0)
        for arguments in [["search", "clears"], ["show", "plugin", "okplug"], ["show", "skill", "probe"], ["marketplace", "show", "hostile"]] {
            let result = try server.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let raw = result.stdout.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }
            #expect(raw.isEmpty, "\(arguments) printed raw control characters: \(raw.map { String($0.value, radix: 16) })")
        }
        let shown = try server.run(["show", "plugin", "okplug"]).stdout
        #expect(shown.contains("Clears^[[2J the screen^[]0;pwned^G"), "\(shown)")
        let json = try server.run(["search", "clears", "--json"])
        let results = try #require(json.json?["results"] as? [[String: Any]], "\(json.stdout)")
        #expect(results.first?["description"] as? String == Self.hostileDescription)
        #expect(!json.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x0D })
        let missing = try server.run(["show", "skill", "x\u{1B}[2Jy"])
        #expect(missing.status == 1 && missing.stderr.contains("x^[[2Jy") && !missing.stderr.contains("\u{1B}"), "\(missing.stderr)")
    }

    @Test("validate warns about control characters, look-alike and invisible names, and refuses a skill named with a NUL")
    func validateHostileText() throws {
        let directory = try TemporaryDirectory()
        let manifest: [String: Any] = [
            "name": "hostile", "owner": ["name": "Mallory"],
            "plugins": [["name": "okplug", "source": "./plugins/a", "description": "Clears\u{1B}[2J"],
                        ["name": "\u{43E}kplug", "source": "./plugins/c"],
                        ["name": "zero\u{200B}width", "source": "./plugins/c"],
                        ["name": "\u{FF46}ull", "source": "./plugins/c"]],
        ]
        try directory.write(".claude-plugin/marketplace.json", String(decoding: try JSONSerialization.data(withJSONObject: manifest), as: UTF8.self))
        try directory.write("plugins/a/skills/fine/SKILL.md", "---\nname: fine\ndescription: Fine.\n---\n")
        try directory.write("plugins/a/skills/nul/SKILL.md", "---\nname: \"nul\\0x\"\ndescription: Nul.\n---\n")
        try directory.write("plugins/a/skills/other/SKILL.md", "---\nname: other\ndescription: \"Other\\e]0;t\\a\"\n---\n")
        try directory.write("plugins/c/README.md", "c\n")
        let result = try PlazaBinary.run(["validate", directory.path, "--json"])
        let json = try #require(result.json, "\(result.stdout)\(result.stderr)")
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        func find(_ code: String) -> [[String: Any]] { diagnostics.filter { $0["code"] as? String == code } }
        let control = find("text.control-character")
        #expect(control.contains { $0["file"] as? String == ".claude-plugin/marketplace.json" && $0["pointer"] as? String == "/plugins/0/description" && $0["location"] != nil })
        #expect(control.contains { $0["file"] as? String == "plugins/a/skills/other/SKILL.md" && $0["pointer"] as? String == "/description" })
        #expect(find("name.confusable").contains { $0["pointer"] as? String == "/plugins/1/name" && $0["severity"] as? String == "warning" })
        #expect(find("name.invisible").contains { $0["pointer"] as? String == "/plugins/2/name" })
        #expect(find("name.confusable").contains { $0["pointer"] as? String == "/plugins/3/name" }, "full-width letters are look-alikes")
        // Claude Code cannot install any of them (plugin@marketplace is ASCII letters, digits, '.', '_', '-').
        #expect(find("plugin.name.charset").compactMap { $0["pointer"] as? String } == ["/plugins/1/name", "/plugins/2/name", "/plugins/3/name"])
        let nul = find("skill.name.control-character")
        #expect(nul.count == 1 && nul.first?["severity"] as? String == "error" && nul.first?["file"] as? String == "plugins/a/skills/nul/SKILL.md")
        let plugins = try #require(json["plugins"] as? [[String: Any]])
        #expect((plugins.first { $0["name"] as? String == "okplug" }?["skills"] as? [String])?.sorted() == ["fine", "other"], "the NUL skill is skipped, the others load")
        let human = try PlazaBinary.run(["validate", directory.path])
        #expect(!human.stdout.contains("\u{1B}[2J") && !human.stdout.contains("\u{0}"), "the report itself prints names visibly")
    }

    @Test("symlinks escaping the repository are errors wherever they are, with their path")
    func escapingSymlinks() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".claude-plugin/marketplace.json", #"{"name": "links", "owner": {"name": "QA"}, "plugins": [{"name": "p", "source": "./plugins/p"}]}"#)
        try directory.write("plugins/p/skills/x/SKILL.md", "---\nname: x\ndescription: X.\n---\n")
        try FileManager.default.createDirectory(atPath: directory.file("plugins/p/skills/y"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.file("README.md"), withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: directory.file("plugins/p/skills/x/notes.txt"), withDestinationPath: "/etc/hostname")
        try FileManager.default.createSymbolicLink(atPath: directory.file("plugins/p/skills/y/SKILL.md"), withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: directory.file("plugins/p/up.md"), withDestinationPath: "../../../outside.md")
        let result = try PlazaBinary.run(["validate", directory.path, "--strict", "--json"])
        #expect(result.status == 1, "\(result.stdout)")
        let diagnostics = try #require(result.json?["diagnostics"] as? [[String: Any]])
        let escapes = diagnostics.filter { $0["code"] as? String == "path.symlink-escape" && $0["severity"] as? String == "error" }
        let files = Set(escapes.compactMap { $0["file"] as? String })
        #expect(files == ["README.md", "plugins/p/skills/x/notes.txt", "plugins/p/skills/y/SKILL.md", "plugins/p/up.md"], "\(diagnostics)")
        let skill = escapes.first { $0["file"] as? String == "plugins/p/skills/y/SKILL.md" }?["message"] as? String ?? ""
        #expect(skill.contains("SKILL.md") && skill.contains("/etc/passwd"), "\(skill)")
        #expect(!diagnostics.contains { $0["code"] as? String == "skill.file.missing" }, "not a vague 'no SKILL.md'")
        #expect(!result.stdout.contains("root:"), "nothing read through the links")
    }
}
