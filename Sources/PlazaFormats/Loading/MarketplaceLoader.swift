/// Reads a whole marketplace, or a single plugin, from a snapshot and validates everything in it.
///
/// Lenient: one bad plugin or component is reported and skipped; the rest load. With `strict`,
/// warnings become errors.
public struct MarketplaceLoader {
    public struct Options: Sendable {
        public var strict: Bool
        public var limits: ParseLimits
        /// The git URL the marketplace is read from, or nil when unknown (a directory): names
        /// reserved for official marketplaces are allowed only from the official organisation.
        public var origin: String?

        public init(strict: Bool = false, limits: ParseLimits = .default, origin: String? = nil) {
            self.strict = strict
            self.limits = limits
            self.origin = origin
        }
    }

    let snapshot: any SourceSnapshot
    let options: Options
    let resolver: PathResolver

    public init(snapshot: any SourceSnapshot, options: Options = Options()) {
        self.snapshot = snapshot
        self.options = options
        self.resolver = PathResolver(snapshot.entries)
    }

    /// Finds the manifest (marketplace.json first, then plugin.json) and reads everything it lists;
    /// with `only`, reads just the manifest and the named plugins (incremental sync).
    public func load(only: Set<String>? = nil) -> ValidationReport {
        let log = DiagnosticLog()
        var report: ValidationReport
        let marketplaces = ManifestLocations.first(ManifestLocations.marketplace, in: "", resolver: resolver)
        if let manifestPath = marketplaces.first {
            for ignored in marketplaces.dropFirst() {
                log.add(Diagnostic(.warning, code: "marketplace.shadowed", file: ignored,
                                   message: "ignored: \(manifestPath) comes first in the lookup order",
                                   hint: "keep one marketplace.json"))
            }
            report = loadMarketplace(at: manifestPath, log: log, only: only)
        } else if let pluginPath = ManifestLocations.first(ManifestLocations.plugin, in: "", resolver: resolver).first {
            report = ValidationReport(kind: .plugin, manifestPath: pluginPath, marketplace: nil, plugins: [], diagnostics: [], strict: options.strict)
            let plugin = PluginLoader(snapshot: snapshot, resolver: resolver, limits: options.limits, log: log)
                .loadStandalone(root: "", manifestPath: pluginPath)
            report.plugins = plugin.map { [$0] } ?? []
        } else {
            log.add(Diagnostic(.error, code: "manifest.missing", file: ".",
                               message: "no marketplace.json or plugin.json found",
                               hint: "looked for \((ManifestLocations.marketplace + ManifestLocations.plugin).joined(separator: ", "))"))
            report = ValidationReport(kind: .marketplace, manifestPath: nil, marketplace: nil, plugins: [], diagnostics: [], strict: options.strict)
        }
        EscapingSymlinks.report(snapshot.entries, resolver: resolver, log: log)
        report.diagnostics = finalise(log.diagnostics)
        return report
    }

    private func loadMarketplace(at path: String, log: DiagnosticLog, only: Set<String>?) -> ValidationReport {
        var report = ValidationReport(kind: .marketplace, manifestPath: path, marketplace: nil, plugins: [], diagnostics: [], strict: options.strict)
        guard let bytes = read(path, limit: options.limits.maxManifestBytes, log: log) else { return report }
        guard let manifest = MarketplaceParser.parse(bytes, file: path, log: log, limits: options.limits, origin: options.origin) else { return report }
        report.marketplace = manifest
        let loader = PluginLoader(snapshot: snapshot, resolver: resolver, limits: options.limits, log: log)
        report.plugins = manifest.plugins.filter { only?.contains($0.name) ?? true }
            .map { loader.load($0, manifestPath: path, siblings: manifest.plugins) }
        return report
    }

    /// Reads a plugin whose marketplace entry points at another repository: `snapshot` is that
    /// repository at the resolved commit and `root` the plugin's directory in it ("" for the root).
    public func loadExternal(_ entry: PluginEntry, root: String) -> (LoadedPlugin, [Diagnostic]) {
        let log = DiagnosticLog()
        var local = entry
        local.source = .relative(path: root)
        var plugin = PluginLoader(snapshot: snapshot, resolver: resolver, limits: options.limits, log: log).load(local, manifestPath: "\(entry.source.summary)")
        plugin.source = entry.source
        return (plugin, finalise(log.diagnostics))
    }

    func read(_ path: String, limit: Int, log: DiagnosticLog) -> [UInt8]? {
        PluginLoader(snapshot: snapshot, resolver: resolver, limits: options.limits, log: log).read(path, limit: limit)
    }

    /// Applies strict mode and orders diagnostics by file, then position.
    private func finalise(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let adjusted = diagnostics.map { diagnostic -> Diagnostic in
            var copy = diagnostic
            if options.strict && copy.severity == .warning { copy.severity = .error }
            return copy
        }
        return adjusted.enumerated().sorted { a, b in
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            let la = a.element.location?.line ?? .max, lb = b.element.location?.line ?? .max
            return la != lb ? la < lb : a.offset < b.offset
        }.map(\.element)
    }
}
