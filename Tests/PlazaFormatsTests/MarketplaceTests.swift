import PlazaFormats
import Testing

let manifestPath = ".claude-plugin/marketplace.json"

func marketplace(_ plugins: String, extra: String = "", name: String = "acme-tools") -> String {
    """
    {
      "name": "\(name)",
      "owner": {"name": "Acme Platform", "email": "platform@acme.example"},\(extra)
      "plugins": [\(plugins)]
    }
    """
}

@Suite("marketplace.json")
struct MarketplaceTests {
    @Test("found in each of the four locations, first match wins")
    func locations() {
        for location in ManifestLocations.marketplace {
            let report = load([location: marketplace("")])
            #expect(report.manifestPath == location)
            #expect(report.marketplace?.name == "acme-tools")
            #expect(report.passed)
        }
        let both = load(["marketplace.json": marketplace(""), manifestPath: marketplace("")])
        #expect(both.manifestPath == "marketplace.json")
        #expect(both.diagnostics("marketplace.shadowed").first?.file == manifestPath)
    }

    @Test("parses every source kind")
    func sourceKinds() throws {
        let sha = String(repeating: "a", count: 40)
        let report = load([manifestPath: marketplace("""
            {"name": "local", "source": "./plugins/local"},
            {"name": "gh", "source": {"source": "github", "repo": "acme/tools", "ref": "v2"}},
            {"name": "url", "source": {"source": "url", "url": "https://git.acme.example/x.git", "sha": "\(sha)"}},
            {"name": "sub", "source": {"source": "git-subdir", "url": "git@github.com:acme/mono.git", "path": "plugins/sub"}},
            {"name": "pkg", "source": {"source": "npm", "package": "@acme/plugin", "version": "1.2.0"}},
            {"name": "zip", "source": {"source": "archive", "url": "https://cdn.acme.example/p.zip", "sha256": "\(String(repeating: "0", count: 64))"}}
            """), "plugins/local/skills/s/SKILL.md": skill("s")])
        #expect(report.passed, "\(report.diagnostics)")
        #expect(report.plugins.map(\.source.kind) == ["relative", "github", "url", "git-subdir", "npm", "archive"])
        #expect(report.plugins.map(\.status) == [.loaded, .external, .external, .external, .external, .external])
        #expect(report.plugin("sub")?.source == .gitSubdir(url: "git@github.com:acme/mono.git", path: "plugins/sub", ref: nil, sha: nil))
        #expect(report.summary.skills == 1)
    }

    @Test("one bad entry is reported with its pointer and line; the others still load")
    func badEntrySkipped() throws {
        let report = load([manifestPath: marketplace("""
            {"name": "good", "source": "./plugins/good"},
            {"name": "escape", "source": "../outside"},
            {"name": "abs", "source": "/etc"},
            {"name": "slash", "source": ".\\\\plugins\\\\x"},
            {"name": "badsha", "source": {"source": "url", "url": "https://x.example/r.git", "sha": "abc"}},
            {"name": "kind", "source": {"source": "svn", "url": "x"}},
            {"source": "./plugins/noname"},
            {"name": "good", "source": "./plugins/good"}
            """), "plugins/good/skills/s/SKILL.md": skill("s")])
        #expect(report.plugins.map(\.name) == ["good"])
        #expect(report.plugin("good")?.skills.count == 1)
        let traversal = try #require(report.diagnostics("source.path-traversal").first)
        #expect(traversal.pointer == "/plugins/1/source")
        #expect(traversal.location?.line == 5)
        #expect(report.diagnostics("source.path-unsafe").count == 2)  // absolute and backslash
        #expect(report.diagnostics("source.sha").first?.pointer == "/plugins/4/source/sha")
        #expect(report.diagnostics("source.kind.unknown").count == 1)
        #expect(report.diagnostics("field.missing").first?.pointer == "/plugins/6/name")
        #expect(report.diagnostics("plugin.duplicate").count == 1)
        #expect(!report.passed)
    }

    @Test("names Claude Code refuses are errors",
          arguments: ["claude-marketplace", "claude_plugins", "official-claude", "claude-plugins-officia1", "skills-dir", "synced",
                      "claude-plugin-test", "inline", "аcme"])
    func reservedNames(name: String) {
        let report = load([manifestPath: marketplace("", name: name)])
        #expect(report.diagnostics("marketplace.name.reserved").count == 1, "\(report.diagnostics)")
    }

    @Test("names with spaces or bidi characters are errors", arguments: ["acme tools", "acme/tools", "acme\u{202E}sloot"])
    func invalidNames(name: String) {
        #expect(load([manifestPath: marketplace("", name: name)]).diagnostics("marketplace.name.invalid").count == 1)
    }

    @Test("unknown keys are warnings, and errors in strict mode")
    func unknownKeys() throws {
        let files = [manifestPath: marketplace("{\"name\": \"p\", \"source\": \"./p\", \"colour\": \"red\"}", extra: "\n  \"homepage2\": 1,"),
                     "p/skills/s/SKILL.md": skill("s")]
        let lenient = load(files)
        #expect(lenient.passed)
        #expect(lenient.diagnostics("key.unknown").map(\.pointer).sorted() == ["/homepage2", "/plugins/0/colour"])
        #expect(lenient.diagnostics("key.unknown").allSatisfy { $0.severity == .warning })
        let strict = load(files, strict: true)
        #expect(!strict.passed)
        #expect(strict.diagnostics("key.unknown").allSatisfy { $0.severity == .error })
    }

    @Test("invalid JSON reports its position and nothing else is read")
    func invalidJSON() throws {
        let report = load([manifestPath: "{\n  \"name\": \"x\",\n  \"plugins\": [\n}"])
        let error = try #require(report.diagnostics("json.syntax").first)
        #expect(error.location?.line == 4)
        #expect(report.plugins.isEmpty)
    }

    @Test("a marketplace over the size limit is refused without parsing")
    func oversized() {
        let limits = ParseLimits(maxManifestBytes: 1024)
        let report = load([manifestPath: marketplace(String(repeating: " ", count: 2000))], limits: limits)
        #expect(report.diagnostics("file.too-large").count == 1)
    }

    @Test("metadata.pluginRoot prefixes bare relative sources")
    func pluginRoot() {
        let report = load([manifestPath: marketplace("{\"name\": \"p\", \"source\": \"p\"}", extra: "\n  \"metadata\": {\"pluginRoot\": \"./plugins\"},"),
                           "plugins/p/skills/s/SKILL.md": skill("s")])
        #expect(report.plugin("p")?.root == "plugins/p")
        #expect(report.passed)
    }
}
