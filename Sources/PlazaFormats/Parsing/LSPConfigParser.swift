/// Parses language-server configurations: `.lsp.json` (the map of servers itself) or `lspServers`
/// given inline in plugin.json or a marketplace entry.
///
/// As Claude Code 2.1.332 reads them (its `lspServers` schema and `.lsp.json` loader): each server
/// needs `command` (one word, unless an absolute path; arguments go in `args`) and
/// `extensionToLanguage` with at least one `".ext": "language"` mapping, and may carry only the
/// client's keys. Claude Code loads none of a file's servers when one of them is invalid, and drops
/// an invalid inline server alone: Plaza lists exactly what the client would start.
public enum LSPConfigParser {
    static let serverKeys: Set<String> = [
        "command", "args", "extensionToLanguage", "transport", "env", "initializationOptions", "settings", "workspaceFolder",
        "startupTimeout", "shutdownTimeout", "requestTimeout", "restartOnCrash", "maxRestarts", "diagnostics",
    ]

    /// Parses a `.lsp.json` file (or a file `lspServers` names): `{"<server>": {…}}`.
    public static func parse(_ bytes: [UInt8], file: String, log: DiagnosticLog, limits: ParseLimits = .default) -> [LSPServerDefinition] {
        let reporter = FileReporter(file: file, log: log)
        guard let root = JSONDocument.parse(bytes, reporter: reporter, limits: limits) else { return [] }
        guard let members = root.members else {
            reporter.error("type.mismatch", "the LSP configuration must be an object of servers, found \(root.typeName)", at: root)
            return []
        }
        if let wrapped = root["lspServers"], wrapped.members != nil, wrapped["command"] == nil {
            reporter.error("lsp.wrapped", "the file is the map of servers itself: Claude Code reads 'lspServers' here as a server without a command and loads none of this file's servers",
                           at: wrapped, hint: "drop the wrapper: {\"<server>\": {\"command\": …, \"extensionToLanguage\": {…}}}")
            return []
        }
        let servers = members.map { parseServer(name: $0.key, node: $0.value, file: file, reporter: reporter, inFile: true) }
        return servers.contains { $0 == nil } ? [] : servers.compactMap { $0 }
    }

    /// Parses inline servers (`"lspServers": {"<server>": {…}}`); a bad server is dropped alone.
    public static func parse(_ root: Node, file: String, reporter: FileReporter) -> [LSPServerDefinition] {
        guard let members = root.members else {
            reporter.error("type.mismatch", "'lspServers' must be an object of servers, found \(root.typeName)", at: root)
            return []
        }
        return members.compactMap { parseServer(name: $0.key, node: $0.value, file: file, reporter: reporter, inFile: false) }
    }

    private static func parseServer(name: String, node: Node, file: String, reporter: FileReporter, inFile: Bool) -> LSPServerDefinition? {
        let subject = "LSP server '\(name)'"
        let consequence = inFile ? "Claude Code loads none of the servers in this file" : "Claude Code refuses it"
        guard let reader = ObjectReader(node, reporter: reporter, subject: subject) else { return nil }
        // Problems are collected, then reported: Swift 6.3.1's optimizer crashed (CopyPropagation,
        // "Found ownership error") on a nested function capturing this function's state in release builds.
        var problems: [Problem] = []
        if let problem = NameRules.problem(withIdentifier: name) { problems.append(Problem("lsp.name.invalid", "the name \(problem)", at: node)) }
        for member in node.members ?? [] where !serverKeys.contains(member.key) {
            problems.append(Problem("lsp.key.unknown", "unknown key '\(member.key)'", at: member.value, hint: "known keys: \(serverKeys.sorted().joined(separator: ", "))"))
        }
        let command = reader["command"]?.string ?? ""
        if command.isEmpty {
            problems.append(Problem("lsp.command.missing", "'command' must be a non-empty string", at: reader["command"], hint: "name the program, e.g. \"gopls\""))
        } else if command.contains(" "), !command.hasPrefix("/") {
            problems.append(Problem("lsp.command.spaces", "the command '\(command)' contains a space", at: reader["command"], hint: "put the arguments in \"args\""))
        }
        var server = LSPServerDefinition(name: name, command: command, path: file)
        if let args = reader["args"], !args.isNull {
            let strings = args.elements?.compactMap { $0.string.flatMap { $0.isEmpty ? nil : $0 } }
            if let strings, strings.count == args.elements?.count { server.args = strings } else {
                problems.append(Problem("lsp.args.invalid", "'args' must be an array of non-empty strings", at: args))
            }
        }
        problems += extensions(reader, node: node, into: &server)
        problems += options(reader, into: &server)
        for problem in problems {
            reporter.error(problem.code, "\(subject): \(problem.message); \(consequence)", at: problem.node, hint: problem.hint)
        }
        return problems.isEmpty ? server : nil
    }

    private static func extensions(_ reader: ObjectReader, node: Node, into server: inout LSPServerDefinition) -> [Problem] {
        var problems: [Problem] = []
        if let mapping = reader["extensionToLanguage"]?.members, !mapping.isEmpty {
            for member in mapping {
                guard member.key.hasPrefix("."), member.key.count >= 2, let language = member.value.string, !language.isEmpty else {
                    problems.append(Problem("lsp.extensions.invalid", "'extensionToLanguage' maps '\(member.key)', but each key must be an extension starting with '.' and each value a language id",
                         at: member.value, hint: "write {\".go\": \"go\"}"))
                    continue
                }
                server.extensionToLanguage[member.key] = language
            }
        } else {
            problems.append(Problem("lsp.extensions.missing", "'extensionToLanguage' must map at least one file extension to a language", at: reader["extensionToLanguage"] ?? node,
                 hint: "add \"extensionToLanguage\": {\".go\": \"go\"}"))
        }
        return problems
    }

    private static func options(_ reader: ObjectReader, into server: inout LSPServerDefinition) -> [Problem] {
        var problems: [Problem] = []
        if let transport = reader["transport"], !transport.isNull {
            if let text = transport.string, ["stdio", "socket"].contains(text) { server.transport = text } else {
                problems.append(Problem("lsp.transport.invalid", "'transport' must be \"stdio\" or \"socket\"", at: transport))
            }
        }
        if let env = reader["env"], !env.isNull {
            if let members = env.members, members.allSatisfy({ $0.value.string != nil }) { server.envKeys = members.map(\.key) } else {
                problems.append(Problem("lsp.env.invalid", "'env' must be an object of strings", at: env))
            }
        }
        for key in ["startupTimeout", "shutdownTimeout", "requestTimeout", "maxRestarts"] {
            guard let value = reader[key], !value.isNull else { continue }
            let minimum: Double = key == "maxRestarts" ? 0 : 1
            var whole = false
            if let number = value.number { whole = number == number.rounded() && number >= minimum && number <= 2_147_483_647 }
            if !whole {
                problems.append(Problem("type.mismatch", "'\(key)' must be a whole number of at least \(Int(minimum))", at: value))
            }
        }
        for key in ["restartOnCrash", "diagnostics"] {
            guard let value = reader[key], !value.isNull, value.bool == nil else { continue }
            problems.append(Problem("type.mismatch", "'\(key)' must be true or false", at: value))
        }
        if let folder = reader["workspaceFolder"], !folder.isNull, folder.string == nil {
            problems.append(Problem("type.mismatch", "'workspaceFolder' must be a string", at: folder))
        }
        return problems
    }

    private struct Problem {
        let code: String
        let message: String
        let node: Node?
        var hint: String? = nil

        init(_ code: String, _ message: String, at node: Node?, hint: String? = nil) {
            self.code = code
            self.message = message
            self.node = node
            self.hint = hint
        }
    }
}
