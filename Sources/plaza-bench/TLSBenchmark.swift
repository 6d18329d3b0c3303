import Foundation
import Hummingbird
import PlazaCatalog
import PlazaOutbound
import PlazaServer
import PlazaTestSupport

/// A 200-file plugin's bundle downloaded over HTTPS and over plain HTTP from the same data, each on
/// a new connection (curl's own timings, so process start-up is not counted), and the handshake
/// cost per new HTTPS connection.
struct TLSBenchmark {
    let iterations: Int
    static let adminToken = "plz_bench_tls_admin_0123456789ab"

    func run() throws {
        print("## Bundle delivery over HTTPS (issue 11)\n")
        let data = try TemporaryDirectory("plaza-bench-tls")
        let d = data
        for (name, key) in [("rsa", ["-newkey", "rsa:2048"]), ("ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"])] {
            try Shell.run(["openssl", "req", "-x509"] + key + ["-nodes", "-days", "1", "-subj", "/CN=localhost",
                           "-addext", "subjectAltName=DNS:localhost", "-keyout", d.file("\(name)-key.pem"), "-out", d.file("\(name)-cert.pem")])
        }
        var files: [(String, String)] = [(".claude-plugin/marketplace.json", #"{"name": "tls", "owner": {"name": "Bench"}, "plugins": [{"name": "big", "source": "./plugins/big"}]}"#)]
        for file in 0..<200 {
            files.append(("plugins/big/skills/s\(file % 40)/references/r\(file).md", String(repeating: "Reference line \(file).\n", count: 100)))
        }
        for skill in 0..<40 { files.append(("plugins/big/skills/s\(skill)/SKILL.md", "---\nname: s\(skill)\ndescription: Big \(skill).\n---\nBody.\n")) }
        try RepositoryGenerator.snapshot(at: d.file("upstream.git"), files: files)

        func services(tls: String?) throws -> PlazaServices {
            try PlazaServices.onSQLite(configuration: ServerConfiguration(port: 0, dataDirectory: d.file("plaza"), defaultPollInterval: 0,
                                                                 outbound: OutboundPolicy(allowedSchemes: ["file"]),
                                                                 tls: tls.map { .init(certificateChain: d.file("\($0)-cert.pem"), privateKey: d.file("\($0)-key.pem")) }),
                              logger: SyncBenchmark.quietLogger, bootstrapAdminToken: Self.adminToken)
        }
        let plain = try services(tls: nil)
        try blocking { try await plain.store.register(MarketplaceRegistration(name: "tls", url: "file://" + d.file("upstream.git"))) }
        _ = try blocking { try await plain.engine.sync("tls") }
        let pin = try blocking { try await plain.installations.install(PluginName(marketplace: "tls", plugin: "big"), target: .environment("dev"), actor: "bench") }
        var tasks: [Task<Void, Error>] = []
        defer { tasks.forEach { $0.cancel() } }
        func start(_ services: PlazaServices) throws -> Int {
            let ready = AsyncStream<Int>.makeStream()
            let app = try blocking { try await buildApplication(services: services, logger: SyncBenchmark.quietLogger) { ready.continuation.yield($0) } }
            tasks.append(Task { try await app.runService(gracefulShutdownSignals: []) })
            return try blocking { var port = 0; for await value in ready.stream { port = value; break }; return port }
        }
        let httpPort = try start(plain)
        let path = "/v1/bundles/\(pin.bundleSHA256).zip"

        /// curl's total and handshake times (seconds) for one download on a new connection.
        func download(_ url: String, _ extra: [String]) throws -> (total: Double, handshake: Double) {
            let out = try Shell.run(["curl", "-sf", "-o", "/dev/null", "-w", "%{time_total} %{time_connect} %{time_appconnect} %{size_download}",
                                     "-H", "Authorization: Bearer \(Self.adminToken)"] + extra + [url])
            let values = out.split(separator: " ").compactMap { Double($0) }
            guard values.count == 4, values[3] > 0 else { throw BenchFailure(description: "download of \(url) failed: \(out)") }
            return (values[0], max(0, values[2] - values[1]))
        }
        /// curl's total time for a second download on the same (kept-alive) connection.
        func reused(_ url: String, _ extra: [String]) throws -> Double {
            let out = try Shell.run(["curl", "-sf", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{time_total} %{num_connects}\n",
                                     "-H", "Authorization: Bearer \(Self.adminToken)"] + extra + [url, url])
            let lines = out.split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
            guard lines.count == 2, lines[1].count == 2, lines[1][1] == 0 else { throw BenchFailure(description: "no reused connection: \(out)") }
            return lines[1][0]
        }
        let http = "http://127.0.0.1:\(httpPort)\(path)"
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let size = try blocking { try await plain.installations.bundle(for: pin).bytes.count }
        print("| figure | HTTPS | plain HTTP (same run) | ratio | goal |")
        print("|---|---|---|---|---|")
        for (name, label) in [("rsa", "RSA-2048"), ("ec", "ECDSA P-256")] {
            let httpsPort = try start(try services(tls: name))
            let https = "https://localhost:\(httpsPort)\(path)", tls = ["--cacert", d.file("\(name)-cert.pem")]
            var httpTimes: [Double] = [], httpsTimes: [Double] = [], handshakes: [Double] = [], httpReused: [Double] = [], httpsReused: [Double] = []
            _ = try download(http, []); _ = try download(https, tls)
            for _ in 0..<max(iterations, 15) {
                httpTimes.append(try download(http, []).total)
                let secureRun = try download(https, tls)
                httpsTimes.append(secureRun.total)
                handshakes.append(secureRun.handshake)
                httpReused.append(try reused(http, []))
                httpsReused.append(try reused(https, tls))
            }
            print(String(format: "| bundle download, 240-file plugin (%d KB), new connection, %@ certificate | %.1f ms | %.1f ms | %.2f | ≤ 1.3 |",
                         size / 1024, label, median(httpsTimes) * 1000, median(httpTimes) * 1000, median(httpsTimes) / median(httpTimes)))
            print(String(format: "| bundle download on a kept-alive connection, %@ | %.1f ms | %.1f ms | %.2f | ≤ 1.3 |",
                         label, median(httpsReused) * 1000, median(httpReused) * 1000, median(httpsReused) / median(httpReused)))
            print(String(format: "| TLS handshake per new connection, %@ (curl: appconnect − connect) | %.1f ms | — | — | — |", label, median(handshakes) * 1000))
            // Baseline for the handshake: the same bytes from Python's ssl (OpenSSL) server, same certificate.
            let reference = try referenceTLS(certificate: name, bytes: try blocking { try await plain.installations.bundle(for: pin).bytes })
            print(String(format: "| reference: Python ssl server (OpenSSL), same bytes and certificate, new connection / handshake | %.1f ms / %.1f ms | — | — | — |",
                         reference.total * 1000, reference.handshake * 1000))
        }
        print("")

        /// Median download and handshake times from a Python `ssl` server holding the same bytes.
        func referenceTLS(certificate name: String, bytes: [UInt8]) throws -> (total: Double, handshake: Double) {
            try Data(bytes).write(to: URL(fileURLWithPath: d.file("bundle.zip")))
            let script = """
                import http.server, ssl, sys, functools
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[1], sys.argv[2])
                handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[3])
                server = http.server.HTTPServer(("127.0.0.1", 0), handler)
                server.socket = ctx.wrap_socket(server.socket, server_side=True)
                print(server.server_address[1], flush=True); server.serve_forever()
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, d.file("\(name)-cert.pem"), d.file("\(name)-key.pem"), d.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try process.run()
            defer { process.terminate(); process.waitUntilExit() }
            var line = Data()
            while !line.contains(0x0A) { let chunk = output.fileHandleForReading.availableData; if chunk.isEmpty { break }; line += chunk }
            guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw BenchFailure(description: "the reference TLS server did not start")
            }
            let url = "https://localhost:\(port)/bundle.zip", tls = ["--cacert", d.file("\(name)-cert.pem")]
            _ = try download(url, tls)
            var totals: [Double] = [], handshakes: [Double] = []
            for _ in 0..<max(iterations, 15) {
                let run = try download(url, tls)
                totals.append(run.total); handshakes.append(run.handshake)
            }
            return (median(totals), median(handshakes))
        }
    }
}
