/// Parses subagent markdown (`agents/<name>.md`): frontmatter `name`, `description`, `tools`, `model`.
public enum AgentParser {
    static let knownKeys: Set<String> = [
        "name", "description", "tools", "model", "color", "permissionMode", "skills", "disallowedTools",
        "mcpServers", "hooks", "memory", "maxTurns", "effort", "isolation", "background", "initialPrompt",
    ]

    /// Claude Code loads an agent whose frontmatter is missing, unreadable or has no description,
    /// named after its file: so does Plaza, with a warning (an error for unreadable YAML, which
    /// `claude plugin validate` reports as one). Nil only when the file itself is unusable.
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> AgentDefinition? {
        let reporter = FileReporter(file: file, log: log)
        guard let read = MarkdownFile.read(bytes, reporter: reporter, limits: limits) else { return nil }
        let document = read.document
        let fileName = Self.baseName(file)
        guard let frontmatter = document.frontmatter else {
            if !read.frontmatterUnreadable {
                reporter.warning("agent.frontmatter.missing", "the agent file has no YAML frontmatter; Claude Code loads it as agent '\(fileName)' without a description",
                                 hint: "start it with '---', 'name: \(fileName)', 'description: <when to delegate to it>', '---'")
            }
            return AgentDefinition(name: fileName, description: "", path: file, body: document.body, format: .markdown)
        }
        guard let object = ObjectReader(frontmatter, reporter: reporter, subject: "the agent frontmatter") else { return nil }
        object.warnUnknownKeys(knownKeys)
        let description: String
        if object["description"] == nil || object["description"]?.isNull == true {
            reporter.warning("agent.description.missing", "the agent has no description; Claude Code loads it, but cannot tell when to delegate to it",
                             pointer: "/description", hint: "add 'description: <when to delegate to it>'")
            description = ""
        } else {
            guard let text = object.string("description", required: true) else { return nil }
            description = text
        }
        let name = object.string("name") ?? fileName
        if name.unicodeScalars.contains(where: TextRules.isControl) {
            reporter.error("agent.name.control-character", "the agent name contains control characters; the agent is skipped", at: object["name"],
                           hint: "use kebab-case, e.g. '\(NameRules.slug(name))'")
            return nil
        }
        if object["name"] != nil { TextRules.checkLookAlike(name, what: "agent name", reporter: reporter, at: object["name"]) }
        if object["name"] == nil {
            reporter.warning("agent.name.missing", "the agent has no name; using the file name '\(fileName)'", pointer: "/name")
        } else if NameRules.problem(withIdentifier: name) != nil {
            reporter.warning("agent.name.format", "agent name '\(name)' should be kebab-case without spaces", at: object["name"],
                             hint: "use '\(NameRules.slug(name))'")
        }
        var agent = AgentDefinition(name: name, description: description, path: file, body: document.body, format: .markdown)
        agent.tools = tools(object, key: "tools")
        agent.model = object.string("model")
        agent.skills = object.stringList("skills") ?? []
        return agent
    }

    /// Tools are a comma-separated string (`Read, Grep, Bash`) or a list.
    static func tools(_ object: ObjectReader, key: String) -> [String] {
        guard let node = object[key], !node.isNull else { return [] }
        if let text = node.string {
            return text.split(separator: ",").map { String($0).trimming(" ") }.filter { !$0.isEmpty }
        }
        return object.stringList(key) ?? []
    }

    static func baseName(_ path: String) -> String {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = last.lastIndex(of: ".") else { return last }
        return String(last[..<dot])
    }
}

/// Parses slash commands (`commands/<name>.md`): markdown with optional frontmatter.
public enum CommandParser {
    static let knownKeys: Set<String> = ["description", "argument-hint", "allowed-tools", "model", "disable-model-invocation", "name"]

    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> CommandDefinition? {
        let reporter = FileReporter(file: file, log: log)
        guard let document = MarkdownFile.read(bytes, reporter: reporter, limits: limits)?.document else { return nil }
        var command = CommandDefinition(name: AgentParser.baseName(file), description: nil, argumentHint: nil, path: file, body: document.body)
        if let frontmatter = document.frontmatter, !frontmatter.isNull,
           let object = ObjectReader(frontmatter, reporter: reporter, subject: "the command frontmatter") {
            object.warnUnknownKeys(knownKeys)
            command.description = object.string("description")
            command.argumentHint = object.string("argument-hint")
            SkillParser.checkShell(object)
        }
        if command.description == nil {
            command.description = document.body.split(separator: "\n").first { !$0.trimmingTrailingWhitespace.isEmpty }.map { String($0.prefix(200)) }
        }
        return command
    }
}
