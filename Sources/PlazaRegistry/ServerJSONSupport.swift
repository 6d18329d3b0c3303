import Foundation

// MARK: - Helpers

enum JSONPointer {
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func child(_ parent: String, _ key: String) -> String { parent + "/" + escape(key) }
    static func child(_ parent: String, _ index: Int) -> String { parent + "/" + String(index) }
}

enum JSONValue {
    static func isBoolean(_ value: Any) -> Bool {
        if type(of: value) == Bool.self { return true }
        if let number = value as? NSNumber {
            // JSONSerialization gives booleans as NSNumbers of type "c" (CFBoolean on Darwin).
            return String(cString: number.objCType) == "c"
        }
        return false
    }

    static func isKind(_ value: Any, _ kind: ServerJSONWalker.Kind) -> Bool {
        switch kind {
        case .string: return value is String
        case .boolean: return isBoolean(value)
        case .object: return value is [String: Any]
        case .array: return value is [Any]
        }
    }

    static func typeName(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if value is String { return "a string" }
        if isBoolean(value) { return "a boolean" }
        if value is NSNumber || value is Int || value is Double { return "a number" }
        if value is [String: Any] { return "an object" }
        if value is [Any] { return "an array" }
        return "an unsupported value"
    }
}

enum CharacterSets {
    static let alphanumeric: Set<Unicode.Scalar> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars)
    static let namespace: Set<Unicode.Scalar> = alphanumeric.union(".-".unicodeScalars)
    static let serverName: Set<Unicode.Scalar> = alphanumeric.union("._-".unicodeScalars)
    static let pathCharacters: Set<Unicode.Scalar> = alphanumeric.union("-_./".unicodeScalars)
    static let whitespace = CharacterSet.whitespacesAndNewlines
}

enum URLCheck {
    /// An absolute URI: a scheme, ":", something after it, and no whitespace.
    static func isAbsoluteURI(_ value: String) -> Bool {
        guard !value.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }),
              let colon = value.firstIndex(of: ":"), colon != value.startIndex else { return false }
        let scheme = value[..<colon]
        guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
              scheme.unicodeScalars.allSatisfy({ CharacterSets.alphanumeric.contains($0) || "+.-".unicodeScalars.contains($0) }) else { return false }
        guard value.index(after: colon) < value.endIndex else { return false }
        return URLComponents(string: value) != nil
    }

    /// An absolute http(s) URL with a host and no whitespace; `{variables}` are substituted first
    /// when templates are allowed.
    static func isHTTPURL(_ value: String, httpsOnly: Bool, allowTemplates: Bool = false) -> Bool {
        guard !value.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }) else { return false }
        let lower = value.lowercased()
        guard lower.hasPrefix("https://") || (!httpsOnly && lower.hasPrefix("http://")) else { return false }
        let concrete = allowTemplates ? substituteTemplates(value) : value
        guard let components = URLComponents(string: concrete),
              let scheme = components.scheme?.lowercased(), scheme == "https" || (!httpsOnly && scheme == "http"),
              let host = components.host, !host.isEmpty else { return false }
        return true
    }

    static func startsWithTemplate(_ value: String) -> Bool {
        guard value.hasPrefix("{"), let close = value.firstIndex(of: "}") else { return false }
        let name = value[value.index(after: value.startIndex)..<close]
        guard let first = name.unicodeScalars.first, first == "_" || (CharacterSets.alphanumeric.contains(first) && !("0"..."9").contains(first)) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSets.alphanumeric.contains($0) }
    }

    static func hasTemplate(_ value: String) -> Bool { !templateVariables(value).isEmpty }

    /// The names inside `{braces}`, in order, without duplicates.
    static func templateVariables(_ value: String) -> [String] {
        var names: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if !name.isEmpty, !name.contains("{"), !names.contains(name) { names.append(name) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// Replaces `{name}` with a placeholder that parses: a port after ":" in the authority, a word elsewhere.
    static func substituteTemplates(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            result += rest[..<open]
            let next = after[after.index(after: close)...]
            let inPortPosition = result.hasSuffix(":") && !result.hasSuffix("://") && (next.isEmpty || next.hasPrefix("/"))
            result += inPortPosition ? "8080" : "placeholder"
            rest = next
        }
        return result + rest
    }
}

/// Detects version ranges and wildcards: the official registry's patterns plus a bare "*", "x".
enum VersionRange {
    static func looksLikeRange(_ version: String) -> Bool {
        let trimmed = version.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return false }
        if ["*", "x", "X"].contains(trimmed) { return true }
        if trimmed.contains("||") { return true }
        if let first = trimmed.first, "^~<>=".contains(first) { return true }
        if isHyphenRange(trimmed) { return true }
        // Dotted wildcards in the version core ("1.x", "1.2.*", "1.X.0-beta"); prerelease and build
        // identifiers may legitimately contain an "x".
        let core = trimmed.prefix { $0 != "-" && $0 != "+" }
        let segments = core.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count >= 2 && segments.count <= 4 {
            let isWildcard: (Substring) -> Bool = { $0 == "x" || $0 == "X" || $0 == "*" }
            let isNumber: (Substring) -> Bool = { segment in
                let digits = segment.hasPrefix("v") ? segment.dropFirst() : segment
                return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            }
            if segments.allSatisfy({ isWildcard($0) || isNumber($0) }) && segments.contains(where: isWildcard) { return true }
        }
        return false
    }

    /// "1.2.3 - 2.0.0": two version-like values separated by whitespace, "-", whitespace.
    static func isHyphenRange(_ value: String) -> Bool {
        let parts = value.components(separatedBy: " - ")
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { isVersionLike($0.trimmingCharacters(in: .whitespaces)) }
    }

    static func isVersionLike(_ value: String) -> Bool {
        var body = Substring(value)
        if body.hasPrefix("v") { body = body.dropFirst() }
        let core = body.prefix { $0 != "-" }
        let segments = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(segments.count) else { return false }
        return segments.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

/// Deliberately cautious: decides which values may be quoted back in messages.
enum Echo {
    /// The value in quotes when it is short, printable and nothing like a credential; nil otherwise.
    static func quoted(_ value: String) -> String? {
        guard value.unicodeScalars.count <= 48,
              value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f && $0 != "\"" && $0 != "\\" }),
              !Secrets.looksSecret(value) else { return nil }
        return "\"\(value)\""
    }
}

enum Secrets {
    /// Case-sensitive prefixes of well-known token formats (GitHub, GitLab, OpenAI/Anthropic/Stripe,
    /// Slack, npm, PyPI, AWS access keys, JWTs).
    static let credentialPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "sk-", "sk_live_",
                                     "sk_test_", "xoxb-", "xoxp-", "xoxa-", "xapp-", "npm_", "pypi-", "AKIA", "eyJ"]

    /// Strong signals of a literal credential: well-known token prefixes, a JWT, or an
    /// `Authorization`-style "Bearer …"/"Basic …"/"token …" with a literal (non-template) value.
    static func looksLikeCredential(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        for scheme in ["bearer ", "basic ", "token "] where lower.hasPrefix(scheme) {
            let credential = trimmed.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
            return credential.count >= 8 && !URLCheck.hasTemplate(credential) && !credential.hasPrefix("$")
        }
        if !URLCheck.hasTemplate(trimmed), !trimmed.contains(" ") {
            for prefix in credentialPrefixes where trimmed.hasPrefix(prefix) && trimmed.count >= prefix.count + 12 {
                return true
            }
        }
        return false
    }

    /// Weaker test used only to decide what not to echo: credentials, plus any long run of
    /// token characters mixing letters and digits.
    static func looksSecret(_ value: String) -> Bool {
        if looksLikeCredential(value) { return true }
        let lower = value.lowercased()
        if ["bearer", "basic ", "token", "secret", "password", "apikey", "api_key", "api-key"].contains(where: { lower.contains($0) }) {
            return true
        }
        var run = 0, letters = false, digits = false
        for scalar in value.unicodeScalars {
            if CharacterSets.alphanumeric.contains(scalar) || "+/=_".unicodeScalars.contains(scalar) {
                run += 1
                if ("0"..."9").contains(scalar) { digits = true } else if CharacterSets.alphanumeric.contains(scalar) { letters = true }
                if run >= 20 && letters && digits { return true }
            } else {
                run = 0; letters = false; digits = false
            }
        }
        return false
    }
}

extension String {
    var capitalizedFirst: String {
        guard let first = first else { return self }
        return first.uppercased() + dropFirst()
    }
}

