/// A parsed `.claude-plugin/plugin.json`.
public struct PluginManifest: Sendable {
    public var metadata: PluginMetadata
    public var components: ComponentPaths
}

/// Parses `plugin.json`: only `name` is required; component paths must stay inside the plugin.
public enum PluginManifestParser {
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> PluginManifest? {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits),
              let object = ObjectReader(root, reporter: reporter, subject: "plugin.json") else { return nil }
        let known = PluginFieldsReader.metadataKeys.union(PluginFieldsReader.componentKeys)
        object.warnUnknownKeys(Codex.isManifest(file) ? known.union(Codex.manifestKeys) : known)
        guard let name = object.string("name", required: true) else { return nil }
        if let problem = NameRules.problem(withIdentifier: name) {
            reporter.error("plugin.name.invalid", "the plugin name '\(name)' \(problem)", at: object["name"])
            return nil
        }
        TextRules.checkLookAlike(name, what: "plugin name", reporter: reporter, at: object["name"])
        let fields = PluginFieldsReader(object: object)
        return PluginManifest(metadata: fields.metadata(name: name), components: fields.components())
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

/// Reads a markdown file with optional YAML frontmatter, reporting encoding and YAML errors.
enum MarkdownFile {
    static func parse(_ bytes: [UInt8], reporter: FileReporter, limits: ParseLimits) -> MarkdownDocument? {
        guard bytes.count <= limits.maxMarkdownBytes else {
            reporter.error("file.too-large", "the file is \(bytes.count) bytes, over the limit of \(limits.maxMarkdownBytes)")
            return nil
        }
        do {
            return try Frontmatter.parse(try TextDecoding.decode(bytes), limits: limits)
        } catch {
            reporter.parseFailure(error, code: error.message.contains("UTF-8") ? "file.encoding" : "yaml.syntax", what: "unreadable frontmatter")
            return nil
        }
    }
}
