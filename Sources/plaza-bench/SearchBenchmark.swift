import Foundation
import PlazaCatalog
import PlazaStore
import PlazaTestSupport

/// Search over a generated catalog of 100,000 entries: latency in process, throughput over HTTP
/// under `wrk`, and the server's resident memory.
struct SearchBenchmark {
    let iterations: Int
    static let marketplaces = 10
    static let pluginsPerMarketplace = 1_000
    static let entriesPerPlugin = 10

    func run() throws {
        let data = try TemporaryDirectory("plaza-bench-search")
        // PLAZA_BENCH_SEARCH_DATA keeps the generated catalog between runs (a directory).
        let directory = ProcessInfo.processInfo.environment["PLAZA_BENCH_SEARCH_DATA"] ?? data.path
        let reuse = FileManager.default.fileExists(atPath: directory + "/plaza.sqlite")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory + "/plaza.sqlite")
        let started = Date()
        if !reuse { try populate(store) }
        let total = try blocking { try await store.count() }
        print("## Search (generated catalog: \(total) entries in \(Self.marketplaces) marketplaces; built in \(Int(Date().timeIntervalSince(started))) s)\n")
        let queries = Self.queries()
        var samples: [Double] = []
        var slowest: [(Double, String)] = []
        for _ in 0..<max(1, iterations / 3) {
            for query in queries {
                let begin = DispatchTime.now().uptimeNanoseconds
                _ = try blocking { try await store.search(query, cached: false) }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6
                samples.append(elapsed)
                slowest.append((elapsed, query.text + (query.kinds.isEmpty ? "" : " kind=skill") + (query.marketplace.map { " marketplace=\($0)" } ?? "")))
            }
        }
        if ProcessInfo.processInfo.environment["PLAZA_BENCH_VERBOSE"] != nil {
            for (time, text) in slowest.sorted(by: { $0.0 > $1.0 }).prefix(8) { print(String(format: "slow: %.1f ms  %@", time, text)) }
        }
        samples.sort()
        let p50 = samples[samples.count / 2], p99 = samples[Int(Double(samples.count) * 0.99)]
        print("| figure | measured | goal |")
        print("|---|---|---|")
        print(String(format: "| in-process search latency, %d queries, cache bypassed (p50 / p99) | %.2f ms / %.2f ms | p99 ≤ 5 ms |", samples.count, p50, p99))
        // The worst case: the most frequent word of the prose, present in nearly every entry.
        let broad = SearchQuery(text: Self.generalVocabulary[0])
        let broadTime = try Measure.time(iterations: 5) { _ = try? blocking { try await store.search(broad, cached: false) } }
        let broadPage = try blocking { try await store.search(broad) }
        print("| broadest query ('\(broad.text)', \(broadPage.totalIsLowerBound ? "≥ " : "")\(broadPage.total) matches counted; ranks every match) | \(broadTime.medianMS) | (not a goal: shows the cost of ranking everything) |")
        try http(dataDirectory: directory)
        print("")
    }

    /// 100,000 entries shaped like a real catalog: each plugin has a topic (three domain words) that
    /// its names, descriptions and tags mostly draw from; bodies mix topic words into general prose
    /// drawn from a large Zipf-distributed vocabulary.
    private func populate(_ store: SQLiteStore) throws {
        var random = SplitMix(seed: 42)
        let domain = Self.vocabulary, general = Self.generalVocabulary
        for marketplace in 0..<Self.marketplaces {
            let name = "market-\(marketplace)"
            try blocking { try await store.register(MarketplaceRegistration(name: name, url: "https://git.example.com/\(name).git")) }
            var plugins: [String: [CatalogEntry]] = [:]
            for plugin in 0..<Self.pluginsPerMarketplace {
                let topic = (0..<3).map { _ in domain[random.next() % domain.count] }
                func topical(_ count: Int) -> String {
                    (0..<count).map { _ in random.next() % 3 == 0 ? topic[random.next() % 3] : general[random.zipf(general.count)] }.joined(separator: " ")
                }
                func prose(_ count: Int) -> String {
                    (0..<count).map { _ in random.next() % 10 == 0 ? topic[random.next() % 3] : general[random.zipf(general.count)] }.joined(separator: " ")
                }
                let pluginName = "\(topic[0])-\(topic[1])-\(plugin)"
                let category = ["operations", "security", "finops", "delivery", "data", "integrations"][plugin % 6]
                plugins[pluginName] = (0..<Self.entriesPerPlugin).map { index in
                    let kind: EntryKind = index == 0 ? .plugin : index < 7 ? .skill : index < 9 ? .agent : .mcpServer
                    let entryName = index == 0 ? pluginName : "\(topic[random.next() % 3])-\(general[random.next() % 2_000])-\(index)"
                    return CatalogEntry(kind: kind, name: entryName, description: topical(16), marketplace: name, plugin: pluginName,
                                        path: "plugins/\(pluginName)/\(entryName)", commit: String(repeating: "a", count: 40), digest: "0",
                                        category: category, tags: [topic[0], topic[2]], hasMCP: index == 9, body: prose(150))
                }
            }
            let batch = plugins
            try blocking { try await store.replace(marketplace: name, plugins: batch, removedPlugins: [], indexed: [], status: SyncStatus(state: .ok)) }
        }
    }

    /// 20,000 made-up words standing in for the general prose of instructions.
    static let generalVocabulary: [String] = {
        var random = SplitMix(seed: 99)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<20_000).map { index in
            let length = 3 + random.next() % 7
            return String((0..<length).map { _ in letters[random.next() % letters.count] }) + (index < 26 ? "" : "")
        }
    }()

    /// Queries a user would type: domain words (chosen uniformly), two-word queries, three-letter
    /// prefixes, and filtered searches.
    static func queries() -> [SearchQuery] {
        var random = SplitMix(seed: 7)
        var queries: [SearchQuery] = []
        for index in 0..<200 {
            let word = vocabulary[random.next() % vocabulary.count]
            switch index % 5 {
            case 0: queries.append(SearchQuery(text: word))
            case 1: queries.append(SearchQuery(text: word + " " + vocabulary[random.next() % vocabulary.count]))
            case 2: queries.append(SearchQuery(text: String(word.prefix(3))))
            case 3: queries.append(SearchQuery(text: word, kinds: [.skill]))
            default: queries.append(SearchQuery(text: word, marketplace: "market-\(index % marketplaces)"))
            }
        }
        return queries
    }

    /// Every wrk request authenticates, as real clients do.
    static let adminToken = "plz_bench_admin_0123456789abcdef"

    /// Starts `plaza serve` on the catalog, loads it with wrk, reads the server's peak RSS.
    private func http(dataDirectory: String) throws {
        let plaza = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("plaza").path
        guard FileManager.default.isExecutableFile(atPath: plaza) else {
            print("| HTTP figures | skipped: build `plaza` in the same configuration first | |")
            return
        }
        guard (try? Shell.run(["which", "wrk"])) != nil else {
            print("| HTTP figures | skipped: install wrk (apt-get install wrk) | |")
            return
        }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: plaza)
        server.arguments = ["serve", "--port", "0", "--data-dir", dataDirectory, "--poll-interval", "0", "--log-level", "warning",
                            "--admin-token", "env:PLAZA_BENCH_ADMIN_TOKEN"]
        let pipe = Pipe()
        server.standardError = pipe
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "info"
        environment["PLAZA_BENCH_ADMIN_TOKEN"] = Self.adminToken
        server.environment = environment
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        // The port is logged at info level by Hummingbird ("listening on 127.0.0.1:PORT").
        let port = try waitForPort(pid: server.processIdentifier)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("plaza-wrk-\(UUID().uuidString).lua").path
        let paths = Self.queries().prefix(50).map { query -> String in
            var path = "/v1/search?limit=20&q=" + (query.text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")
            if let kind = query.kinds.first { path += "&kind=\(kind.rawValue)" }
            if let marketplace = query.marketplace { path += "&marketplace=\(marketplace)" }
            return "\"\(path)\""
        }
        try """
            local paths = {\(paths.joined(separator: ","))}
            local i = 0
            request = function()
              i = i + 1
              return wrk.format("GET", paths[(i % #paths) + 1], {["Authorization"] = "Bearer \(Self.adminToken)"})
            end
            """.write(toFile: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let output = try Shell.run(["wrk", "-t2", "-c32", "-d10s", "--latency", "-s", script, "http://127.0.0.1:\(port)"])
        let rate = output.split(separator: "\n").first { $0.contains("Requests/sec") }.map { $0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces) } ?? "?"
        let errors = output.split(separator: "\n").filter { $0.contains("Non-2xx") || $0.contains("Socket errors") }.joined(separator: "; ")
        let p99 = output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("99%") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? "?"
        print("| HTTP search throughput under wrk (50 distinct queries rotating, so mostly answered from the search cache; 2 threads, 32 connections, 10 s, loopback) | \(rate) requests/s, latency \(p99), errors: \(errors.isEmpty ? "0" : errors) | ≥ 5,000 requests/s, zero errors |")
        let status = (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map { String($0.dropFirst(6)).trimmingCharacters(in: .whitespaces) } ?? "?"
        print("| server peak RSS (VmHWM) with the catalog loaded, after the load | \(peak) | ≤ 200 MB |")
    }

    private func waitForPort(pid: Int32) throws -> Int {
        for _ in 0..<200 {
            if let output = try? Shell.run(["sh", "-c", "ss -ltnpH 2>/dev/null | grep 'pid=\(pid),' | head -1"]),
               let address = output.split(separator: " ").first(where: { $0.contains("127.0.0.1:") }),
               let port = Int(address.split(separator: ":").last ?? "") {
                return port
            }
            usleep(50_000)
        }
        throw Shell.Failure(command: ["plaza", "serve"], status: -1, output: "the server did not start listening")
    }

    static let vocabulary: [String] = {
        let base = ["incident", "deploy", "canary", "rollback", "cost", "budget", "tag", "owner", "alert", "triage", "postmortem", "timeline",
                    "kubernetes", "cluster", "node", "pod", "service", "latency", "error", "throughput", "database", "backup", "restore",
                    "certificate", "rotate", "secret", "vault", "identity", "role", "policy", "audit", "compliance", "encryption",
                    "network", "firewall", "gateway", "terraform", "plan", "drift", "pipeline", "release", "build", "test", "coverage",
                    "lint", "format", "review", "ticket", "jira", "slack", "page", "oncall", "runbook", "dashboard", "metric", "trace",
                    "log", "query", "kql", "sql", "schema", "migration", "index", "cache", "queue", "stream", "event", "webhook"]
        var words = base
        for a in base { for b in ["ops", "check", "guard", "scan", "sync", "report", "watch", "fix"] { words.append(a + b) } }
        return words
    }()
}

/// Deterministic random numbers (SplitMix64) so every run generates the same catalog.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
    }
    /// Roughly Zipf-distributed index in 0..<n (small indexes are frequent).
    mutating func zipf(_ n: Int) -> Int {
        let u = Double(next() % 1_000_000) / 1_000_000
        return min(n - 1, Int(pow(Double(n), u)) - 1)
    }
}
