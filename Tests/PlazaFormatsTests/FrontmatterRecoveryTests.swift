import PlazaFormats
import Testing

/// Frontmatter read the way Claude Code 2.1.332 reads it (each case checked against its
/// `claude plugin validate`; the parity fixtures keep the main ones checked).
@Suite("Frontmatter recovery as Claude Code reads it")
struct FrontmatterRecoveryTests {
    @Test("a value with ': ' is quoted on retry, and the line is reported")
    func colonValue() throws {
        let document = try Frontmatter.parse("---\nname: triage\ndescription: Use when: an alert fires\n---\nBody.\n")
        #expect(document.frontmatter?["description"]?.string == "Use when: an alert fires")
        let recovery = try #require(document.recovery)
        #expect(recovery.quotedLines == [.init(line: 3, key: "description")])
        #expect(recovery.tabLines.isEmpty)
    }

    @Test("values with special characters are quoted; quotes and backslashes escaped",
          arguments: [("He said \"hi\": ok", "He said \"hi\": ok"), ("[unclosed", "[unclosed"), ("'quoted' and: more", "'quoted' and: more"),
                      ("\"a\" b: c", "\"a\" b: c"), ("C:\\dir: x", "C:\\dir: x")])
    func specialCharacters(value: String, expected: String) throws {
        let document = try Frontmatter.parse("---\nname: s\ndescription: \(value)\n---\n")
        #expect(document.frontmatter?["description"]?.string == expected)
        #expect(document.recovery != nil)
    }

    @Test("lines that already parse stay as written: flow lists, quoted values, the other keys")
    func untouched() throws {
        let document = try Frontmatter.parse("---\nname: s\ndescription: d: e\nallowed-tools: [Read, Grep]\nmodel: \"x\"\n---\n")
        #expect(document.frontmatter?["allowed-tools"]?.elements?.compactMap(\.string) == ["Read", "Grep"])
        #expect(document.frontmatter?["model"]?.string == "x")
        #expect(document.recovery?.quotedLines.map(\.key) == ["description"])
    }

    @Test("valid YAML is not retried, even with characters the retry would quote")
    func validNotRetried() throws {
        let document = try Frontmatter.parse("---\nname: s\ndescription: Fix #12 now\n---\n")
        #expect(document.recovery == nil)
        #expect(document.frontmatter?["description"]?.string == "Fix")  // '#' starts a comment, as in any YAML reader
    }

    @Test("leading tabs become two spaces each")
    func tabs() throws {
        let document = try Frontmatter.parse("---\nname: s\ndescription: d\nallowed-tools:\n\t- Read\n\t- Grep\n---\n")
        #expect(document.frontmatter?["allowed-tools"]?.elements?.compactMap(\.string) == ["Read", "Grep"])
        #expect(document.recovery?.tabLines == [5, 6])
    }

    @Test("still unreadable after the retry: the error as written",
          arguments: ["description: \"unterminated", "description: Use when asked.\n  Example: user: \"hi\"", "key2: a: b",
                      "metadata:\n  owner: a: b", "description: |\n  multi: line\nx: a: b"])
    func unrecoverable(yaml: String) {
        #expect(throws: ParseError.self) { try Frontmatter.parse("---\nname: s\n\(yaml)\n---\nbody\n") }
    }

    @Test("agents and commands Claude Code loads are kept: recovered, without frontmatter, without description, unreadable")
    func agentsKept() throws {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/agents/colon.md": "---\nname: colon\ndescription: Use this agent when: the user asks\n---\nYou review.\n",
            "p/agents/bare.md": "You review code.\n",
            "p/agents/nodesc.md": "---\nname: nodesc\nmodel: sonnet\n---\nYou review.\n",
            "p/agents/broken.md": "---\nname: broken\ndescription: \"Reviews\n---\nYou review.\n",
            "p/commands/deploy.md": "---\ndescription: Deploy: pushes the build\n---\nDeploy.\n",
            "p/commands/broken.md": "---\ndescription: \"oops\n---\nFix it.\n",
        ])
        let plugin = try #require(report.plugin("p"))
        #expect(plugin.agents.map(\.name).sorted() == ["bare", "broken", "colon", "nodesc"])
        #expect(plugin.agents.first { $0.name == "colon" }?.description == "Use this agent when: the user asks")
        #expect(plugin.agents.first { $0.name == "broken" }?.body == "You review.\n")
        #expect(plugin.commands.map(\.name).sorted() == ["broken", "deploy"])
        #expect(plugin.commands.first { $0.name == "deploy" }?.description == "Deploy: pushes the build")
        let recovered = report.diagnostics("frontmatter.recovered")
        #expect(recovered.map(\.file).sorted() == ["p/agents/colon.md", "p/commands/deploy.md"])
        #expect(recovered.allSatisfy { $0.severity == .warning && $0.pointer == "/description" })
        #expect(recovered.map { $0.location?.line } == [3, 2])  // the line of the quoted value in each file
        #expect(report.diagnostics("agent.frontmatter.missing").map(\.severity) == [.warning])
        #expect(report.diagnostics("agent.description.missing").map(\.file) == ["p/agents/nodesc.md"])
        #expect(report.diagnostics("yaml.syntax").map(\.file).sorted() == ["p/agents/broken.md", "p/commands/broken.md"])
        #expect(!report.passed)  // unreadable YAML stays an error, as in claude plugin validate
    }

    @Test("a skill whose frontmatter is recovered loads with its description")
    func skillRecovered() throws {
        let report = load([manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
                           "p/skills/triage/SKILL.md": skill("triage", description: "Use when: an alert fires")])
        #expect(report.passed, "\(report.diagnostics)")
        #expect(report.plugin("p")?.skills.first?.description == "Use when: an alert fires")
        #expect(report.diagnostics("frontmatter.recovered").count == 1)
    }

    @Test("shell must be bash or powershell, in skills and commands")
    func shell() {
        let report = load([
            manifestPath: marketplace(#"{"name": "p", "source": "./p"}"#),
            "p/skills/run/SKILL.md": skill("run", extra: "shell: zsh\n"),
            "p/skills/ok/SKILL.md": skill("ok", extra: "shell: PowerShell\n"),
            "p/commands/check.md": "---\ndescription: Check\nshell: fish\n---\nRun.\n",
        ])
        #expect(report.diagnostics("shell.invalid").map(\.file).sorted() == ["p/commands/check.md", "p/skills/run/SKILL.md"])
        #expect(report.diagnostics("shell.invalid").allSatisfy { $0.severity == .error && $0.pointer == "/shell" })
        #expect(report.plugin("p")?.skills.count == 2)  // the install still works: the skill is kept
    }
}
