/// Naming rules for marketplaces, plugins and skills.
public enum NameRules {
    /// Marketplace names that impersonate official or built-in sources.
    public static let reservedMarketplaceNames: Set<String> = [
        "claude-plugins-official", "claude-code-marketplace", "claude-code-plugins", "anthropic-marketplace",
        "anthropic-plugins", "agent-skills", "inline", "builtin", "npm", "github", "gh", "local", "official",
    ]

    /// Why a marketplace or plugin name is unusable, or nil when it is fine.
    ///
    /// No spaces, `/`, `\`, `..`, control or bidirectional-override characters.
    public static func problem(withIdentifier name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.count > 128 { return "is longer than 128 characters" }
        if name.contains(" ") { return "contains a space" }
        if name.contains("/") || name.contains("\\") { return "contains a path separator" }
        if name.contains("..") { return "contains '..'" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || isBidiControl($0) }) {
            return "contains a control or bidirectional-override character"
        }
        return nil
    }

    /// Why a marketplace name is reserved (impersonation guard), or nil.
    public static func reservationProblem(_ name: String) -> String? {
        let lowered = name.lowercased()
        if reservedMarketplaceNames.contains(lowered) { return "'\(name)' is reserved for an official or built-in source" }
        if lowered.hasPrefix("claudeai-") { return "names starting with 'claudeai-' are reserved" }
        if !name.unicodeScalars.allSatisfy(\.isASCII) { return "names with non-ASCII characters are refused (they can imitate other names)" }
        if lowered.contains("anthropic") || lowered.contains("official") {
            return "'\(name)' could be mistaken for an official marketplace"
        }
        return nil
    }

    /// Whether a skill name follows agentskills.io: 1–64 of `a-z 0-9 -`, no leading, trailing or double `-`.
    public static func isValidSkillName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count), !name.hasPrefix("-"), !name.hasSuffix("-"), !name.contains("--") else { return false }
        return name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// A kebab-case form of a free-text name (`Agent Development` -> `agent-development`).
    public static func slug(_ name: String) -> String {
        var result = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if !result.hasSuffix("-") && !result.isEmpty {
                result += "-"
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
            || scalar.value == 0x200E || scalar.value == 0x200F || scalar.value == 0x061C
    }
}
