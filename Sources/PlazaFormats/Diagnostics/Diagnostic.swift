/// A line and column in a source file, both 1-based.
public struct SourceLocation: Sendable, Hashable, Codable {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// How serious a finding is.
public enum Severity: String, Sendable, Codable, Comparable, CaseIterable {
    /// The file, plugin or component is unusable (or unsafe) and was skipped.
    case error
    /// Accepted, but likely wrong or non-portable; `strict` mode treats it as an error.
    case warning
    /// For the reader's information (e.g. an external source that validation does not fetch).
    case info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding about a marketplace, plugin or component file.
///
/// Says where (file, JSON pointer or YAML key path, line and column where the parser knows them),
/// what (a stable ``code`` for scripts and a message for people) and how to fix it.
public struct Diagnostic: Sendable, Hashable, Codable {
    public var severity: Severity
    /// Stable identifier for scripts, such as `source.path-traversal`.
    public let code: String
    /// Path of the file from the root that was validated.
    public let file: String
    /// JSON pointer (`/plugins/3/source`) or YAML key path (`/metadata/owner`); empty for the whole file.
    public let pointer: String
    public let location: SourceLocation?
    /// What is wrong, in one sentence. Never contains a secret value.
    public let message: String
    /// How to fix it, when there is something to say.
    public let hint: String?

    public init(_ severity: Severity, code: String, file: String, pointer: String = "", location: SourceLocation? = nil,
                message: String, hint: String? = nil) {
        self.severity = severity
        self.code = code
        self.file = file
        self.pointer = pointer
        self.location = location
        self.message = message
        self.hint = hint
    }
}
