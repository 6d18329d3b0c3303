import Foundation

/// Recomputes a pin's content digest from a directory: an unpacked bundle, a client's install
/// directory, or a checkout of the plugin.
///
/// When the directory holds Plaza's delivery record (`.plaza/pin.json`), the files Plaza stamped are
/// put back to their kept originals and the files it added are left out (see ``Delivery``), so the
/// result is the digest of exactly the pinned files.
public struct DeliveryVerifier: Sendable {
    /// What a directory recomputes to.
    public struct Result: Sendable, Equatable {
        /// `sha256:<hex>` over the pinned files found.
        public let digest: String
        public let fileCount: Int
        /// The digest the delivery record claims, if there is a record.
        public let recordedDigest: String?
        /// The delivered version the record names.
        public let version: String?
        /// The pin the record names: `plugin@marketplace[#skill]` at commit.
        public let pin: String?
        /// Files outside the pin's root that Plaza did not put there (a skill pin's directory holds only the skill).
        public let unexpected: [String]
        /// Stamped files whose kept original is missing.
        public let missingOriginals: [String]
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Paths (a trailing `/` names a directory) the client keeps in an install directory for itself
    /// and that are never part of a pin: Claude Code's `.in_use/` session markers.
    public static let clientOwned = [".in_use/"]

    /// Paths left out of the recomputation, as ``clientOwned``.
    public let ignored: [String]

    public init(ignoring ignored: [String] = DeliveryVerifier.clientOwned) {
        self.ignored = ignored
    }

    func isIgnored(_ path: String) -> Bool {
        ignored.contains { $0.hasSuffix("/") ? path.hasPrefix($0) : path == $0 }
    }

    public func verify(directory: String) throws -> Result {
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Failure(description: "'\(directory)' is not a directory")
        }
        let files = try regularFiles(under: base).filter { !isIgnored($0.key) }
        guard let recordBytes = files[Delivery.recordPath] else {
            let content = PluginContent(files: files.map { PluginContent.File(path: $0.key, bytes: $0.value) })
            return Result(digest: "sha256:" + content.digest, fileCount: content.files.count, recordedDigest: nil, version: nil, pin: nil,
                          unexpected: [], missingOriginals: [])
        }
        guard let record = (try? JSONSerialization.jsonObject(with: Data(recordBytes))) as? [String: Any] else {
            throw Failure(description: "\(Delivery.recordPath) is not a JSON object")
        }
        let root = (record["root"] as? String).map { $0.isEmpty ? "" : $0 + "/" } ?? ""
        let stamped = Set(record["stamped"] as? [String] ?? [])
        let added = Set(record["added"] as? [String] ?? [])
        var pinned: [PluginContent.File] = []
        var unexpected: [String] = []
        var missing: [String] = []
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            if path == Delivery.recordPath || path.hasPrefix(Delivery.originalsPrefix) || added.contains(path) { continue }
            guard path.hasPrefix(root) else { unexpected.append(path); continue }
            if stamped.contains(path) {
                guard let original = files[Delivery.originalsPrefix + path] else { missing.append(path); continue }
                // The stamped copy is what the client acts on: it must be exactly Plaza's stamping of
                // the kept original (version, bare dependency names), nothing more.
                if let version = record["version"] as? String, Delivery.stamp(original, version: version) != bytes {
                    unexpected.append("\(path) (changed after Plaza stamped it)")
                }
                pinned.append(PluginContent.File(path: String(path.dropFirst(root.count)), bytes: original))
            } else {
                pinned.append(PluginContent.File(path: String(path.dropFirst(root.count)), bytes: bytes))
            }
        }
        let content = PluginContent(files: pinned)
        let name = record["plugin"] as? String
        let pin = name.map { name in
            "\(name)@\(record["marketplace"] as? String ?? "?")" + ((record["skill"] as? String).map { "#\($0)" } ?? "")
                + ((record["commit"] as? String).map { " at \($0.prefix(12))" } ?? "")
        }
        return Result(digest: "sha256:" + content.digest, fileCount: content.files.count, recordedDigest: record["digest"] as? String,
                      version: record["version"] as? String, pin: pin, unexpected: unexpected, missingOriginals: missing)
    }

    /// Every regular file under `base`, by `/`-separated relative path. Symbolic links are refused:
    /// Plaza never delivers them, so one here means the directory was changed.
    private func regularFiles(under base: URL) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else {
            throw Failure(description: "cannot read '\(base.path)'")
        }
        let prefix = base.path.hasSuffix("/") ? base.path : base.path + "/"
        for case let url as URL in walker {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            if values.isSymbolicLink == true { throw Failure(description: "'\(path)' is a symbolic link; Plaza never delivers one") }
            guard values.isRegularFile == true else { continue }
            guard let data = FileManager.default.contents(atPath: url.path) else { throw Failure(description: "cannot read '\(path)'") }
            files[path] = [UInt8](data)
        }
        return files
    }
}
