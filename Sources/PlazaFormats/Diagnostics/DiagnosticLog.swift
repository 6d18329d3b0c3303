/// Collects diagnostics while one file or plugin is read.
///
/// A reference type so that nested readers can report into the same log.
public final class DiagnosticLog {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    public func add(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    /// Whether any error was recorded since `mark` (an earlier ``count``).
    public func hasErrors(since mark: Int = 0) -> Bool {
        diagnostics[mark...].contains { $0.severity == .error }
    }

    public var count: Int { diagnostics.count }
}

/// Reports about one file: remembers the file path so call sites only say what and where.
public struct FileReporter {
    public let file: String
    let log: DiagnosticLog

    public init(file: String, log: DiagnosticLog) {
        self.file = file
        self.log = log
    }

    public func error(_ code: String, _ message: String, at node: Node? = nil, pointer: String? = nil, hint: String? = nil) {
        report(.error, code, message, node: node, pointer: pointer, hint: hint)
    }

    public func warning(_ code: String, _ message: String, at node: Node? = nil, pointer: String? = nil, hint: String? = nil) {
        report(.warning, code, message, node: node, pointer: pointer, hint: hint)
    }

    public func info(_ code: String, _ message: String, at node: Node? = nil, pointer: String? = nil, hint: String? = nil) {
        report(.info, code, message, node: node, pointer: pointer, hint: hint)
    }

    /// Reports a file that could not be parsed at all, at the position the parser gave.
    public func parseFailure(_ error: ParseError, code: String, what: String) {
        log.add(Diagnostic(.error, code: code, file: file, location: error.location, message: "\(what): \(error.message)"))
    }

    func report(_ severity: Severity, _ code: String, _ message: String, node: Node?, pointer: String?, hint: String?) {
        log.add(Diagnostic(severity, code: code, file: file, pointer: pointer ?? node?.pointer ?? "",
                           location: node?.location, message: message, hint: hint))
    }
}
