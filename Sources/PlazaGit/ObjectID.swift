import CLibGit2

/// A git object id (SHA-1), as 40 lowercase hexadecimal characters.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The 40-character lowercase hex form.
    public let hex: String

    /// Accepts exactly 40 hexadecimal characters (any case); returns nil otherwise.
    public init?(hex: String) {
        guard hex.utf8.count == 40, hex.utf8.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        var oid = oid
        var buffer = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&buffer, 41, &oid)
        self.hex = String(decoding: buffer.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init(_ pointer: UnsafePointer<git_oid>) {
        self.init(pointer.pointee)
    }

    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    /// The first 12 characters, as clients show a commit-derived version.
    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
