import Foundation
import PlazaGit
import PlazaTestSupport
import Testing

/// Archive sources become commits written by Plaza: the same files must give the same commit id,
/// and git itself must read what was written.
@Suite("Writing trees and commits")
struct ObjectWriterTests {
    static let files = [TreeFile(path: "skills/a/SKILL.md", bytes: Array("---\nname: a\n---\n".utf8)),
                        TreeFile(path: "scripts/run.sh", bytes: Array("#!/bin/sh\n".utf8), executable: true),
                        TreeFile(path: ".claude-plugin/plugin.json", bytes: Array(#"{"name":"a"}"#.utf8))]

    @Test("the same files in any order, in any repository, give the same commit; git reads it back with modes")
    func deterministic() throws {
        let directory = try TemporaryDirectory()
        let first = try Repository.createBare(at: directory.file("one.git"))
        let second = try Repository.createBare(at: directory.file("two.git"))
        let a = try first.writeDeterministicCommit(tree: try first.writeTree(Self.files), message: "Plaza: archive sha256:00\n")
        let b = try second.writeDeterministicCommit(tree: try second.writeTree(Self.files.reversed()), message: "Plaza: archive sha256:00\n")
        #expect(a == b)
        let listing = try Shell.run(["git", "--git-dir", directory.file("one.git"), "ls-tree", "-r", a.hex])
        #expect(listing.contains("100755 blob"), "\(listing)")
        #expect(listing.contains("\tscripts/run.sh"))
        let fsck = try Shell.run(["git", "--git-dir", directory.file("one.git"), "fsck", "--strict", "--no-dangling"])  // throws on a bad object
        #expect(!fsck.contains("error"), "\(fsck)")
        let other = try first.writeDeterministicCommit(tree: try first.writeTree(Array(Self.files.dropLast())), message: "Plaza: archive sha256:00\n")
        #expect(other != a, "different files, different commit")
    }

    @Test("a path given twice, or as both file and directory, or escaping with '..', is refused")
    func conflicts() throws {
        let directory = try TemporaryDirectory()
        let repository = try Repository.createBare(at: directory.file("r.git"))
        for files in [[TreeFile(path: "a", bytes: []), TreeFile(path: "a/b", bytes: [])],
                      [TreeFile(path: "a/b", bytes: []), TreeFile(path: "a", bytes: [])],
                      [TreeFile(path: "x", bytes: []), TreeFile(path: "x", bytes: [1])],
                      [TreeFile(path: "../x", bytes: [])]] {
            #expect(throws: GitError.self) { try repository.writeTree(files) }
        }
    }
}
