import Foundation

/// Which version of a server is "latest", following the official MCP registry: semantic versions
/// compare by semver precedence, other versions by publish time, and any semantic version beats
/// any non-semantic one.
public enum VersionOrdering {
    /// A strict semver 2.0.0 version: MAJOR.MINOR.PATCH, optional -prerelease, optional +build.
    ///
    /// Comparison and equality follow precedence (semver §11): build metadata is ignored, so
    /// `1.0.0+a == 1.0.0+b`.
    public struct SemanticVersion: Comparable, Sendable, CustomStringConvertible {
        public let major: UInt64
        public let minor: UInt64
        public let patch: UInt64
        /// Dot-separated prerelease identifiers; empty for a release.
        public let prerelease: [String]
        /// Dot-separated build identifiers; ignored by comparison.
        public let build: [String]

        public var isPrerelease: Bool { !prerelease.isEmpty }

        public var description: String {
            var text = "\(major).\(minor).\(patch)"
            if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
            if !build.isEmpty { text += "+" + build.joined(separator: ".") }
            return text
        }

        /// Parses strictly; nil for anything that is not semver 2.0.0 (no "v" prefix, no missing
        /// parts, no leading zeros in numbers, ASCII identifiers only).
        public init?(_ text: String) {
            var rest = Substring(text)
            var build: [String] = []
            if let plus = rest.firstIndex(of: "+") {
                guard let identifiers = Self.identifiers(rest[rest.index(after: plus)...], numericRule: false) else { return nil }
                build = identifiers
                rest = rest[..<plus]
            }
            var prerelease: [String] = []
            if let dash = rest.firstIndex(of: "-") {
                guard let identifiers = Self.identifiers(rest[rest.index(after: dash)...], numericRule: true) else { return nil }
                prerelease = identifiers
                rest = rest[..<dash]
            }
            let core = rest.split(separator: ".", omittingEmptySubsequences: false)
            guard core.count == 3,
                  let major = Self.number(core[0]), let minor = Self.number(core[1]), let patch = Self.number(core[2]) else { return nil }
            self.major = major
            self.minor = minor
            self.patch = patch
            self.prerelease = prerelease
            self.build = build
        }

        /// A numeric identifier: ASCII digits, no leading zero unless it is "0", fits in 64 bits.
        private static func number(_ text: Substring) -> UInt64? {
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            guard text == "0" || text.first != "0" else { return nil }
            return UInt64(text)
        }

        /// Dot-separated non-empty identifiers of [0-9A-Za-z-]; prerelease numerics have no leading zeros.
        private static func identifiers(_ text: Substring, numericRule: Bool) -> [String]? {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            var result: [String] = []
            for part in parts {
                guard !part.isEmpty, part.utf8.allSatisfy({ isIdentifierByte($0) }) else { return nil }
                if numericRule, isNumeric(part), part.count > 1, part.first == "0" { return nil }
                result.append(String(part))
            }
            return result
        }

        private static func isIdentifierByte(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D
        }

        private static func isNumeric<S: StringProtocol>(_ text: S) -> Bool {
            !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }

        /// Precedence of two prerelease identifiers (semver §11.4): numeric ones numerically,
        /// alphanumeric ones in ASCII order, numeric ones lower than alphanumeric ones.
        private static func compareIdentifier(_ a: String, _ b: String) -> Int {
            switch (isNumeric(a), isNumeric(b)) {
            case (true, true):
                // Arbitrary length: no leading zeros, so longer is larger, then digit by digit.
                if a.utf8.count != b.utf8.count { return a.utf8.count < b.utf8.count ? -1 : 1 }
                return a == b ? 0 : (a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1)
            case (true, false): return -1
            case (false, true): return 1
            case (false, false):
                return a == b ? 0 : (a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1)
            }
        }

        /// -1, 0 or 1 by precedence.
        public static func compare(_ a: SemanticVersion, _ b: SemanticVersion) -> Int {
            for (x, y) in [(a.major, b.major), (a.minor, b.minor), (a.patch, b.patch)] where x != y {
                return x < y ? -1 : 1
            }
            switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
            case (true, true): return 0
            case (true, false): return 1   // a release outranks its prereleases
            case (false, true): return -1
            case (false, false):
                for (x, y) in zip(a.prerelease, b.prerelease) {
                    let order = compareIdentifier(x, y)
                    if order != 0 { return order }
                }
                if a.prerelease.count == b.prerelease.count { return 0 }
                return a.prerelease.count < b.prerelease.count ? -1 : 1
            }
        }

        public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) < 0 }
        public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool { compare(lhs, rhs) == 0 }
    }

    /// Strict semver 2.0.0 parse (MAJOR.MINOR.PATCH, optional -prerelease, optional +build), nil otherwise.
    public static func semantic(_ version: String) -> SemanticVersion? {
        SemanticVersion(version)
    }

    /// Whether candidate (published at candidatePublishedAt) should replace current as "latest" per the
    /// official rules: both semver → higher wins (equal precedence → newer publish wins); neither semver →
    /// newer publish wins; a semver version beats a non-semver one. A tie (same precedence or not
    /// semver, same publish time) keeps the current one.
    public static func isNewer(_ candidate: String, publishedAt candidatePublishedAt: Date,
                               than current: String, publishedAt currentPublishedAt: Date) -> Bool {
        switch (semantic(candidate), semantic(current)) {
        case let (a?, b?):
            let order = SemanticVersion.compare(a, b)
            return order != 0 ? order > 0 : candidatePublishedAt > currentPublishedAt
        case (.some, nil):
            return true
        case (nil, .some):
            return false
        case (nil, nil):
            return candidatePublishedAt > currentPublishedAt
        }
    }

    /// The latest of several (version, publishedAt) pairs per the same rules; nil for an empty list.
    /// On a complete tie the earlier element in the list wins.
    public static func latest(_ versions: [(version: String, publishedAt: Date)]) -> String? {
        guard var best = versions.first else { return nil }
        for entry in versions.dropFirst()
        where isNewer(entry.version, publishedAt: entry.publishedAt, than: best.version, publishedAt: best.publishedAt) {
            best = entry
        }
        return best.version
    }
}
