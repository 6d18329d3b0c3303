/// Naming rules for marketplaces, plugins and skills.
public enum NameRules {
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

    /// Why a marketplace name may not be registered under a Plaza catalog, or nil: anything
    /// ``MarketplaceNames/check(_:)`` flags (clients add a Plaza catalog from Plaza, never from the
    /// official organisation, so official names are refused too, and look-alikes are kept out).
    public static func reservationProblem(_ name: String) -> String? {
        switch MarketplaceNames.check(name) {
        case nil: return nil
        case .refused(let why), .officialOnly(let why), .resembles(let why): return why
        }
    }

    /// Why Claude Code cannot install `plugin@marketplace` with this name part, or nil: each part
    /// must match `[A-Za-z0-9][A-Za-z0-9._-]*`.
    public static func installabilityProblem(_ name: String) -> String? {
        guard let first = name.utf8.first, isASCIIAlphanumeric(first) else {
            return "must start with a letter or digit (a-z, A-Z, 0-9)"
        }
        guard name.utf8.allSatisfy({ isASCIIAlphanumeric($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }) else {
            return "may use only the letters a-z and A-Z, digits, '.', '_' and '-'"
        }
        return nil
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
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
