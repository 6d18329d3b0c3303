/// Parses one entry of a marketplace's `plugins` array, including its `source`.
enum PluginEntryParser {
    static func parse(_ node: Node, index: Int, reporter: FileReporter, pluginRoot: String?) -> PluginEntry? {
        let label = node["name"]?.string.map { "plugin entry '\($0)'" } ?? "plugin entry \(index)"
        guard let object = ObjectReader(node, reporter: reporter, subject: label) else { return nil }
        let mark = reporter.log.count
        object.warnUnknownKeys(Codex.isMarketplace(reporter.file) ? MarketplaceParser.entryKeys.union(Codex.entryKeys) : MarketplaceParser.entryKeys)
        guard let name = object.string("name", required: true) else { return nil }
        if let problem = NameRules.problem(withIdentifier: name) {
            reporter.error("plugin.name.invalid", "\(label): the name \(problem)", at: object["name"], hint: "use kebab-case, e.g. 'deploy-tools'")
            return nil
        }
        TextRules.checkLookAlike(name, what: "plugin name", reporter: reporter, at: object["name"])
        if let problem = NameRules.installabilityProblem(name) {
            reporter.error("plugin.name.charset", "\(label): Claude Code cannot install plugin '\(name)': the name \(problem)", at: object["name"],
                           hint: "use letters, digits, '.', '_' and '-', starting with a letter or digit, e.g. '\(NameRules.slug(name))'")
        }
        guard let sourceNode = object["source"] else {
            object.missing("source")
            return nil
        }
        guard let source = PluginSourceParser.parse(sourceNode, subject: label, reporter: reporter, pluginRoot: pluginRoot) else { return nil }
        let fields = PluginFieldsReader(object: object)
        var entry = PluginEntry(metadata: fields.metadata(name: name), source: source, index: index, pointer: node.pointer)
        entry.strict = object.bool("strict") ?? true
        if let relevance = object["relevance"], relevance["signals"]?.members == nil {
            reporter.error("entry.relevance.invalid", "\(label): 'relevance' must be an object with a 'signals' object; Claude Code refuses the marketplace",
                           at: relevance, hint: "write \"relevance\": {\"signals\": {…}}")
        }
        if let helper = object.string("headersHelper") {
            // Claude Code runs it on the user's machine before downloading this plugin's archive.
            entry.headersHelper = helper
            reporter.warning("entry.headers-helper", "\(label): 'headersHelper' runs a command on every user's machine to fetch this plugin; Plaza never runs it",
                             at: object["headersHelper"], hint: "review the command like a hook; install policy can deny plugins that carry one")
        }
        entry.fingerprint = node.canonicalJSON
        entry.components = fields.components()
        if reporter.log.hasErrors(since: mark) {
            reporter.info("plugin.skipped", "\(label) is skipped because of the errors above", at: node)
            return nil
        }
        return entry
    }
}

/// Parses the `source` of a plugin entry: a relative path string or a typed object.
enum PluginSourceParser {
    static func parse(_ node: Node, subject: String, reporter: FileReporter, pluginRoot: String?) -> PluginSource? {
        if let path = node.string { return relative(path, node: node, subject: subject, reporter: reporter, pluginRoot: pluginRoot) }
        guard let object = ObjectReader(node, reporter: reporter, subject: "\(subject) source") else { return nil }
        guard let kind = object.string("source", required: true) else { return nil }
        switch kind {
        case "github":
            object.warnUnknownKeys(["source", "repo", "ref", "sha"])
            guard let repo = object.string("repo", required: true) else { return nil }
            let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && !$0.contains("..") && $0.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } }) else {
                reporter.error("source.github.repo", "\(subject): github repo '\(repo)' must be 'owner/repository'", at: object["repo"])
                return nil
            }
            return .github(repo: repo, ref: ref(object), sha: sha(object, subject: subject))
        case "url":
            object.warnUnknownKeys(["source", "url", "ref", "sha"])
            guard let url = gitURL(object, subject: subject) else { return nil }
            return .url(url: url, ref: ref(object), sha: sha(object, subject: subject))
        case "git-subdir":
            object.warnUnknownKeys(["source", "url", "path", "ref", "sha"])
            guard let url = gitURL(object, subject: subject), let path = object.string("path", required: true) else { return nil }
            if let problem = RelativePath.problems(path, requireDotSlash: false).first(where: \.isSecurity) {
                reporter.error("source.path-traversal", "\(subject): git-subdir path '\(path)' \(problem.message)", at: object["path"])
                return nil
            }
            return .gitSubdir(url: url, path: RelativePath.normalise(path) ?? path, ref: ref(object), sha: sha(object, subject: subject))
        case "npm":
            object.warnUnknownKeys(["source", "package", "version", "registry"])
            guard let package = object.string("package", required: true) else { return nil }
            return .npm(package: package, version: object.string("version"), registry: object.string("registry"))
        case "archive":
            object.warnUnknownKeys(["source", "url", "sha256"])
            guard let url = object.string("url", required: true), let digest = object.string("sha256", required: true) else { return nil }
            guard digest.count == 64, digest.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
                reporter.error("source.archive.sha256", "\(subject): sha256 must be 64 lowercase hex characters", at: object["sha256"])
                return nil
            }
            if !url.hasPrefix("https://") {
                reporter.warning("source.archive.insecure", "\(subject): archive URL is not https; clients may refuse it", at: object["url"])
            }
            return .archive(url: url, sha256: digest)
        case "command":
            // Claude Code 2.1: a local program prints the plugin. A registry must never run it.
            object.warnUnknownKeys(["source", "command", "args"])
            guard let command = object.string("command", required: true) else { return nil }
            reporter.warning("source.command", "\(subject): a 'command' source runs '\(command)' on the user's machine to produce the plugin; Plaza never runs it, so the plugin is listed as unavailable",
                             at: object["command"], hint: "publish the plugin's files (a relative, git or archive source) to have it indexed and pinned")
            return .command(command: command)
        case "local":
            // OpenAI Codex: {"source": "local", "path": "./plugins/x"}, resolved like a relative source.
            object.warnUnknownKeys(["source", "path"])
            guard let path = object.string("path", required: true) else { return nil }
            guard path.hasPrefix("./"), path != "./" || !Codex.isMarketplace(reporter.file) else {
                reporter.error("source.local.path", "\(subject): a local source path must start with './' and name a directory below the marketplace",
                               at: object["path"], hint: "write './plugins/NAME'")
                return nil
            }
            return relative(path, node: object["path"] ?? node, subject: subject, reporter: reporter, pluginRoot: nil)
        default:
            reporter.error("source.kind.unknown", "\(subject): unknown source kind '\(kind)'", at: object["source"],
                           hint: "use one of: github, url, git-subdir, npm, archive, or a './relative/path' string")
            return nil
        }
    }

    private static func relative(_ path: String, node: Node, subject: String, reporter: FileReporter, pluginRoot: String?) -> PluginSource? {
        let problems = RelativePath.problems(path)
        if let security = problems.first(where: \.isSecurity) {
            reporter.error(security == .parentTraversal ? "source.path-traversal" : "source.path-unsafe",
                           "\(subject): source '\(path)' \(security.message)", at: node,
                           hint: "relative sources must stay inside the marketplace repository and start with './'")
            return nil
        }
        if problems.contains(.empty) {
            reporter.error("source.empty", "\(subject): source is empty", at: node, hint: "use './' for the marketplace root")
            return nil
        }
        if problems.contains(.missingDotSlash) {
            guard let pluginRoot else {
                reporter.error("source.dot-slash", "\(subject): relative source '\(path)' must start with './'; Claude Code refuses the entry", at: node,
                               hint: "write './\(path)'")
                return nil
            }
            return .relative(path: RelativePath.join(pluginRoot, path) ?? path)
        }
        return .relative(path: RelativePath.normalise(path) ?? "")
    }

    private static func gitURL(_ object: ObjectReader, subject: String) -> String? {
        guard let url = object.string("url", required: true) else { return nil }
        let allowed = ["https://", "http://", "file://", "ssh://", "git://", "git@"]
        guard allowed.contains(where: url.hasPrefix) else {
            object.reporter.error("source.url.scheme", "\(subject): '\(url)' is not a git URL (https, http, file, ssh or git@)", at: object["url"])
            return nil
        }
        if url.hasPrefix("https://") || url.hasPrefix("http://"), url.dropFirst(url.hasPrefix("https") ? 8 : 7).prefix(while: { $0 != "/" }).contains("@") {
            object.reporter.error("source.url.credentials", "\(subject): the URL embeds credentials; remove them and configure a credential instead",
                                  at: object["url"])
            return nil
        }
        return url
    }

    private static func ref(_ object: ObjectReader) -> String? { object.string("ref") }

    private static func sha(_ object: ObjectReader, subject: String) -> String? {
        guard let sha = object.string("sha") else { return nil }
        guard sha.utf8.count == 40, sha.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            object.reporter.error("source.sha", "\(subject): sha '\(sha)' must be a full 40-character lowercase commit id", at: object["sha"],
                                  hint: "use `git rev-parse <ref>` to get the full id")
            return nil
        }
        return sha
    }
}
