import Foundation
import PlazaSources
import PlazaTestSupport
import Testing

/// Hostile zips, made with Python's zipfile (which writes what it is told): each is refused with
/// a reason naming the problem, and none can crash the reader.
@Suite("Archive contents")
struct ArchiveContentsTests {
    static let skill = "---\\nname: a\\ndescription: A.\\n---\\n"

    /// A zip built by a Python snippet that gets `z` (a ZipFile open for writing).
    func zip(_ body: String) throws -> [UInt8] {
        let directory = try TemporaryDirectory("plaza-zips")
        let path = directory.file("a.zip")
        let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w')\n" + body + "\nz.close()\n"
        _ = try Shell.run(["python3", "-c", script, path])
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func refusal(_ bytes: [UInt8]) -> String {
        do {
            _ = try ArchiveContents.read(bytes)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test("a plain plugin zip reads, a single wrapper directory is stripped, executables keep their bit")
    func reads() throws {
        let listing = try ArchiveContents.read(try zip("""
            z.writestr('wrap/skills/a/SKILL.md', '\(Self.skill)')
            info = zipfile.ZipInfo('wrap/bin/run.sh'); info.external_attr = 0o100755 << 16; z.writestr(info, '#!/bin/sh')
            """))
        #expect(listing.wrapper == "wrap")
        #expect(listing.files.map(\.path).sorted() == ["bin/run.sh", "skills/a/SKILL.md"])
        #expect(listing.files.first { $0.path == "bin/run.sh" }?.executable == true)
    }

    @Test("ZIP64, sizes that would overflow, case-folded duplicates, bidi names and deep paths are refused")
    func hostile() throws {
        // A central directory claiming a 4 GiB compressed size (the ZIP64 marker): refused before any arithmetic on it.
        var patched = try zip("z.writestr('skills/a/SKILL.md', '\(Self.skill)')")
        let signature: [UInt8] = [0x50, 0x4b, 0x01, 0x02]
        let candidates = (0..<(patched.count - 4)).filter { Array(patched[$0..<($0 + 4)]) == signature }
        let central = try #require(candidates.last)
        for index in 20..<24 { patched[central + index] = 0xFF }
        #expect(refusal(patched).contains("ZIP64"))
        #expect(refusal(try zip("z.writestr('skills/A/SKILL.md', '\(Self.skill)')\nz.writestr('skills/a/SKILL.md', '\(Self.skill)')")).contains("names compared without case"))
        #expect(refusal(try zip("z.writestr('skills/a/SKILL.md', '\(Self.skill)')\nz.writestr('skills/a\\u202e/x.md', 'x')")).contains("bidirectional"))
        #expect(refusal(try zip("z.writestr('skills/a/SKILL.md', '\(Self.skill)')\nz.writestr('/'.join(['d'] * 80) + '/x.md', 'x')")).contains("64 directories"))
        #expect(refusal(Array("PK not a zip".utf8)).contains("not a readable zip"))
    }
}
