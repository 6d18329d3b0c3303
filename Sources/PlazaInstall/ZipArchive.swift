/// Builds a ZIP archive (PKWARE APPNOTE 6.3) whose bytes depend only on the entries given:
/// entries in the order given, method STORE (0, no compression), a fixed DOS timestamp
/// 1980-01-01 00:00:00, no extra fields, no data descriptors, UTF-8 names (general purpose bit 11),
/// version made by = 3 (Unix) with Unix mode in the external attributes (0o100644, or 0o100755 when executable),
/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, table-driven) of each entry.
///
/// Because nothing about the machine, the clock or the file system goes into the archive, the same
/// entries always give the same bytes, so an archive can be addressed by its digest.
///
/// Layout: for each entry a local file header (30 bytes + name) followed by the stored bytes; then
/// the central directory (46 bytes + name per entry); then the end of central directory record
/// (22 bytes, no comment). ZIP64 is never written: anything that would need it is refused.
public enum ZipArchive {
    /// One file of an archive.
    public struct Entry: Sendable {
        /// Path inside the archive, `/`-separated and relative (for example `skills/review/SKILL.md`).
        public let path: String
        /// The file's contents, stored as they are.
        public let bytes: [UInt8]
        /// Whether the file is recorded with mode 0o100755 rather than 0o100644.
        public let executable: Bool

        public init(path: String, bytes: [UInt8], executable: Bool = false) {
            self.path = path
            self.bytes = bytes
            self.executable = executable
        }
    }

    /// Why an archive could not be built; `description` names the offending path or limit.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String

        init(_ description: String) {
            self.description = description
        }
    }

    /// Most entries a ZIP without ZIP64 can count (0xFFFF is the ZIP64 sentinel).
    static let maximumEntryCount = 65_534
    /// Largest size or offset a ZIP without ZIP64 can record (0xFFFFFFFF is the ZIP64 sentinel).
    static let maximumSize = 0xFFFF_FFFE
    /// Largest archive: every offset and size inside it then stays below the ZIP64 sentinel.
    static let maximumArchiveSize = 0xFFFF_FFFF

    // Fixed header values.
    private static let localHeaderSignature: UInt32 = 0x0403_4B50
    private static let centralHeaderSignature: UInt32 = 0x0201_4B50
    private static let endOfCentralDirectorySignature: UInt32 = 0x0605_4B50
    /// High byte 3 = Unix (external attributes carry a Unix mode); low byte 63 = APPNOTE 6.3.
    private static let versionMadeBy: UInt16 = 0x033F
    /// 2.0: the baseline every unzip understands.
    private static let versionNeeded: UInt16 = 20
    /// Bit 11: the name is UTF-8.
    private static let generalPurposeFlags: UInt16 = 0x0800
    private static let methodStore: UInt16 = 0
    /// 00:00:00.
    private static let dosTime: UInt16 = 0
    /// 1980-01-01: (1980 - 1980) << 9 | 1 << 5 | 1.
    private static let dosDate: UInt16 = 0x0021
    private static let localHeaderSize = 30
    private static let centralHeaderSize = 46
    private static let endOfCentralDirectorySize = 22

    /// The archive's bytes for `entries`, in the order given.
    ///
    /// - Throws: `ZipArchive.Failure` when the archive would need ZIP64 (more than 65,534 entries,
    ///   or an entry or the whole archive over 4 GiB - 1), or when a path is empty, absolute, has a
    ///   `..` component, a backslash or a NUL, or its UTF-8 form is over 65,535 bytes.
    public static func build(_ entries: [Entry]) throws -> [UInt8] {
        guard entries.count <= maximumEntryCount else {
            throw Failure("a ZIP archive without ZIP64 holds at most \(maximumEntryCount) entries; \(entries.count) were given")
        }

        // Validate everything and size the archive exactly before writing a byte.
        var names: [[UInt8]] = []
        names.reserveCapacity(entries.count)
        var total = endOfCentralDirectorySize
        for entry in entries {
            let name = try validatedName(entry.path)
            guard entry.bytes.count <= maximumSize else {
                throw Failure("ZIP entry \(quoted(entry.path)) is \(entry.bytes.count) bytes; without ZIP64 an entry must be under 4 GiB")
            }
            names.append(name)
            total += localHeaderSize + centralHeaderSize + 2 * name.count + entry.bytes.count
            guard total <= maximumArchiveSize else {
                throw Failure("the ZIP archive would exceed 4 GiB - 1 bytes, which needs ZIP64 (reached at entry \(quoted(entry.path)))")
            }
        }

        var out: [UInt8] = []
        out.reserveCapacity(total)
        var checksums: [UInt32] = []
        checksums.reserveCapacity(entries.count)
        var localHeaderOffsets: [UInt32] = []
        localHeaderOffsets.reserveCapacity(entries.count)

        // Local file headers, each followed by the stored bytes.
        for (entry, name) in zip(entries, names) {
            let checksum = crc32(entry.bytes)
            let size = UInt32(entry.bytes.count)
            checksums.append(checksum)
            localHeaderOffsets.append(UInt32(out.count))

            out.appendLittleEndian(localHeaderSignature)
            out.appendLittleEndian(versionNeeded)
            out.appendLittleEndian(generalPurposeFlags)
            out.appendLittleEndian(methodStore)
            out.appendLittleEndian(dosTime)
            out.appendLittleEndian(dosDate)
            out.appendLittleEndian(checksum)
            out.appendLittleEndian(size)  // compressed size
            out.appendLittleEndian(size)  // uncompressed size
            out.appendLittleEndian(UInt16(name.count))
            out.appendLittleEndian(UInt16(0))  // extra field length
            out.append(contentsOf: name)
            out.append(contentsOf: entry.bytes)
        }

        // Central directory.
        let centralDirectoryOffset = UInt32(out.count)
        for index in entries.indices {
            let entry = entries[index]
            let name = names[index]
            let size = UInt32(entry.bytes.count)
            let mode: UInt32 = entry.executable ? 0o100755 : 0o100644

            out.appendLittleEndian(centralHeaderSignature)
            out.appendLittleEndian(versionMadeBy)
            out.appendLittleEndian(versionNeeded)
            out.appendLittleEndian(generalPurposeFlags)
            out.appendLittleEndian(methodStore)
            out.appendLittleEndian(dosTime)
            out.appendLittleEndian(dosDate)
            out.appendLittleEndian(checksums[index])
            out.appendLittleEndian(size)  // compressed size
            out.appendLittleEndian(size)  // uncompressed size
            out.appendLittleEndian(UInt16(name.count))
            out.appendLittleEndian(UInt16(0))  // extra field length
            out.appendLittleEndian(UInt16(0))  // file comment length
            out.appendLittleEndian(UInt16(0))  // disk number start
            out.appendLittleEndian(UInt16(0))  // internal attributes
            out.appendLittleEndian(mode << 16)  // external attributes: Unix mode in the high half
            out.appendLittleEndian(localHeaderOffsets[index])
            out.append(contentsOf: name)
        }
        let centralDirectorySize = UInt32(out.count) - centralDirectoryOffset

        // End of central directory record.
        let count = UInt16(entries.count)
        out.appendLittleEndian(endOfCentralDirectorySignature)
        out.appendLittleEndian(UInt16(0))  // number of this disk
        out.appendLittleEndian(UInt16(0))  // disk where the central directory starts
        out.appendLittleEndian(count)  // entries on this disk
        out.appendLittleEndian(count)  // entries in total
        out.appendLittleEndian(centralDirectorySize)
        out.appendLittleEndian(centralDirectoryOffset)
        out.appendLittleEndian(UInt16(0))  // comment length

        assert(out.count == total, "ZIP size computed up front (\(total)) differs from bytes written (\(out.count))")
        return out
    }

    /// CRC-32 as ZIP, gzip and PNG use it (IEEE 802.3: reflected polynomial 0xEDB88320, initial
    /// value and final XOR 0xFFFFFFFF). The check value for `"123456789"` is 0xCBF43926.
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { data in
            crcTable.withUnsafeBufferPointer { table in
                var crc: UInt32 = 0xFFFF_FFFF
                for byte in data {
                    crc = table[Int(truncatingIfNeeded: (crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
                }
                return ~crc
            }
        }
    }

    /// `crcTable[n]` is the CRC of the single byte `n` (before the final XOR), for byte-at-a-time updates.
    private static let crcTable: [UInt32] = (0..<256).map { (n: UInt32) -> UInt32 in
        var value = n
        for _ in 0..<8 {
            value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1
        }
        return value
    }

    /// The UTF-8 bytes of `path`, after refusing paths that are unsafe to extract or that ZIP cannot record.
    private static func validatedName(_ path: String) throws -> [UInt8] {
        if path.isEmpty {
            throw Failure("ZIP entry path \(quoted(path)) is empty")
        }
        if path.hasPrefix("/") {
            throw Failure("ZIP entry path \(quoted(path)) is absolute; entry paths must be relative")
        }
        let name = Array(path.utf8)
        if name.contains(UInt8(ascii: "\\")) {
            throw Failure("ZIP entry path \(quoted(path)) contains a backslash")
        }
        if name.contains(0) {
            throw Failure("ZIP entry path \(quoted(path)) contains a NUL byte")
        }
        if name.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .contains(where: { $0.elementsEqual("..".utf8) }) {
            throw Failure("ZIP entry path \(quoted(path)) contains a \"..\" component")
        }
        if name.count > Int(UInt16.max) {
            throw Failure("ZIP entry path \(quoted(path.prefix(64) + "…")) is \(name.count) bytes of UTF-8; ZIP allows at most 65,535")
        }
        return name
    }

    /// `path` in double quotes for a message, with NUL shown as `\0` so logs stay readable.
    private static func quoted<S: StringProtocol>(_ path: S) -> String {
        var result = "\""
        for scalar in path.unicodeScalars {
            if scalar == "\0" {
                result += "\\0"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` least significant byte first, as every ZIP field is stored.
    @inline(__always)
    fileprivate mutating func appendLittleEndian<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        var remaining = value
        for _ in 0..<(T.bitWidth / 8) {
            append(UInt8(truncatingIfNeeded: remaining))
            remaining >>= 8
        }
    }
}
