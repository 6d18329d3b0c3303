import Foundation
import Logging
import PlazaCatalog
import PlazaGit
import PlazaStore
import PlazaSync
import PlazaTestSupport
import PlazaOutbound

/// Cold sync, no-change re-sync and one-skill-changed re-sync of a generated marketplace
/// (300 plugins, 1,500 skills, 300 agents), over smart HTTP with Basic auth and over file://.
struct SyncBenchmark {
    let iterations: Int

    func run() throws {
        let workspace = try TemporaryDirectory("plaza-bench-sync")
        let upstream = workspace.file("served/marketplace.git")
        var files = ValidateBenchmark.marketplaceFiles()
        for plugin in 0..<ValidateBenchmark.plugins {
            files.append(("plugins/plugin-\(plugin)/agents/agent-\(plugin).md",
                          "---\nname: agent-\(plugin)\ndescription: Generated agent \(plugin). Delegate benchmark work to it.\ntools: Read, Grep\n---\nYou are agent \(plugin).\n"))
        }
        try RepositoryGenerator.snapshot(at: upstream, files: files)
        let work = workspace.file("work")
        try Shell.run(["git", "clone", "--quiet", upstream, work])
        let token = "bench-sync-token-0123456789"
        let server = try GitHTTPServer(root: workspace.file("served"), token: token)
        print("## Sync (generated marketplace: 300 plugins, 1,500 skills, 300 agents)\n")
        print("| route | figure | Plaza | baseline | ratio / note |")
        print("|---|---|---|---|---|")
        for (label, url, gitURL) in [("smart HTTP + Basic auth", server.url("marketplace.git"), server.url("marketplace.git").replacingOccurrences(of: "http://", with: "http://x-access-token:\(token)@")),
                                     ("file://", "file://" + upstream, "file://" + upstream)] {
            try measure(label: label, url: url, gitURL: gitURL, token: token, work: work, workspace: workspace)
        }
        print("")
    }

    private func measure(label: String, url: String, gitURL: String, token: String, work: String, workspace: TemporaryDirectory) throws {
        var cold: [Double] = [], coldIndex: [Double] = []
        for index in 0..<max(3, iterations / 3) {
            let data = try TemporaryDirectory("plaza-bench-sync-data")
            let store = try SQLiteStore(path: data.file("plaza.sqlite"))
            let engine = SyncEngine(store: store, mirrors: try MirrorDirectory(root: data.file("mirrors")), logger: Self.quietLogger,
                                environment: ["BENCH_TOKEN": token], outbound: OutboundPolicy(allowedSchemes: ["https", "http", "file"]))
            let status = try blocking {
                try await store.register(MarketplaceRegistration(name: "bench", url: url, credential: "env:BENCH_TOKEN"))
                return try await engine.sync("bench")
            }
            guard status.state == .ok, status.counts.skills == 1500, status.counts.agents == 300 else {
                throw Shell.Failure(command: ["sync"], status: 1, output: "unexpected sync result: \(status)")
            }
            cold.append(Double(status.lastDurationMilliseconds ?? 0))
            coldIndex.append(Double((status.lastDurationMilliseconds ?? 0) - (status.lastFetchMilliseconds ?? 0)))
            if index < max(3, iterations / 3) - 1 { continue }
            // Keep the last engine (and its data directory) for the re-sync figures.
            let noChange = try Measure.time(iterations: iterations) { _ = try blocking { try await engine.sync("bench") } }
            let gitMirror = workspace.file("git-\(label.hashValue).git")
            try? FileManager.default.removeItem(atPath: gitMirror)
            try Shell.run(["git", "clone", "--bare", "--quiet", gitURL, gitMirror])
            let gitFetch = try Measure.time(iterations: iterations) {
                try Shell.run(["git", "--git-dir", gitMirror, "fetch", "--quiet", "--prune", "origin", "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"])
            }
            var changed: [Double] = [], reread: [Int] = []
            for change in 0..<3 {
                let skill = "plugins/plugin-\(change * 7)/skills/skill-\(change * 7)-1/SKILL.md"
                try Shell.run(["sh", "-c", "printf '\\nRevised step %s.\\n' \(change) >> \(skill) && git add -A && git commit --quiet -m change && git push --quiet origin HEAD:main"], in: work)
                let status = try blocking { try await engine.sync("bench") }
                changed.append(Double(status.lastDurationMilliseconds ?? 0))
                reread.append(status.pluginsReread)
            }
            print("| \(label) | cold sync (fetch + index), median of \(cold.count) | \(median(cold)) ms | — | index part: \(median(coldIndex)) ms (goal ≤ 1000 ms) |")
            print("| \(label) | no-change re-sync | \(noChange.medianMS) | git fetch \(gitFetch.medianMS) | \(Measure.ratio(noChange, gitFetch)) (goal ≤ 1.2) |")
            print("| \(label) | one skill changed: re-sync | \(median(changed)) ms | — | plugins re-read: \(reread.map(String.init).joined(separator: ", ")) (goal: 1) |")
            _ = data
        }
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "plaza-bench")
        logger.logLevel = .warning
        return logger
    }()

    private func median(_ values: [Double]) -> String {
        String(format: "%.0f", values.sorted()[values.count / 2])
    }
}

/// Runs async work from the synchronous benchmark driver.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
    init() {}
}

func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        semaphore.signal()
    }
    semaphore.wait()
    return try box.result!.get()
}
