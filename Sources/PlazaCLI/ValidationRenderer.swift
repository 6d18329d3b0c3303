import PlazaFormats
import PlazaSources

/// Renders a validation report for people: diagnostics grouped by file, then plugins and a summary.
/// Text from the validated repository (names, paths, messages quoting them) is made visible with
/// ``TerminalText/visible(_:)``; only the renderer's own colours reach the terminal as escapes.
struct ValidationRenderer {
    let colors: Bool

    func render(_ report: ValidationReport, origin: ValidationOrigin) -> String {
        var out = "Validating \(safe(origin.target))"
        if let commit = origin.commit { out += " at \(safe(origin.ref ?? "")) (\(commit.short))" }
        out += "\n"
        if let marketplace = report.marketplace, let manifest = report.manifestPath {
            out += "Marketplace \(bold(safe(marketplace.name))) (\(safe(manifest)))\n"
        } else if report.kind == .plugin, let manifest = report.manifestPath {
            out += "Single plugin (\(safe(manifest)))\n"
        }
        out += renderDiagnostics(report.diagnostics)
        let rejected = report.marketplace?.rejectedEntries ?? []
        if !report.plugins.isEmpty || !rejected.isEmpty {
            out += "\nPlugins\n"
            let rows = report.plugins.map { (safe($0.name), $0.status.rawValue, safe(describe($0))) }
                + rejected.map { (safe($0.name ?? "#\($0.index)"), "invalid", "entry \($0.index) of plugins; see the errors above") }
            let width = min(40, rows.map(\.0.count).max() ?? 0)
            for row in rows {
                out += "  " + row.0.padding(width) + "  " + row.1.padding(8) + "  " + row.2 + "\n"
            }
        }
        let summary = report.summary
        out += "\nSummary: \(summary.plugins) plugins (\(summary.pluginsLoaded) loaded, \(summary.pluginsExternal) external, \(summary.pluginsFailed) failed)"
        out += ", \(count(summary.skills, "skill")), \(count(summary.agents, "agent")), \(count(summary.commands, "command"))"
        out += ", \(count(summary.hooks, "hook")), \(count(summary.mcpServers, "MCP server"))"
        for (number, noun) in [(summary.lspServers, "LSP server"), (summary.outputStyles, "output style"), (summary.monitors, "monitor"), (summary.channels, "channel")]
        where number > 0 {
            out += ", \(count(number, noun))"
        }
        out += "\n"
        let verdict = report.passed ? paint("passed", 32) : paint("failed", 31)
        out += "Result: \(verdict) (\(count(summary.errors, "error")), \(count(summary.warnings, "warning"))\(report.strict ? ", strict" : ""))\n"
        return out
    }

    private func renderDiagnostics(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        var currentFile: String?
        for diagnostic in diagnostics {
            if diagnostic.file != currentFile {
                out += "\n" + bold(safe(diagnostic.file)) + "\n"
                currentFile = diagnostic.file
            }
            let severity: String
            switch diagnostic.severity {
            case .error: severity = paint("error  ", 31)
            case .warning: severity = paint("warning", 33)
            case .info: severity = paint("info   ", 36)
            }
            var position = ""
            if let location = diagnostic.location { position += "\(location.line):\(location.column) " }
            if !diagnostic.pointer.isEmpty { position += safe(diagnostic.pointer) + " " }
            out += "  \(severity) \(position)\(safe(diagnostic.message)) [\(diagnostic.code)]\n"
            if let hint = diagnostic.hint { out += "          hint: \(safe(hint))\n" }
        }
        return out
    }

    private func describe(_ plugin: LoadedPlugin) -> String {
        switch plugin.status {
        case .external: return "\(plugin.source.kind) \(plugin.source.summary)"
        case .failed: return plugin.source.summary
        case .loaded:
            var parts = [count(plugin.skills.count, "skill")]
            if !plugin.agents.isEmpty { parts.append(count(plugin.agents.count, "agent")) }
            if !plugin.commands.isEmpty { parts.append(count(plugin.commands.count, "command")) }
            if !plugin.hooks.isEmpty { parts.append(count(plugin.hooks.count, "hook")) }
            if !plugin.mcpServers.isEmpty { parts.append(count(plugin.mcpServers.count, "MCP server")) }
            for (number, noun) in [(plugin.lspServers.count, "LSP server"), (plugin.outputStyles.count, "output style"),
                                   (plugin.monitors.count, "monitor"), (plugin.channels.count, "channel")] where number > 0 {
                parts.append(count(number, noun))
            }
            if plugin.runsCommands { parts.append("runs commands on the user's machine") }
            return parts.joined(separator: ", ")
        }
    }

    private func safe(_ text: String) -> String { TerminalText.visible(text) }
    private func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
    private func bold(_ text: String) -> String { colors ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func paint(_ text: String, _ code: Int) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
