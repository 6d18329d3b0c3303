import Foundation
import Hummingbird
import PlazaCatalog
import PlazaInstall
import PlazaOutbound
import PlazaServer
import PlazaTestSupport

/// Time from `plaza promote` to the promoted files in a real Claude Code client's install
/// directory (the client's own `marketplace update` + `plugin update`), and Plaza's part of it:
/// the promote itself plus serving the export and the bundle over HTTPS (timed with curl on new
/// connections, as the client fetches them). Needs `PLAZA_CLAUDE` (the binary in PyPI's
/// claude-agent-sdk) and the test host name in /etc/hosts (`PLAZA_E2E_HOST`, as in `.ci/run`).
struct PromoteBenchmark {
    let iterations: Int
    static let adminToken = "plz_bench_promote_admin_01234567"

    func run() throws {
        print("## Promote to a Claude Code client (issue 11)\n")
        guard let claude = ProcessInfo.processInfo.environment["PLAZA_CLAUDE"], FileManager.default.isExecutableFile(atPath: claude) else {
            print("skipped: set PLAZA_CLAUDE to the claude binary of PyPI's claude-agent-sdk (see .ci/run)\n")
            return
        }
        let host = ProcessInfo.processInfo.environment["PLAZA_E2E_HOST"] ?? "plaza-e2e.test"
        let d = try TemporaryDirectory("plaza-bench-promote")
        try Shell.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                       "-subj", "/CN=\(host)", "-addext", "subjectAltName=DNS:\(host)", "-keyout", d.file("key.pem"), "-out", d.file("cert.pem")])
        // Two versions of a 40-skill plugin, pinned in dev and staging; production alternates between them.
        func files(_ generation: Int) -> [(String, String)] {
            var files: [(String, String)] = [(".claude-plugin/marketplace.json",
                                              #"{"name": "bench", "owner": {"name": "Bench"}, "plugins": [{"name": "big", "source": "./plugins/big", "version": "1.0.0"}]}"#)]
            for skill in 0..<40 {
                files.append(("plugins/big/skills/s\(skill)/SKILL.md", "---\nname: s\(skill)\ndescription: Skill \(skill).\n---\nGeneration \(generation).\n"))
                files.append(("plugins/big/skills/s\(skill)/references/notes.md", String(repeating: "Reference line \(skill).\n", count: 200)))
            }
            return files
        }
        try RepositoryGenerator.snapshot(at: d.file("upstream.git"), files: files(1))
        let port = try Shell.freeLoopbackPort()
        let base = "https://\(host):\(port)"
        var configuration = ServerConfiguration(port: port, dataDirectory: d.file("plaza"), defaultPollInterval: 0,
                                                outbound: OutboundPolicy(allowedSchemes: ["file"]),
                                                tls: .init(certificateChain: d.file("cert.pem"), privateKey: d.file("key.pem")))
        configuration.publicURL = base
        let services = try PlazaServices.onSQLite(configuration: configuration, logger: SyncBenchmark.quietLogger, bootstrapAdminToken: Self.adminToken)
        let name = PluginName(marketplace: "bench", plugin: "big")
        try blocking { try await services.store.register(MarketplaceRegistration(name: "bench", url: "file://" + d.file("upstream.git"))) }
        _ = try blocking { try await services.engine.sync("bench") }
        try blocking { _ = try await services.installations.install(name, target: .environment("dev"), actor: "bench") }
        try blocking { _ = try await services.installations.install(name, target: .environment("production"), actor: "bench") }
        try RepositoryGenerator.snapshot(at: d.file("upstream.git"), files: files(2))
        _ = try blocking { try await services.engine.sync("bench") }
        try blocking { _ = try await services.installations.install(name, target: .environment("staging"), actor: "bench") }

        let ready = AsyncStream<Int>.makeStream()
        let app = try blocking { try await buildApplication(services: services, logger: SyncBenchmark.quietLogger) { ready.continuation.yield($0) } }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { task.cancel() }
        _ = try blocking { for await value in ready.stream { return value }; return 0 }

        try Self.adminToken.write(toFile: d.file("token"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: d.file("home/.claude"), withIntermediateDirectories: true)
        let plaza = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("plaza").path
        guard FileManager.default.isExecutableFile(atPath: plaza) else { throw BenchFailure(description: "build plaza beside plaza-bench first (swift build -c release)") }
        let helper = "\(plaza) auth header --token-file \(d.file("token"))"
        let settings: [String: Any] = ["extraKnownMarketplaces": ["plaza-production": ["source": [
            "source": "url", "url": "\(base)/v1/environments/production/marketplace.json", "headersHelper": helper]]]]
        try JSONSerialization.data(withJSONObject: settings).write(to: URL(fileURLWithPath: d.file("home/.claude/settings.json")))
        @discardableResult
        func client(_ arguments: [String], _ extra: [String: String] = [:], mustSucceed: Bool = true) throws -> String {
            var environment = ["HOME": d.file("home"), "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                               "NODE_EXTRA_CA_CERTS": d.file("cert.pem"), "DISABLE_TELEMETRY": "1", "DISABLE_AUTOUPDATER": "1",
                               "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "DISABLE_ERROR_REPORTING": "1"]
            environment.merge(extra) { _, new in new }
            do {
                return try Shell.run(["env", "-i"] + environment.map { "\($0.key)=\($0.value)" } + [claude] + arguments)
            } catch let failure as Shell.Failure where !mustSucceed {
                return failure.output
            }
        }
        try client(["-p", "hello"], ["CLAUDE_CODE_SYNC_PLUGIN_INSTALL": "1", "ANTHROPIC_API_KEY": "sk-ant-bench", "ANTHROPIC_BASE_URL": "http://127.0.0.1:9",
                                 "CLAUDE_CODE_MAX_RETRIES": "0"], mustSucceed: false)
        try client(["plugin", "install", "big@plaza-production"])
        let cache = d.file("home/.claude/plugins/cache/plaza-production/big")

        var totals: [Double] = [], promotes: [Double] = [], serving: [Double] = []
        for iteration in 0..<iterations {
            let from = iteration % 2 == 0 ? "staging" : "dev"
            let generation = from == "staging" ? 2 : 1
            let start = Date()
            let promoted = try blocking { try await services.installations.promote(name, from: from, to: "production", actor: "bench") }
            let promoteTime = Date().timeIntervalSince(start)
            try client(["plugin", "marketplace", "update", "plaza-production"])
            try client(["plugin", "update", "big@plaza-production"])
            let total = Date().timeIntervalSince(start)
            let installed = cache + "/" + Delivery.version(of: promoted).replacingOccurrences(of: "+", with: "-") + "/skills/s0/SKILL.md"
            guard (try? String(contentsOfFile: installed, encoding: .utf8))?.contains("Generation \(generation).") == true else {
                let list = try client(["plugin", "list", "--json"])
                throw BenchFailure(description: "the client did not get generation \(generation) at \(installed): \(list)")
            }
            // Plaza's part of the client's work: the export and the bundle, each on a new HTTPS connection.
            var served = 0.0
            for path in ["/v1/environments/production/marketplace.json", "/v1/bundles/\(promoted.bundleSHA256).zip"] {
                let out = try Shell.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{time_total}", "--cacert", d.file("cert.pem"),
                                         "-H", "Authorization: Bearer \(Self.adminToken)", base + path])
                served += Double(out) ?? 0
            }
            totals.append(total); promotes.append(promoteTime); serving.append(served)
        }
        let total = Measure.median(totals), promote = Measure.median(promotes), served = Measure.median(serving)
        print("| figure | median |")
        print("|---|---|")
        print("| promote → files in the client's install directory (promote + `claude plugin marketplace update` + `claude plugin update`) | \(Measure.ms(total)) |")
        print("| of which `plaza promote` (service call) | \(Measure.ms(promote)) |")
        print("| of which Plaza serving the export + bundle over HTTPS (new connections, curl) | \(Measure.ms(served)) |")
        print("| Plaza's share | \(String(format: "%.1f%%", 100 * (promote + served) / total)) |\n")
    }
}
