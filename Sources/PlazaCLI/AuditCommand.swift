import ArgumentParser
import Foundation

/// `plaza audit`: who changed what, newest first.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Show the audit log of state-changing operations, newest first.")

    @Option(help: "Only events about this marketplace (or other target).") var target: String?
    @Option(help: "Only this action, e.g. marketplace.sync.") var action: String?
    @Option(help: "Number of events (1-500).") var limit = 50
    @OptionGroup var options: ServerOptions

    func run() async throws {
        try await runClient(options) { client in
            var query: [(String, String)] = [("limit", "\(limit)")]
            if let target { query.append(("target", target)) }
            if let action { query.append(("action", action)) }
            let page = try await client.get("v1/audit", query: query)
            if options.json { printJSON(page); return }
            let events = page["events"] as? [[String: Any]] ?? []
            guard !events.isEmpty else { print("No audit events."); return }
            print(Table.render(["TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "DETAIL"], events.map { event in
                [event["at"] as? String ?? "", event["actor"] as? String ?? "", event["action"] as? String ?? "", event["target"] as? String ?? "",
                 event["outcome"] as? String ?? "", event["detail"] as? String ?? ""]
            }))
        }
    }
}
