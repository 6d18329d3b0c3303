import PlazaFormats
import Testing

/// Output styles, LSP servers, monitors and channels, read as Claude Code 2.1.332 loads them.
@Suite("Output styles, LSP servers, monitors, channels")
struct ClientComponentsTests {
    static let plugin = "plugins/ops/"

    static func layout(_ manifest: String, _ files: [String: String] = [:], entry: String = "") -> [String: String] {
        var layout = [manifestPath: marketplace(#"{"name": "ops", "source": "./plugins/ops"\#(entry)}"#),
                      plugin + ".claude-plugin/plugin.json": #"{"name": "ops", "version": "1.0.0"\#(manifest)}"#]
        for (path, text) in files { layout[plugin + path] = text }
        return layout
    }

    @Test("the default places: output-styles/, .lsp.json, monitors/monitors.json, and channels bound to MCP servers")
    func defaultLayout() throws {
        let report = load(Self.layout(#", "mcpServers": {"chat": {"command": "node", "args": ["chat.js"]}}, "channels": [{"server": "chat", "displayName": "Team chat", "userConfig": {"room": {"type": "string", "title": "Room", "description": "Where to listen."}}}]"#, [
            "output-styles/terse.md": "---\nname: terse\ndescription: Short answers only\nkeep-coding-instructions: true\n---\nAnswer in one line.\n",
            "output-styles/teaching/explain.md": "# Explain every step\n\nTeach as you go.\n",
            "output-styles/notes.txt": "not a style",
            ".lsp.json": #"{"gopls": {"command": "gopls", "args": ["serve"], "extensionToLanguage": {".go": "go", ".mod": "go.mod"}, "env": {"GOFLAGS": "-mod=mod"}}}"#,
            "monitors/monitors.json": #"[{"name": "ci", "command": "\"${CLAUDE_PLUGIN_ROOT}\"/watch-ci.sh", "description": "Watch CI", "when": "on-skill-invoke:deploy"}]"#,
        ]))
        #expect(report.passed, "\(report.diagnostics.map(\.message))")
        let plugin = try #require(report.plugin("ops"))
        #expect(plugin.outputStyles.map(\.name).sorted() == ["explain", "terse"])
        let terse = try #require(plugin.outputStyles.first { $0.name == "terse" })
        #expect(terse.description == "Short answers only" && terse.keepCodingInstructions && terse.body == "Answer in one line.")
        #expect(plugin.outputStyles.first { $0.name == "explain" }?.description == "Explain every step", "no description: the first heading, as Claude Code does")
        let lsp = try #require(plugin.lspServers.first)
        #expect(lsp.command == "gopls" && lsp.args == ["serve"] && lsp.languages == ["go", "go.mod"] && lsp.envKeys == ["GOFLAGS"])
        #expect(plugin.monitors == [MonitorDefinition(name: "ci", command: "\"${CLAUDE_PLUGIN_ROOT}\"/watch-ci.sh", description: "Watch CI",
                                                      when: "on-skill-invoke:deploy", path: Self.plugin + "monitors/monitors.json")])
        #expect(plugin.channels.map(\.server) == ["chat"] && plugin.channels.first?.displayName == "Team chat")
        #expect(plugin.channels.first?.userConfigKeys == ["room"])
        let summary = report.summary
        #expect([summary.outputStyles, summary.lspServers, summary.monitors, summary.channels] == [2, 1, 1, 1])
        #expect(plugin.runsCommands)
        #expect(plugin.localCommands.contains("monitor ci: \"${CLAUDE_PLUGIN_ROOT}\"/watch-ci.sh"))
        #expect(plugin.localCommands.contains("LSP server gopls: gopls serve"))
    }

    @Test("plugin.json outputStyles replaces the default folder; a declared .md file loads; the entry's paths add")
    func declaredOutputStyles() throws {
        let report = load(Self.layout(#", "outputStyles": ["./styles", "./one/brief.md"]"#, [
            "styles/formal.md": "---\nname: formal\ndescription: Formal tone\n---\nBe formal.\n",
            "one/brief.md": "Be brief.\n",
            "output-styles/ignored.md": "---\nname: ignored\n---\nx\n",
            "extra/casual.md": "Be casual.\n",
        ], entry: #", "outputStyles": "./extra""#))
        #expect(report.passed, "\(report.diagnostics.map(\.message))")
        #expect(report.plugin("ops")?.outputStyles.map(\.name).sorted() == ["brief", "casual", "formal"])
    }

    @Test("experimental.monitors wins over monitors; the top-level key is warned about, as Claude Code does")
    func experimentalMonitors() throws {
        let report = load(Self.layout(#", "monitors": [{"name": "old", "command": "a", "description": "A"}], "experimental": {"monitors": [{"name": "new", "command": "b", "description": "B"}]}"#))
        #expect(report.plugin("ops")?.monitors.map(\.name) == ["new"])
        let top = load(Self.layout(#", "monitors": "./watch/monitors.json""#, ["watch/monitors.json": #"[{"name": "logs", "command": "tail -F app.log", "description": "Tail the log"}]"#]))
        #expect(top.plugin("ops")?.monitors.map(\.name) == ["logs"])
        #expect(top.diagnostics("monitors.top-level").first?.severity == .warning)
    }

    @Test("one bad monitor loads none of them, with the file, pointer and line of each problem")
    func badMonitors() throws {
        let report = load(Self.layout("", ["monitors/monitors.json": """
            [{"name": "ok", "command": "a", "description": "A"},
             {"name": "bad", "command": "b", "description": "B", "when": "sometimes", "shell": "zsh"}]
            """]))
        #expect(report.plugin("ops")?.monitors == [])
        #expect(!report.passed)
        let when = try #require(report.diagnostics("monitor.when.invalid").first)
        #expect(when.file == Self.plugin + "monitors/monitors.json" && when.pointer == "/1/when" && when.location?.line == 2)
        #expect(when.message.contains("loads none"))
        #expect(report.diagnostics("monitor.key.unknown").first?.pointer == "/1/shell")

        let wrapped = load(Self.layout("", ["monitors/monitors.json": #"{"monitors": [{"name": "a", "command": "a", "description": "A"}]}"#]))
        #expect(wrapped.diagnostics("monitors.shape").first?.hint?.contains("wrapper") == true)
        let duplicate = load(Self.layout(#", "experimental": {"monitors": [{"name": "a", "command": "a", "description": "A"}, {"name": "a", "command": "b", "description": "B"}]}"#))
        #expect(duplicate.diagnostics("monitor.duplicate").first?.file == Self.plugin + ".claude-plugin/plugin.json")
    }

    @Test("LSP servers: a bad server in a file loads none of the file; a bad inline server is dropped alone")
    func lspRules() throws {
        let file = load(Self.layout("", [".lsp.json": #"{"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}, "ts": {"command": "typescript-language-server --stdio"}}"#]))
        #expect(file.plugin("ops")?.lspServers == [])
        #expect(file.diagnostics("lsp.command.spaces").first?.pointer == "/ts/command")
        #expect(file.diagnostics("lsp.extensions.missing").first?.message.contains("none of the servers in this file") == true)

        let wrapped = load(Self.layout("", [".lsp.json": #"{"lspServers": {"go": {"command": "gopls", "extensionToLanguage": {".go": "go"}}}}"#]))
        #expect(wrapped.plugin("ops")?.lspServers == [] && wrapped.diagnostics("lsp.wrapped").count == 1)

        let inline = load(Self.layout(#", "lspServers": {"rust": {"command": "/opt/rust analyzer/bin/ra", "extensionToLanguage": {".rs": "rust"}, "transport": "socket"}, "bad": {"command": "x", "extensionToLanguage": {"py": "python"}, "colour": "red"}}"#))
        #expect(inline.plugin("ops")?.lspServers.map(\.name) == ["rust"], "an absolute command may hold spaces")
        #expect(inline.plugin("ops")?.lspServers.first?.transport == "socket")
        #expect(inline.diagnostics("lsp.extensions.invalid").first?.pointer == "/lspServers/bad/extensionToLanguage/py")
        #expect(inline.diagnostics("lsp.key.unknown").first?.pointer == "/lspServers/bad/colour")
    }

    @Test("channels: an unknown key is an error, a server the plugin lacks a warning, a non-array an error")
    func channels() throws {
        let report = load(Self.layout(#", "mcpServers": {"chat": {"command": "node"}}, "channels": [{"server": "chat"}, {"server": "pager"}, {"server": "chat2", "room": "ops"}]"#))
        #expect(report.plugin("ops")?.channels.map(\.server) == ["chat", "pager"])
        #expect(report.diagnostics("channel.server.unknown").first?.pointer == "/channels/1/server")
        #expect(report.diagnostics("channel.key.unknown").first?.pointer == "/channels/2/room")
        let object = load(Self.layout(#", "channels": {"server": "chat"}"#))
        #expect(object.diagnostics("type.mismatch").contains { $0.pointer == "/channels" && $0.severity == .error })
    }

    @Test("an entry's monitors and channels are ignored once plugin.json exists, and said so")
    func entryDeclarationsIgnored() throws {
        let report = load(Self.layout("", entry: #", "channels": [{"server": "x"}], "experimental": {"monitors": [{"name": "m", "command": "c", "description": "d"}]}"#))
        #expect(report.plugin("ops")?.monitors == [] && report.plugin("ops")?.channels == [])
        #expect(report.diagnostics("entry.field.ignored").count == 2)
        // Without plugin.json, the entry is the manifest.
        let bare = load([manifestPath: marketplace(#"{"name": "ops", "source": "./plugins/ops", "strict": false, "experimental": {"monitors": [{"name": "m", "command": "c", "description": "d"}]}}"#),
                         Self.plugin + "README.md": "ops"])
        #expect(bare.plugin("ops")?.monitors.map(\.name) == ["m"])
        #expect(bare.plugin("ops")?.monitors.first?.path == manifestPath)
    }

    @Test("hostile paths and files: traversal, missing ./, not JSON, links out of the plugin, oversized styles")
    func hostileInput() throws {
        let paths = load(Self.layout(#", "outputStyles": "../../etc", "lspServers": "./lsp.yaml", "experimental": {"monitors": "monitors.json"}"#))
        #expect(paths.diagnostics("path.unsafe").first?.pointer == "/outputStyles")
        #expect(paths.diagnostics("path.not-json").first?.pointer == "/lspServers")
        #expect(paths.diagnostics("path.dot-slash").first?.pointer == "/experimental/monitors")

        let snapshot = InMemorySnapshot(Self.layout("", ["output-styles/ok.md": "Fine.\n", "output-styles/passwd.md": "-> /etc/passwd",
                                                         "output-styles/README.md": "# About these styles\n"]),
                                        binary: [Self.plugin + "output-styles/huge.md": Array(repeating: 0x61, count: 2_000_000)])
        let report = MarketplaceLoader(snapshot: snapshot).load()
        #expect(report.plugin("ops")?.outputStyles.map(\.name) == ["README", "ok"])
        #expect(report.diagnostics("file.too-large").first?.file == Self.plugin + "output-styles/huge.md")
        #expect(report.diagnostics("output-style.readme").count == 1)
        #expect(report.diagnostics("path.symlink-escape").contains { $0.file == Self.plugin + "output-styles/passwd.md" })
    }
}
