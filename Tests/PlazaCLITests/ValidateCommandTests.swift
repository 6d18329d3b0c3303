import Foundation
import PlazaTestSupport
import Testing

@Suite("plaza validate")
struct ValidateCommandTests {
    @Test("the sample marketplace validates clean (exit 0)")
    func sampleMarketplace() throws {
        let result = try PlazaBinary.run(["validate", "SampleMarketplace"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Result: passed (0 errors, 0 warnings)"))
        let json = try #require(try PlazaBinary.run(["validate", "SampleMarketplace", "--json", "--strict"]).json)
        #expect(json["passed"] as? Bool == true)
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary["plugins"]! >= 5)
        #expect(summary["skills"]! >= 15)
        #expect(summary["agents"]! >= 2)
        #expect(summary["hooks"]! >= 1)
        #expect(summary["mcpServers"]! >= 1)
        #expect(summary["pluginsExternal"]! >= 1)
    }

    @Test("a marketplace with defects reports each precisely and exits 1")
    func defects() throws {
        let directory = try TemporaryDirectory()
        try directory.write(".claude-plugin/marketplace.json", """
            {
              "name": "defects",
              "owner": {"name": "QA"},
              "plugins": [
                {"name": "ok", "source": "./plugins/ok"},
                {"name": "escape", "source": "../../etc"},
                {"name": "secret", "source": "./plugins/secret"}
              ]
            }
            """)
        try directory.write("plugins/ok/skills/fine/SKILL.md", "---\nname: fine\ndescription: Fine skill.\n---\n")
        try directory.write("plugins/secret/.mcp.json", #"{"api": {"command": "api-mcp", "env": {"API_TOKEN": "tok_live_5f2a9c8e7d6b4a3f"}}}"#)
        let human = try PlazaBinary.run(["validate", directory.path])
        #expect(human.status == 1)
        #expect(human.stdout.contains(".claude-plugin/marketplace.json\n  error   6:34 /plugins/1/source plugin entry 'escape': source '../../etc' contains '..'"))
        #expect(human.stdout.contains("plugins/secret/.mcp.json"))
        #expect(!human.stdout.contains("tok_live_5f2a9c8e7d6b4a3f"))
        let lines = human.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("  ok ") && $0.contains("loaded") })
        #expect(lines.contains { $0.hasPrefix("  escape ") && $0.contains("invalid") })
        #expect(human.stdout.contains("Summary: 3 plugins (2 loaded, 0 external, 1 failed)"))

        let json = try #require(try PlazaBinary.run(["validate", directory.path, "--json"]).json)
        let diagnostics = try #require(json["diagnostics"] as? [[String: Any]])
        let codes = Set(diagnostics.compactMap { $0["code"] as? String })
        #expect(codes.isSuperset(of: ["source.path-traversal", "mcp.secret.literal"]))
        let traversal = try #require(diagnostics.first { $0["code"] as? String == "source.path-traversal" })
        #expect((traversal["location"] as? [String: Int])?["line"] == 6)
        #expect(traversal["pointer"] as? String == "/plugins/1/source")
        #expect((json["summary"] as? [String: Int])?["skills"] == 1)
    }

    @Test("--strict turns warnings into a failure")
    func strict() throws {
        let directory = try TemporaryDirectory()
        try directory.write("marketplace.json", #"{"name": "w", "owner": {"name": "QA"}, "plugins": [], "colour": "red"}"#)
        #expect(try PlazaBinary.run(["validate", directory.path]).status == 0)
        let strict = try PlazaBinary.run(["validate", directory.path, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("unknown key 'colour'"))
    }

    @Test("validates straight from a git URL at a ref, over authenticated smart HTTP")
    func gitURL() throws {
        let upstream = try GitFixture()
        try upstream.copyTree(from: PlazaBinary.packageRoot + "/SampleMarketplace")
        let first = try upstream.commit("sample")
        try upstream.git("rm", "-r", "--quiet", ".claude-plugin")
        try upstream.commit("break it")
        let token = "plz_cli_token_0123456789"
        let server = try GitHTTPServer(root: upstream.servedRoot, token: token)
        let environment = ["PLAZA_TEST_TOKEN": token]
        let broken = try PlazaBinary.run(["validate", server.url("upstream.git"), "--credential", "env:PLAZA_TEST_TOKEN"], environment: environment)
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("manifest.missing"))
        let pinned = try PlazaBinary.run(["validate", server.url("upstream.git"), "--ref", first, "--credential", "env:PLAZA_TEST_TOKEN", "--json"],
                                         environment: environment)
        #expect(pinned.status == 0, "\(pinned.stdout)\(pinned.stderr)")
        #expect((pinned.json?["target"] as? [String: Any])?["commit"] as? String == first)
        #expect(!pinned.stdout.contains(token) && !pinned.stderr.contains(token))
    }

    @Test("could-not-run cases exit 2 with a clear message", arguments: [
        (["validate", "/nonexistent/marketplace"], "does not exist"),
        (["validate", "http://127.0.0.1:9/x.git"], "cannot fetch"),
        (["validate", "SampleMarketplace", "--credential", "env:PLAZA_SURELY_UNSET"], "PLAZA_SURELY_UNSET is not set"),
        (["validate"], "Missing expected argument"),
    ])
    func couldNotRun(arguments: [String], message: String) throws {
        let result = try PlazaBinary.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("--json still prints a document when validation cannot run")
    func jsonFailure() throws {
        let result = try PlazaBinary.run(["validate", "/nonexistent/marketplace", "--json"])
        #expect(result.status == 2)
        #expect(result.json?["error"] as? String != nil)
        #expect(result.json?["passed"] as? Bool == false)
    }
}
