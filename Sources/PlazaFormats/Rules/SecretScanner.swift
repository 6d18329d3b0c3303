/// Finds literal credentials where only references (`${env:NAME}`) belong: MCP server headers,
/// environment values and arguments.
///
/// Reports the kind of secret it recognised, never the value.
public enum SecretScanner {
    /// What kind of literal secret a value looks like, or nil when it looks safe.
    public static func literalSecretKind(in value: String, key: String? = nil) -> String? {
        let trimmed = value.trimming(" \t")
        if trimmed.isEmpty || isOnlyReferences(trimmed) { return nil }
        let unreferenced = removingReferences(trimmed)
        let prefixes: [(String, String)] = [
            ("ghp_", "GitHub personal access token"), ("gho_", "GitHub OAuth token"), ("ghs_", "GitHub App token"),
            ("ghu_", "GitHub user token"), ("github_pat_", "GitHub fine-grained token"), ("glpat-", "GitLab token"),
            ("sk-", "API secret key"), ("xoxb-", "Slack token"), ("xoxp-", "Slack token"), ("AKIA", "AWS access key"),
            ("AIza", "Google API key"), ("eyJ", "JSON Web Token"),
        ]
        for word in unreferenced.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == ":" }) {
            for (prefix, kind) in prefixes where word.hasPrefix(prefix) && word.count >= prefix.count + 10 { return kind }
        }
        let lowered = unreferenced.lowercased()
        for scheme in ["bearer ", "basic ", "token "] where lowered.hasPrefix(scheme) {
            let credential = String(unreferenced.dropFirst(scheme.count)).trimming(" ")
            if !credential.isEmpty { return "literal \(scheme.trimming(" ").capitalized) credential" }
        }
        // "Bearer ${env:TOKEN}" and similar: the secret itself comes from a reference.
        if !references(in: trimmed).isEmpty { return nil }
        if let key, isSecretName(key), !looksLikePlainSetting(unreferenced) { return "literal value for '\(key)'" }
        if looksLikeOpaqueToken(unreferenced) { return "long random-looking token" }
        return nil
    }

    /// Names of the variables a value references: `${env:NAME}`, `${NAME}`, `${user_config.KEY}`.
    public static func references(in value: String) -> [String] {
        var names: [String] = []
        var rest = Substring(value)
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            var name = String(rest[open.upperBound..<close])
            if name.hasPrefix("env:") { name.removeFirst(4) }
            if let defaultStart = name.range(of: ":-") { name = String(name[..<defaultStart.lowerBound]) }
            if !name.isEmpty { names.append(name) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Variables a client provides itself; they are not secrets the installer must supply.
    public static let builtInVariables: Set<String> = ["CLAUDE_PLUGIN_ROOT", "CLAUDE_PROJECT_DIR", "CLAUDE_PLUGIN_DATA", "PWD", "HOME"]

    static func isOnlyReferences(_ value: String) -> Bool {
        removingReferences(value).trimming(" ").isEmpty
    }

    static func removingReferences(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            result += rest[..<open.lowerBound]
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    static func isSecretName(_ key: String) -> Bool {
        let upper = key.uppercased()
        return ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "PRIVATE_KEY", "AUTHORIZATION", "CREDENTIAL"]
            .contains { upper.contains($0) } || upper == "X-API-KEY"
    }

    static func looksLikePlainSetting(_ value: String) -> Bool {
        value.contains("://") || ["true", "false", "1", "0", "yes", "no"].contains(value.lowercased())
    }

    /// 32+ characters of base64/hex alphabet mixing letters and digits, with no spaces.
    static func looksLikeOpaqueToken(_ value: String) -> Bool {
        guard value.count >= 32, !value.contains(" "), !value.contains("/"), !value.contains(".") || value.hasPrefix("eyJ") else { return false }
        let allowed = value.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+=_-".unicodeScalars.contains($0)) }
        let hasDigit = value.contains(where: \.isNumber), hasLetter = value.contains(where: \.isLetter)
        return allowed && hasDigit && hasLetter
    }
}

extension String {
    func trimming(_ set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, set.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
