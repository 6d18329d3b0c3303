import Foundation
import PlazaCatalog
import PlazaInstall

/// A pin as the API shows it.
struct PinView: Encodable {
    let reference: String
    let target: String
    let marketplace: String
    let plugin: String
    let skill: String?
    let repository: String
    let commit: String
    let marketplaceCommit: String
    let path: String
    /// `sha256:` + the content digest over the pinned files.
    let digest: String
    let bundleSHA256: String
    let version: String?
    let hasHooks: Bool
    let hasMCP: Bool
    /// Whether the plugin makes clients run programs on the user's machine; null for older pins.
    let runsCommands: Bool?
    let pinnedAt: Date
    let pinnedBy: String

    init(_ pin: Pin) {
        reference = pin.reference
        target = pin.target
        marketplace = pin.marketplace
        plugin = pin.plugin
        skill = pin.skill
        repository = pin.repository
        commit = pin.commit
        marketplaceCommit = pin.marketplaceCommit
        path = pin.path
        digest = "sha256:" + pin.digest
        bundleSHA256 = pin.bundleSHA256
        version = pin.version
        hasHooks = pin.hasHooks
        hasMCP = pin.hasMCP
        runsCommands = pin.runsCommands
        pinnedAt = pin.pinnedAt
        pinnedBy = pin.pinnedBy
    }
}

struct PinsPage: Encodable {
    let target: String
    let pins: [PinView]
}

struct PinEventView: Encodable {
    let id: Int64?
    let at: Date
    let actor: String
    let action: String
    let fromCommit: String?
    let toCommit: String?
    let fromDigest: String?
    let toDigest: String?

    init(_ event: PinEvent) {
        id = event.id
        at = event.at
        actor = event.actor
        action = event.action.rawValue
        fromCommit = event.before?.commit
        toCommit = event.after?.commit
        fromDigest = event.before.map { "sha256:" + $0.digest }
        toDigest = event.after.map { "sha256:" + $0.digest }
    }
}

struct OutdatedView: Encodable {
    let reference: String
    let target: String
    /// `current`, `outdated` (the marketplace head has different content), `renamed` (see
    /// `renamedTo`) or `missing` (no longer in the catalog).
    let state: String
    let renamedTo: String?
    let commit: String
    let latestCommit: String?
    let version: String?
    let latestVersion: String?
    /// Required dependencies the target does not satisfy (missing, or pinned outside their range).
    let dependencyProblems: [String]
    /// Other pins whose range excludes `latestVersion` (updating to the head would break them).
    let heldBy: [String]

    init(_ item: OutdatedPin) {
        dependencyProblems = item.dependencyProblems
        heldBy = item.heldBy
        reference = item.pin.reference
        target = item.pin.target
        state = item.state.rawValue
        renamedTo = item.renamedTo
        commit = item.pin.commit
        latestCommit = item.latestCommit
        version = item.pin.version
        latestVersion = item.latestVersion
    }
}

struct OutdatedPage: Encodable {
    let target: String
    let outdated: Int
    let pins: [OutdatedView]
}
