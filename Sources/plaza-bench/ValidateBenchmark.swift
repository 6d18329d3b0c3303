import Foundation
import PlazaFormats
import PlazaGit
import PlazaSources
import PlazaTestSupport

/// Validating a generated marketplace (300 plugins, 1,500 skills) from a bare mirror at a commit,
/// in a child process so its peak RSS is its own.
struct ValidateBenchmark {
    let iterations: Int
    static let plugins = 300
    static let skillsPerPlugin = 5

    func run() throws {
        let workspace = try TemporaryDirectory("plaza-bench-validate")
        let upstream = workspace.file("marketplace.git")
        try RepositoryGenerator.snapshot(at: upstream, files: Self.marketplaceFiles())
        let mirror = Mirror(path: workspace.file("mirror.git"))
        try mirror.update(from: RemoteSpec(url: "file://" + upstream))
        print("## Validate from a bare mirror (\(Self.plugins) plugins, \(Self.plugins * Self.skillsPerPlugin) skills, no checkout)\n")
        var results: [[String: Any]] = []
        for _ in 0..<iterations {
            let output = try Shell.run([CommandLine.arguments[0], "validate-child", mirror.path, "main"])
            guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] else { continue }
            results.append(object)
        }
        let times = results.compactMap { $0["seconds"] as? Double }.sorted()
        let rss = results.compactMap { $0["peakRSSKiB"] as? Int }.max() ?? 0
        let first = results.first ?? [:]
        print("| figure | measured | goal |")
        print("|---|---|---|")
        print(String(format: "| wall time (median of %d, list tree + parse all) | %.0f ms | < 1000 ms |", times.count, (times[safe: times.count / 2] ?? 0) * 1000))
        print(String(format: "| peak RSS of the validating process | %.1f MB | < 150 MB |", Double(rss) / 1024))
        print("| plugins / skills / errors found | \(first["plugins"] ?? "?") / \(first["skills"] ?? "?") / \(first["errors"] ?? "?") | 300 / 1500 / 0 |")
        print("")
    }

    /// Runs in the child process: open the mirror, read the commit, validate, report as JSON.
    static func child(mirrorPath: String, ref: String) {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let repository = try Mirror(path: mirrorPath).open()
            let commit = try repository.resolveCommit(ref)
            let report = MarketplaceLoader(snapshot: try GitCommitSnapshot(repository: repository, commit: commit)).load()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let summary = report.summary
            print("{\"seconds\": \(seconds), \"peakRSSKiB\": \(usage.ru_maxrss), \"plugins\": \(summary.pluginsLoaded), \"skills\": \(summary.skills), \"errors\": \(summary.errors)}")
        } catch {
            FileHandle.standardError.write(Data("validate-child: \(error)\n".utf8))
            exit(1)
        }
    }

    static func marketplaceFiles() -> [(String, String)] {
        var files: [(String, String)] = []
        var entries: [String] = []
        for plugin in 0..<plugins {
            let name = "plugin-\(plugin)"
            entries.append("{\"name\": \"\(name)\", \"source\": \"./plugins/\(name)\", \"description\": \"Generated plugin \(plugin)\", \"category\": \"cat-\(plugin % 12)\"}")
            files.append(("plugins/\(name)/.claude-plugin/plugin.json",
                          "{\"name\": \"\(name)\", \"version\": \"1.\(plugin).0\", \"description\": \"Generated plugin \(plugin) for benchmarks\", \"keywords\": [\"bench\", \"k\(plugin)\"]}"))
            for skill in 0..<skillsPerPlugin {
                let skillName = "skill-\(plugin)-\(skill)"
                let body = (0..<40).map { "\($0 + 1). Do step \($0) of \(skillName) carefully and write down what you saw.\n" }.joined()
                files.append(("plugins/\(name)/skills/\(skillName)/SKILL.md",
                              "---\nname: \(skillName)\ndescription: Generated skill \(skill) of plugin \(plugin). Use when benchmarking validation.\nallowed-tools: Read Grep\nmetadata:\n  owner: bench\n---\n# \(skillName)\n\n" + body))
            }
        }
        files.append((".claude-plugin/marketplace.json",
                      "{\"name\": \"bench-marketplace\", \"owner\": {\"name\": \"Bench\"}, \"plugins\": [\n" + entries.joined(separator: ",\n") + "\n]}"))
        return files
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
