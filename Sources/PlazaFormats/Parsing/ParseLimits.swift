/// Bounds that keep hostile input from using unbounded time or memory.
public struct ParseLimits: Sendable {
    /// Largest manifest file (marketplace.json, plugin.json, .mcp.json, hooks.json) read, in bytes.
    public var maxManifestBytes: Int
    /// Largest markdown file (SKILL.md, agents, commands) read, in bytes.
    public var maxMarkdownBytes: Int
    /// Deepest nesting of arrays and objects accepted.
    public var maxDepth: Int
    /// Most values a YAML document may expand to once aliases are followed (alias bombs).
    public var maxYAMLNodes: Int
    /// Most plugins read from one marketplace.
    public var maxPlugins: Int
    /// Most files in one snapshot.
    public var maxFiles: Int
    /// Most bytes of JSON pointers one document may produce. Every value keeps its pointer, so long
    /// member names above many values would otherwise cost memory quadratic in the file's size
    /// (a 900 KB marketplace.json could ask for 100 GB).
    public var maxPointerBytes: Int

    public init(maxManifestBytes: Int = 1 << 20, maxMarkdownBytes: Int = 1 << 20, maxDepth: Int = 64,
                maxYAMLNodes: Int = 10_000, maxPlugins: Int = 2_000, maxFiles: Int = 200_000, maxPointerBytes: Int = 32 << 20) {
        self.maxManifestBytes = maxManifestBytes
        self.maxMarkdownBytes = maxMarkdownBytes
        self.maxDepth = maxDepth
        self.maxYAMLNodes = maxYAMLNodes
        self.maxPlugins = maxPlugins
        self.maxFiles = maxFiles
        self.maxPointerBytes = maxPointerBytes
    }

    public static let `default` = ParseLimits()
}

/// Why a document could not be parsed at all.
public struct ParseError: Error, Sendable, Equatable {
    public let message: String
    public let location: SourceLocation?

    public init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }
}
