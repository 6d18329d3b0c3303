/// Parses `marketplace.json`. One invalid plugin entry is reported and skipped; the rest are kept.
public enum MarketplaceParser {
    static let knownKeys: Set<String> = [
        "$schema", "name", "owner", "description", "version", "metadata", "plugins",
        "forceRemoveDeletedPlugins", "allowCrossMarketplaceDependenciesOn", "renames",
    ]
    static let entryKeys: Set<String> = PluginFieldsReader.metadataKeys.union(PluginFieldsReader.componentKeys)
        .union(PluginFieldsReader.claude21Keys).union(["source", "strict", "headers", "headersHelper", "relevance"])

    /// - Parameters:
    ///   - origin: the git URL the marketplace was read from, or nil when unknown (a directory):
    ///     names reserved for official marketplaces depend on it.
    /// - Returns: the manifest, or nil when the file is not a usable marketplace (errors are in `log`).
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default,
                             origin: String? = nil) -> MarketplaceManifest? {
        let reporter = FileReporter(file: file, log: log)
        let root: Node
        do {
            root = try JSONParser.parse(bytes, limits: limits)
        } catch {
            reporter.parseFailure(error, code: "json.syntax", what: "invalid JSON")
            return nil
        }
        guard let object = ObjectReader(root, reporter: reporter, subject: "the marketplace") else { return nil }
        let codex = Codex.isMarketplace(file)
        object.warnUnknownKeys(codex ? knownKeys.union(Codex.marketplaceKeys) : knownKeys)
        let name = object.string("name", required: true)
        if let name { checkName(name, node: object["name"], reporter: reporter, origin: origin) }
        var manifest = MarketplaceManifest(name: name ?? "")
        let fields = PluginFieldsReader(object: object)
        if object["owner"] == nil {
            if !codex { object.missing("owner") }  // Codex marketplaces have none
        } else {
            manifest.owner = fields.person("owner")
        }
        manifest.description = object.string("description")
        manifest.version = object.string("version")
        if let metadata = object.object("metadata"), let reader = ObjectReader(metadata, reporter: reporter, subject: "'metadata'") {
            reader.warnUnknownKeys(["description", "version", "pluginRoot"])
            manifest.description = manifest.description ?? reader.string("description")
            manifest.version = manifest.version ?? reader.string("version")
            manifest.pluginRoot = pluginRoot(reader)
        }
        manifest.forceRemoveDeletedPlugins = object.bool("forceRemoveDeletedPlugins") ?? false
        manifest.allowCrossMarketplaceDependenciesOn = object.stringList("allowCrossMarketplaceDependenciesOn") ?? []
        manifest.renames = renames(object)
        guard let plugins = object["plugins"] else {
            object.missing("plugins")
            return manifest
        }
        guard let entries = plugins.elements else {
            reporter.error("type.mismatch", "'plugins' must be an array, found \(plugins.typeName)", at: plugins)
            return manifest
        }
        if entries.count > limits.maxPlugins {
            reporter.error("limit.plugins", "the marketplace lists \(entries.count) plugins, over the limit of \(limits.maxPlugins): the first \(limits.maxPlugins) are read and the other \(entries.count - limits.maxPlugins) are skipped",
                           at: plugins, hint: "split the marketplace into several of at most \(limits.maxPlugins) plugins")
        }
        var seen: [String: Int] = [:]
        for (index, node) in entries.prefix(limits.maxPlugins).enumerated() {
            guard let entry = PluginEntryParser.parse(node, index: index, reporter: reporter, pluginRoot: manifest.pluginRoot) else {
                manifest.rejectedEntries.append(RejectedEntry(index: index, name: node["name"]?.string))
                continue
            }
            if let first = seen[entry.name] {
                manifest.rejectedEntries.append(RejectedEntry(index: index, name: entry.name))
                reporter.error("plugin.duplicate", "plugin '\(entry.name)' is listed twice (entries \(first) and \(index)); the second is skipped",
                               at: node["name"], hint: "give each plugin a unique name")
                continue
            }
            seen[entry.name] = index
            manifest.plugins.append(entry)
        }
        return manifest
    }

    /// The marketplace name as Claude Code 2.1.332 checks it (Docs/Validation.md, "Reserved marketplace names").
    static func checkName(_ name: String, node: Node?, reporter: FileReporter, origin: String?) {
        let rename = "choose a name that identifies your organisation, e.g. 'acme-platform'"
        if let problem = NameRules.problem(withIdentifier: name) {
            reporter.error("marketplace.name.invalid", "the marketplace name '\(name)' \(problem)", at: node,
                           hint: "use lowercase letters, digits and hyphens, e.g. 'acme-tools'")
            return
        }
        switch MarketplaceNames.check(name) {
        case .refused(let why):
            reporter.error("marketplace.name.reserved", "the marketplace name is refused by Claude Code: \(why)", at: node, hint: rename)
            return
        case .officialOnly(let why):
            if let origin, MarketplaceNames.isOfficialRepository(origin) {
                break
            } else if let origin {
                reporter.error("marketplace.name.reserved", "the marketplace name is refused: \(why), and this one comes from \(origin)", at: node, hint: rename)
                return
            } else {
                reporter.warning("marketplace.name.official", "\(why); validating a directory, Plaza cannot know where clients will add it from: anywhere else, `claude plugin marketplace add` refuses it",
                                 at: node, hint: "if this is not an official Anthropic marketplace, \(rename)")
            }
        case .resembles(let why):
            reporter.warning("marketplace.name.lookalike", why, at: node, hint: rename)
        case nil:
            break
        }
        if let problem = NameRules.installabilityProblem(name) {
            reporter.error("marketplace.name.charset", "Claude Code cannot install plugins from marketplace '\(name)': the name \(problem)", at: node,
                           hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit")
        }
    }

    private static func pluginRoot(_ reader: ObjectReader) -> String? {
        guard let root = reader.string("pluginRoot") else { return nil }
        if let problem = RelativePath.problems(root, requireDotSlash: false).first(where: \.isSecurity) {
            reader.reporter.error("path.unsafe", "metadata.pluginRoot '\(root)' \(problem.message)", at: reader["pluginRoot"])
            return nil
        }
        return RelativePath.normalise(root)
    }

    private static func renames(_ object: ObjectReader) -> [String: String?] {
        guard let node = object.object("renames") else { return [:] }
        var renames: [String: String?] = [:]
        for member in node.members ?? [] {
            if member.value.isNull { renames[member.key] = .some(nil) } else if let target = member.value.string {
                renames[member.key] = target
            } else {
                object.reporter.warning("type.mismatch", "renames.\(member.key) must be a plugin name or null", at: member.value)
            }
        }
        return renames
    }
}
