import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `plaza mcp …`: the MCP registry.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp", abstract: "The MCP server registry: list, show, search, publish, status, validate, import.",
        subcommands: [List.self, Show.self, Search.self, Publish.self, Status.self, Validate.self, Import.self, Fields.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List servers (latest versions unless --all-versions), following cursors.")
        @Option(help: "Name substring or words to match.") var search: String?
        @Flag(help: "Every version, not only the latest.") var allVersions = false
        @Flag(help: "Include deleted versions.") var includeDeleted = false
        @Option(help: "Stop after this many servers.") var limit = 100
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var servers: [[String: Any]] = []
                var cursor: String?
                repeat {
                    var query: [(String, String)] = [("limit", "\(min(100, limit - servers.count))")]
                    if !allVersions { query.append(("version", "latest")) }
                    if includeDeleted { query.append(("include_deleted", "true")) }
                    if let search { query.append(("search", search)) }
                    if let cursor { query.append(("cursor", cursor)) }
                    let page = try await client.get("v0.1/servers", query: query)
                    servers += page["servers"] as? [[String: Any]] ?? []
                    cursor = (page["metadata"] as? [String: Any])?["nextCursor"] as? String
                } while cursor != nil && servers.count < limit
                if options.json { printJSON(["servers": servers, "metadata": ["count": servers.count]]); return }
                MCPText.table(servers)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one server version (default: latest) with its governance.")
        @Argument(help: "Server name, e.g. io.github.acme/weather.") var name: String
        @Option(help: "A version, or latest.") var version = "latest"
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let item = try await client.get("v0.1/servers/\(MCPText.encode(name))/versions/\(MCPText.encode(version))")
                if options.json { printJSON(item); return }
                let server = item["server"] as? [String: Any] ?? [:]
                let meta = item["_meta"] as? [String: Any] ?? [:]
                let official = meta["io.modelcontextprotocol.registry/official"] as? [String: Any] ?? [:]
                let plaza = meta["dev.plaza/registry"] as? [String: Any] ?? [:]
                print("\(server["name"] as? String ?? name) \(server["version"] as? String ?? "")  [\(official["status"] as? String ?? "")\(official["isLatest"] as? Bool == true ? ", latest" : "")]")
                print(server["description"] as? String ?? "")
                print("lifecycle: \(plaza["lifecycle"] as? String ?? "-")   owners: \((plaza["owners"] as? [String] ?? []).joined(separator: ", "))")
                if let source = plaza["source"] as? [String: Any], source["kind"] as? String == "plugin" {
                    print("shipped by plugin \(source["plugin"] as? String ?? "")@\(source["marketplace"] as? String ?? "") at \((source["commit"] as? String ?? "").prefix(12))")
                }
                for remote in server["remotes"] as? [[String: Any]] ?? [] { print("remote: \(remote["type"] as? String ?? "") \(remote["url"] as? String ?? "")") }
                for package in server["packages"] as? [[String: Any]] ?? [] {
                    print("package: \(package["registryType"] as? String ?? "") \(package["identifier"] as? String ?? "") \(package["version"] as? String ?? "")")
                }
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ranked search over names, descriptions, packages, hosts and custom metadata.")
        @Argument(help: "Words to search for.") var words: [String] = []
        @Flag(help: "Remote servers only.") var remote = false
        @Flag(help: "Package (local) servers only.") var package = false
        @Option(help: "stdio, streamable-http or sse.") var transport: String?
        @Option(help: "npm, pypi, oci, nuget, mcpb.") var registryType: String?
        @Option(help: "design, development, testing, preview, production, deprecated, retired.") var lifecycle: String?
        @Option(help: "An owner.") var owner: String?
        @Option(help: "published, plugin or imported.") var source: String?
        @Option(help: "Number of results (1-100).") var limit = 20
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var query: [(String, String)] = [("q", words.joined(separator: " ")), ("limit", "\(limit)")]
                if remote { query.append(("remote", "true")) }
                if package { query.append(("package", "true")) }
                for (key, value) in [("transport", transport), ("registryType", registryType), ("lifecycle", lifecycle), ("owner", owner), ("source", source)] {
                    if let value { query.append((key, value)) }
                }
                let body = try await client.get("v1/mcp/search", query: query)
                if options.json { printJSON(body); return }
                let servers = body["servers"] as? [[String: Any]] ?? []
                guard !servers.isEmpty else { print("No MCP servers match."); throw PlazaExit.failed.exitCode }
                MCPText.table(servers)
            }
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a server.json (publisher token).",
                                                        discussion: "Governance goes under _meta[\"dev.plaza/registry\"]: lifecycle, owners, contacts, metadata, teams, public.")
        @Argument(help: "Path to server.json.") var file: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let item = try await client.post("v0.1/publish", body: try MCPText.readJSON(file))
                if options.json { printJSON(item); return }
                let server = item["server"] as? [String: Any] ?? [:]
                print("Published \(server["name"] as? String ?? "") \(server["version"] as? String ?? "").")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set the status of a version, or of every version (active restores).")
        @Argument var name: String
        @Argument(help: "active, deprecated or deleted.") var status: String
        @Option(help: "Only this version (default: every version).") var version: String?
        @Option(help: "Why, e.g. the replacement to use.") var message: String?
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var body: [String: Any] = ["status": status]
                body["statusMessage"] = message
                let path = "v0.1/servers/\(MCPText.encode(name))" + (version.map { "/versions/\(MCPText.encode($0))" } ?? "") + "/status"
                let result = try await client.send(method: "PATCH", path, body: body)
                if options.json { printJSON(result); return }
                print("\(name)\(version.map { " \($0)" } ?? " (\(result["updatedCount"] as? Int ?? 0) versions)") is now \(status).")
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a server.json against the schema, the official rules and governance (exit 1 when invalid).")
        @Argument var file: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let (data, _) = try await client.upload("v0.1/validate", data: try Data(contentsOf: URL(fileURLWithPath: file)))
                let result = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
                if options.json { printJSON(result) } else if result["valid"] as? Bool == true {
                    print("\(file) is valid.")
                } else {
                    for issue in result["issues"] as? [[String: Any]] ?? [] {
                        print("\(file)\(issue["pointer"] as? String ?? ""): \(issue["message"] as? String ?? "") [\(issue["rule"] as? String ?? "")]")
                    }
                }
                if result["valid"] as? Bool != true { throw PlazaExit.failed.exitCode }
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import server.json entries from a file (JSON array or list page) or an upstream registry URL.",
                                                        discussion: "A URL is read page by page (following nextCursor), e.g. https://registry.modelcontextprotocol.io; --updated-since keeps a curated copy in sync.")
        @Argument(help: "A file, or a registry base URL.") var source: String
        @Option(help: "Only entries updated since this RFC 3339 time (URLs only).") var updatedSince: String?
        @Option(help: "Upstream search filter (URLs only).") var search: String?
        @Option(help: "Stop after this many pages (URLs only).") var maxPages = 1000
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var totals: [String: Int] = ["received": 0, "added": 0, "alreadyPresent": 0, "rejected": 0]
                func submit(_ documents: [Any]) async throws {
                    let data = try JSONSerialization.data(withJSONObject: documents)
                    let (answer, _) = try await client.upload("v1/mcp/import", query: [("origin", source)], data: data)
                    let result = (try? JSONSerialization.jsonObject(with: answer)) as? [String: Any] ?? [:]
                    for key in ["received", "added", "alreadyPresent"] { totals[key, default: 0] += result[key] as? Int ?? 0 }
                    let rejected = result["rejected"] as? [[String: Any]] ?? []
                    totals["rejected", default: 0] += rejected.count
                    if !options.json {
                        for item in rejected.prefix(10) {
                            let issues = (item["issues"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }.joined(separator: "; ")
                            FileHandle.standardError.write(Data(TerminalText.visible("rejected \(item["name"] as? String ?? "#\(item["index"] ?? "")") \(item["version"] as? String ?? ""): \(issues)\n").utf8))
                        }
                    }
                }
                if source.hasPrefix("http://") || source.hasPrefix("https://") {
                    var cursor: String?
                    var pages = 0
                    repeat {
                        var components = URLComponents(string: source.hasSuffix("/") ? source + "v0.1/servers" : source + "/v0.1/servers")!
                        var items = [URLQueryItem(name: "limit", value: "100")]
                        if let updatedSince { items.append(URLQueryItem(name: "updated_since", value: updatedSince)) }
                        if let search { items.append(URLQueryItem(name: "search", value: search)) }
                        if let cursor { items.append(URLQueryItem(name: "cursor", value: cursor)) }
                        components.queryItems = items
                        let (data, response) = try await URLSession.shared.data(from: components.url!)
                        guard (response as? HTTPURLResponse)?.statusCode == 200, let page = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                            throw ValidationErrorMessage("\(components.url!.absoluteString) did not answer a registry list page")
                        }
                        try await submit(page["servers"] as? [Any] ?? [])
                        cursor = (page["metadata"] as? [String: Any])?["nextCursor"] as? String
                        pages += 1
                        if !options.json { FileHandle.standardError.write(Data("page \(pages): \(totals["received"] ?? 0) received\n".utf8)) }
                    } while cursor != nil && pages < maxPages
                } else {
                    let object = try MCPText.readAny(source)
                    if let array = object as? [Any] { try await submit(array) } else if let page = object as? [String: Any], let servers = page["servers"] as? [Any] {
                        try await submit(servers)
                    } else if let single = object as? [String: Any] { try await submit([single]) }
                }
                if options.json { printJSON(totals); return }
                print("Imported from \(source): \(totals["added"] ?? 0) added, \(totals["alreadyPresent"] ?? 0) already present, \(totals["rejected"] ?? 0) rejected (of \(totals["received"] ?? 0)).")
            }
        }
    }

    struct Fields: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show custom metadata fields, or set them from a JSON file (admin).")
        @Option(help: "A JSON file: {\"fields\": [{\"name\", \"type\": string|number|boolean|enum, \"required\", \"values\"}]}.") var set: String?
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body: [String: Any]
                if let set {
                    body = try await client.send(method: "PUT", "v1/mcp/fields", body: try MCPText.readJSON(set))
                } else {
                    body = try await client.get("v1/mcp/fields")
                }
                if options.json { printJSON(body); return }
                let fields = body["fields"] as? [[String: Any]] ?? []
                guard !fields.isEmpty else { print("No custom fields."); return }
                print(Table.render(["FIELD", "TYPE", "REQUIRED", "VALUES"], fields.map {
                    [$0["name"] as? String ?? "", $0["type"] as? String ?? "", $0["required"] as? Bool == true ? "yes" : "no", ($0["values"] as? [String] ?? []).joined(separator: ",")]
                }))
            }
        }
    }
}

enum MCPText {
    static func table(_ servers: [[String: Any]]) {
        guard !servers.isEmpty else { print("No MCP servers."); return }
        print(Table.render(["NAME", "VERSION", "STATUS", "LIFECYCLE", "SOURCE", "DESCRIPTION"], servers.map { item in
            let server = item["server"] as? [String: Any] ?? [:]
            let meta = item["_meta"] as? [String: Any] ?? [:]
            let plaza = meta["dev.plaza/registry"] as? [String: Any] ?? [:]
            return [server["name"] as? String ?? "", server["version"] as? String ?? "",
                    (meta["io.modelcontextprotocol.registry/official"] as? [String: Any])?["status"] as? String ?? "",
                    plaza["lifecycle"] as? String ?? "", (plaza["source"] as? [String: Any])?["kind"] as? String ?? "", server["description"] as? String ?? ""]
        }))
    }

    /// Names and versions go into one path segment each.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }

    static func readAny(_ path: String) throws -> Any {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationErrorMessage("cannot read '\(path)'") }
        do { return try JSONSerialization.jsonObject(with: data) } catch { throw ValidationErrorMessage("'\(path)' is not valid JSON") }
    }

    static func readJSON(_ path: String) throws -> [String: Any] {
        guard let object = try readAny(path) as? [String: Any] else { throw ValidationErrorMessage("'\(path)' must hold a JSON object") }
        return object
    }
}
