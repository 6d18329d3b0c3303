/// Reads one plugin from a snapshot: its root, plugin.json, and every component.
struct PluginLoader {
    let snapshot: any SourceSnapshot
    let resolver: PathResolver
    let limits: ParseLimits
    let log: DiagnosticLog

    /// Loads a plugin listed in a marketplace.
    func load(_ entry: PluginEntry, manifestPath: String, siblings: [PluginEntry] = []) -> LoadedPlugin {
        let reporter = FileReporter(file: manifestPath, log: log)
        guard case .relative(let path) = entry.source else {
            reporter.info("source.external", "plugin '\(entry.name)' comes from \(entry.source.kind) source \(entry.source.summary); validate does not fetch it",
                          pointer: entry.pointer + "/source")
            var plugin = LoadedPlugin(metadata: entry.metadata, source: entry.source, status: .external, root: nil, strict: entry.strict)
            plugin.headersHelper = entry.headersHelper
            return plugin
        }
        var plugin = LoadedPlugin(metadata: entry.metadata, source: entry.source, status: .failed, root: nil, strict: entry.strict)
        plugin.headersHelper = entry.headersHelper
        guard let root = resolveDirectory(path, within: "", label: "plugin '\(entry.name)' source './\(path)'",
                                          reporter: reporter, pointer: entry.pointer + "/source") else { return plugin }
        plugin.root = root
        plugin.status = .loaded
        var components = entry.components
        var agentPluginsVersion: String?
        if let manifestFile = ManifestLocations.first([ManifestLocations.plugin[0]], in: root, resolver: resolver).first
            ?? (root.isEmpty ? nil : ManifestLocations.first(ManifestLocations.plugin, in: root, resolver: resolver).first) {
            guard let (manifest, specVersion) = readManifest(manifestFile) else {
                plugin.status = .failed
                return plugin
            }
            plugin.hasManifest = true
            agentPluginsVersion = specVersion
            if manifest.metadata.name != entry.name {
                FileReporter(file: manifestFile, log: log).warning(
                    "plugin.name.mismatch", "plugin.json names the plugin '\(manifest.metadata.name)' but the marketplace lists it as '\(entry.name)'",
                    pointer: "/name", hint: "use the same name in both; the marketplace name is used")
            }
            if let declared = entry.metadata.version, let actual = manifest.metadata.version, declared != actual {
                reporter.warning("plugin.version.mismatch",
                                 "plugin entry '\(entry.name)' declares version '\(declared)' but \(manifestFile) says '\(actual)'; plugin.json wins, as in Claude Code",
                                 pointer: entry.pointer + "/version", hint: "set the entry's version to '\(actual)', or remove it")
            }
            var metadata = manifest.metadata.filling(from: entry.metadata)
            metadata.name = entry.name
            plugin.metadata = metadata
            components.merge(manifest.components)
            // Claude Code reads monitors and channels from plugin.json alone once it exists.
            for (key, declared) in [("monitors", entry.components.monitors != nil), ("channels", entry.components.channels != nil)] where declared {
                reporter.warning("entry.field.ignored", "plugin entry '\(entry.name)' declares '\(key)', which Claude Code ignores because the plugin has \(manifestFile)",
                                 pointer: entry.pointer + "/" + key, hint: "declare '\(key)' in \(manifestFile)")
            }
            components.monitors = manifest.components.monitors
            components.channels = manifest.components.channels
        } else if entry.strict, !root.isEmpty {
            // Allowed (plugin.json is optional), but worth knowing when the entry says strict.
            FileReporter(file: manifestPath, log: log).info(
                "plugin.manifest.absent", "plugin '\(entry.name)' has no .claude-plugin/plugin.json; the marketplace entry describes it",
                pointer: entry.pointer)
        }
        let onlyListedSkills = !entry.strict && !entry.components.skills.isEmpty
        var scanner = ComponentScanner(loader: self, root: root, pluginName: entry.name)
        scanner.agentPluginsVersion = agentPluginsVersion
        scanner.nestedPluginRoots = siblings.compactMap { sibling -> String? in
            guard sibling.name != entry.name, case .relative(let path) = sibling.source, path != root,
                  RelativePath.isInside(path, root) else { return nil }
            return path
        }
        scanner.scan(into: &plugin, components: components, defaultSkills: !onlyListedSkills)
        return plugin
    }

    /// Loads a repository that holds a single plugin (plugin.json, no marketplace).
    func loadStandalone(root: String, manifestPath: String) -> LoadedPlugin? {
        guard let (manifest, specVersion) = readManifest(manifestPath) else { return nil }
        var plugin = LoadedPlugin(metadata: manifest.metadata, source: .relative(path: root), status: .loaded, root: root)
        plugin.hasManifest = true
        var scanner = ComponentScanner(loader: self, root: root, pluginName: manifest.metadata.name)
        scanner.agentPluginsVersion = specVersion
        scanner.scan(into: &plugin, components: manifest.components, defaultSkills: true)
        return plugin
    }

    /// The manifest at `path`, and the Agent Plugins spec version when it is a root `plugin.json`
    /// with an agent-plugins.org `$schema` (read by the spec's rules, not Claude's).
    private func readManifest(_ path: String) -> (PluginManifest, String?)? {
        guard let bytes = read(path, limit: limits.maxManifestBytes) else { return nil }
        let atRoot = (path == "plugin.json" || path.hasSuffix("/plugin.json"))
            && !ManifestLocations.plugin.contains { $0 != "plugin.json" && (path == $0 || path.hasSuffix("/" + $0)) }
        if atRoot, AgentPlugins.declaredVersion(bytes) != nil {
            return AgentPlugins.parseManifest(bytes, file: path, log: log, limits: limits).map { ($0.0, Optional($0.1)) }
        }
        return PluginManifestParser.parse(bytes, file: path, log: log, limits: limits).map { ($0, nil) }
    }

    /// Resolves a directory path (following symlinks) and checks it stays inside `boundary`.
    func resolveDirectory(_ path: String, within boundary: String, label: String, reporter: FileReporter, pointer: String = "") -> String? {
        switch resolver.resolve(path) {
        case .directory(let resolved):
            guard RelativePath.isInside(resolved, boundary) else {
                reporter.error("path.symlink-escape", "\(label) resolves through a symlink to '\(resolved)', outside \(boundary.isEmpty ? "the repository" : "'\(boundary)'")",
                               pointer: pointer, hint: "replace the symlink with the files themselves")
                return nil
            }
            return resolved
        case .file:
            reporter.error("path.not-directory", "\(label) is a file, not a directory", pointer: pointer)
        case .missing:
            reporter.error("path.missing", "\(label) does not exist", pointer: pointer, hint: "check the path and that the directory is committed")
        case .escapes(let link, let target):
            reporter.error("path.symlink-escape", "\(label) goes through symlink '\(link)' -> '\(target)', which points outside the repository",
                           pointer: pointer, hint: "replace the symlink with the files themselves")
        case .loop(let link):
            reporter.error("path.symlink-loop", "\(label) goes through a symlink loop at '\(link)'", pointer: pointer)
        }
        return nil
    }

    /// Reads a file, reporting size limits and unreadable files against the file itself.
    func read(_ path: String, limit: Int) -> [UInt8]? {
        do {
            return try snapshot.read(path, limit: limit)
        } catch SnapshotError.tooLarge(let size, let limit) {
            log.add(Diagnostic(.error, code: "file.too-large", file: path, message: "the file is \(size) bytes, over the limit of \(limit); it was not read"))
        } catch {
            log.add(Diagnostic(.error, code: "file.unreadable", file: path, message: "could not read the file: \(error)"))
        }
        return nil
    }
}
