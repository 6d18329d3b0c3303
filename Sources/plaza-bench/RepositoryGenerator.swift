import Foundation
import PlazaTestSupport

/// Builds large test repositories quickly with `git fast-import`.
enum RepositoryGenerator {
    /// A bare repository with `files` files reached over `commits` commits, fully packed.
    static func history(at path: String, files: Int, commits: Int) throws {
        try Shell.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", path])
        var stream = ""
        let pathOf = path(_:)
        let initial = files - (commits - 1)
        var fileCount = 0
        for commit in 1...commits {
            stream += header(mark: commit, message: "commit \(commit)", parent: commit > 1 ? commit - 1 : nil, time: 1_700_000_000 + commit * 60)
            if commit == 1 {
                for _ in 0..<initial { stream += file(pathOf(fileCount), content(fileCount, version: 0)); fileCount += 1 }
            } else {
                stream += file(pathOf(fileCount), content(fileCount, version: commit)); fileCount += 1
                for touched in [commit * 7 % initial, commit * 13 % initial] { stream += file(pathOf(touched), content(touched, version: commit)) }
            }
        }
        try Shell.run(["git", "--git-dir", path, "fast-import", "--quiet"], input: Data(stream.utf8))
        try Shell.run(["git", "--git-dir", path, "repack", "-adq"])
    }

    /// A bare repository holding one commit of `files` (path -> contents).
    /// A repository whose `main` holds exactly `files` in one commit (replacing `main`, as a
    /// force-push would, when the repository exists).
    static func snapshot(at path: String, files: [(String, String)]) throws {
        if !FileManager.default.fileExists(atPath: path) { try Shell.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", path]) }
        var stream = header(mark: 1, message: "marketplace", parent: nil, time: 1_700_000_000)
        for (name, contents) in files { stream += file(name, contents) }
        try Shell.run(["git", "--git-dir", path, "fast-import", "--quiet", "--force"], input: Data(stream.utf8))
        try Shell.run(["git", "--git-dir", path, "repack", "-adq"])
    }

    private static func header(mark: Int, message: String, parent: Int?, time: Int) -> String {
        var text = "commit refs/heads/main\nmark :\(mark)\ncommitter Bench <bench@plaza.example> \(time) +0000\n" + data(message)
        if let parent { text += "from :\(parent)\n" }
        return text
    }

    private static func file(_ path: String, _ contents: String) -> String { "M 100644 inline \(path)\n" + data(contents) }
    private static func data(_ text: String) -> String { "data \(text.utf8.count)\n\(text)\n" }
    private static func path(_ index: Int) -> String { "plugins/p\(index / 40)/skills/s\(index % 40)/SKILL.md" }

    private static func content(_ index: Int, version: Int) -> String {
        "---\nname: s\(index % 40)\ndescription: Skill \(index) revision \(version). Use it when benchmarking.\n---\n"
            + (0..<12).map { "Step \($0): check item \($0 * index + version) and record the result.\n" }.joined()
    }
}
