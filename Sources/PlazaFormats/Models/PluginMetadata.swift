/// Descriptive fields shared by marketplace plugin entries and plugin.json.
public struct PluginMetadata: Sendable, Hashable, Codable {
    public var name: String
    public var displayName: String?
    public var description: String?
    public var version: String?
    public var author: Person?
    public var homepage: String?
    public var repository: String?
    public var license: String?
    public var keywords: [String] = []
    public var category: String?
    public var tags: [String] = []
    public var dependencies: [String] = []

    public init(name: String) { self.name = name }

    /// Fills every field this one lacks from `fallback` (plugin.json wins over the marketplace entry).
    func filling(from fallback: PluginMetadata) -> PluginMetadata {
        var merged = self
        merged.displayName = displayName ?? fallback.displayName
        merged.description = description ?? fallback.description
        merged.version = version ?? fallback.version
        merged.author = author ?? fallback.author
        merged.homepage = homepage ?? fallback.homepage
        merged.repository = repository ?? fallback.repository
        merged.license = license ?? fallback.license
        merged.keywords = keywords.isEmpty ? fallback.keywords : keywords
        merged.category = category ?? fallback.category
        merged.tags = tags.isEmpty ? fallback.tags : tags
        merged.dependencies = dependencies.isEmpty ? fallback.dependencies : dependencies
        return merged
    }
}
