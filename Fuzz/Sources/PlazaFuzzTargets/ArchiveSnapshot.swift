import PlazaFormats

/// A snapshot decoded from one fuzzer input, so a single byte string can describe a whole
/// repository: each file starts with a line `=== path`; a file whose content is `-> target` is a
/// symlink. Bytes before the first header are ignored. `.ci/fuzz` packs seeds the same way.
struct ArchiveSnapshot: SourceSnapshot {
    private(set) var entries: [SnapshotEntry] = []
    private var files: [String: [UInt8]] = [:]

    init(_ bytes: [UInt8]) {
        let header: [UInt8] = Array("=== ".utf8)
        var path: String?
        var content: [UInt8] = []
        var lineStart = 0
        func flush() {
            guard let path, files[path] == nil, !entries.contains(where: { $0.path == path }) else { return }
            if content.starts(with: Array("-> ".utf8)) {
                let target = String(decoding: content.dropFirst(3).prefix { $0 != 0x0A }, as: UTF8.self)
                entries.append(SnapshotEntry(path: path, kind: .symlink(target: target)))
            } else {
                files[path] = content
                entries.append(SnapshotEntry(path: path, kind: .file))
            }
        }
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: header) {
                flush()
                path = String(decoding: line.dropFirst(header.count), as: UTF8.self)
                content = []
            } else if path != nil {
                content.append(contentsOf: line)
                if lineEnd < bytes.count { content.append(0x0A) }
            }
            lineStart = lineEnd + 1
        }
        flush()
        entries.sort { $0.path < $1.path }
    }

    func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let bytes = files[path] else { throw SnapshotError.unreadable(path) }
        guard bytes.count <= limit else { throw SnapshotError.tooLarge(size: bytes.count, limit: limit) }
        return bytes
    }
}
