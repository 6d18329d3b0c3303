import ArgumentParser
import Foundation

/// `plaza policy list|add|remove`: install-policy rules per environment.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Install-policy rules (admins change them).",
        discussion: "A matching deny at any scope wins; allow rules for an environment make an allow-list; a rule that cannot be evaluated denies.",
        subcommands: [List.self, Add.self, Remove.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rules.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.get("v1/policy")
                if options.json { printJSON(body); return }
                let rules = body["rules"] as? [[String: Any]] ?? []
                guard !rules.isEmpty else { print("No policy rules: every install is allowed."); return }
                print(Table.render(["ID", "EFFECT", "ENVIRONMENT", "MARKETPLACE", "PLUGIN", "HOOKS", "MCP", "RUNS-COMMANDS", "NOTE"], rules.map { rule in
                    [rule["id"] as? String ?? "", rule["effect"] as? String ?? "", rule["environment"] as? String ?? "", rule["marketplace"] as? String ?? "*",
                     rule["plugin"] as? String ?? "*", (rule["hasHooks"] as? Bool).map { "\($0)" } ?? "-", (rule["hasMCP"] as? Bool).map { "\($0)" } ?? "-",
                     (rule["runsCommands"] as? Bool).map { "\($0)" } ?? "-", rule["note"] as? String ?? ""]
                }))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add or replace a rule.")
        @Argument(help: "A stable id, shown in refusals.") var id: String
        @Option(help: "allow or deny.") var effect: String
        @Option(help: "The environment, or * for all.") var environment: String
        @Option(help: "Marketplace name or prefix glob (contoso-*).") var marketplace: String?
        @Option(help: "Plugin name or prefix glob.") var plugin: String?
        @Option(help: "Match plugins that do (true) or do not (false) ship hooks.") var hasHooks: Bool?
        @Option(help: "Match plugins that do (true) or do not (false) ship MCP servers.") var hasMcp: Bool?
        @Option(help: "Match plugins that do (true) or do not (false) make clients run programs on the user's machine (command hooks, monitors, LSP servers, stdio MCP servers, an entry headersHelper).")
        var runsCommands: Bool?
        @Option(help: "Why the rule exists.") var note: String?
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                var body: [String: Any] = ["id": id, "effect": effect, "environment": environment]
                body["marketplace"] = marketplace
                body["plugin"] = plugin
                body["hasHooks"] = hasHooks
                body["hasMCP"] = hasMcp
                body["runsCommands"] = runsCommands
                body["note"] = note
                let rule = try await client.post("v1/policy", body: body)
                if options.json { printJSON(rule); return }
                print("Rule \(id) saved: \(effect) in \(environment).")
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a rule.")
        @Argument var id: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.delete(PlazaClient.path("v1", "policy", id))
                if options.json { printJSON(body); return }
                print("Rule \(id) deleted.")
            }
        }
    }
}

/// `plaza agent add|list`.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent", abstract: "Register agents and the environment each runs in.",
                                                    subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an agent in an environment (or move it).")
        @Argument var name: String
        @Option(help: "dev, staging, production, or an environment of your own.") var environment: String
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let agent = try await client.send(method: "PUT", PlazaClient.path("v1", "agents", name), body: ["environment": environment])
                if options.json { printJSON(agent); return }
                print("Agent \(name) runs in \(environment).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await runClient(options) { client in
                let body = try await client.get("v1/agents")
                if options.json { printJSON(body); return }
                let agents = body["agents"] as? [[String: Any]] ?? []
                guard !agents.isEmpty else { print("No agents. Add one with `plaza agent add NAME --environment ENV`."); return }
                print(Table.render(["AGENT", "ENVIRONMENT"], agents.map { [$0["name"] as? String ?? "", $0["environment"] as? String ?? ""] }))
            }
        }
    }
}

/// `plaza environments [--add NAME --position N]`.
struct EnvironmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "environments", abstract: "List environments in promotion order, or add one.")
    @Option(help: "Create (or reorder) this environment (admins).") var add: String?
    @Option(help: "Its position in the promotion order (dev 1, staging 2, production 3).") var position: Int?
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            if let add {
                guard let position else { throw ValidationErrorMessage("--add needs --position") }
                _ = try await client.send(method: "PUT", PlazaClient.path("v1", "environments", add), body: ["position": position])
            }
            let body = try await client.get("v1/environments")
            if options.json { printJSON(body); return }
            let environments = body["environments"] as? [[String: Any]] ?? []
            print(Table.render(["POSITION", "ENVIRONMENT"], environments.map { ["\($0["position"] as? Int ?? 0)", $0["name"] as? String ?? ""] }))
        }
    }
}
