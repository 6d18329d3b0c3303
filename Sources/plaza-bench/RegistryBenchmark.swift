import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import PlazaCatalog
import PlazaRegistry
import PlazaServer
import PlazaTestSupport

/// The MCP registry at 20,000 servers and 66,000 versions: the VS Code list call's latency and
/// throughput, paging the whole list, search, and publish throughput.
struct RegistryBenchmark {
    let iterations: Int
    /// Set once the server listens (the parallel publishers need it).
    private var baseURL = ""

    init(iterations: Int) {
        self.iterations = iterations
    }
    static let adminToken = "plz_bench_registry_admin_0123456789"
    static let servers = 20_000

    mutating func run() throws {
        print("## MCP registry\n")
        print("| figure | measured | baseline (same run) | goal |")
        print("|---|---|---|---|")
        let data = try TemporaryDirectory("plaza-bench-registry")
        let services = try PlazaServices.onSQLite(configuration: ServerConfiguration(port: 0, dataDirectory: data.path, defaultPollInterval: 0, anonymousRead: true),
                                         logger: SyncBenchmark.quietLogger, bootstrapAdminToken: Self.adminToken)
        let started = Date()
        let versions = try generate(into: services.store)
        print(String(format: "| generate %d servers / %d versions (bulk insert, one transaction per 2,000) | %.1f s | | |", Self.servers, versions,
                     Date().timeIntervalSince(started)))
        let ready = AsyncStream<Int>.makeStream()
        let app = try blocking { try await buildApplication(services: services, logger: SyncBenchmark.quietLogger) { ready.continuation.yield($0) } }
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        let port = try blocking { var port = 0; for await value in ready.stream { port = value; break }; return port }
        baseURL = "http://127.0.0.1:\(port)"
        let anonymous = BenchClient(base: "http://127.0.0.1:\(port)", token: "")
        let admin = BenchClient(base: "http://127.0.0.1:\(port)", token: Self.adminToken)

        try listLatency(anonymous)
        try throughput(port: port)
        try paging(anonymous)
        try search(anonymous)
        try publishThroughput(admin)
        print("")
    }

    /// 20,000 servers: 6,500 with 6 versions, 13,500 with 2 (66,000 versions), a third of them remote.
    private func generate(into store: any RegistryRepository) throws -> Int {
        var batch: [ServerVersionRecord] = []
        var total = 0
        let words = ["weather", "github", "jira", "postgres", "kubernetes", "slack", "search", "files", "calendar", "billing", "metrics", "tickets"]
        for index in 0..<Self.servers {
            let name = "io.bench.org\(index % 97)/\(words[index % words.count])-server-\(index)"
            let count = index < 6_500 ? 6 : 2
            for minor in 0..<count {
                let version = "1.\(minor).0"
                var server: [String: Any] = ["name": name, "version": version,
                                             "description": "A \(words[index % words.count]) MCP server for agents, number \(index)."]
                if index % 3 == 0 {
                    server["remotes"] = [["type": "streamable-http", "url": "https://mcp\(index % 50).bench.example/mcp"]]
                } else {
                    server["packages"] = [["registryType": index % 2 == 0 ? "npm" : "pypi", "identifier": "bench-\(words[index % words.count])-\(index)",
                                           "version": version, "transport": ["type": "stdio"]]]
                }
                let published = Date(timeIntervalSince1970: 1_750_000_000 + Double(index * 10 + minor))
                batch.append(ServerVersionRecord(
                    name: name, version: version, serverJSON: RegistryJSON.serialize(server), description: server["description"] as! String, title: nil,
                    statusChangedAt: published, publishedAt: published, updatedAt: published,
                    governance: Governance(lifecycle: index % 5 == 0 ? .production : .development, owners: ["team:t\(index % 20)"]),
                    source: RegistrySource(kind: .published), visibility: Visibility(isPublic: true), facts: ServerFacts(server: server)))
                total += 1
            }
            if batch.count >= 2_000 {
                let records = batch
                _ = try blocking { try await store.publishAll(records) }
                batch.removeAll(keepingCapacity: true)
            }
        }
        let records = batch
        _ = try blocking { try await store.publishAll(records) }
        return total
    }

    /// What VS Code asks: `GET /v0.1/servers?limit=100&version=latest` (first and later pages).
    private func listLatency(_ client: BenchClient) throws {
        var cursors: [String] = [""]
        var page = try client.get("/v0.1/servers?limit=100&version=latest")
        for _ in 0..<20 {
            guard let next = (page["metadata"] as? [String: Any])?["nextCursor"] as? String else { break }
            cursors.append(next)
            page = try client.get("/v0.1/servers?limit=100&version=latest&cursor=\(next)")
        }
        var list: [Double] = [], health: [Double] = []
        for round in 0..<max(500, iterations * 50) {
            let cursor = cursors[round % cursors.count]
            list.append(try client.timed("/v0.1/servers?limit=100&version=latest" + (cursor.isEmpty ? "" : "&cursor=\(cursor)")))
            health.append(try client.timed("/healthz"))
        }
        let (l50, l99) = InstallBenchmark.percentiles(list), (h50, h99) = InstallBenchmark.percentiles(health)
        print(String(format: "| `GET /v0.1/servers?limit=100&version=latest` over HTTP, %d requests over 21 pages: p50 / p99 | %.2f ms / %.2f ms | `GET /healthz`: %.2f / %.2f ms | p99 ≤ 10 ms |",
                     list.count, l50, l99, h50, h99))
    }

    private func throughput(port: Int) throws {
        guard (try? Shell.run(["which", "wrk"])) != nil else {
            print("| throughput under wrk | skipped: install wrk | | ≥ 5,000 requests/s |")
            return
        }
        let url = "http://127.0.0.1:\(port)/v0.1/servers?limit=100&version=latest"
        let output = try Shell.run(["wrk", "-t2", "-c32", "-d10s", "--latency", url])
        let health = try Shell.run(["wrk", "-t2", "-c32", "-d5s", "http://127.0.0.1:\(port)/healthz"])
        func rate(_ text: String) -> String {
            text.split(separator: "\n").first { $0.contains("Requests/sec") }.map { $0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces) } ?? "?"
        }
        let errors = output.split(separator: "\n").filter { $0.contains("Non-2xx") || $0.contains("Socket errors") }.joined(separator: "; ")
        let p99 = output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        print("| same call under wrk (2 threads, 32 connections, 10 s, loopback, anonymous as VS Code) | \(rate(output)) requests/s, latency \(p99), errors: \(errors.isEmpty ? "0" : errors) | `/healthz` under wrk: \(rate(health)) requests/s | ≥ 5,000 requests/s, zero errors |")
    }

    /// Pages through every server (latest versions) following cursors, as a mirroring client would.
    private func paging(_ client: BenchClient) throws {
        let started = DispatchTime.now().uptimeNanoseconds
        var count = 0, pages = 0
        var uri = "/v0.1/servers?limit=100&version=latest"
        while true {
            let page = try client.get(uri)
            count += (page["servers"] as? [Any])?.count ?? 0
            pages += 1
            guard let next = (page["metadata"] as? [String: Any])?["nextCursor"] as? String else { break }
            uri = "/v0.1/servers?limit=100&version=latest&cursor=\(next)"
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard count == Self.servers else { throw BenchFailure(description: "paging saw \(count) servers, expected \(Self.servers)") }
        print(String(format: "| page through all %d servers (limit=100, %d pages) | %.2f s (%.1f ms/page) | | every server exactly once |", count, pages, seconds, seconds * 1000 / Double(pages)))
    }

    private func search(_ client: BenchClient) throws {
        let queries = ["weather", "kubernetes server", "jira", "bench.example", "post", "calendar agents", "billing 1234", "slack", "metrics", "tick"]
        var ranked: [Double] = [], official: [Double] = []
        for round in 0..<max(200, iterations * 20) {
            let query = queries[round % queries.count].addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            ranked.append(try client.timed("/v1/mcp/search?limit=20&q=\(query)"))
            official.append(try client.timed("/v0.1/servers?limit=30&version=latest&search=\(query)"))
        }
        let (r50, r99) = InstallBenchmark.percentiles(ranked), (o50, o99) = InstallBenchmark.percentiles(official)
        print(String(format: "| ranked search `/v1/mcp/search` (10 rotating queries): p50 / p99 | %.2f ms / %.2f ms | official `search=` (substring or full text): %.2f / %.2f ms | |",
                     r50, r99, o50, o99))
    }

    /// Sequential `POST /v0.1/publish` of new versions: validation, governance, insert, latest recomputation, audit.
    private var publishClient: BenchClient { BenchClient(base: baseURL, token: Self.adminToken) }

    private func publishThroughput(_ client: BenchClient) throws {
        let count = 1_000
        let started = DispatchTime.now().uptimeNanoseconds
        for index in 0..<count {
            let body = #"{"name": "io.bench.publish/server-\#(index % 200)", "version": "2.\#(index / 200).0", "description": "Published in the benchmark.", "packages": [{"registryType": "npm", "identifier": "bench-publish", "version": "2.0.0", "transport": {"type": "stdio"}}]}"#
            let (status, _) = try client.send("POST", "/v0.1/publish", body: body)
            guard status == 200 else { throw BenchFailure(description: "publish answered \(status)") }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        // Four clients at once (as CI jobs publishing in parallel would): validation and JSON work
        // run on both cores while SQLite serialises the writes.
        let clients = 4, perClient = 250
        let failures = Counter()
        let concurrentStart = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: clients) { client in
            for index in 0..<perClient {
                let body = #"{"name": "io.bench.parallel/server-\#(client)-\#(index % 50)", "version": "3.\#(index / 50).0", "description": "Published in parallel.", "packages": [{"registryType": "npm", "identifier": "bench-parallel", "version": "3.0.0", "transport": {"type": "stdio"}}]}"#
                if (try? self.publishClient.send("POST", "/v0.1/publish", body: body).status) != 200 { failures.increment() }
            }
        }
        let concurrentSeconds = Double(DispatchTime.now().uptimeNanoseconds - concurrentStart) / 1e9
        let failed = failures.value
        print(String(format: "| publish throughput, %d versions over HTTP: one client / %d clients at once | %.0f / %.0f versions/s (%.2f ms each sequentially; %d failures) | | ≥ 500 versions/s |",
                     count, clients, Double(count) / seconds, Double(clients * perClient) / concurrentSeconds, seconds * 1000 / Double(count), failed))
    }
}

/// A count shared by concurrent benchmark clients.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

extension BenchClient {
    func get(_ path: String) throws -> [String: Any] {
        var request = URLRequest(url: URL(string: base + path)!)
        if !token.isEmpty { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let box = ResultBox<Data>()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, _, error in
            box.result = error.map { .failure($0) } ?? .success(data ?? Data())
            done.signal()
        }.resume()
        done.wait()
        return (try JSONSerialization.jsonObject(with: try box.result!.get()) as? [String: Any]) ?? [:]
    }

    /// Milliseconds for one GET (fails on a non-200 answer).
    func timed(_ path: String) throws -> Double {
        let started = DispatchTime.now().uptimeNanoseconds
        let (status, _) = try send("GET", path)
        guard status == 200 else { throw BenchFailure(description: "GET \(path) answered \(status)") }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
    }
}
