/// Removes secrets from text that may reach a log line or an error.
public enum Redaction {
    /// Replaces the user-info part of every URL (`https://user:token@host`) with `***`.
    public static func redactingURLCredentials(in text: String) -> String {
        guard text.contains("@") && text.contains("://") else { return text }
        var result = ""
        var rest = Substring(text)
        while let schemeRange = rest.range(of: "://") {
            result += rest[..<schemeRange.upperBound]
            rest = rest[schemeRange.upperBound...]
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" || $0 == "\n" }) ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@") {
                result += "***@"
                rest = rest[rest.index(after: at)...]
            }
        }
        return result + rest
    }
}
