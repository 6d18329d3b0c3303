/// Semantic versions and the npm-style ranges Claude Code's plugin dependencies use (`~2.1.0`,
/// `^2.0`, `>=1.2 <2`, `1.x`, `1.0.0 - 2.0.0`, `a || b`). Pre-release versions match only a range
/// that names a pre-release of the same major.minor.patch, as in node-semver.
public struct SemanticVersion: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let major: Int, minor: Int, patch: Int
    public let prerelease: [String]

    public init?(_ text: String) {
        var core = Substring(text.trimmingCharacters(in: .whitespaces))
        if core.hasPrefix("v") || core.hasPrefix("=") { core = core.dropFirst() }
        if let plus = core.firstIndex(of: "+") { core = core[..<plus] }
        var pre: [String] = []
        if let dash = core.firstIndex(of: "-") {
            pre = core[core.index(after: dash)...].split(separator: ".").map(String.init)
            core = core[..<dash]
        }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let major = parts[0], let minor = parts[1], let patch = parts[2], major >= 0, minor >= 0, patch >= 0 else { return nil }
        (self.major, self.minor, self.patch, prerelease) = (major, minor, patch, pre)
    }

    init(_ major: Int, _ minor: Int, _ patch: Int, prerelease: [String] = []) {
        (self.major, self.minor, self.patch, self.prerelease) = (major, minor, patch, prerelease)
    }

    public var description: String { "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: ".")) }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) { return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch) }
        if a.prerelease.isEmpty || b.prerelease.isEmpty { return !a.prerelease.isEmpty && b.prerelease.isEmpty }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (Int(x), Int(y)) {
            case let (i?, j?): return i < j
            case (.some, nil): return true
            case (nil, .some): return false
            default: return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }
}

public struct SemverRange: Sendable, CustomStringConvertible {
    private struct Comparator: Sendable {
        enum Op: Sendable { case lt, le, gt, ge, eq }
        let op: Op
        let version: SemanticVersion
        func test(_ v: SemanticVersion) -> Bool {
            switch op {
            case .lt: return v < version
            case .le: return v <= version
            case .gt: return v > version
            case .ge: return v >= version
            case .eq: return v == version
            }
        }
    }

    /// Alternatives (`||`), each a conjunction of comparators.
    private let sets: [[Comparator]]
    public let description: String

    public init?(_ text: String) {
        description = text
        var sets: [[Comparator]] = []
        for alternative in text.components(separatedBy: "||") {
            let trimmed = alternative.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "*" || trimmed == "x" || trimmed == "latest" { sets.append([]); continue }
            let hyphen = trimmed.components(separatedBy: " - ")
            if hyphen.count == 2 {
                guard let low = Self.partial(hyphen[0]), let high = Self.partial(hyphen[1]) else { return nil }
                sets.append([Comparator(op: .ge, version: low.floor), high.count == 3 ? Comparator(op: .le, version: high.floor) : Comparator(op: .lt, version: high.ceiling)])
                continue
            }
            var set: [Comparator] = []
            for token in trimmed.split(separator: " ").map(String.init) {
                guard let comparators = Self.comparators(token) else { return nil }
                set += comparators
            }
            sets.append(set)
        }
        guard !sets.isEmpty else { return nil }
        self.sets = sets
    }

    public func contains(_ version: SemanticVersion) -> Bool {
        sets.contains { set in
            guard set.allSatisfy({ $0.test(version) }) else { return false }
            // A pre-release matches only when a comparator names a pre-release of the same version.
            return version.prerelease.isEmpty || set.contains { !$0.version.prerelease.isEmpty
                && ($0.version.major, $0.version.minor, $0.version.patch) == (version.major, version.minor, version.patch) }
        }
    }

    /// The highest of `versions` in the range.
    public func best(of versions: [SemanticVersion]) -> SemanticVersion? { versions.filter(contains).max() }

    /// `1`, `1.2`, `1.2.3`, `1.x`, `1.2.*` with how many parts were given.
    private struct Partial {
        let parts: [Int]
        let prerelease: [String]
        var count: Int { parts.count }
        var floor: SemanticVersion { SemanticVersion(parts[safe: 0] ?? 0, parts[safe: 1] ?? 0, parts[safe: 2] ?? 0, prerelease: prerelease) }
        /// The first version past the partial: `1.2` → 1.3.0-0, `1` → 2.0.0-0.
        var ceiling: SemanticVersion {
            switch count {
            case 0: return SemanticVersion(Int.max, 0, 0)
            case 1: return SemanticVersion(parts[0] + 1, 0, 0, prerelease: ["0"])
            default: return SemanticVersion(parts[0], parts[1] + 1, 0, prerelease: ["0"])
            }
        }
    }

    private static func partial(_ text: String) -> Partial? {
        var text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("v") { text.removeFirst() }
        if let full = SemanticVersion(text) { return Partial(parts: [full.major, full.minor, full.patch], prerelease: full.prerelease) }
        var parts: [Int] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            if piece == "x" || piece == "X" || piece == "*" { break }
            guard let number = Int(piece), number >= 0, parts.count < 3 else { return nil }
            parts.append(number)
        }
        return Partial(parts: parts, prerelease: [])
    }

    private static func comparators(_ token: String) -> [Comparator]? {
        for (prefix, op) in [(">=", Comparator.Op.ge), ("<=", .le), (">", .gt), ("<", .lt), ("=", .eq)] where token.hasPrefix(prefix) {
            guard let p = partial(String(token.dropFirst(prefix.count))) else { return nil }
            switch op {
            case .ge: return [Comparator(op: .ge, version: p.floor)]
            case .lt: return [Comparator(op: .lt, version: p.floor)]
            case .gt: return p.count == 3 ? [Comparator(op: .gt, version: p.floor)] : [Comparator(op: .ge, version: p.ceiling)]
            case .le: return p.count == 3 ? [Comparator(op: .le, version: p.floor)] : [Comparator(op: .lt, version: p.ceiling)]
            case .eq: return exact(p)
            }
        }
        if token.hasPrefix("~") {
            guard let p = partial(String(token.dropFirst(token.hasPrefix("~>") ? 2 : 1))), p.count > 0 else { return nil }
            let upper = p.count == 1 ? SemanticVersion(p.parts[0] + 1, 0, 0, prerelease: ["0"]) : SemanticVersion(p.parts[0], p.parts[1] + 1, 0, prerelease: ["0"])
            return [Comparator(op: .ge, version: p.floor), Comparator(op: .lt, version: upper)]
        }
        if token.hasPrefix("^") {
            guard let p = partial(String(token.dropFirst())), p.count > 0 else { return nil }
            let upper: SemanticVersion
            if p.parts[0] > 0 || p.count == 1 { upper = SemanticVersion(p.parts[0] + 1, 0, 0, prerelease: ["0"]) }
            else if (p.parts[safe: 1] ?? 0) > 0 || p.count == 2 { upper = SemanticVersion(0, p.parts[1] + 1, 0, prerelease: ["0"]) }
            else { upper = SemanticVersion(0, 0, p.parts[2] + 1, prerelease: ["0"]) }
            return [Comparator(op: .ge, version: p.floor), Comparator(op: .lt, version: upper)]
        }
        guard let p = partial(token) else { return nil }
        return exact(p)
    }

    private static func exact(_ p: Partial) -> [Comparator] {
        p.count == 3 ? [Comparator(op: .eq, version: p.floor)]
            : p.count == 0 ? [] : [Comparator(op: .ge, version: p.floor), Comparator(op: .lt, version: p.ceiling)]
    }
}
