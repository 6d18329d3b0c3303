import Foundation

/// JSON fragments of registry responses, built once when a row changes so that listing is
/// concatenation: `{"server": <server.json>, "_meta": <meta>}`.
public enum RegistryJSON {
    public static let officialKey = "io.modelcontextprotocol.registry/official"

    /// RFC 3339 with fractional seconds, UTC.
    public static func timestamp(_ date: Date) -> String {
        lock.lock(); defer { lock.unlock() }
        return formatter.string(from: date)
    }

    public static func date(_ text: String) -> Date? {
        lock.lock(); defer { lock.unlock() }
        return formatter.date(from: text) ?? plainFormatter.date(from: text)
    }

    /// Formatters are not safe to share between threads on Linux: every use holds this lock.
    private static let lock = NSLock()

    nonisolated(unsafe) private static let formatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    nonisolated(unsafe) private static let plainFormatter = ISO8601DateFormatter()

    /// Plaza's part of `_meta`: governance, where the entry came from, and who may see it.
    public static func plazaMeta(governance: Governance, source: RegistrySource, teams: [String], isPublic: Bool) -> String {
        var object: [String: Any] = ["lifecycle": governance.lifecycle.rawValue, "owners": governance.owners, "contacts": governance.contacts,
                                     "visibility": ["teams": teams, "public": isPublic]]
        object["metadata"] = governance.metadata.mapValues { value -> Any in
            switch value {
            case .string(let text): return text
            case .number(let number): return number
            case .bool(let flag): return flag
            }
        }
        var sourceObject: [String: Any] = ["kind": source.kind.rawValue]
        sourceObject["marketplace"] = source.marketplace
        sourceObject["plugin"] = source.plugin
        sourceObject["commit"] = source.commit
        sourceObject["origin"] = source.origin
        object["source"] = sourceObject
        return serialize(object)
    }

    /// The whole response `_meta`: the official block and Plaza's.
    public static func meta(status: ServerStatus, statusMessage: String?, statusChangedAt: Date, publishedAt: Date, updatedAt: Date,
                            isLatest: Bool, plazaMeta: String) -> String {
        var official: [String: Any] = ["status": status.rawValue, "statusChangedAt": timestamp(statusChangedAt), "publishedAt": timestamp(publishedAt),
                                       "updatedAt": timestamp(updatedAt), "isLatest": isLatest]
        official["statusMessage"] = statusMessage
        return "{\"\(GovernanceCheck.metaKey)\":\(plazaMeta),\"\(officialKey)\":\(serialize(official))}"
    }

    /// One list item.
    public static func item(server: String, meta: String) -> String {
        "{\"server\":\(server),\"_meta\":\(meta)}"
    }

    public static func serialize(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
