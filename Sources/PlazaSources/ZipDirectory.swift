/// A check of a zip's central directory before ZIPFoundation reads it. ZIPFoundation adds sizes
/// and offsets an archive declares without overflow checks; with ZIP64's 64-bit fields a hostile
/// archive makes those additions trap and would take the server down. Archives of plugins are at
/// most 256 MiB with at most 65,535 entries, so ZIP64 is never needed: it is refused, and every
/// declared offset and size must lie inside the archive.
enum ZipDirectory {
    static func check(_ zip: [UInt8]) throws {
        func u16(_ at: Int) -> Int { Int(zip[at]) | Int(zip[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let minimum = 22
        guard zip.count >= minimum else { throw ArchiveContents.Failure("not a readable zip archive (too short)") }
        // The end-of-central-directory record: signature PK\5\6, within the last 64 KiB + 22 bytes.
        var end = -1
        var position = zip.count - minimum
        let lowest = max(0, zip.count - minimum - 0xFFFF)
        while position >= lowest {
            if zip[position] == 0x50, zip[position + 1] == 0x4b, zip[position + 2] == 0x05, zip[position + 3] == 0x06 { end = position; break }
            position -= 1
        }
        guard end >= 0 else { throw ArchiveContents.Failure("not a readable zip archive (no end of central directory)") }
        if end >= 20, zip[end - 20] == 0x50, zip[end - 19] == 0x4b, zip[end - 18] == 0x06, zip[end - 17] == 0x07 {
            throw ArchiveContents.Failure("ZIP64 archives are not accepted (a plugin archive needs neither 4 GiB nor 65,535 entries); repack it as a plain zip")
        }
        let count = u16(end + 10), size = u32(end + 12), offset = u32(end + 16)
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else {
            throw ArchiveContents.Failure("ZIP64 archives are not accepted (a plugin archive needs neither 4 GiB nor 65,535 entries); repack it as a plain zip")
        }
        guard offset + size <= end else { throw ArchiveContents.Failure("the zip's central directory lies outside the archive") }
        var header = offset
        for _ in 0..<count {
            guard header + 46 <= end, zip[header] == 0x50, zip[header + 1] == 0x4b, zip[header + 2] == 0x01, zip[header + 3] == 0x02 else {
                throw ArchiveContents.Failure("the zip's central directory is damaged")
            }
            let compressed = u32(header + 20), uncompressed = u32(header + 24), local = u32(header + 42)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else {
                throw ArchiveContents.Failure("ZIP64 entries are not accepted")
            }
            guard local + 30 + compressed <= offset else {
                throw ArchiveContents.Failure("a zip entry declares data outside the archive")
            }
            header += 46 + u16(header + 28) + u16(header + 30) + u16(header + 32)
        }
    }
}
