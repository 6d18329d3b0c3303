import Foundation
import PlazaTestSupport
import Testing

@Suite("plaza serve and the client commands")
struct ServerCommandTests {
    @Test("serve --demo loads the sample; search, show and marketplace commands work against it")
    func demoSession() throws {
        let server = try ServerProcess()
        let search = try server.run(["search", "incident"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.contains("incident-investigation@contoso"))
        let json = try #require(try server.run(["search", "postmortem", "--kind", "skill", "--json"]).json)
        #expect((json["results"] as? [[String: Any]])?.first?["name"] as? String == "write-postmortem")
        let show = try server.run(["show", "mcp-server", "jira"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("requiredSecrets: JIRA_API_TOKEN"))
        let list = try server.run(["marketplace", "list"])
        #expect(list.stdout.contains("contoso") && list.stdout.contains("ok"))
        let sync = try server.run(["marketplace", "sync", "contoso", "--json"])
        #expect(sync.status == 0)
        #expect(sync.json?["pluginsReread"] as? Int == 0)
        #expect(try server.run(["search", "zzqqxxnothing"]).status == 1)
        let missing = try server.run(["show", "skill", "no-such-skill"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no skill named 'no-such-skill'"))
        let audit = try server.run(["audit", "--target", "contoso"])
        #expect(audit.stdout.contains("marketplace.sync"))
        #expect(server.stop() == 0, "SIGTERM shuts down gracefully")
    }

    @Test("tokens from the CLI: shown once, roles enforced, revoked at once; --demo reads anonymously and writes an admin token file")
    func tokensAndRoles() throws {
        let server = try ServerProcess()
        let anonymous = ["PLAZA_TOKEN": ""]
        let search = try server.run(["search", "incident"], environment: anonymous)
        #expect(search.status == 0 && search.stdout.contains("incident-investigation@contoso"), "the demo marketplace is public")
        let anonymousSync = try server.run(["marketplace", "sync", "contoso"], environment: anonymous)
        #expect(anonymousSync.status == 1)
        #expect(anonymousSync.stderr.contains("HTTP 401") && anonymousSync.stderr.contains("PLAZA_TOKEN"), "\(anonymousSync.stderr)")

        let tokenFile = server.data.file("demo-admin-token")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let demoAdmin = try server.run(["whoami", "--token-file", tokenFile], environment: anonymous)
        #expect(demoAdmin.stdout.contains("demo-admin (role admin)"), "\(demoAdmin.stdout)\(demoAdmin.stderr)")

        let created = try #require(try server.run(["token", "create", "dev-reader", "--role", "reader", "--team", "sre", "--json"]).json)
        let secret = try #require(created["secret"] as? String)
        let id = try #require((created["token"] as? [String: Any])?["id"] as? String)
        let asReader = ["PLAZA_TOKEN": secret]
        #expect(try server.run(["whoami"], environment: asReader).stdout.contains("dev-reader (role reader, teams sre)"))
        let readerSync = try server.run(["marketplace", "sync", "contoso"], environment: asReader)
        #expect(readerSync.status == 1)
        #expect(readerSync.stderr.contains("has role reader") && readerSync.stderr.contains("HTTP 403"), "\(readerSync.stderr)")
        let list = try server.run(["token", "list"])
        #expect(list.stdout.contains("dev-reader") && list.stdout.contains("active") && !list.stdout.contains(secret))
        #expect(try server.run(["token", "revoke", id]).status == 0)
        let revoked = try server.run(["whoami"], environment: asReader)
        #expect(revoked.status == 1 && revoked.stderr.contains("revoked"))
        let audit = try server.run(["audit", "--action", "token.revoke"])
        #expect(audit.stdout.contains("dev-reader") && audit.stdout.contains("bootstrap-admin"))
        #expect(try server.run(["token", "list"], environment: asReader).status == 1)
    }

    @Test("install, outdated, diff, update, rollback, promote, lockfile, bundle and policy from the command line")
    func installationCommands() throws {
        let server = try ServerProcess()
        #expect(try server.run(["agent", "add", "sre-agent-1", "--environment", "staging"]).status == 0)
        let install = try server.run(["install", "deployment-verification@contoso", "--environment", "staging"])
        #expect(install.status == 0 && install.stdout.contains("Pinned deployment-verification@contoso for environment:staging"), "\(install.stdout)\(install.stderr)")
        let pinned = try #require(try server.run(["pins", "--environment", "staging", "--json"]).json?["pins"] as? [[String: Any]])
        let commit = try #require(pinned.first?["commit"] as? String)
        #expect(try server.run(["outdated", "--agent", "sre-agent-1"]).status == 0, "nothing is outdated yet")

        // Upstream adds a hook: the pin is outdated, the diff calls the hook out, update moves it, rollback returns.
        let repository = server.data.file("demo/contoso-platform")
        try Shell.run(["git", "-C", repository, "checkout", "-q", "-B", "main"])
        try "{\"hooks\": {\"SessionStart\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"echo hi\"}]}]}}"
            .write(toFile: repository + "/plugins/deployment-verification/hooks.json", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: repository + "/plugins/deployment-verification/hooks", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: repository + "/plugins/deployment-verification/hooks.json",
                                        toPath: repository + "/plugins/deployment-verification/hooks/hooks.json")
        try Shell.run(["git", "-C", repository, "add", "-A"])
        try Shell.run(["git", "-C", repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "add a hook"])
        #expect(try server.run(["marketplace", "sync", "contoso"]).status == 0)
        let outdated = try server.run(["outdated", "--environment", "staging"])
        #expect(outdated.status == 1 && outdated.stdout.contains("outdated"))
        let diff = try server.run(["diff", "deployment-verification@contoso", "--environment", "staging"])
        #expect(diff.stdout.contains("Needs security review") && diff.stdout.contains("+ SessionStart (command)"), "\(diff.stdout)")
        let update = try server.run(["update", "deployment-verification@contoso", "--environment", "staging", "--json"])
        #expect(update.json?["hasHooks"] as? Bool == true && update.json?["commit"] as? String != commit)
        let rollback = try server.run(["rollback", "deployment-verification@contoso", "--environment", "staging", "--json"])
        #expect(rollback.json?["commit"] as? String == commit)

        // Promotion copies the exact pin; the lockfile and bundle agree with it.
        let promoted = try server.run(["promote", "deployment-verification@contoso", "--from", "staging", "--to", "production", "--json"])
        #expect(promoted.json?["commit"] as? String == commit)
        let lockfile = try #require(try server.run(["lockfile", "--environment", "production"]).json)
        let entry = try #require((lockfile["pins"] as? [[String: Any]])?.first)
        #expect(entry["commit"] as? String == commit)
        let zip = server.data.file("bundle.zip")
        let bundle = try server.run(["bundle", "deployment-verification@contoso", "--environment", "production", "-o", zip, "--json"])
        #expect(bundle.status == 0 && bundle.json?["sha256"] as? String == (entry["bundle"] as? [String: Any])?["sha256"] as? String, "\(bundle.stderr)")
        #expect(FileManager.default.fileExists(atPath: zip))

        // A policy denial names its rule and exits 1.
        #expect(try server.run(["policy", "add", "no-hooks-prod", "--effect", "deny", "--environment", "production", "--has-hooks", "true"]).status == 0)
        let refused = try server.run(["install", "compliance-checks@contoso", "--environment", "production"])
        #expect(refused.status == 1 && refused.stderr.contains("no-hooks-prod"), "\(refused.stderr)")
        let usage = try server.run(["install", "compliance-checks@contoso"])
        #expect(usage.status == 2 && usage.stderr.contains("--agent"))
    }

    @Test("plaza mcp: validate, publish, list, show, search, status and import against a real server")
    func mcpCommands() throws {
        let server = try ServerProcess()
        let directory = server.data.path
        let good = #"{"name": "io.github.acme/weather", "version": "1.0.0", "description": "Forecasts for agents.", "remotes": [{"type": "streamable-http", "url": "https://weather.acme.example/mcp"}], "_meta": {"dev.plaza/registry": {"lifecycle": "preview", "owners": ["team:weather"], "public": true}}}"#
        let bad = #"{"name": "weather", "version": "^1.0", "description": ""}"#
        try good.write(toFile: directory + "/good.json", atomically: true, encoding: .utf8)
        try bad.write(toFile: directory + "/bad.json", atomically: true, encoding: .utf8)
        try ("[" + good.replacingOccurrences(of: "io.github.acme/weather", with: "io.github.acme/tides") + "," + bad + "]")
            .write(toFile: directory + "/import.json", atomically: true, encoding: .utf8)

        let invalid = try server.run(["mcp", "validate", directory + "/bad.json"])
        #expect(invalid.status == 1 && invalid.stdout.contains("/name") && invalid.stdout.contains("/version"), "\(invalid.stdout)")
        #expect(try server.run(["mcp", "validate", directory + "/good.json"]).status == 0)
        let published = try server.run(["mcp", "publish", directory + "/good.json"])
        #expect(published.status == 0 && published.stdout.contains("Published io.github.acme/weather 1.0.0"), "\(published.stderr)")
        let duplicate = try server.run(["mcp", "publish", directory + "/good.json"])
        #expect(duplicate.status == 1 && duplicate.stderr.contains("immutable"))
        let imported = try server.run(["mcp", "import", directory + "/import.json", "--json"])
        #expect(imported.json?["added"] as? Int == 1 && imported.json?["rejected"] as? Int == 1, "\(imported.stdout)\(imported.stderr)")
        let list = try server.run(["mcp", "list"], environment: ["PLAZA_TOKEN": ""])
        #expect(list.stdout.contains("io.github.acme/weather") && list.stdout.contains("preview"), "anonymous VS Code-style read: \(list.stdout)\(list.stderr)")
        #expect(list.stdout.contains("plaza.local/contoso.jira-connector.jira"), "the demo's plugin MCP servers are in the registry")
        let show = try server.run(["mcp", "show", "io.github.acme/weather"])
        #expect(show.stdout.contains("lifecycle: preview") && show.stdout.contains("remote: streamable-http https://weather.acme.example/mcp"))
        let search = try server.run(["mcp", "search", "forecasts", "--remote", "--json"])
        let found = (search.json?["servers"] as? [[String: Any]] ?? []).compactMap { ($0["server"] as? [String: Any])?["name"] as? String }
        #expect(Set(found) == ["io.github.acme/weather", "io.github.acme/tides"], "\(found)")
        #expect(try server.run(["mcp", "status", "io.github.acme/weather", "deprecated", "--message", "use tides"]).status == 0)
        let shown = try server.run(["mcp", "show", "io.github.acme/weather", "--json"]).json
        #expect(((shown?["_meta"] as? [String: Any])?["io.modelcontextprotocol.registry/official"] as? [String: Any])?["status"] as? String == "deprecated")

        // A second Plaza mirrors the first one's public servers through the official list API.
        let mirror = try ServerProcess(demo: false)
        let mirrored = try mirror.run(["mcp", "import", server.url, "--search", "io.github.acme", "--json"])
        #expect(mirrored.status == 0 && mirrored.json?["added"] as? Int == 2, "\(mirrored.stdout)\(mirrored.stderr)")
        let again = try mirror.run(["mcp", "import", server.url, "--search", "io.github.acme", "--json"])
        #expect(again.json?["added"] as? Int == 0 && again.json?["alreadyPresent"] as? Int == 2, "importing again changes nothing")
    }

    @Test("marketplace add with a token over authenticated HTTP, show, sync after a change, remove")
    func marketplaceLifecycle() throws {
        let upstream = try GitFixture()
        try upstream.copyTree(from: PlazaBinary.packageRoot + "/SampleMarketplace")
        try upstream.commit("sample")
        let token = "plz_cli_lifecycle_token_0099"
        let gitServer = try GitHTTPServer(root: upstream.servedRoot, token: token)
        let server = try ServerProcess(demo: false, environment: ["ACME_TOKEN": token])
        let add = try server.run(["marketplace", "add", "acme", gitServer.url("upstream.git"), "--credential", "env:ACME_TOKEN"])
        #expect(add.status == 0, "\(add.stdout)\(add.stderr)")
        #expect(add.stdout.contains("Registered and synced acme."))
        #expect(add.stdout.contains("16 skills"))
        #expect(!add.stdout.contains(token))

        try upstream.commit("new skill", files: ["plugins/jira-connector/skills/close-ticket/SKILL.md":
            "---\nname: close-ticket\ndescription: Close a Jira ticket when the incident is resolved.\n---\nClose it.\n"])
        let sync = try server.run(["marketplace", "sync", "acme", "--json"])
        #expect(sync.json?["pluginsReread"] as? Int == 1)
        #expect((sync.json?["counts"] as? [String: Int])?["skills"] == 17)
        let show = try server.run(["marketplace", "show", "acme"])
        #expect(show.stdout.contains("credential: env:ACME_TOKEN"))

        let duplicate = try server.run(["marketplace", "add", "acme", gitServer.url("upstream.git")])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already registered"))
        let remove = try server.run(["marketplace", "remove", "acme"])
        #expect(remove.status == 0)
        #expect(remove.stdout.contains("Installations: unchanged"))
        #expect(try server.run(["marketplace", "show", "acme"]).status == 1)
    }

    @Test("a wrong token makes add exit 1 with the reason and no secret")
    func wrongToken() throws {
        let upstream = try GitFixture()
        try upstream.copyTree(from: PlazaBinary.packageRoot + "/SampleMarketplace")
        try upstream.commit("sample")
        let gitServer = try GitHTTPServer(root: upstream.servedRoot, token: "right-token-1234567890")
        let server = try ServerProcess(demo: false, environment: ["BAD_TOKEN": "wrong-token-0987654321"])
        let add = try server.run(["marketplace", "add", "acme", gitServer.url("upstream.git"), "--credential", "env:BAD_TOKEN"])
        #expect(add.status == 1)
        #expect(add.stdout.contains("rejected"))
        #expect(!add.stdout.contains("wrong-token-0987654321") && !add.stderr.contains("wrong-token-0987654321"))
    }

    @Test("an unreachable server is a clear error with exit code 2")
    func unreachable() throws {
        let result = try PlazaBinary.run(["marketplace", "list", "--server", "http://127.0.0.1:9"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot reach the Plaza server at http://127.0.0.1:9"))
        #expect(result.stderr.contains("plaza serve"))
    }

    @Test("after a kill, the restarted server keeps the last catalog and repairs the interrupted sync")
    func killedServer() throws {
        let data = try TemporaryDirectory("plaza-kill")
        let first = try ServerProcess(data: data)
        let before = try #require(try first.run(["search", "--json", "--limit", "100"]).json?["total"] as? Int)
        // Leave a sync marked as running, as a kill in the middle of one would.
        _ = try first.run(["marketplace", "sync", "contoso"])
        _ = first.stop(signal: SIGKILL)
        try Shell.run(["sqlite3", data.file("plaza.sqlite"),
                       "UPDATE marketplace SET status = json_set(status, '$.state', 'syncing') WHERE name = 'contoso'"])
        let second = try ServerProcess(demo: false, data: data)
        let after = try #require(try second.run(["search", "--json", "--limit", "100"]).json?["total"] as? Int)
        #expect(after == before)
        var state = ""
        for _ in 0..<50 {
            state = (try second.run(["marketplace", "show", "contoso", "--json"]).json?["status"] as? [String: Any])?["state"] as? String ?? ""
            if state == "ok" { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(state == "ok")
    }
}
