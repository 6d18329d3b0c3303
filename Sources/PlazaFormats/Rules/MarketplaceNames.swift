/// Marketplace names as Claude Code 2.1.332 treats them. The lists and patterns are the ones in
/// its binary (`claude_agent_sdk/_bundled/claude`); Docs/Validation.md, "Reserved marketplace
/// names", quotes them.
public enum MarketplaceNames {
    /// What Claude Code does with a marketplace name.
    public enum Verdict: Sendable, Equatable {
        /// Refused wherever the marketplace comes from (`claude plugin validate` fails).
        case refused(String)
        /// Reserved for official Anthropic marketplaces: `validate` accepts it, `marketplace add`
        /// refuses it unless the marketplace comes from github.com/anthropics/.
        case officialOnly(String)
        /// Accepted by Claude Code, but it resembles an official or built-in name.
        case resembles(String)
    }

    /// Names of built-in plugin sources, refused everywhere, with what they stand for.
    public static let builtIn: [String: String] = [
        "inline": "--plugin-dir session plugins", "builtin": "built-in plugins",
        "skills-dir": "plugins auto-loaded from .claude/skills/", "synced": "plugins synced from a claude.ai account",
        "claude-plugin-test": "plugins loaded by claude plugin test",
    ]

    /// Names reserved for official Anthropic marketplaces (accepted only from github.com/anthropics/).
    public static let official: Set<String> = [
        "claude-code-marketplace", "claude-code-plugins", "claude-plugins-official", "anthropic-marketplace",
        "anthropic-plugins", "agent-skills", "anthropic-agent-skills", "life-sciences", "knowledge-work-plugins",
        "claude-for-legal", "claude-for-financial-services", "financial-services-plugins", "first-party-plugins",
        "claude-tag-plugins", "claude-community", "claude-plugins-community", "healthcare",
        "anthropic-plugin-directory", "claude-plugin-directory",
    ]

    /// The organisation whose GitHub repositories may use ``official`` names.
    public static let officialOrganisation = "anthropics"

    /// Claude Code's verdict on `name`, or nil when it accepts it without comment.
    public static func check(_ name: String) -> Verdict? {
        let lowered = name.lowercased()
        if let what = builtIn[lowered] { return .refused("'\(lowered)' is reserved for \(what)") }
        if official.contains(lowered) {
            return .officialOnly("'\(name)' is reserved for official Anthropic marketplaces: Claude Code adds it only from github.com/\(officialOrganisation)/")
        }
        if impersonates(name) { return .refused("'\(name)' impersonates an official Anthropic/Claude marketplace") }
        if lowered.contains("anthropic") || lowered.contains("official") || lowered.hasPrefix("claudeai-") {
            return .resembles("'\(name)' could be mistaken for an official marketplace (Claude Code accepts it)")
        }
        return nil
    }

    /// Whether a git URL or `owner/repo` names a repository of the official organisation on GitHub.
    public static func isOfficialRepository(_ url: String) -> Bool {
        var rest = url.lowercased()
        for prefix in ["https://", "http://", "ssh://", "git://", "git+https://", "git+ssh://"] where rest.hasPrefix(prefix) {
            rest.removeFirst(prefix.count)
        }
        if let at = rest.firstIndex(of: "@"), at < (rest.firstIndex(of: "/") ?? rest.endIndex) { rest = String(rest[rest.index(after: at)...]) }
        for host in ["github.com/", "github.com:", "www.github.com/", "ssh.github.com/", "ssh.github.com:443/"] where rest.hasPrefix(host) {
            return rest.dropFirst(host.count).hasPrefix(officialOrganisation + "/")
        }
        return false
    }

    // The impersonation test of Claude Code (`aHt`): any non-printable-ASCII character; "official"
    // next to "anthropic"/"claude"; or "anthropic"/"claude" followed by marketplace, plugins,
    // official, directory or directories, at the start, after stripping leading punctuation, or
    // joined across separators.
    private static let brands = ["anthropic", "claude"]
    private static let wideWords = ["marketplace", "plugins", "official", "directory", "directories"]

    static func impersonates(_ name: String) -> Bool {
        let lowered = name.lowercased()
        if official.contains(lowered) { return false }
        if name.unicodeScalars.contains(where: { !(0x20...0x7E).contains($0.value) }) { return true }
        if matchesWide(lowered) { return true }
        if matchesWide(String(lowered.drop { !isWordCharacter($0) })) { return true }
        let words = lowered.split { !isWordCharacter($0) }
        let squeezed = words.joined()
        if brands.contains(where: { squeezed.contains("official" + $0) || squeezed.contains($0 + "official") }) { return true }
        var joined = ""
        for word in words {
            joined += word
            if brands.contains(where: { brand in
                wideWords.contains { joined == brand + $0 || joined == brand + $0 + "s" }
            }) { return true }
            if joined.count > 21 { return false }
        }
        return false
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber)
    }

    /// `official[^a-z0-9]*(anthropic|claude)|(anthropic|claude)[^a-z0-9]*official` anywhere, or
    /// `^(anthropic|claude)[^a-z0-9]*(marketplace|plugins|official|directory|directories)`.
    private static func matchesWide(_ lowered: String) -> Bool {
        if let word = brandAtStart(lowered), wideWords.contains(where: word.hasPrefix) { return true }
        var rest = Substring(lowered)
        while !rest.isEmpty {
            for brand in brands {
                if rest.hasPrefix("official"), rest.dropFirst(8).drop(while: { !isWordCharacter($0) }).hasPrefix(brand) { return true }
                if rest.hasPrefix(brand), rest.dropFirst(brand.count).drop(while: { !isWordCharacter($0) }).hasPrefix("official") { return true }
            }
            rest = rest.dropFirst()
        }
        return false
    }

    /// What follows a leading "anthropic" or "claude" and any separators, or nil.
    private static func brandAtStart(_ lowered: String) -> Substring? {
        guard let brand = brands.first(where: lowered.hasPrefix) else { return nil }
        return lowered.dropFirst(brand.count).drop { !isWordCharacter($0) }
    }
}
