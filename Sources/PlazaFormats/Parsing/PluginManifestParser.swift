/// A parsed `.claude-plugin/plugin.json`.
public struct PluginManifest: Sendable {
    public var metadata: PluginMetadata
    public var components: ComponentPaths
}

/// Parses `plugin.json`: only `name` is required; component paths must stay inside the plugin.
public enum PluginManifestParser {
    /// Marketplace-entry fields that Claude Code ignores in plugin.json, with a warning.
    static let entryOnlyKeys: Set<String> = ["category", "source", "tags", "strict", "id", "relevance", "headers", "headersHelper"]

    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> PluginManifest? {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits),
              let object = ObjectReader(root, reporter: reporter, subject: "plugin.json") else { return nil }
        let known = PluginFieldsReader.metadataKeys.union(PluginFieldsReader.componentKeys).union(PluginFieldsReader.claude21Keys).union(entryOnlyKeys)
        object.warnUnknownKeys(Codex.isManifest(file) ? known.union(Codex.manifestKeys) : known)
        for key in entryOnlyKeys.sorted() where object[key] != nil {
            reporter.warning("plugin.field.entry-only", "'\(key)' belongs in the marketplace entry (marketplace.json), not plugin.json; Claude Code ignores it here",
                             at: object[key], hint: "move '\(key)' to the plugin's entry in marketplace.json")
        }
        guard let name = object.string("name", required: true) else { return nil }
        if let problem = NameRules.problem(withIdentifier: name) {
            reporter.error("plugin.name.invalid", "the plugin name '\(name)' \(problem)", at: object["name"])
            return nil
        }
        TextRules.checkLookAlike(name, what: "plugin name", reporter: reporter, at: object["name"])
        let fields = PluginFieldsReader(object: object)
        var components = fields.components()
        // Declared in plugin.json, `outputStyles` replaces the default output-styles/ folder.
        components.outputStylesReplaceDefault = object["outputStyles"].map { !$0.isNull } ?? false
        components.agentsReplaceDefault = object["agents"].map { !$0.isNull } ?? false
        components.commandsReplaceDefault = object["commands"].map { !$0.isNull } ?? false
        return PluginManifest(metadata: fields.metadata(name: name), components: components)
    }
}

/// Parses a JSON file, reporting syntax errors at their position.
enum JSONDocument {
    static func parse(_ bytes: [UInt8], reporter: FileReporter, limits: ParseLimits) -> Node? {
        do {
            return try JSONParser.parse(bytes, limits: limits)
        } catch {
            reporter.parseFailure(error, code: "json.syntax", what: "invalid JSON")
            return nil
        }
    }
}
