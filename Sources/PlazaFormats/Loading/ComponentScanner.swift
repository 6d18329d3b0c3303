/// Finds and parses a plugin's components: the default layout plus paths its manifest declares.
struct ComponentScanner {
    let loader: PluginLoader
    /// Plugin root from the snapshot root ("" for the root).
    let root: String
    let pluginName: String
    /// Roots of other plugins nested inside this one (a plugin at the marketplace root contains
    /// the others); their files belong to them, not to this plugin.
    var nestedPluginRoots: [String] = []
    /// Set for an Agent Plugins spec plugin (root plugin.json with an agent-plugins.org `$schema`):
    /// skills, the spec's `mcp.json` and the `com.github.copilot/` namespace, not Claude's defaults.
    var agentPluginsVersion: String?

    var resolver: PathResolver { loader.resolver }
    var limits: ParseLimits { loader.limits }
    var log: DiagnosticLog { loader.log }

    func scan(into plugin: inout LoadedPlugin, components: ComponentPaths, defaultSkills: Bool) {
        if let version = agentPluginsVersion { return scanAgentPlugin(into: &plugin, version: version) }
        var directories: [String] = defaultSkills ? skillDirectories(in: join("skills"), declared: false) : []
        for path in components.skills { directories += skillDirectories(in: join(path), declared: true) }
        plugin.skills = unique(directories).compactMap(readSkill)

        var agentFiles = components.agentsReplaceDefault ? [] : markdownFiles(in: join("agents"), declared: false)
        for path in components.agents { agentFiles += markdownFiles(in: join(path), declared: true) }
        plugin.agents = unique(agentFiles).compactMap { file in loader.read(file, limit: limits.maxMarkdownBytes).flatMap { AgentParser.parse($0, file: file, log: log, limits: limits) } }

        var commandFiles = components.commandsReplaceDefault ? [] : markdownFiles(in: join("commands"), declared: false)
        for path in components.commands { commandFiles += markdownFiles(in: join(path), declared: true) }
        plugin.commands = unique(commandFiles).compactMap { file in loader.read(file, limit: limits.maxMarkdownBytes).flatMap { CommandParser.parse($0, file: file, log: log, limits: limits) } }

        for file in configFiles(default: "hooks/hooks.json", declared: components.hooks) {
            plugin.hooks += loader.read(file, limit: limits.maxManifestBytes).map { HooksParser.parse($0, file: file, log: log, limits: limits) } ?? []
        }
        // Claude Code 2.1: an mcpServers path may name a packaged MCP server (.mcpb, or the older .dxt).
        let bundles = components.mcpServers.filter { $0.hasSuffix(".mcpb") || $0.hasSuffix(".dxt") }
        for file in configFiles(default: ".mcp.json", declared: components.mcpServers.filter { !bundles.contains($0) }) {
            plugin.mcpServers += loader.read(file, limit: limits.maxManifestBytes).map { MCPConfigParser.parse($0, file: file, log: log, limits: limits) } ?? []
        }
        for path in bundles {
            guard case .file(let file) = checkedResolve(join(path), what: "MCP bundle") else { continue }
            let name = String((file.split(separator: "/").last ?? "").split(separator: ".").first ?? "")
            plugin.mcpServers.append(MCPServerDefinition(name: name, transport: .stdio, command: "mcpb:" + path, path: file))
            log.add(Diagnostic(.info, code: "mcp.bundle", file: file,
                               message: "a packaged MCP server (\(path.hasSuffix(".dxt") ? ".dxt" : ".mcpb")); Plaza lists it but does not unpack or run it"))
        }
        for file in configFiles(default: ".lsp.json", declared: components.lspServers) {
            plugin.lspServers += loader.read(file, limit: limits.maxManifestBytes).map { LSPConfigParser.parse($0, file: file, log: log, limits: limits) } ?? []
        }
        let manifestFile = join(".claude-plugin/plugin.json")
        let inlineReporter = FileReporter(file: manifestFile, log: log)
        for node in components.inlineHooks { plugin.hooks += HooksParser.parse(node, file: manifestFile, reporter: inlineReporter) }
        for node in components.inlineMCPServers { plugin.mcpServers += MCPConfigParser.parse(node, file: manifestFile, reporter: inlineReporter) }
        for node in components.inlineLSPServers { plugin.lspServers += LSPConfigParser.parse(node, file: manifestFile, reporter: inlineReporter) }

        scanClientComponents(into: &plugin, components: components)

        scanSREDefinitions(into: &plugin)
        reportDuplicates(plugin.skills.map(\.name), kind: "skill")
        reportDuplicates(plugin.agents.map(\.name), kind: "agent")
    }

    /// An Agent Plugins spec plugin: `skills/*/SKILL.md`, the root `mcp.json` (spec format), and
    /// GitHub Copilot's namespace (`com.github.copilot/agents/*.agent.md`, `…/commands/*.md`), which
    /// VS Code and Copilot CLI read. Claude-layout parts at the root are not loaded by spec clients.
    private func scanAgentPlugin(into plugin: inout LoadedPlugin, version: String) {
        plugin.skills = unique(skillDirectories(in: join("skills"), declared: false)).compactMap(readSkill)
        let mcp = join("mcp.json")
        if case .file = resolver.resolve(mcp) {
            plugin.mcpServers = loader.read(mcp, limit: limits.maxManifestBytes).map { AgentPlugins.parseMCP($0, file: mcp, version: version, log: log, limits: limits) } ?? []
        }
        let namespace = AgentPlugins.copilotNamespace
        plugin.agents = unique(markdownFiles(in: join(namespace + "/agents"), declared: false)).compactMap { file in
            loader.read(file, limit: limits.maxMarkdownBytes).flatMap { AgentParser.parse($0, file: file, log: log, limits: limits) }
        }
        plugin.commands = unique(markdownFiles(in: join(namespace + "/commands"), declared: false)).compactMap { file in
            loader.read(file, limit: limits.maxMarkdownBytes).flatMap { CommandParser.parse($0, file: file, log: log, limits: limits) }
        }
        for (path, kind) in [("agents", "agents"), ("commands", "commands"), ("hooks/hooks.json", "hooks"), (".mcp.json", "MCP servers")] {
            let full = join(path)
            if case .missing = resolver.resolve(full) { continue }
            log.add(Diagnostic(.warning, code: "agent-plugins.layout", file: full,
                               message: "an Agent Plugins plugin's clients do not read \(kind) here; they are not indexed",
                               hint: path == ".mcp.json" ? "declare MCP servers in mcp.json (with $schema and a type per server)"
                                   : "move them under \(namespace)/\(path) (GitHub Copilot's namespace)"))
        }
        reportDuplicates(plugin.skills.map(\.name), kind: "skill")
        reportDuplicates(plugin.agents.map(\.name), kind: "agent")
    }

    func join(_ relative: String) -> String {
        RelativePath.join(root, relative) ?? relative
    }

    /// Directories holding SKILL.md: `path` itself, or its immediate subdirectories.
    private func skillDirectories(in path: String, declared: Bool) -> [String] {
        guard let directory = existingDirectory(path, declared: declared, what: "skills path") else { return [] }
        if skillFile(in: directory) != nil { return [directory] }
        return resolver.contents(of: directory).compactMap { name in
            let child = directory + "/" + name
            guard case .directory(let resolved) = checkedResolve(child, what: "skill directory") else { return nil }
            if skillFile(in: resolved) == nil {
                if let escape = escapingSkillFile(in: resolved) {
                    log.add(Diagnostic(.error, code: EscapingSymlinks.code, file: escape.link,
                                       message: "SKILL.md is a symlink to '\(escape.target)', outside the repository; skill '\(name)' is skipped and the file is not read",
                                       hint: "commit the SKILL.md itself instead of a link"))
                } else if declared || !name.hasPrefix(".") {
                    log.add(Diagnostic(.warning, code: "skill.file.missing", file: child, message: "the directory has no SKILL.md; it is not a skill",
                                       hint: "add SKILL.md with name and description frontmatter"))
                }
                return nil
            }
            return resolved
        }
    }

    /// The SKILL.md of `directory` when it is a symlink leading out of the repository.
    private func escapingSkillFile(in directory: String) -> (link: String, target: String)? {
        for name in ["SKILL.md", "skill.md"] {
            if case .escapes(let link, let target) = resolver.resolve(directory + "/" + name) { return (link, target) }
        }
        return nil
    }

    private func skillFile(in directory: String) -> String? {
        for name in ["SKILL.md", "skill.md"] {
            if case .file(let path) = resolver.resolve(directory + "/" + name) { return path }
        }
        return nil
    }

    private func readSkill(_ directory: String) -> Skill? {
        guard let file = skillFile(in: directory), let bytes = loader.read(file, limit: limits.maxMarkdownBytes) else { return nil }
        if file.hasSuffix("/skill.md") {
            log.add(Diagnostic(.info, code: "skill.file.lowercase", file: file, message: "skill file is named skill.md; SKILL.md is the convention"))
        }
        return SkillParser.parse(bytes, file: file, directory: directory, log: log, limits: limits)
    }

    /// Markdown files of a component directory (or the single file a declared path names).
    private func markdownFiles(in path: String, declared: Bool) -> [String] {
        switch checkedResolve(path, what: "component path", quietWhenMissing: !declared) {
        case .file(let file): return [file]
        case .directory(let directory):
            return resolver.contents(of: directory).compactMap { name -> String? in
                guard name.hasSuffix(".md"), name.lowercased() != "readme.md" else { return nil }
                if case .file(let file) = checkedResolve(directory + "/" + name, what: "component file") { return file }
                return nil
            }
        default: return []
        }
    }

    func configFiles(default defaultPath: String, declared: [String]) -> [String] {
        var files: [String] = []
        if case .file(let file) = checkedResolve(join(defaultPath), what: "configuration file", quietWhenMissing: true) { files.append(file) }
        for path in declared {
            if case .file(let file) = checkedResolve(join(path), what: "configuration file") { files.append(file) } else if case .directory = resolver.resolve(join(path)) {
                log.add(Diagnostic(.error, code: "path.not-file", file: join(path), message: "a configuration path must name a JSON file, not a directory"))
            }
        }
        return unique(files)
    }

    private func existingDirectory(_ path: String, declared: Bool, what: String) -> String? {
        switch checkedResolve(path, what: what, quietWhenMissing: !declared) {
        case .directory(let directory): return directory
        case .file: if declared { log.add(Diagnostic(.error, code: "path.not-directory", file: path, message: "the \(what) is a file, not a directory")) }
        default: break
        }
        return nil
    }

    /// Resolves a path and enforces that it stays inside the plugin, reporting escapes as errors.
    func checkedResolve(_ path: String, what: String, quietWhenMissing: Bool = false) -> PathResolver.Resolution {
        let resolution = resolver.resolve(path)
        switch resolution {
        case .file(let resolved), .directory(let resolved):
            if !RelativePath.isInside(resolved, root) {
                log.add(Diagnostic(.error, code: "path.symlink-escape", file: path,
                                   message: "the \(what) resolves through a symlink to '\(resolved)', outside plugin '\(pluginName)'; it is skipped",
                                   hint: "plugins are installed on their own: copy the files into the plugin instead of linking"))
                return .missing
            }
            return resolution
        case .escapes(let link, let target):
            log.add(Diagnostic(.error, code: "path.symlink-escape", file: link,
                               message: "symlink points to '\(target)', outside the repository; it is skipped",
                               hint: "replace the symlink with the files themselves"))
        case .loop(let link):
            log.add(Diagnostic(.error, code: "path.symlink-loop", file: link, message: "symlink loop; it is skipped"))
        case .missing:
            if !quietWhenMissing {
                log.add(Diagnostic(.error, code: "path.missing", file: path, message: "the \(what) declared for plugin '\(pluginName)' does not exist"))
            }
        }
        return .missing
    }

    /// Azure SRE Agent YAML anywhere in the plugin (outside dot-directories).
    private func scanSREDefinitions(into plugin: inout LoadedPlugin) {
        for entry in loader.snapshot.entries where isSRECandidate(entry) {
            guard let bytes = loader.read(entry.path, limit: limits.maxManifestBytes), SREDefinitionParser.looksLikeDefinition(bytes) else { continue }
            switch SREDefinitionParser.parse(bytes, file: entry.path, log: log, limits: limits) {
            case .agent(let agent)?: plugin.agents.append(agent)
            case .skill(let skill)?: plugin.skills.append(skill)
            case .skillExport(var skill, let contentPath)?:
                let directory = entry.path.split(separator: "/").dropLast().joined(separator: "/")
                if let file = RelativePath.join(directory, contentPath), RelativePath.isInside(file, root),
                   case .file(let resolved) = checkedResolve(file, what: "skillContent file"),
                   let content = loader.read(resolved, limit: limits.maxMarkdownBytes) {
                    skill.body = (try? TextDecoding.decode(content)) ?? ""
                    plugin.skills.append(skill)
                } else {
                    log.add(Diagnostic(.error, code: "sre.skill-content.missing", file: entry.path,
                                       message: "skillContent '\(contentPath)' is not a file inside the plugin; skill '\(skill.name)' is skipped"))
                }
            case nil: break
            }
        }
    }

    private func isSRECandidate(_ entry: SnapshotEntry) -> Bool {
        guard entry.path.hasSuffix(".yaml") || entry.path.hasSuffix(".yml"), RelativePath.isInside(entry.path, root),
              !nestedPluginRoots.contains(where: { RelativePath.isInside(entry.path, $0) }) else { return false }
        if case .symlink = entry.kind { return false }
        let relative = root.isEmpty ? entry.path : String(entry.path.dropFirst(root.count + 1))
        return !relative.split(separator: "/").contains { $0.hasPrefix(".") }
    }

    func reportDuplicates(_ names: [String], kind: String) {
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            log.add(Diagnostic(.warning, code: "\(kind).duplicate", file: root.isEmpty ? "." : root,
                               message: "plugin '\(pluginName)' has two \(kind)s named '\(name)'; clients will load only one"))
        }
    }

    func unique(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }
}
