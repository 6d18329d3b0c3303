import Foundation
import PlazaCatalog
import PlazaFormats

/// What Plaza changes in a pin's files when it delivers them to a stock client, and how anyone can
/// check that the rest is exactly the pin.
///
/// Stock clients (Claude Code) take a plugin's installed version from the bundle's own
/// `plugin.json`, and `claude plugin update` does nothing while that string stays the same. So every
/// delivered bundle carries the *delivered version* — the plugin's version plus `+plaza.` and the
/// first 12 hex digits of the pin's content digest — which changes exactly when the pinned files do:
/// - plugin manifests the bundle holds (`.claude-plugin/plugin.json` and the other locations
///   clients read) get that `version`; each original is kept byte for byte under `.plaza/original/`;
/// - in those manifests, `dependencies` and `optionalDependencies` become bare names (see
///   ``localiseDependencies(_:)``): the export holds the pinned closure itself;
/// - a whole plugin without `.claude-plugin/plugin.json` gets one, made from its marketplace entry
///   (components, metadata) so the client loads what the marketplace defined;
/// - `.plaza/pin.json` records the pin and lists every file Plaza stamped or added.
///
/// The content digest (``PluginContent/digest``) stays verifiable: leave out `.plaza/pin.json`, the
/// kept originals and the added files, put each original back in place of its stamped copy, and
/// recompute (`plaza verify DIR` does exactly that).
public enum Delivery {
    /// Plaza's record inside a delivered bundle, at the bundle root.
    public static let recordPath = ".plaza/pin.json"
    /// Where the original bytes of stamped files are kept, followed by the file's path.
    public static let originalsPrefix = ".plaza/original/"
    /// The manifest Claude Code reads; made from the marketplace entry when a plugin has none.
    public static let claudeManifest = ".claude-plugin/plugin.json"
    /// Marketplace-entry keys that have no meaning in a plugin.json.
    static let entryOnlyKeys: Set<String> = ["source", "strict", "category", "tags", "$schema", "relevance", "headers", "headersHelper"]

    /// The version clients see for a pin: `<version>+plaza.<digest12>` (`.plaza.<digest12>` appended
    /// when the version already has build metadata; `0.0.0` when the plugin has none).
    public static func version(base: String?, digest: String) -> String {
        let base = base.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? "0.0.0"
        let id = "plaza." + digest.prefix(12)
        return base.contains("+") ? "\(base).\(id)" : "\(base)+\(id)"
    }

    /// The delivered version of `pin`.
    public static func version(of pin: Pin) -> String { version(base: pin.version, digest: pin.digest) }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// The files of the delivered bundle for `pin`, built from its pinned `content`.
    ///
    /// - Parameter entryManifest: the plugin's marketplace entry as JSON (an object), used to make a
    ///   `.claude-plugin/plugin.json` for a whole plugin that has none; nil makes a minimal one.
    public static func files(for pin: Pin, content: PluginContent, entryManifest: Data?) throws -> [PluginContent.File] {
        let delivered = version(of: pin)
        let root = pin.skill.map { "skills/\($0)/" } ?? ""
        var files = content.files.map { PluginContent.File(path: root + $0.path, bytes: $0.bytes, executable: $0.executable) }
        var stamped: [String] = []
        var added: [String] = []
        if pin.skill == nil {
            let present = Set(content.files.map(\.path))
            for location in ManifestLocations.plugin where present.contains(location) {
                guard let index = files.firstIndex(where: { $0.path == location }),
                      let stamp = stamp(files[index].bytes, version: delivered) else { continue }
                files.append(PluginContent.File(path: originalsPrefix + location, bytes: files[index].bytes))
                files[index] = PluginContent.File(path: location, bytes: stamp, executable: files[index].executable)
                stamped.append(location)
            }
            if !present.contains(claudeManifest) {
                files.append(PluginContent.File(path: claudeManifest, bytes: manifest(for: pin, entry: entryManifest, version: delivered)))
                added.append(claudeManifest)
            }
        }
        var record: [String: Any] = [
            "plazaDelivery": 1, "marketplace": pin.marketplace, "plugin": pin.plugin, "repository": pin.repository,
            "commit": pin.commit, "path": pin.path, "digest": "sha256:" + pin.digest, "version": delivered,
            "root": String(root.dropLast()), "stamped": stamped, "added": added,
            "verify": "plaza verify DIR --digest sha256:\(pin.digest)",
        ]
        if let skill = pin.skill { record["skill"] = skill }
        if let base = pin.version { record["sourceVersion"] = base }
        files.append(PluginContent.File(path: recordPath, bytes: json(record)))
        let paths = files.map(\.path)
        if Set(paths).count != paths.count {
            throw Failure(description: "the plugin has its own '\(recordPath)' or '\(originalsPrefix)…' file, which Plaza's delivery record needs; rename it upstream")
        }
        return files
    }

    /// `bytes` (a JSON object) with `version` set; nil when they are not a JSON object.
    static func stamp(_ bytes: [UInt8], version: String) -> [UInt8]? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else { return nil }
        object["version"] = version
        localiseDependencies(&object)
        return json(object)
    }

    /// Dependencies as an export resolves them. Plaza pins a plugin's dependency closure in the same
    /// target, and an export lists every pin of its target in one marketplace, so each reference
    /// becomes a bare name in that marketplace: the `@marketplace` qualifier (or `marketplace` key)
    /// goes — the client would otherwise look for a marketplace the user never added — and so does
    /// the version range, because Plaza already chose the version (a client resolves ranges from
    /// git tags, which an archive entry has none of).
    static func localiseDependencies(_ object: inout [String: Any]) {
        for key in ["dependencies", "optionalDependencies"] {
            if let map = object[key] as? [String: Any] {  // {"name": "range"}
                object[key] = map.keys.sorted()
                continue
            }
            guard let list = object[key] as? [Any] else { continue }
            object[key] = list.map { item -> Any in
                if let text = item as? String { return String(text.split(separator: "@", maxSplits: 1).first ?? Substring(text)) }
                if let reference = item as? [String: Any], let name = reference["name"] as? String { return name }
                return item
            }
        }
    }

    /// A plugin.json for a plugin that has none: its marketplace entry without marketplace-only keys.
    static func manifest(for pin: Pin, entry: Data?, version: String) -> [UInt8] {
        var object = entry.flatMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] } ?? [:]
        for key in entryOnlyKeys { object.removeValue(forKey: key) }
        object["name"] = pin.plugin
        object["version"] = version
        localiseDependencies(&object)
        return json(object)
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }
}
