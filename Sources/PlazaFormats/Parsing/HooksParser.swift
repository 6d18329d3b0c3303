/// Parses hook configuration: `{"hooks": {"<Event>": [{"matcher", "hooks": [{"type", "command"…}]}]}}`.
public enum HooksParser {
    public static let knownEvents: Set<String> = [
        "PreToolUse", "PostToolUse", "PostToolUseFailure", "SessionStart", "SessionEnd", "Stop", "UserPromptSubmit",
        "Notification", "SubagentStart", "SubagentStop", "PreCompact", "PermissionRequest", "Setup",
    ]
    public static let knownTypes: Set<String> = ["command", "prompt", "agent", "http", "mcp_tool"]

    /// Parses a hooks.json file.
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> [HookDefinition] {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits) else { return [] }
        return parse(root, file: file, reporter: reporter)
    }

    /// Parses a hooks object already in a tree (an inline `hooks` in plugin.json or a marketplace entry).
    public static func parse(_ root: Node, file: String, reporter: FileReporter) -> [HookDefinition] {
        guard let object = ObjectReader(root, reporter: reporter, subject: "the hooks configuration") else { return [] }
        object.warnUnknownKeys(["hooks", "description"])
        guard let events = object["hooks"] else {
            object.missing("hooks")
            return []
        }
        guard let members = events.members else {
            reporter.error("type.mismatch", "'hooks' must be an object of events, found \(events.typeName)", at: events)
            return []
        }
        var definitions: [HookDefinition] = []
        for event in members {
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
        reader.warnUnknownKeys(["type", "command", "timeout", "prompt", "url", "server", "tool", "input", "async", "statusMessage", "once", "headers", "model", "agent"])
        guard let type = reader.string("type", required: true) else { return nil }
        if !knownTypes.contains(type) {
            reporter.error("hook.type.unknown", "unknown hook type '\(type)'", at: reader["type"],
                           hint: "use one of: \(knownTypes.sorted().joined(separator: ", "))")
            return nil
        }
        let targetKey = ["command": "command", "prompt": "prompt", "agent": "prompt", "http": "url", "mcp_tool": "tool"][type] ?? "command"
        guard let target = reader.string(targetKey, required: true) else { return nil }
        return HookDefinition(event: event, matcher: matcher, type: type, target: target, path: file)
    }
}
