/// Parses `SKILL.md` per the agentskills.io specification, leniently.
///
/// Skips a skill (with an error) only when the frontmatter is missing, unparseable or has no
/// description; other deviations (name mismatch, spaces, unknown keys) are warnings.
public enum SkillParser {
    /// agentskills.io fields plus keys common clients add.
    static let knownKeys: Set<String> = [
        "name", "description", "license", "compatibility", "metadata", "allowed-tools",
        "when_to_use", "argument-hint", "model", "context", "paths", "disable-model-invocation", "user-invocable",
        "version", "hooks", "agent", "effort", "shell",
    ]

    /// - Parameters:
    ///   - directory: the skill directory from the validated root; its last component is the expected name.
    public static func parse(_ bytes: [UInt8], file: String, directory: String, log: DiagnosticLog,
                             limits: ParseLimits = .default) -> Skill? {
        let reporter = FileReporter(file: file, log: log)
        guard let document = MarkdownFile.parse(bytes, reporter: reporter, limits: limits) else { return nil }
        guard let frontmatter = document.frontmatter else {
            reporter.error("skill.frontmatter.missing", "SKILL.md has no YAML frontmatter",
                           hint: "start the file with '---', 'name: <skill-name>', 'description: <what and when>', '---'")
            return nil
        }
        guard let object = ObjectReader(frontmatter, reporter: reporter, subject: "the skill frontmatter") else { return nil }
        object.warnUnknownKeys(knownKeys)
        let directoryName = directory.split(separator: "/").last.map(String.init) ?? directory
        guard let description = object.string("description", required: true) else { return nil }
        if description.trimming(" \n\t").isEmpty {
            reporter.error("skill.description.empty", "the skill description is empty", at: object["description"],
                           hint: "say what the skill does and when to use it")
            return nil
        }
        if description.count > 1024 {
            reporter.warning("skill.description.long", "the description is \(description.count) characters; the limit is 1024", at: object["description"])
        }
        guard let name = checkedName(object, directoryName: directoryName, reporter: reporter) else { return nil }
        var skill = Skill(name: name, description: description, path: directory, body: document.body, format: .markdown)
        skill.license = object.string("license")
        skill.compatibility = object.string("compatibility")
        if let compatibility = skill.compatibility, compatibility.count > 500 {
            reporter.warning("skill.compatibility.long", "compatibility is \(compatibility.count) characters; the limit is 500", at: object["compatibility"])
        }
        skill.metadata = object.stringMap("metadata") ?? [:]
        skill.allowedTools = allowedTools(object)
        checkShell(object)
        return skill
    }

    /// `shell` (skills and commands) must be `bash` or `powershell`: `claude plugin validate` reports
    /// anything else as an error (the install itself still works).
    static func checkShell(_ object: ObjectReader) {
        guard let node = object["shell"], !node.isNull else { return }
        guard let shell = node.string else {
            object.reporter.error("shell.invalid", "shell must be a string, found \(node.typeName)", at: node, hint: "use 'bash' or 'powershell'")
            return
        }
        let normalised = shell.trimming(" \t\n").lowercased()
        if normalised != "bash" && normalised != "powershell" {
            object.reporter.error("shell.invalid", "shell must be 'bash' or 'powershell', found '\(shell)'", at: node,
                                  hint: "use 'bash' or 'powershell', or remove 'shell' for the default")
        }
    }

    /// The skill's name; nil (skill skipped, with an error) when it holds control characters, which
    /// would make it unaddressable and unsafe to print.
    private static func checkedName(_ object: ObjectReader, directoryName: String, reporter: FileReporter) -> String? {
        guard let name = object.string("name") else {
            reporter.warning("skill.name.missing", "the skill has no name; using its directory name '\(directoryName)'",
                             pointer: "/name", hint: "add 'name: \(directoryName)'")
            return directoryName
        }
        if name.unicodeScalars.contains(where: TextRules.isControl) {
            reporter.error("skill.name.control-character", "the skill name contains control characters; the skill is skipped",
                           at: object["name"], hint: "use 1-64 lowercase letters, digits and single hyphens")
            return nil
        }
        TextRules.checkLookAlike(name, what: "skill name", reporter: reporter, at: object["name"])
        if !NameRules.isValidSkillName(name) {
            let suggestion = NameRules.slug(name)
            reporter.warning("skill.name.format", "skill name '\(name)' should be 1-64 lowercase letters, digits and single hyphens",
                             at: object["name"], hint: suggestion.isEmpty ? nil : "use '\(suggestion)'")
        } else if name != directoryName {
            reporter.warning("skill.name.directory", "skill name '\(name)' differs from its directory '\(directoryName)'",
                             at: object["name"], hint: "rename the directory or the skill so they match")
        }
        return name
    }

    /// `allowed-tools` is a space-separated string by the spec; some files use a YAML list.
    private static func allowedTools(_ object: ObjectReader) -> [String] {
        guard let node = object["allowed-tools"], !node.isNull else { return [] }
        if let text = node.string { return text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) }
        return object.stringList("allowed-tools") ?? []
    }
}
