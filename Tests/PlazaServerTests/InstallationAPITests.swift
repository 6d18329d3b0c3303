import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import PlazaTestSupport
import Testing

/// The content digest a client recomputes from an unpacked bundle: SHA-256 over, per file in
/// byte-wise path order, `path NUL sha256(file)-hex LF`.
func contentDigest(of directory: String) throws -> String {
    let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter { path in
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    var hasher = SHA256()
    for file in files {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file))
        hasher.update(data: Data(file.utf8) + [0])
        hasher.update(data: Data(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined().utf8) + [0x0A])
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
}

/// The check Docs/Installations.md documents for a delivered bundle, written out independently of
/// Plaza's own `plaza verify`: Plaza's record and kept originals left out, the files it added left
/// out, each stamped file put back to its original, then the content digest over the pin's root.
func deliveredDigest(of directory: String) throws -> String {
    let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/.plaza/pin.json"))) as? [String: Any])
    let root = (record["root"] as? String).map { $0.isEmpty ? "" : $0 + "/" } ?? ""
    let stamped = Set(record["stamped"] as? [String] ?? []), added = Set(record["added"] as? [String] ?? [])
    let restored = try TemporaryDirectory("plaza-restored")
    for path in FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue,
              !path.hasPrefix(".plaza/"), !added.contains(path), path.hasPrefix(root) else { continue }
        let source = stamped.contains(path) ? directory + "/.plaza/original/" + path : directory + "/" + path
        let target = URL(fileURLWithPath: restored.file(String(path.dropFirst(root.count))))
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contentsOf: URL(fileURLWithPath: source)).write(to: target)
    }
    return try contentDigest(of: restored.path)
}

@Suite("Installations over HTTP")
struct InstallationAPITests {
    @Test("an installer agent pins a plugin; the environment's marketplace.json serves archives whose bytes match their sha256 and unpack to the pinned digest")
    func installAndExport() async throws {
        let harness = try ServerHarness()
        try await harness.run { client in
            try await client.execute(uri: "/v1/marketplaces", method: .post, body: ByteBuffer(string: harness.registration)) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/marketplaces/contoso/sync?wait=true", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/agents/sre-agent-1", method: .put, body: ByteBuffer(string: #"{"environment": "production"}"#)) {
                #expect($0.status == .ok)
            }
            let body = try JSONSerialization.data(withJSONObject: ["name": "sre-agent-1", "role": "installer", "agent": "sre-agent-1", "environment": "production"])
            let agentToken = try await client.execute(uri: "/v1/tokens", method: .post, body: ByteBuffer(data: body)) { try json($0.body)["secret"] as? String ?? "" }

            // The agent installs for itself; it may not install for the whole environment or another agent.
            let pin = try await client.execute(uri: "/v1/targets/agent:sre-agent-1/pins", method: .post, headers: bearer(agentToken),
                                               body: ByteBuffer(string: #"{"plugin": "incident-investigation@contoso"}"#)) { response in
                #expect(response.status == .created, "\(String(buffer: response.body))")
                return try json(response.body)
            }
            #expect((pin["digest"] as? String)?.hasPrefix("sha256:") == true)
            try await client.execute(uri: "/v1/targets/environment:production/pins", method: .post, headers: bearer(agentToken),
                                     body: ByteBuffer(string: #"{"plugin": "jira-connector@contoso"}"#)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/targets/agent:other/pins", method: .post, headers: bearer(agentToken),
                                     body: ByteBuffer(string: #"{"plugin": "jira-connector@contoso"}"#)) { #expect($0.status == .forbidden) }

            // The platform team pins the environment; the exported marketplace lists it as an archive.
            for plugin in ["jira-connector", "deployment-verification"] {
                try await client.execute(uri: "/v1/targets/environment:production/pins", method: .post,
                                         body: ByteBuffer(string: #"{"plugin": "\#(plugin)@contoso"}"#)) { #expect($0.status == .created) }
            }
            try await client.execute(uri: "/v1/targets/environment:production/pins", method: .post,
                                     body: ByteBuffer(string: #"{"plugin": "incident-investigation@contoso", "skill": "triage-alert"}"#)) { #expect($0.status == .created) }
            let exported = try await client.execute(uri: "/v1/environments/production/marketplace.json", method: .get) { try json($0.body) }
            #expect(exported["name"] as? String == "plaza-production")
            let plugins = try #require(exported["plugins"] as? [[String: Any]])
            #expect(Set(plugins.compactMap { $0["name"] as? String }) == ["jira-connector", "deployment-verification", "incident-investigation-triage-alert"])
            let pins = try await client.execute(uri: "/v1/targets/environment:production/pins", method: .get) { try json($0.body)["pins"] as? [[String: Any]] ?? [] }
            let unpacked = try TemporaryDirectory("plaza-unpack")
            for plugin in plugins {
                let source = try #require(plugin["source"] as? [String: String])
                #expect(Set(plugin.keys).isSubset(of: ["name", "description", "version", "source"]), "only widely supported keys")
                #expect(source["source"] == "archive")
                let url = try #require(URLComponents(string: source["url"] ?? ""))
                let bytes = try await client.execute(uri: url.path, method: .get) { response in
                    #expect(response.headers[HTTPField.Name("X-Plaza-Bundle-SHA256")!] == source["sha256"])
                    return [UInt8](response.body.readableBytesView)
                }
                #expect(SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() == source["sha256"], "archive bytes match the entry's sha256")
                let zip = unpacked.file("\(plugin["name"]!).zip"), directory = unpacked.file("\(plugin["name"]!)")
                try Data(bytes).write(to: URL(fileURLWithPath: zip))
                try Shell.run(["python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, directory])
                let pinned = try #require(pins.first { $0["bundleSHA256"] as? String == source["sha256"] })
                #expect("sha256:" + (try deliveredDigest(of: directory)) == pinned["digest"] as? String, "unpacked files hash to the pinned digest")
                let version = try #require(plugin["version"] as? String)
                #expect(version.contains("+plaza.\((pinned["digest"] as? String ?? "").dropFirst(7).prefix(12))"), "the entry names the delivered version")
                if pinned["skill"] == nil {
                    let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/.claude-plugin/plugin.json"))) as? [String: Any]
                    #expect(manifest?["version"] as? String == version, "the bundle's own plugin.json carries the same version, which the client reads")
                }
            }

            // Lockfile, outdated, history, and the bundle route with its digest header.
            let lockfile = try await client.execute(uri: "/v1/targets/agent:sre-agent-1/lockfile", method: .get, headers: bearer(agentToken)) { String(buffer: $0.body) }
            let again = try await client.execute(uri: "/v1/targets/agent:sre-agent-1/lockfile", method: .get, headers: bearer(agentToken)) { String(buffer: $0.body) }
            #expect(lockfile == again, "a lockfile is stable")
            #expect(lockfile.contains(pin["commit"] as? String ?? "-"))
            try await client.execute(uri: "/v1/targets/agent:sre-agent-1/outdated", method: .get) { response in
                let outdated = try json(response.body)["outdated"] as? Int
                #expect(outdated == 0)
            }
            try await client.execute(uri: "/v1/targets/agent:sre-agent-1/pins/contoso/incident-investigation/bundle", method: .get) { response in
                #expect(response.headers[.contentType] == "application/zip")
                #expect(response.headers[HTTPField.Name("X-Plaza-Bundle-SHA256")!] == pin["bundleSHA256"] as? String)
            }
            try await client.execute(uri: "/v1/audit?action=pin.install", method: .get) { response in
                let actors = (try json(response.body)["events"] as? [[String: Any]] ?? []).compactMap { $0["actor"] as? String }
                #expect(actors.contains("sre-agent-1") && actors.contains("bootstrap-admin"))
            }
            try await expectProblem(client, "/v1/targets/nobody/pins", status: .badRequest, mentioning: "agent:NAME")
            // Found by schemathesis: an unknown environment was a 400, unlike every other unknown name.
            try await expectProblem(client, "/v1/agents/ghost", method: .put, body: #"{"environment": "nowhere"}"#,
                                    status: .notFound, mentioning: "no environment named 'nowhere'")
            try await expectProblem(client, "/v1/targets/agent:ghost/pins", method: .post, body: #"{"plugin": "jira-connector@contoso"}"#,
                                    status: .notFound, mentioning: "no agent named 'ghost'")
            try await expectProblem(client, "/v1/targets/environment:production/pins", method: .post, body: #"{"plugin": "jira-connector"}"#,
                                    status: .badRequest, mentioning: "plugin@marketplace")
            try await expectProblem(client, "/v1/targets/environment:production/pins", method: .post,
                                    body: #"{"plugin": "terraform-review@contoso"}"#, status: .conflict, mentioning: "unavailable")
            try await expectProblem(client, "/v1/targets/environment:production/pins", method: .post,
                                    body: #"{"plugin": "jira-connector@contoso", "ref": "no-such-branch"}"#, status: .notFound, mentioning: "no-such-branch")
            try await expectProblem(client, "/v1/policy", method: .post, body: #"{"id": "bad", "effect": "deny", "environment": "production", "plugin": "*x"}"#,
                                    status: .unprocessableContent, mentioning: "rule bad")
            try await client.execute(uri: "/v1/policy", method: .post,
                                     body: ByteBuffer(string: #"{"id": "no-mcp-prod", "effect": "deny", "environment": "production", "hasMCP": true}"#)) {
                #expect($0.status == .created)
            }
            try await expectProblem(client, "/v1/targets/environment:production/pins", method: .post,
                                    body: #"{"plugin": "cost-governance@contoso"}"#, status: .forbidden, mentioning: "no-mcp-prod")
        }
    }
}
