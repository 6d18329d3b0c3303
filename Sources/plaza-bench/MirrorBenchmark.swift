import Foundation
import PlazaGit
import PlazaOutbound
import PlazaTestSupport

/// Mirror clone and no-change re-fetch, Plaza (libgit2) against the git CLI on the same URL.
struct MirrorBenchmark {
    let iterations: Int

    func run() throws {
        let workspace = try TemporaryDirectory("plaza-bench")
        let upstream = workspace.file("served/upstream.git")
        try RepositoryGenerator.history(at: upstream, files: 2_000, commits: 500)
        let fileCount = try Shell.run(["git", "--git-dir", upstream, "ls-tree", "-r", "--name-only", "main"]).split(separator: "\n").count
        let commitCount = try Shell.run(["git", "--git-dir", upstream, "rev-list", "--count", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        print("## Mirror (generated repository: \(fileCount) files, \(commitCount) commits, packed)\n")
        let token = "bench-token-0123456789"
        let server = try GitHTTPServer(root: workspace.file("served"), token: token)
        let httpURL = server.url("upstream.git")
        let httpURLWithCredentials = httpURL.replacingOccurrences(of: "http://", with: "http://x-access-token:\(token)@")
        let credentials = TokenCredentialProvider(token: token)

        print("| route | Plaza | git CLI | ratio (goal ≤ 1.1) |")
        print("|---|---|---|---|")
        for (label, plazaURL, gitURL, provider) in [("file://", "file://" + upstream, "file://" + upstream, nil as TokenCredentialProvider?),
                                                    ("plain path", upstream, upstream, nil),
                                                    ("smart HTTP + Basic auth", httpURL, httpURLWithCredentials, credentials)] {
            let clone = try compareClone(plazaURL: plazaURL, gitURL: gitURL, credentials: provider, in: workspace)
            print("| clone, \(label) | \(clone.plaza.medianMS) | \(clone.git.medianMS) | \(Measure.ratio(clone.plaza, clone.git)) |")
            let fetch = try compareFetch(plazaURL: plazaURL, gitURL: gitURL, credentials: provider, in: workspace)
            print("| no-change fetch, \(label) | \(fetch.plaza.medianMS) | \(fetch.git.medianMS) | \(Measure.ratio(fetch.plaza, fetch.git)) |")
        }
        print("")
        try gateOverhead(url: httpURL, credentials: credentials, in: workspace)
    }

    /// The cost of the outbound gate (redirect probe + per-fetch egress proxy on every connection)
    /// against libgit2 connecting directly, same URL, same run.
    private func gateOverhead(url: String, credentials: TokenCredentialProvider, in workspace: TemporaryDirectory) throws {
        let gate = OutboundGate(policy: OutboundPolicy(allowedSchemes: ["http"]))
        func gated(_ mirror: Mirror) throws {
            try gate.fetch(url) { checked in
                try mirror.update(from: RemoteSpec(url: checked.url, credentials: credentials, proxy: checked.proxyURL.map { .url($0) } ?? .none,
                                                   followRedirects: false))
            }
        }
        let target = workspace.file("gate-clone.git")
        let reset = { try? FileManager.default.removeItem(atPath: target) }
        let direct = try Measure.time(iterations: iterations, setUp: { reset() }) {
            try Mirror(path: target).update(from: RemoteSpec(url: url, credentials: credentials))
        }
        let through = try Measure.time(iterations: iterations, setUp: { reset() }) { try gated(Mirror(path: target)) }
        try gated(Mirror(path: target))
        let directFetch = try Measure.time(iterations: iterations) { try Mirror(path: target).update(from: RemoteSpec(url: url, credentials: credentials)) }
        let throughFetch = try Measure.time(iterations: iterations) { try gated(Mirror(path: target)) }
        reset()
        print("### Outbound gate (smart HTTP + Basic auth)\n")
        print("| operation | through the gate | libgit2 direct | ratio |")
        print("|---|---|---|---|")
        print("| clone | \(through.medianMS) | \(direct.medianMS) | \(Measure.ratio(through, direct)) |")
        print("| no-change fetch | \(throughFetch.medianMS) | \(directFetch.medianMS) | \(Measure.ratio(throughFetch, directFetch)) |")
        print("")
    }

    private func compareClone(plazaURL: String, gitURL: String, credentials: TokenCredentialProvider?,
                              in workspace: TemporaryDirectory) throws -> (plaza: Measure.Sample, git: Measure.Sample) {
        let target = workspace.file("clone.git")
        let reset = { try? FileManager.default.removeItem(atPath: target) }
        let plaza = try Measure.time(iterations: iterations, setUp: { reset() }) {
            try Mirror(path: target).update(from: RemoteSpec(url: plazaURL, credentials: credentials))
        }
        let git = try Measure.time(iterations: iterations, setUp: { reset() }) {
            try Shell.run(["git", "clone", "--bare", "--quiet", gitURL, target])
        }
        reset()
        return (plaza, git)
    }

    private func compareFetch(plazaURL: String, gitURL: String, credentials: TokenCredentialProvider?,
                              in workspace: TemporaryDirectory) throws -> (plaza: Measure.Sample, git: Measure.Sample) {
        let plazaMirror = Mirror(path: workspace.file("plaza-fetch.git"))
        try? FileManager.default.removeItem(atPath: plazaMirror.path)
        let remote = RemoteSpec(url: plazaURL, credentials: credentials)
        try plazaMirror.update(from: remote)
        let gitMirror = workspace.file("git-fetch.git")
        try? FileManager.default.removeItem(atPath: gitMirror)
        try Shell.run(["git", "clone", "--bare", "--quiet", gitURL, gitMirror])
        let plaza = try Measure.time(iterations: iterations) { try plazaMirror.update(from: remote) }
        let git = try Measure.time(iterations: iterations) {
            try Shell.run(["git", "--git-dir", gitMirror, "fetch", "--quiet", "--prune", "origin",
                           "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"])
        }
        return (plaza, git)
    }
}
