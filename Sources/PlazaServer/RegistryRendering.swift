import Foundation
import PlazaCatalog
import PlazaRegistry

/// Renders stored server versions as the official registry API's JSON:
/// `{"server": <server.json as accepted>, "_meta": {<Plaza's block>, <the official block>}}`.
///
/// Rendered items are cached by `(id, revision)`: every change of a version bumps its revision, so
/// an entry never goes stale and a list page is mostly concatenation. One rendering serves one store
/// (ids are the store's).
struct RegistryRendering: Sendable {
    let items = RegistryItemCache()

    /// One list item (what `GET …/versions/{version}` answers).
    func item(_ version: StoredServerVersion) -> String {
        if let cached = items.item(id: version.id, revision: version.revision) { return cached }
        let rendered = Self.render(version)
        items.store(rendered, id: version.id, revision: version.revision)
        return rendered
    }

    /// `{"servers":[…],"metadata":{"count":N[,"nextCursor":"…"]}}`.
    func list(_ versions: [StoredServerVersion], next: RegistryCursor? = nil) -> String {
        var metadata = "\"count\":\(versions.count)"
        if let next { metadata += ",\"nextCursor\":\"\(next.encoded)\"" }
        return "{\"servers\":[\(versions.map(item).joined(separator: ","))],\"metadata\":{\(metadata)}}"
    }

    /// The item without the cache.
    static func render(_ version: StoredServerVersion) -> String {
        let plaza = plazaMeta(governance: version.governance, source: version.source, teams: version.visibility.teams.sorted(),
                              isPublic: version.visibility.isPublic)
        let meta = self.meta(status: version.status, statusMessage: version.statusMessage, statusChangedAt: version.statusChangedAt,
                             publishedAt: version.publishedAt, updatedAt: version.updatedAt, isLatest: version.isLatest, plazaMeta: plaza)
        return "{\"server\":\(version.serverJSON),\"_meta\":\(meta)}"
    }

    /// Plaza's part of `_meta`: governance, where the entry came from, and who may see it.
    ///
    /// Written by hand, keys in the order `JSONSerialization`'s `.sortedKeys` gives them and strings
    /// escaped as it escapes them (RegistryRenderingTests holds the two to the same bytes): on Linux,
    /// `JSONSerialization` costs about 100 µs per item, which a cold list page would pay a hundred
    /// times. Custom metadata, whose keys and numbers are the administrator's, still goes through it.
    static func plazaMeta(governance: Governance, source: RegistrySource, teams: [String], isPublic: Bool) -> String {
        var out = "{\"contacts\":"
        appendArray(governance.contacts, to: &out)
        out += ",\"lifecycle\":"
        appendString(governance.lifecycle.rawValue, to: &out)
        out += ",\"metadata\":"
        out += governance.metadata.isEmpty ? "{}" : RegistryJSON.serialize(governance.metadata.mapValues { value -> Any in
            switch value {
            case .string(let text): return text
            case .number(let number): return number
            case .bool(let flag): return flag
            }
        })
        out += ",\"owners\":"
        appendArray(governance.owners, to: &out)
        out += ",\"source\":{"
        var first = true
        for (key, value) in [("commit", source.commit), ("kind", source.kind.rawValue), ("marketplace", source.marketplace),
                             ("origin", source.origin), ("plugin", source.plugin)] {
            guard let value else { continue }
            out += first ? "\"\(key)\":" : ",\"\(key)\":"
            appendString(value, to: &out)
            first = false
        }
        out += "},\"visibility\":{\"public\":\(isPublic),\"teams\":"
        appendArray(teams, to: &out)
        return out + "}}"
    }

    /// The whole response `_meta`: Plaza's block and the official one (keys sorted, as above).
    static func meta(status: ServerStatus, statusMessage: String?, statusChangedAt: Date, publishedAt: Date, updatedAt: Date,
                     isLatest: Bool, plazaMeta: String) -> String {
        var official = "{\"isLatest\":\(isLatest),\"publishedAt\":\"\(RegistryJSON.timestamp(publishedAt))\",\"status\":"
        appendString(status.rawValue, to: &official)
        official += ",\"statusChangedAt\":\"\(RegistryJSON.timestamp(statusChangedAt))\""
        if let statusMessage {
            official += ",\"statusMessage\":"
            appendString(statusMessage, to: &official)
        }
        official += ",\"updatedAt\":\"\(RegistryJSON.timestamp(updatedAt))\"}"
        return "{\"\(GovernanceCheck.metaKey)\":\(plazaMeta),\"\(RegistryJSON.officialKey)\":\(official)}"
    }

    static func appendArray(_ strings: [String], to out: inout String) {
        out += "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            appendString(string, to: &out)
        }
        out += "]"
    }

    /// A JSON string as `JSONSerialization` writes it with `.withoutEscapingSlashes`: quote and
    /// backslash escaped, the five short control escapes, other controls as `\u00xx`, nothing else.
    static func appendString(_ string: String, to out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// Rendered registry items by `(id, revision)`, oldest dropped first. Needs no invalidation, even
/// across replicas: a changed version has a new revision.
final class RegistryItemCache: @unchecked Sendable {
    private struct Key: Hashable {
        let id: Int64
        let revision: Int64
    }

    private let lock = NSLock()
    private var items: [Key: String] = [:]
    private var order: [Key] = []
    private var start = 0
    private let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = max(capacity, 1) }

    func item(id: Int64, revision: Int64) -> String? {
        lock.lock(); defer { lock.unlock() }
        return items[Key(id: id, revision: revision)]
    }

    func store(_ item: String, id: Int64, revision: Int64) {
        let key = Key(id: id, revision: revision)
        lock.lock(); defer { lock.unlock() }
        guard items.updateValue(item, forKey: key) == nil else { return }
        order.append(key)
        if order.count - start > capacity {
            items[order[start]] = nil
            start += 1
            if start > capacity { order.removeFirst(start); start = 0 }
        }
    }
}
