import Foundation
import PlazaCatalog

/// What agents and stock clients read: lockfiles and per-environment marketplace.json documents.
public enum Exports {
    /// A lockfile: every pin with its commit and digests, in a stable order and without timestamps
    /// of its own, so it can be committed and reviewed in a pull request.
    public static func lockfile(target: PinTarget, environment: String?, pins: [Pin], bundleURL: (Pin) -> String) -> [String: Any] {
        var document: [String: Any] = [
            "lockfileVersion": 1,
            "target": target.description,
            "pins": pins.map { pin -> [String: Any] in
                var entry: [String: Any] = [
                    "plugin": pin.plugin, "marketplace": pin.marketplace, "repository": pin.repository, "commit": pin.commit,
                    "path": pin.path, "digest": "sha256:" + pin.digest, "bundle": ["url": bundleURL(pin), "sha256": pin.bundleSHA256],
                    "pinnedAt": ISO8601DateFormatter().string(from: pin.pinnedAt), "pinnedBy": pin.pinnedBy,
                    "scope": pin.target,
                ]
                if let skill = pin.skill { entry["skill"] = skill }
                if let version = pin.version { entry["version"] = version }
                entry["deliveredVersion"] = Delivery.version(of: pin)
                return entry
            },
        ]
        if let environment { document["environment"] = environment }
        return document
    }

    /// The name of an environment's exported marketplace (`plugin@<name>` in Claude Code).
    public static func marketplaceName(environment: String) -> String { "plaza-\(environment)" }
    /// The name of an agent's exported marketplace: its environment's pins with its own overrides.
    public static func marketplaceName(agent: String) -> String { "plaza-agent-\(agent)" }

    /// A marketplace.json a stock client (Claude Code, GitHub Copilot) can add by URL: one entry per
    /// pinned plugin, its source an `archive` of the pinned bundle with the bundle's sha256, and only
    /// widely supported keys. Installing from it installs exactly the pin, and each entry's
    /// `version` is the pin's delivered version, so a client updates exactly when the pin moves.
    /// Named `name`; `about` completes "Plugins pinned for …".
    public static func marketplace(name marketplaceName: String, about: String, pins: [Pin], descriptions: [PluginName: String],
                                   bundleURL: (Pin) -> String) -> [String: Any] {
        // Plugin names must be unique in a marketplace: the same name pinned from two marketplaces
        // (or a skill pin whose name collides) gets its marketplace appended.
        func base(_ pin: Pin) -> String { pin.skill.map { "\(pin.plugin)-\($0)" } ?? pin.plugin }
        let counts = Dictionary(pins.map { (base($0), 1) }, uniquingKeysWith: +)
        func name(_ pin: Pin) -> String { counts[base(pin), default: 0] > 1 ? "\(base(pin))-\(pin.marketplace)" : base(pin) }
        return [
            "name": marketplaceName,
            "owner": ["name": "Plaza"],
            "metadata": ["description": "Plugins pinned for \(about) by Plaza; each archive is verified by sha256."],
            "plugins": pins.map { pin -> [String: Any] in
                var entry: [String: Any] = [
                    "name": name(pin),
                    "source": ["source": "archive", "url": bundleURL(pin), "sha256": pin.bundleSHA256],
                ]
                if let description = descriptions[PluginName(marketplace: pin.marketplace, plugin: pin.plugin)], !description.isEmpty {
                    entry["description"] = description
                }
                // Clients update when this string changes (see ``Delivery``); the bundle's own
                // plugin.json carries the same one.
                entry["version"] = Delivery.version(of: pin)
                return entry
            },
        ]
    }
}
