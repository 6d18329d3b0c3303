import ArgumentParser
import Foundation

/// `plaza token create|list|revoke` (administrators) and `plaza whoami`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke Plaza API tokens (needs an admin token).",
        discussion: "Roles: admin (everything), publisher (register and sync marketplaces, publish MCP servers), installer (agents: install and download pinned content), reader (read the catalog). Tokens are stored hashed; a new token's secret is printed once.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print its secret (shown only this once).")
        @Argument(help: "Who holds the token, e.g. ci-deployer; the audit log's actor.") var name: String
        @Option(help: "admin, publisher, installer or reader.") var role: String
        @Option(help: "A team the token belongs to (sees marketplaces visible to it). Repeatable.") var team: [String] = []
        @Option(help: "Installer tokens: the agent they act for.") var agent: String?
        @Option(help: "Installer tokens: the environment they act for.") var environment: String?
        @Option(help: "Days until the token expires (default: never).") var expiresInDays: Int?
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var body: [String: Any] = ["name": name, "role": role, "teams": team]
                body["agent"] = agent
                body["environment"] = environment
                body["expiresInDays"] = expiresInDays
                let created = try await client.post("v1/tokens", body: body)
                if options.json { printJSON(created); return }
                let token = created["token"] as? [String: Any] ?? [:]
                print("Created token \(token["id"] as? String ?? "") for \(name) (role \(token["role"] as? String ?? role)).")
                print("Secret (shown once; store it now):")
                print(created["secret"] as? String ?? "")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.get("v1/tokens")
                if options.json { printJSON(body); return }
                let tokens = body["tokens"] as? [[String: Any]] ?? []
                guard !tokens.isEmpty else { print("No tokens. Create one with `plaza token create NAME --role ROLE`."); return }
                print(Table.render(["ID", "NAME", "ROLE", "TEAMS", "STATE", "CREATED", "EXPIRES"], tokens.map { token in
                    [token["id"] as? String ?? "", token["name"] as? String ?? "", token["role"] as? String ?? "",
                     (token["teams"] as? [String] ?? []).joined(separator: ","),
                     token["revokedAt"] != nil ? "revoked" : (token["active"] as? Bool == true ? "active" : "expired"),
                     token["createdAt"] as? String ?? "", token["expiresAt"] as? String ?? "never"]
                }))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id; it stops working at once.")
        @Argument(help: "The token's id (tok_…), from `plaza token list`.") var id: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.delete(PlazaClient.path("v1", "tokens", id))
                if options.json { printJSON(body); return }
                print("Revoked \(id) (\(body["name"] as? String ?? "")).")
            }
        }
    }
}

/// `plaza whoami`: the identity, role and teams the server sees for the current token.
struct WhoAmICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who the server takes you for (role, teams).")
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            let body = try await client.get("v1/whoami")
            if options.json { printJSON(body); return }
            let teams = (body["teams"] as? [String] ?? []).joined(separator: ", ")
            print("\(body["name"] as? String ?? "?") (role \(body["role"] as? String ?? "?")\(teams.isEmpty ? "" : ", teams \(teams)"))")
        }
    }
}
