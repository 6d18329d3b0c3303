import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import PlazaCatalog
import PlazaInstall
import PlazaServer
import PlazaStore
import PlazaSync
import PlazaTestSupport
import PlazaOutbound

/// Pinned installations: install latency over HTTP, bundle builds (cold and cached) against
/// `git archive`, `outdated` across 1,000 pins in 10 marketplaces, and an environment's exported
/// marketplace.json with 300 pins — each next to a baseline measured in the same run.
struct InstallBenchmark {
    let iterations: Int
    static let adminToken = "plz_bench_install_admin_0123456789"

    func run() throws {
        print("## Pinned installations\n")
        print("| figure | measured | baseline (same run) | goal |")
        print("|---|---|---|---|")
        let data = try TemporaryDirectory("plaza-bench-install")
        var marketplaces: [(String, String)] = []
        for index in 0..<10 {
            let path = data.file("upstream-\(index).git")
            var files: [(String, String)] = []
            var entries: [String] = []
            for plugin in 0..<100 {
                entries.append(#"{"name": "p\#(plugin)", "source": "./plugins/p\#(plugin)", "description": "Plugin \#(plugin) of marketplace \#(index)."}"#)
                files.append(("plugins/p\(plugin)/skills/s\(plugin)/SKILL.md", "---\nname: s\(plugin)\ndescription: Skill \(plugin).\n---\nDo step \(plugin).\n"))
                files.append(("plugins/p\(plugin)/README.md", "Plugin \(plugin)\n"))
            }
            if index == 0 {
                entries.append(#"{"name": "big", "source": "./plugins/big"}"#)
                for file in 0..<200 {
                    files.append(("plugins/big/skills/s\(file % 40)/references/r\(file).md", String(repeating: "Reference line \(file).\n", count: 100)))
                }
                for skill in 0..<40 { files.append(("plugins/big/skills/s\(skill)/SKILL.md", "---\nname: s\(skill)\ndescription: Big \(skill).\n---\nBody.\n")) }
            }
            files.append((".claude-plugin/marketplace.json", #"{"name": "m\#(index)", "owner": {"name": "Bench"}, "plugins": [\#(entries.joined(separator: ","))]}"#))
            try RepositoryGenerator.snapshot(at: path, files: files)
            marketplaces.append(("m\(index)", "file://" + path))
        }
        let services = try PlazaServices.onSQLite(configuration: ServerConfiguration(port: 0, dataDirectory: data.file("plaza"), defaultPollInterval: 0,
                                                                            outbound: OutboundPolicy(allowedSchemes: ["https", "file"])),
                                         logger: SyncBenchmark.quietLogger, bootstrapAdminToken: Self.adminToken)
        for (name, url) in marketplaces {
            try blocking { try await services.store.register(MarketplaceRegistration(name: name, url: url)) }
            let status = try blocking { try await services.engine.sync(name) }
            guard status.state == .ok else { throw BenchFailure(description: "sync of \(name) failed: \(status.lastError ?? "")") }
        }
        let ready = AsyncStream<Int>.makeStream()
        let app = try blocking { try await buildApplication(services: services, logger: SyncBenchmark.quietLogger) { ready.continuation.yield($0) } }
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        let port = try blocking { var port = 0; for await value in ready.stream { port = value; break }; return port }
        let client = BenchClient(base: "http://127.0.0.1:\(port)", token: Self.adminToken)

        try bundles(services, data: data, marketplaceURL: marketplaces[0].1)
        try installLatency(client)
        try outdated(services, client)
        try exportedMarketplace(client)
        print("")
    }

    /// 200-file plugin: cold build (new cache) and cached, against `git archive --format=zip`.
    private func bundles(_ services: PlazaServices, data: TemporaryDirectory, marketplaceURL: String) throws {
        let pin = try blocking {
            try await services.installations.install(PluginName(marketplace: "m0", plugin: "big"), target: .environment("dev"), actor: "bench")
        }
        let cold = try Measure.time(iterations: iterations) {
            let fresh = InstallationService(store: services.store, mirrors: services.mirrors)
            _ = try blocking { try await fresh.bundle(for: pin) }
        }
        let cached = try Measure.time(iterations: iterations) { _ = try blocking { try await services.installations.bundle(for: pin) } }
        let gitDir = String(marketplaceURL.dropFirst("file://".count))
        let git = try Measure.time(iterations: iterations) {
            try Shell.run(["git", "--git-dir", gitDir, "archive", "--format=zip", "-0", "-o", data.file("git.zip"), pin.commit + ":plugins/big"])
        }
        print("| bundle of a 240-file plugin, cold (new cache: read from the mirror, zip, sha256) | \(cold.medianMS) | `git archive --format=zip -0`: \(git.medianMS) (ratio \(Measure.ratio(cold, git))) | ≤ 100 ms |")
        print("| same bundle, cached | \(cached.medianMS) | | |")
    }

    /// p50/p99 of `POST /v1/targets/agent:…/pins` (the whole install: resolve, read the plugin at
    /// the commit, digest, bundle, policy, write) against `GET /healthz` on the same server.
    private func installLatency(_ client: BenchClient) throws {
        for agent in 0..<4 { _ = try client.send("PUT", "/v1/agents/a\(agent)", body: #"{"environment": "production"}"#) }
        var installs: [Double] = []
        for round in 0..<max(200, iterations * 20) {
            let body = #"{"plugin": "p\#(round % 100)@m\#(round / 100 % 10)"}"#
            let started = DispatchTime.now().uptimeNanoseconds
            let status = try client.send("POST", "/v1/targets/agent:a\(round % 4)/pins", body: body).status
            installs.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            guard status == 201 else { throw BenchFailure(description: "install answered \(status)") }
        }
        var health: [Double] = []
        for _ in 0..<installs.count {
            let started = DispatchTime.now().uptimeNanoseconds
            _ = try client.send("GET", "/healthz")
            health.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        let (i50, i99) = Self.percentiles(installs), (h50, h99) = Self.percentiles(health)
        print(String(format: "| install (pin) over HTTP, %d installs: p50 / p99 | %.2f ms / %.2f ms | `GET /healthz`: %.2f ms / %.2f ms | p99 ≤ 10 ms |",
                     installs.count, i50, i99, h50, h99))
    }

    /// 1,000 pins (100 plugins in each of 10 marketplaces) for one environment.
    private func outdated(_ services: PlazaServices, _ client: BenchClient) throws {
        for marketplace in 0..<10 {
            for plugin in 0..<100 {
                _ = try blocking {
                    try await services.installations.install(PluginName(marketplace: "m\(marketplace)", plugin: "p\(plugin)"), target: .environment("production"), actor: "bench")
                }
            }
        }
        let pins = try blocking { try await services.store.pins(targets: ["environment:production"]) }
        guard pins.count == 1000 else { throw BenchFailure(description: "expected 1,000 pins, got \(pins.count)") }
        let inProcess = try Measure.time(iterations: iterations) { _ = try blocking { try await services.installations.outdated(pins) } }
        let http = try Measure.time(iterations: iterations) { _ = try client.send("GET", "/v1/targets/environment:production/outdated") }
        let list = try Measure.time(iterations: iterations) { _ = try client.send("GET", "/v1/targets/environment:production/pins") }
        print("| `outdated` across 1,000 pins in 10 marketplaces: in process / over HTTP | \(inProcess.medianMS) / \(http.medianMS) | listing the same pins over HTTP: \(list.medianMS) | ≤ 100 ms |")
    }

    /// The production marketplace.json with 300 pinned plugins.
    private func exportedMarketplace(_ client: BenchClient) throws {
        for plugin in 0..<300 {
            _ = try client.send("POST", "/v1/targets/environment:staging/pins", body: #"{"plugin": "p\#(plugin % 100)@m\#(plugin / 100)"}"#)
        }
        let export = try Measure.time(iterations: iterations) {
            let (status, bytes) = try client.send("GET", "/v1/environments/staging/marketplace.json")
            guard status == 200, bytes > 10_000 else { throw BenchFailure(description: "export answered \(status) with \(bytes) bytes") }
        }
        let list = try Measure.time(iterations: iterations) { _ = try client.send("GET", "/v1/targets/environment:staging/pins") }
        print("| environment marketplace.json with 300 pinned plugins, over HTTP | \(export.medianMS) | listing the same 300 pins: \(list.medianMS) | ≤ 20 ms |")
    }

    static func percentiles(_ samples: [Double]) -> (Double, Double) {
        let sorted = samples.sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))])
    }
}

/// Sequential HTTP requests with a bearer token, answered synchronously.
struct BenchClient {
    let base: String
    let token: String

    @discardableResult
    func send(_ method: String, _ path: String, body: String? = nil) throws -> (status: Int, bytes: Int) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let box = ResultBox<(Int, Int)>()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error { box.result = .failure(error) } else { box.result = .success(((response as? HTTPURLResponse)?.statusCode ?? 0, data?.count ?? 0)) }
            done.signal()
        }.resume()
        done.wait()
        let (status, bytes) = try box.result!.get()
        return (status, bytes)
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}
