/// Reads the fields plugin.json and marketplace plugin entries share: metadata and component paths.
struct PluginFieldsReader {
    static let metadataKeys: Set<String> = [
        "name", "displayName", "description", "version", "author", "homepage", "repository", "license",
        "keywords", "category", "tags", "dependencies", "$schema",
    ]
    static let componentKeys: Set<String> = ["skills", "commands", "agents", "hooks", "mcpServers", "lspServers", "outputStyles", "userConfig"]
    /// Keys Claude Code 2.1.x added (FORMATS.md §7): accepted, checked for type, never run.
    static let claude21Keys: Set<String> = [
        "defaultEnabled", "engines", "network", "themes", "workflows", "channels", "monitors", "settings", "binaries", "experimental",
        "optionalDependencies",
    ]

    let object: ObjectReader

    func metadata(name: String) -> PluginMetadata {
        var metadata = PluginMetadata(name: name)
        metadata.displayName = object.string("displayName")
        metadata.description = object.string("description")
        metadata.version = object.string("version")
        metadata.author = person("author")
        metadata.homepage = object.string("homepage")
        metadata.repository = repository()
        metadata.license = object.string("license")
        metadata.keywords = object.stringList("keywords") ?? []
        metadata.category = object.string("category")
        metadata.tags = object.stringList("tags") ?? []
        metadata.requires = requirements("dependencies", optional: false) + requirements("optionalDependencies", optional: true)
        metadata.dependencies = metadata.requires.filter { !$0.optional }.map(\.name)
        metadata.defaultEnabled = object.bool("defaultEnabled")
        metadata.networkHosts = networkHosts()
        metadata.userConfig = userConfig()
        for member in object["engines"]?.members ?? [] {
            if let range = member.value.string { metadata.engines[member.key] = range }
        }
        metadata.themes = declaredPaths("themes")
        metadata.workflows = declaredPaths("workflows")
        metadata.binaries = declaredPaths("binaries")
        metadata.settingsKeys = (object["settings"]?.members ?? []).map(\.key).sorted()
        for key in ["engines", "settings", "experimental"] where object[key] != nil && object[key]?.members == nil {
            object.reporter.warning("type.mismatch", "\(object.subject): '\(key)' must be an object, found \(object[key]!.typeName); ignored", at: object[key])
        }
        return metadata
    }

    /// A key holding a path or a list of paths (or inline objects, shown by their `name` or `path`).
    private func declaredPaths(_ key: String) -> [String] {
        guard let node = object[key], !node.isNull else { return [] }
        let items = node.elements ?? [node]
        return items.compactMap { item in item.string ?? item["name"]?.string ?? item["path"]?.string }
    }

    /// `network.hosts`: the hosts the plugin says it reaches.
    private func networkHosts() -> [String] {
        guard let node = object["network"], !node.isNull else { return [] }
        guard let reader = ObjectReader(node, reporter: object.reporter, subject: "'network'") else { return [] }
        return reader.stringList("hosts") ?? []
    }

    /// `userConfig`: the options a user is asked for at install, and which are sensitive.
    private func userConfig() -> [UserConfigOption] {
        guard let node = object["userConfig"], !node.isNull else { return [] }
        guard let members = node.members else {
            object.reporter.warning("type.mismatch", "\(object.subject): 'userConfig' must be an object of options, found \(node.typeName); ignored", at: node)
            return []
        }
        return members.compactMap { member in
            let option = member.value
            // Claude Code 2.1.332 refuses an option without a string title and description.
            let missing = ["title", "description"].filter { option[$0]?.string == nil }
            guard option.members != nil, missing.isEmpty else {
                object.reporter.error("userConfig.option.invalid",
                                      "\(object.subject): userConfig option '\(member.key)' needs \(option.members == nil ? "to be an object with " : "")a string \(missing.joined(separator: " and ")); Claude Code refuses the plugin",
                                      at: option, hint: "give each option a \"title\" and a \"description\"")
                return nil
            }
            let sensitive = option["sensitive"]?.bool ?? false
            return UserConfigOption(name: member.key, type: option["type"]?.string, title: option["title"]?.string,
                                    description: option["description"]?.string, sensitive: sensitive, required: option["required"]?.bool ?? false)
        }
    }

    func person(_ key: String) -> Person? {
        guard let node = object[key], !node.isNull else { return nil }
        if let name = node.string { return Person(name: name) }  // "author": "Jane" is common in the wild
        guard let reader = ObjectReader(node, reporter: object.reporter, subject: "'\(key)'") else { return nil }
        reader.warnUnknownKeys(["name", "email", "url"])
        guard let name = reader.string("name", required: true) else { return nil }
        return Person(name: name, email: reader.string("email"), url: reader.string("url"))
    }

    /// `repository` is a URL string, or npm's `{"type","url"}` object.
    private func repository() -> String? {
        guard let node = object["repository"] else { return nil }
        if let url = node["url"]?.string { return url }
        return object.string("repository")
    }

    /// `dependencies` / `optionalDependencies`: strings (`name`, `name@marketplace`) or objects
    /// `{name, version, marketplace}`; an npm-style `{"name": "range"}` map is read too.
    private func requirements(_ key: String, optional: Bool) -> [PluginDependency] {
        guard let node = object[key], !node.isNull else { return [] }
        if let members = node.members {
            return members.map { PluginDependency(name: $0.key, version: $0.value.string.flatMap { $0 == "*" ? nil : $0 }, optional: optional) }
        }
        guard let elements = node.elements else {
            object.reporter.warning("type.mismatch", "\(object.subject): '\(key)' must be an array, found \(node.typeName); ignored", at: node)
            return []
        }
        return elements.compactMap { element -> PluginDependency? in
            var dependency: PluginDependency
            if let text = element.string {
                let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
                dependency = PluginDependency(name: parts[0], marketplace: parts.count == 2 ? parts[1] : nil, optional: optional)
            } else if let reader = ObjectReader(element, reporter: object.reporter, subject: "a '\(key)' entry"), let name = reader.string("name", required: true) {
                reader.warnUnknownKeys(["name", "version", "marketplace"])
                dependency = PluginDependency(name: name, marketplace: reader.string("marketplace"), version: reader.string("version"), optional: optional)
            } else {
                return nil
            }
            if let range = dependency.version, SemverRange(range) == nil {
                object.reporter.error("dependency.version.invalid", "\(object.subject): dependency '\(dependency.name)' has version '\(range)', which is not a semver range",
                                      at: element, hint: "use a range such as \"~2.1.0\" or \"^2.0\"")
                return nil
            }
            if dependency.name.isEmpty || NameRules.problem(withIdentifier: dependency.name) != nil {
                object.reporter.error("dependency.name.invalid", "\(object.subject): dependency '\(dependency.name)' is not a plugin name", at: element)
                return nil
            }
            return dependency
        }
    }

    /// Component paths, each checked as a relative path inside the plugin.
    func components() -> ComponentPaths {
        var paths = ComponentPaths()
        paths.skills = pathList("skills")
        paths.commands = pathList("commands")
        paths.agents = pathList("agents")
        (paths.hooks, paths.inlineHooks) = pathsOrInline("hooks")
        (paths.mcpServers, paths.inlineMCPServers) = pathsOrInline("mcpServers")
        (paths.lspServers, paths.inlineLSPServers) = pathsOrInline("lspServers")
        paths.outputStyles = pathList("outputStyles")
        paths.monitors = monitors()
        paths.channels = channels()
        return paths
    }

    /// `experimental.monitors`, else `monitors` (Claude Code 2.1.332 reads both, the first winning):
    /// a `./…json` path or the array itself.
    private func monitors() -> ComponentPaths.Monitors? {
        let experimental = object["experimental"]?.members != nil ? object["experimental"]?["monitors"] : nil
        guard let node = experimental ?? object["monitors"], !node.isNull else { return nil }
        if experimental == nil {
            object.reporter.warning("monitors.top-level", "\(object.subject): 'monitors' is experimental in Claude Code 2.1; it asks for 'experimental.monitors' and will stop reading the top-level key",
                                    at: node, hint: "move it: \"experimental\": {\"monitors\": …}")
        }
        if node.elements != nil { return .inline(.init(node: node, file: object.reporter.file)) }
        guard node.string != nil else {
            object.reporter.error("type.mismatch", "\(object.subject): 'monitors' must be a path to a JSON file or an array of monitors, found \(node.typeName); Claude Code refuses the plugin",
                                  at: node)
            return nil
        }
        return checkedPath(node, key: "monitors").map { .path($0) }
    }

    /// `channels`: an array of `{server, displayName?, userConfig?}`, checked by ``ChannelsParser``.
    private func channels() -> ComponentPaths.InlineDeclaration? {
        guard let node = object["channels"], !node.isNull else { return nil }
        guard node.elements != nil else {
            object.reporter.error("type.mismatch", "\(object.subject): 'channels' must be an array, found \(node.typeName); Claude Code refuses the plugin", at: node,
                                  hint: "write \"channels\": [{\"server\": \"<an MCP server of this plugin>\"}]")
            return nil
        }
        return .init(node: node, file: object.reporter.file)
    }

    private func pathList(_ key: String) -> [String] {
        guard let node = object[key], !node.isNull else { return [] }
        let nodes = node.elements ?? [node]
        return nodes.compactMap { checkedPath($0, key: key) }
    }

    private func pathsOrInline(_ key: String) -> ([String], [Node]) {
        guard let node = object[key], !node.isNull else { return ([], []) }
        var paths: [String] = [], inline: [Node] = []
        for element in node.elements ?? [node] {
            if element.members != nil { inline.append(element) } else if let path = checkedPath(element, key: key) { paths.append(path) }
        }
        return (paths, inline)
    }

    private func checkedPath(_ node: Node, key: String) -> String? {
        guard let path = node.string else {
            object.reporter.warning("type.mismatch", "\(object.subject): '\(key)' entries must be paths (strings), found \(node.typeName); ignored", at: node)
            return nil
        }
        let problems = RelativePath.problems(path)
        if let security = problems.first(where: \.isSecurity) {
            object.reporter.error("path.unsafe", "\(object.subject): \(key) path '\(path)' \(security.message)", at: node,
                                  hint: "component paths must be relative to the plugin root and start with './'")
            return nil
        }
        if problems.contains(.missingDotSlash) {
            object.reporter.error("path.dot-slash", "\(object.subject): \(key) path '\(path)' \(RelativePath.Problem.missingDotSlash.message); Claude Code refuses the plugin",
                                  at: node, hint: "write './\(path)'")
            return nil
        }
        if ["monitors", "lspServers"].contains(key), !path.hasSuffix(".json") {
            object.reporter.error("path.not-json", "\(object.subject): \(key) path '\(path)' must name a .json file; Claude Code refuses the plugin",
                                  at: node, hint: "point it at the JSON file, e.g. './\(key == "monitors" ? "monitors/monitors" : "lsp").json'")
            return nil
        }
        if key == "agents", !path.hasSuffix(".md") {
            object.reporter.error("path.agents.not-markdown", "\(object.subject): agents path '\(path)' must name a .md file; Claude Code refuses a directory here",
                                  at: node, hint: "list each agent file, e.g. './\(RelativePath.normalise(path) ?? path)/reviewer.md', or move them to agents/")
            return nil
        }
        return RelativePath.normalise(path)
    }
}
