import Foundation
import PlazaInstall
import Testing

/// ZIP bundles are checked with the tools a user would open them with: Info-ZIP `unzip` and
/// Python's `zipfile`, run as real processes on archives written to disk.
@Suite("ZipArchive")
struct ZipArchiveTests {
    /// A small plugin: nested paths, a UTF-8 name, an executable script, an empty file, binary
    /// bytes, and an order that is not sorted (the archive keeps the order given).
    static let sample: [ZipArchive.Entry] = [
        .init(path: "plugin.json", bytes: Array(#"{"name":"demo"}"#.utf8)),
        .init(path: "skills/café/SKILL.md", bytes: Array("# Café\n\nUTF-8 body: ünïcødé ✓\n".utf8)),
        .init(path: "bin/run.sh", bytes: Array("#!/bin/sh\necho hi\n".utf8), executable: true),
        .init(path: "a/b/c/deep.txt", bytes: Array(repeating: 0x41, count: 5000)),
        .init(path: "empty.txt", bytes: []),
        .init(path: "data.bin", bytes: (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }),
    ]

    @Test("unzip -t accepts the archive, and unzip extracts the same files with the executable bit")
    func unzipAcceptsAndExtracts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try directory.write(ZipArchive.build(Self.sample), named: "bundle.zip")

        let test = try run("/usr/bin/unzip", ["-t", archive.path])
        #expect(test.status == 0, "unzip -t failed:\n\(test.output)")
        #expect(test.output.contains("No errors detected"), "unzip -t said:\n\(test.output)")

        let extracted = directory.url.appendingPathComponent("out")
        let unpack = try run("/usr/bin/unzip", ["-q", archive.path, "-d", extracted.path])
        #expect(unpack.status == 0, "unzip failed:\n\(unpack.output)")
        for entry in Self.sample {
            let file = extracted.appendingPathComponent(entry.path)
            let bytes = try #require(FileManager.default.contents(atPath: file.path), "\(entry.path) was not extracted")
            #expect(Array(bytes) == entry.bytes, "\(entry.path) extracted with different contents")
            let mode = try #require(FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
            #expect((mode & 0o111 != 0) == entry.executable, "\(entry.path) extracted with mode \(String(mode, radix: 8))")
        }
    }

    @Test("Python's zipfile reads back the names in order, the contents, and the Unix modes")
    func pythonZipfileReadsItBack() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try directory.write(ZipArchive.build(Self.sample), named: "bundle.zip")

        let listing = try pythonListing(of: archive)
        #expect(listing.testzip == nil, "zipfile.testzip() found a bad entry: \(listing.testzip ?? "")")
        #expect(listing.entries.map { Array($0.name.utf8) } == Self.sample.map { Array($0.path.utf8) })
        for (read, written) in zip(listing.entries, Self.sample) {
            #expect(Array(try #require(Data(base64Encoded: read.content))) == written.bytes, "contents of \(written.path)")
            #expect(((read.externalAttributes >> 16) & 0o111 != 0) == written.executable, "executable bit of \(written.path)")
            #expect((read.externalAttributes >> 16) == (written.executable ? 0o100755 : 0o100644), "mode of \(written.path)")
            #expect(read.compressType == 0, "\(written.path) is stored, not compressed")
            #expect(read.dateTime == [1980, 1, 1, 0, 0, 0], "\(written.path) has the fixed timestamp")
            #expect(read.flagBits & 0x0800 != 0, "\(written.path) is flagged as a UTF-8 name")
            #expect(read.createSystem == 3, "\(written.path) is made by Unix")
            #expect(read.extra.isEmpty, "\(written.path) has no extra fields")
        }
    }

    @Test("building the same entries twice gives identical bytes")
    func deterministic() throws {
        let first = try ZipArchive.build(Self.sample)
        let second = try ZipArchive.build(Self.sample)
        #expect(first == second)
    }

    @Test("changing one byte of one file changes the archive")
    func oneByteChangesArchive() throws {
        var changed = Self.sample
        var bytes = changed[3].bytes
        bytes[2500] ^= 0x01
        changed[3] = .init(path: changed[3].path, bytes: bytes, executable: changed[3].executable)
        let original = try ZipArchive.build(Self.sample)
        let modified = try ZipArchive.build(changed)
        #expect(original != modified)
        #expect(original.count == modified.count)
    }

    @Test("flipping the executable bit changes the archive")
    func executableBitChangesArchive() throws {
        let plain = try ZipArchive.build([.init(path: "run.sh", bytes: Array("x".utf8))])
        let executable = try ZipArchive.build([.init(path: "run.sh", bytes: Array("x".utf8), executable: true)])
        #expect(plain != executable)
    }

    @Test("CRC-32 has the standard check values")
    func crcCheckValues() {
        #expect(ZipArchive.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipArchive.crc32([]) == 0)
        #expect(ZipArchive.crc32(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
    }

    @Test("CRC-32 agrees with Python's zlib.crc32 on a larger input")
    func crcAgreesWithZlib() throws {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write(bytes, named: "data.bin")
        let result = try run("/usr/bin/env", ["python3", "-c",
                                              "import sys, zlib; print(zlib.crc32(open(sys.argv[1], 'rb').read()))", file.path])
        #expect(result.status == 0, "python3 failed:\n\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == String(ZipArchive.crc32(bytes)))
    }

    @Test("unsafe paths are refused with a message naming the path",
          arguments: ["../x", "/etc/passwd", "a\\b", "", "skills/../../etc/passwd", "a/.."])
    func refusesUnsafePaths(path: String) throws {
        let entries = [ZipArchive.Entry(path: "ok.txt", bytes: [1]), ZipArchive.Entry(path: path, bytes: [2])]
        let failure = try #require(throws: ZipArchive.Failure.self) { try ZipArchive.build(entries) }
        #expect(failure.description.contains("\"\(path)\""), "message does not name \(path): \(failure.description)")
    }

    @Test("a path with a NUL byte is refused, and the message shows it as \\0")
    func refusesNul() throws {
        let failure = try #require(throws: ZipArchive.Failure.self) {
            try ZipArchive.build([.init(path: "a\0b", bytes: [])])
        }
        #expect(failure.description.contains(#""a\0b""#), "\(failure.description)")
    }

    @Test("names that merely contain dots are accepted")
    func dotsInNamesAreFine() throws {
        let entries: [ZipArchive.Entry] = [.init(path: "notes..md", bytes: [1]), .init(path: ".github/config", bytes: [2])]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let listing = try pythonListing(of: directory.write(ZipArchive.build(entries), named: "dots.zip"))
        #expect(listing.entries.map(\.name) == ["notes..md", ".github/config"])
    }

    @Test("65,534 entries are written; 65,535 would need ZIP64 and are refused")
    func entryCountLimit() throws {
        let atLimit = (0..<65_534).map { ZipArchive.Entry(path: "f\($0)", bytes: []) }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let archive = try directory.write(ZipArchive.build(atLimit), named: "many.zip")
        let result = try run("/usr/bin/env", ["python3", "-c",
                                              "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(len(z.infolist()), z.testzip())",
                                              archive.path])
        #expect(result.status == 0, "python3 failed:\n\(result.output)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "65534 None")

        let overLimit = atLimit + [ZipArchive.Entry(path: "one-too-many", bytes: [])]
        let failure = try #require(throws: ZipArchive.Failure.self) { try ZipArchive.build(overLimit) }
        #expect(failure.description.contains("65534"), "\(failure.description)")
    }

    @Test("an empty entry list gives a valid empty archive of just the 22-byte end record")
    func emptyArchive() throws {
        let bytes = try ZipArchive.build([])
        #expect(bytes.count == 22)
        #expect(bytes.prefix(4) == [0x50, 0x4B, 0x05, 0x06])
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let listing = try pythonListing(of: directory.write(bytes, named: "empty.zip"))
        #expect(listing.entries.isEmpty)
        #expect(listing.testzip == nil)
    }
}

// MARK: - Helpers

/// What Python's zipfile reports about an archive.
private struct PythonListing: Decodable {
    struct Entry: Decodable {
        let name: String
        /// Base64 of the bytes `ZipFile.read` returned.
        let content: String
        let externalAttributes: UInt32
        let compressType: Int
        let dateTime: [Int]
        let flagBits: Int
        let createSystem: Int
        let extra: String
    }

    let entries: [Entry]
    /// The first bad entry's name, or nil when every CRC and header checks out.
    let testzip: String?
}

private let pythonListingScript = """
import base64, json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    entries = [{
        "name": i.filename,
        "content": base64.b64encode(z.read(i)).decode(),
        "externalAttributes": i.external_attr,
        "compressType": i.compress_type,
        "dateTime": list(i.date_time),
        "flagBits": i.flag_bits,
        "createSystem": i.create_system,
        "extra": i.extra.hex(),
    } for i in z.infolist()]
    print(json.dumps({"entries": entries, "testzip": z.testzip()}))
"""

private func pythonListing(of archive: URL) throws -> PythonListing {
    let result = try run("/usr/bin/env", ["python3", "-c", pythonListingScript, archive.path])
    try #require(result.status == 0, "python3 zipfile failed:\n\(result.output)")
    return try JSONDecoder().decode(PythonListing.self, from: Data(result.output.utf8))
}

/// Runs a program to completion; stdout and stderr together.
private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    try #require(FileManager.default.isExecutableFile(atPath: executable), "\(executable) is missing (apt-get install -y unzip)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C.UTF-8"  // so unzip and python treat names as UTF-8
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// A fresh directory under the system temporary directory; callers `defer { directory.remove() }`.
private struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("zip-archive-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    func write(_ bytes: [UInt8], named name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }
}
