/// Where a marketplace entry's plugin files come from.
public enum PluginSource: Sendable, Hashable, Codable {
    /// A directory of the marketplace repository (`./plugins/x`), already normalised ("" is the root).
    case relative(path: String)
    /// A GitHub repository, `owner/repo`.
    case github(repo: String, ref: String?, sha: String?)
    /// Any git URL.
    case url(url: String, ref: String?, sha: String?)
    /// One folder of another git repository.
    case gitSubdir(url: String, path: String, ref: String?, sha: String?)
    /// An npm package.
    case npm(package: String, version: String?, registry: String?)
    /// A zip archive with its expected SHA-256.
    case archive(url: String, sha256: String)
    /// Claude Code 2.1: a local program the client runs to produce the plugin. Never run by Plaza.
    case command(command: String)

    /// The `source` kind as written in marketplace.json.
    public var kind: String {
        switch self {
        case .relative: return "relative"
        case .github: return "github"
        case .url: return "url"
        case .gitSubdir: return "git-subdir"
        case .npm: return "npm"
        case .archive: return "archive"
        case .command: return "command"
        }
    }

    /// Whether the plugin lives in the marketplace repository itself.
    public var isLocal: Bool {
        if case .relative = self { return true }
        return false
    }

    /// The git URL to mirror for git-based external sources.
    public var gitURL: String? {
        switch self {
        case .github(let repo, _, _): return "https://github.com/\(repo).git"
        case .url(let url, _, _), .gitSubdir(let url, _, _, _): return url
        default: return nil
        }
    }

    /// A short human description: `./plugins/x`, `github:acme/tools@v2`.
    public var summary: String {
        switch self {
        case .relative(let path): return "./" + path
        case .github(let repo, let ref, let sha): return "github:\(repo)" + Self.at(ref, sha)
        case .url(let url, let ref, let sha): return url + Self.at(ref, sha)
        case .gitSubdir(let url, let path, let ref, let sha): return "\(url)//\(path)" + Self.at(ref, sha)
        case .npm(let package, let version, _): return "npm:\(package)" + (version.map { "@\($0)" } ?? "")
        case .archive(let url, _): return url
        case .command(let command): return "command: \(command)"
        }
    }

    private static func at(_ ref: String?, _ sha: String?) -> String {
        if let sha { return "@\(sha.prefix(12))" }
        return ref.map { "@\($0)" } ?? ""
    }
}
