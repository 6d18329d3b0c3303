/// Small helpers for the URL forms git accepts: `https://…`, `file://…`, plain paths, `git@host:path`.
public enum RemoteURL {
    /// The host name of a URL, lowercased, without port or user info; nil for local paths.
    public static func host(of url: String) -> String? {
        if let schemeEnd = url.range(of: "://") {
            let afterScheme = url[schemeEnd.upperBound...]
            let authority = afterScheme.prefix { $0 != "/" }
            let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
            if hostPort.hasPrefix("[") { return hostPort.split(separator: "]").first.map { String($0.dropFirst()).lowercased() } }
            let host = hostPort.split(separator: ":").first.map(String.init) ?? ""
            return host.isEmpty ? nil : host.lowercased()
        }
        // scp-like: user@host:path
        if let colon = url.firstIndex(of: ":"), !url.hasPrefix("/"), !url.contains("://") {
            let before = url[..<colon]
            if before.contains("/") { return nil }
            return before.split(separator: "@").last.map { $0.lowercased() }
        }
        return nil
    }

    /// Whether a string names a remote rather than a local path.
    public static func isRemote(_ url: String) -> Bool {
        if url.contains("://") { return true }
        guard let colon = url.firstIndex(of: ":"), !url.hasPrefix("/"), !url.hasPrefix(".") else { return false }
        return !url[..<colon].contains("/") && url[..<colon].contains("@")
    }
}
