/// Parses hook configuration: `{"hooks": {"<Event>": [{"matcher", "hooks": [{"type", "command"…}]}]}}`.
public enum HooksParser {
    public static let knownEvents: Set<String> = [
        "PreToolUse", "PostToolUse", "PostToolUseFailure", "SessionStart", "SessionEnd", "Stop", "UserPromptSubmit",
        "Notification", "SubagentStart", "SubagentStop", "PreCompact", "PermissionRequest", "Setup",
    ]
    public static let knownTypes: Set<String> = ["command", "prompt", "agent", "http", "mcp_tool"]

    /// Parses a hooks.json file: `{"hooks": {"<Event>": […]}}`.
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> [HookDefinition] {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits),
              let object = ObjectReader(root, reporter: reporter, subject: "the hooks configuration") else { return [] }
        object.warnUnknownKeys(["hooks", "description"])
        guard let events = object["hooks"] else {
            object.missing("hooks")
            return []
        }
        return parseEvents(events, file: file, reporter: reporter, inline: false)
    }

    /// Parses inline hooks (`hooks` in plugin.json or a marketplace entry): the event map itself,
    /// `{"<Event>": […]}`, without hooks.json's `{"hooks": …}` wrapper, as Claude Code reads them.
    public static func parse(_ root: Node, file: String, reporter: FileReporter) -> [HookDefinition] {
        parseEvents(root, file: file, reporter: reporter, inline: true)
    }

    private static func parseEvents(_ events: Node, file: String, reporter: FileReporter, inline: Bool) -> [HookDefinition] {
        guard let members = events.members else {
            reporter.error("type.mismatch", "'hooks' must be an object of events, found \(events.typeName)", at: events)
            return []
        }
        var definitions: [HookDefinition] = []
        for event in members {
            if inline, event.key == "hooks", let wrapped = event.value.members {
                let gating = wrapped.map(\.key).filter { ["PreToolUse", "PermissionRequest"].contains($0) }
                let message = "inline hooks are the event map itself; Claude Code reads 'hooks' here as an unknown event and ignores the hooks inside it"
                let hint = "drop the {\"hooks\": …} wrapper: write \"hooks\": {\"\(wrapped.first?.key ?? "Stop")\": […]}"
                if gating.isEmpty {
                    reporter.warning("hook.inline.wrapped", message, at: event.value, hint: hint)
                } else {
                    reporter.error("hook.inline.wrapped", message + "; it holds \(gating.joined(separator: " and ")) hooks, which Claude Code refuses to leave unloaded",
                                   at: event.value, hint: hint)
                }
                continue
            }
            if !knownEvents.contains(event.key) {
                reporter.warning("hook.event.unknown", "unknown hook event '\(event.key)'", at: event.value,
                                 hint: "known events: \(knownEvents.sorted().joined(separator: ", "))")
            }
            guard let groups = event.value.elements else {
                reporter.error("type.mismatch", "hook event '\(event.key)' must be an array of matcher groups", at: event.value)
                continue
            }
            for group in groups {
                guard let reader = ObjectReader(group, reporter: reporter, subject: "a '\(event.key)' matcher group") else { continue }
                reader.warnUnknownKeys(["matcher", "hooks"])
                let matcher = reader.string("matcher")
                for handler in reader["hooks"]?.elements ?? [] {
                    if let hook = parseHandler(handler, event: event.key, matcher: matcher, file: file, reporter: reporter) {
                        definitions.append(hook)
                    }
                }
            }
        }
        return definitions
    }

    private static func parseHandler(_ node: Node, event: String, matcher: String?, file: String, reporter: FileReporter) -> HookDefinition? {
        guard let reader = ObjectReader(node, reporter: reporter, subject: "a '\(event)' hook") else { return nil }
        reader.warnUnknownKeys(["type", "command", "args", "shell", "timeout", "prompt", "url", "server", "tool", "input", "async", "statusMessage", "once", "headers", "model", "agent"])
        guard let type = reader.string("type", required: true) else { return nil }
        if !knownTypes.contains(type) {
            reporter.error("hook.type.unknown", "unknown hook type '\(type)'", at: reader["type"],
                           hint: "use one of: \(knownTypes.sorted().joined(separator: ", "))")
            return nil
        }
        let targetKey = ["command": "command", "prompt": "prompt", "agent": "prompt", "http": "url", "mcp_tool": "tool"][type] ?? "command"
        guard let target = reader.string(targetKey, required: true) else { return nil }
        if type == "command", reader["args"] == nil, reader.string("shell") != "powershell" {
            let unquoted = unquotedPlaceholders(target)
            if !unquoted.isEmpty {
                reporter.warning("hook.command.unquoted-placeholder",
                                 "the '\(event)' hook command uses \(unquoted.joined(separator: ", ")) without quotes: a path with a space splits the command into several words",
                                 at: reader["command"], hint: "wrap the placeholder in double quotes: \"${CLAUDE_PLUGIN_ROOT}\"/scripts/check.sh")
            }
        }
        return HookDefinition(event: event, matcher: matcher, type: type, target: target, path: file)
    }

    /// Placeholders Claude Code expands in hook commands.
    static let placeholders = ["CLAUDE_PLUGIN_ROOT", "CLAUDE_PLUGIN_DATA", "CLAUDE_PROJECT_DIR"]

    /// The placeholders (`${NAME}` or `$NAME`) outside single and double quotes, as Claude Code
    /// 2.1.332 finds them: a backslash outside single quotes escapes the next character.
    static func unquotedPlaceholders(_ command: String) -> [String] {
        let characters = Array(command)
        var found: [String] = [], single = false, double = false, index = 0
        while index < characters.count {
            let character = characters[index]
            defer { index += 1 }
            if !single && character == "\\" { index += 1; continue }
            if character == "'" && !double { single.toggle(); continue }
            if character == "\"" && !single { double.toggle(); continue }
            guard character == "$", !single, !double else { continue }
            let rest = String(characters[(index + 1)...])
            for name in placeholders {
                let braced = rest.hasPrefix("{\(name)}")
                let bare = rest.hasPrefix(name) && !(rest.dropFirst(name.count).first.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } ?? false)
                if braced || bare {
                    if !found.contains("${\(name)}") { found.append("${\(name)}") }
                    break
                }
            }
        }
        return found
    }
}
