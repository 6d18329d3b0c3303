import PlazaFormats

/// A snapshot built from strings in the test: files, and symlinks written as "-> target".
struct InMemorySnapshot: SourceSnapshot {
    let files: [String: [UInt8]]
    let entries: [SnapshotEntry]

    init(_ contents: [String: String], binary: [String: [UInt8]] = [:]) {
        var files: [String: [UInt8]] = binary
        var entries: [SnapshotEntry] = binary.keys.map { SnapshotEntry(path: $0, kind: .file) }
        for (path, text) in contents {
            if text.hasPrefix("-> ") {
                entries.append(SnapshotEntry(path: path, kind: .symlink(target: String(text.dropFirst(3)))))
            } else {
                files[path] = Array(text.utf8)
                entries.append(SnapshotEntry(path: path, kind: .file))
            }
        }
        self.files = files
        self.entries = entries.sorted { $0.path < $1.path }
    }

    func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let bytes = files[path] else { throw SnapshotError.unreadable(path) }
        guard bytes.count <= limit else { throw SnapshotError.tooLarge(size: bytes.count, limit: limit) }
        return bytes
    }
}

func load(_ contents: [String: String], strict: Bool = false, limits: ParseLimits = .default) -> ValidationReport {
    MarketplaceLoader(snapshot: InMemorySnapshot(contents), options: .init(strict: strict, limits: limits)).load()
}

extension ValidationReport {
    func diagnostics(_ code: String) -> [Diagnostic] { diagnostics.filter { $0.code == code } }
    func plugin(_ name: String) -> LoadedPlugin? { plugins.first { $0.name == name } }
}

func skill(_ name: String, description: String = "Does a thing. Use when testing.", extra: String = "") -> String {
    "---\nname: \(name)\ndescription: \(description)\n\(extra)---\n# \(name)\n\nInstructions.\n"
}
