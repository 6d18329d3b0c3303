/// Parses monitors: `monitors/monitors.json` (or the file `monitors` names), which is the array
/// itself, or the array given inline as `experimental.monitors` / `monitors`.
///
/// As Claude Code 2.1.332 reads them (its monitor schema): each monitor has exactly `name`,
/// `command`, `description` (non-empty strings) and optionally `when` (`always`, the default, or
/// `on-skill-invoke:<skill>`); names are unique. The client parses the array as a whole, so one bad
/// monitor loads none of them: Plaza reports each problem and lists none either.
public enum MonitorsParser {
    static let monitorKeys: Set<String> = ["name", "command", "description", "when"]
    static let consequence = "Claude Code loads none of these monitors"

    /// Parses a monitors file.
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> [MonitorDefinition] {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits) else { return [] }
        return parse(root, file: file, reporter: reporter)
    }

    /// Parses the monitors array (from a file, or inline in plugin.json).
    public static func parse(_ root: Node, file: String, reporter: FileReporter) -> [MonitorDefinition] {
        guard let elements = root.elements else {
            let wrapped = root["monitors"]?.elements != nil
            reporter.error("monitors.shape", "the monitors must be an array, found \(root.typeName); \(consequence)", at: root,
                           hint: wrapped ? "the file is the array itself: drop the {\"monitors\": …} wrapper" : "write [{\"name\", \"command\", \"description\"}]")
            return []
        }
        var monitors: [MonitorDefinition] = []
        var valid = true
        var names: Set<String> = []
        for element in elements {
            guard let monitor = parseMonitor(element, file: file, reporter: reporter) else { valid = false; continue }
            if !names.insert(monitor.name).inserted {
                reporter.error("monitor.duplicate", "two monitors are named '\(monitor.name)'; names must be unique within a plugin, and \(consequence)", at: element)
                valid = false
            }
            monitors.append(monitor)
        }
        return valid ? monitors : []
    }

    private static func parseMonitor(_ node: Node, file: String, reporter: FileReporter) -> MonitorDefinition? {
        let subject = node["name"]?.string.map { "monitor '\($0)'" } ?? "a monitor"
        guard let reader = ObjectReader(node, reporter: reporter, subject: subject) else { return nil }
        var valid = true
        for member in node.members ?? [] where !monitorKeys.contains(member.key) {
            reporter.error("monitor.key.unknown", "\(subject) has the key '\(member.key)', which Claude Code refuses; \(consequence)", at: member.value,
                           hint: "a monitor has only name, command, description and when")
            valid = false
        }
        var fields: [String: String] = [:]
        for key in ["name", "command", "description"] {
            if let text = reader.string(key, required: true), !text.isEmpty { fields[key] = text } else {
                if reader[key]?.string == "" {
                    reporter.error("field.empty", "\(subject): '\(key)' is empty; \(consequence)", at: reader[key])
                }
                valid = false
            }
        }
        var when = "always"
        if let node = reader["when"], !node.isNull {
            let text = node.string ?? ""
            if text == "always" || (text.hasPrefix("on-skill-invoke:") && text.count > "on-skill-invoke:".count) { when = text } else {
                reporter.error("monitor.when.invalid", "\(subject): 'when' must be \"always\" or \"on-skill-invoke:<skill>\"; \(consequence)", at: node,
                               hint: "leave it out to arm the monitor at session start")
                valid = false
            }
        }
        guard valid, let name = fields["name"], let command = fields["command"], let description = fields["description"] else { return nil }
        TextRules.checkLookAlike(name, what: "monitor name", reporter: reporter, at: reader["name"])
        return MonitorDefinition(name: name, command: command, description: description, when: when, path: file)
    }
}
