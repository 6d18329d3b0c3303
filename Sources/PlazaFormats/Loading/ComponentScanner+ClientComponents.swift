/// Output styles, monitors and channels, found where Claude Code 2.1.332 looks for them.
extension ComponentScanner {
    /// Claude Code scans an output-styles folder at most this deep.
    static let maximumOutputStyleDepth = 32

    func scanClientComponents(into plugin: inout LoadedPlugin, components: ComponentPaths) {
        // plugin.json's `outputStyles` replaces the default folder; an entry's adds to it.
        var styleFiles = components.outputStylesReplaceDefault ? [] : outputStyleFiles(in: join("output-styles"), declared: false)
        for path in components.outputStyles { styleFiles += outputStyleFiles(in: join(path), declared: true) }
        plugin.outputStyles = unique(styleFiles).compactMap { file in
            loader.read(file, limit: limits.maxMarkdownBytes).flatMap { OutputStyleParser.parse($0, file: file, plugin: pluginName, log: log, limits: limits) }
        }
        plugin.monitors = monitors(components.monitors)
        if let channels = components.channels {
            plugin.channels = ChannelsParser.parse(channels.node, file: channels.file, reporter: FileReporter(file: channels.file, log: log),
                                                   mcpServers: Set(plugin.mcpServers.map(\.name)))
        }
        reportDuplicates(plugin.outputStyles.map(\.name), kind: "output style")
        reportDuplicates(plugin.lspServers.map(\.name), kind: "LSP server")
        reportDuplicates(plugin.channels.map(\.server), kind: "channel")
    }

    /// The `.md` files of an output-style path: a declared file itself, or every `.md` file below a
    /// folder, subfolders and README.md included (links inside the folder are not followed).
    private func outputStyleFiles(in path: String, declared: Bool) -> [String] {
        switch checkedResolve(path, what: "output-styles path", quietWhenMissing: !declared) {
        case .file(let file):
            guard file.hasSuffix(".md") else {
                log.add(Diagnostic(.warning, code: "output-style.not-markdown", file: file,
                                   message: "an outputStyles path names a file that is not a .md file; Claude Code ignores it"))
                return []
            }
            return [file]
        case .directory(let directory):
            var files: [String] = []
            collectOutputStyles(in: directory, depth: 0, into: &files)
            return files
        default: return []
        }
    }

    private func collectOutputStyles(in directory: String, depth: Int, into files: inout [String]) {
        for name in resolver.contents(of: directory) {
            let child = directory + "/" + name
            switch resolver.kind(at: child) {
            case .symlink?:
                log.add(Diagnostic(.warning, code: "output-style.symlink", file: child,
                                   message: "Claude Code does not follow links inside an output-styles folder; this one is not loaded",
                                   hint: "commit the file itself"))
            case .file?, .executable?:
                guard name.lowercased().hasSuffix(".md") else { continue }
                if name.lowercased() == "readme.md" {
                    log.add(Diagnostic(.warning, code: "output-style.readme", file: child,
                                       message: "Claude Code loads every .md file of an output-styles folder, README.md too: this one becomes an output style",
                                       hint: "move the README out of the folder"))
                }
                files.append(child)
            default:
                if resolver.isDirectory(child), depth + 1 < Self.maximumOutputStyleDepth {
                    collectOutputStyles(in: child, depth: depth + 1, into: &files)
                }
            }
        }
    }

    /// Monitors: as declared, else `monitors/monitors.json` when present.
    private func monitors(_ declaration: ComponentPaths.Monitors?) -> [MonitorDefinition] {
        let file: String
        switch declaration {
        case .inline(let inline)?:
            return MonitorsParser.parse(inline.node, file: inline.file, reporter: FileReporter(file: inline.file, log: log))
        case .path(let path)?:
            switch checkedResolve(join(path), what: "monitors file") {
            case .file(let declared): file = declared
            case .directory:
                log.add(Diagnostic(.error, code: "path.not-file", file: join(path), message: "the monitors path must name a JSON file, not a directory"))
                return []
            default: return []
            }
        case nil:
            guard case .file(let found) = checkedResolve(join("monitors/monitors.json"), what: "monitors file", quietWhenMissing: true) else { return [] }
            file = found
        }
        return loader.read(file, limit: limits.maxManifestBytes).map { MonitorsParser.parse($0, file: file, log: log, limits: limits) } ?? []
    }
}
