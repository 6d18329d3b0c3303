/// What an Azure SRE Agent YAML file defines.
public enum SREDefinition: Sendable {
    case agent(AgentDefinition)
    case skill(Skill)
    /// A skill export whose instructions live in another file (`skillContent`), read by the loader.
    case skillExport(Skill, contentPath: String)
}

/// Parses Azure SRE Agent YAML (`api_version: azuresre.ai/v1`): `AgentConfiguration`,
/// `SkillConfiguration`, and the skill export shape (`metadata` + `skillContent`).
public enum SREDefinitionParser {
    /// Cheap test on the bytes before parsing: only files that look like SRE definitions are parsed.
    public static func looksLikeDefinition(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return text.contains("azuresre.ai") || text.contains("skillContent")
    }

    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> SREDefinition? {
        let reporter = FileReporter(file: file, log: log)
        let root: Node
        do throws(ParseError) {
            guard bytes.count <= limits.maxManifestBytes else {
                throw ParseError("the file is \(bytes.count) bytes, over the limit of \(limits.maxManifestBytes)")
            }
            root = try YAMLReader.parse(try TextDecoding.decode(bytes), limits: limits)
        } catch {
            reporter.parseFailure(error, code: "yaml.syntax", what: "invalid YAML")
            return nil
        }
        guard let object = ObjectReader(root, reporter: reporter, subject: "the SRE Agent definition") else { return nil }
        if object["skillContent"] != nil { return export(object, file: file) }
        object.warnUnknownKeys(["api_version", "kind", "metadata", "spec"])
        if let version = object.string("api_version"), version != "azuresre.ai/v1" {
            reporter.warning("sre.api-version", "api_version '\(version)' is not azuresre.ai/v1", at: object["api_version"])
        }
        guard let kind = object.string("kind", required: true) else { return nil }
        guard let specNode = object.object("spec"), let spec = ObjectReader(specNode, reporter: reporter, subject: "spec") else {
            if object["spec"] == nil { object.missing("spec") }
            return nil
        }
        switch kind {
        case "AgentConfiguration": return agent(spec, file: file)
        case "SkillConfiguration": return skill(spec, file: file)
        default:
            reporter.warning("sre.kind.unknown", "kind '\(kind)' is not AgentConfiguration or SkillConfiguration; the file is not indexed", at: object["kind"])
            return nil
        }
    }

    private static func agent(_ spec: ObjectReader, file: String) -> SREDefinition? {
        spec.warnUnknownKeys(["name", "display_name", "system_prompt", "handoff_description", "agent_type", "tools",
                              "mcp_connectors", "skills", "handoffs", "instructions", "description"])
        guard let name = spec.string("name", required: true) else { return nil }
        let description = spec.string("handoff_description") ?? spec.string("description") ?? spec.string("display_name")
        guard let description else {
            spec.reporter.error("field.missing", "spec needs a 'handoff_description' saying when to hand work to this agent", pointer: "/spec/handoff_description")
            return nil
        }
        var agent = AgentDefinition(name: name, description: description, path: file,
                                    body: spec.string("system_prompt") ?? spec.string("instructions") ?? "", format: .azureSREAgentConfiguration)
        agent.tools = spec.stringList("tools") ?? []
        agent.skills = spec.stringList("skills") ?? []
        agent.mcpConnectors = spec.stringList("mcp_connectors") ?? []
        return .agent(agent)
    }

    private static func skill(_ spec: ObjectReader, file: String) -> SREDefinition? {
        spec.warnUnknownKeys(["name", "display_name", "description", "instructions", "mcp_connectors", "tools"])
        guard let name = spec.string("name", required: true), let description = spec.string("description", required: true) else { return nil }
        var skill = Skill(name: name, description: description, path: file, body: spec.string("instructions") ?? "", format: .azureSRESkillConfiguration)
        skill.allowedTools = spec.stringList("tools") ?? []
        return .skill(skill)
    }

    private static func export(_ object: ObjectReader, file: String) -> SREDefinition? {
        object.warnUnknownKeys(["metadata", "skillContent", "additionalFiles", "api_version", "kind"])
        guard let metadataNode = object.object("metadata"),
              let metadata = ObjectReader(metadataNode, reporter: object.reporter, subject: "metadata") else {
            if object["metadata"] == nil { object.missing("metadata") }
            return nil
        }
        guard let name = metadata.string("name", required: true), let description = metadata.string("description", required: true),
              let content = object.string("skillContent", required: true) else { return nil }
        if let problem = RelativePath.problems(content, requireDotSlash: false).first(where: \.isSecurity) {
            object.reporter.error("path.unsafe", "skillContent '\(content)' \(problem.message)", at: object["skillContent"])
            return nil
        }
        var skill = Skill(name: name, description: description, path: file, body: "", format: .azureSRESkillExport)
        if let spec = metadata.object("spec") { skill.allowedTools = spec["tools"]?.elements?.compactMap(\.string) ?? [] }
        return .skillExport(skill, contentPath: content)
    }
}
