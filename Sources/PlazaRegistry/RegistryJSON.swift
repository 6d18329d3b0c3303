import Foundation

/// The registry's JSON conventions shared by stores, the service and the HTTP layer: RFC 3339
/// timestamps and sorted-key serialization. Responses are rendered in PlazaServer.
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

    /// Sorted keys, slashes unescaped: how accepted server.json documents are stored and `_meta` rendered.
    public static func serialize(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
