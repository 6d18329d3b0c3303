import ArgumentParser
import Foundation

/// Options every command that talks to a server shares.
struct ServerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Plaza server URL (default: $PLAZA_URL, else http://127.0.0.1:8080).", valueName: "url"))
    var server: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("File holding the API token (default: $PLAZA_TOKEN). Tokens are never taken as arguments, which other users can see.", valueName: "path"))
    var tokenFile: String?

    var resolvedServer: String { server ?? Self.defaultServer }

    /// `$PLAZA_URL`, else the local default.
    static var defaultServer: String { ProcessInfo.processInfo.environment["PLAZA_URL"] ?? "http://127.0.0.1:8080" }

    /// The API token from --token-file or PLAZA_TOKEN, if any.
    func resolvedToken() throws -> String? {
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw ValidationErrorMessage("cannot read the token file '\(tokenFile)'")
            }
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let token = ProcessInfo.processInfo.environment["PLAZA_TOKEN"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        return token?.isEmpty == false ? token : nil
    }
}

/// Runs a client command body, turning failures into a message on stderr and Plaza's exit codes.
func runClient(_ options: ServerOptions, _ body: (PlazaClient) async throws -> Void) async throws {
    do {
        try await body(try PlazaClient(server: options.resolvedServer, token: try options.resolvedToken()))
    } catch let failure as PlazaClient.Failure {
        if options.json {
            printJSON(["error": failure.description])
        }
        TerminalText.writeError(failure.description)
        throw failure.exitCode.exitCode
    } catch let message as ValidationErrorMessage {
        TerminalText.writeError(message.description)
        throw PlazaExit.couldNotRun.exitCode
    }
}

func printJSON(_ object: Any) {
    guard JSONSerialization.isValidJSONObject(object),
          let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else { return }
    Swift.print(TerminalText.jsonSafe(String(decoding: data, as: UTF8.self)))
}

/// Plain-text tables: columns padded to their widest cell.
enum Table {
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in min(60, all.map { $0[safe: column]?.count ?? 0 }.max() ?? 0) }
        return all.map { row in
            row.enumerated().map { index, cell in
                let text = cell.count > 60 ? String(cell.prefix(57)) + "..." : cell
                return index == row.count - 1 ? text : text.padding(widths[index])
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
