/// A markdown file split into its YAML frontmatter and body.
public struct MarkdownDocument: Sendable {
    /// The frontmatter, or nil when the file has none.
    public let frontmatter: Node?
    public let body: String
    /// Set when the frontmatter is not valid YAML as written and was read the way Claude Code reads
    /// it (``FrontmatterRecovery``); nil when it parsed as written.
    public var recovery: FrontmatterRecovery?

    public init(frontmatter: Node?, body: String, recovery: FrontmatterRecovery? = nil) {
        self.frontmatter = frontmatter
        self.body = body
        self.recovery = recovery
    }
}

/// How Claude Code (2.1.332) re-reads frontmatter whose YAML fails: each top-level `key: value`
/// line whose value holds `: ` or one of `` {}[]*&#!|>%@` `` (and is not already quoted, nor a
/// flow list) is wrapped in double quotes, leading tabs become two spaces each, and the YAML is
/// parsed again. Only when that fails too is the frontmatter unreadable.
public struct FrontmatterRecovery: Sendable, Equatable {
    /// A line the retry changed.
    public struct QuotedLine: Sendable, Equatable {
        /// 1-based line in the markdown file.
        public let line: Int
        public let key: String

        public init(line: Int, key: String) {
            self.line = line
            self.key = key
        }
    }

    /// Why the YAML failed as written.
    public let error: ParseError
    /// Lines whose value was quoted.
    public let quotedLines: [QuotedLine]
    /// Lines (1-based, in the file) whose leading tabs became spaces.
    public let tabLines: [Int]
}

/// Splits `---` delimited YAML frontmatter from a markdown file.
public enum Frontmatter {
    /// Parses the frontmatter as written, and when that fails, the way Claude Code retries it.
    ///
    /// - Throws: ``ParseError`` when frontmatter opens but never closes, or its YAML is invalid even
    ///   after the retry (the error is the one the YAML gave as written).
    public static func parse(_ text: String, limits: ParseLimits = .default) throws(ParseError) -> MarkdownDocument {
        guard let (yaml, body) = try split(text) else { return MarkdownDocument(frontmatter: nil, body: text) }
        do {
            return MarkdownDocument(frontmatter: try YAMLReader.parse(yaml, lineOffset: 1, limits: limits), body: body)
        } catch {
            let retry = ClientRetry(yaml)
            guard retry.changed, let node = try? YAMLReader.parse(retry.text, lineOffset: 1, limits: limits) else { throw error }
            let recovery = FrontmatterRecovery(error: error, quotedLines: retry.quoted.map { .init(line: $0.index + 2, key: $0.key) },
                                               tabLines: retry.tabbed.map { $0 + 2 })
            return MarkdownDocument(frontmatter: node, body: body, recovery: recovery)
        }
    }

    /// The frontmatter's YAML and the body after it, or nil when the file has no frontmatter.
    ///
    /// - Throws: ``ParseError`` when frontmatter opens but never closes.
    public static func split(_ text: String) throws(ParseError) -> (yaml: String, body: String)? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingWhitespace == "---" else { return nil }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmingTrailingWhitespace == "---" }) else {
            throw ParseError("the frontmatter opened with '---' on line 1 is never closed with '---'", at: SourceLocation(line: 1, column: 1))
        }
        return (lines[..<end].joined(separator: "\n"), lines[(end + 1)...].joined(separator: "\n"))
    }

    /// The rewrite Claude Code applies before its second attempt (`_u` then the tab replacement in
    /// its frontmatter reader).
    struct ClientRetry {
        var text = ""
        var quoted: [(index: Int, key: String)] = []
        var tabbed: [Int] = []
        var changed: Bool { !quoted.isEmpty || !tabbed.isEmpty }

        init(_ yaml: String) {
            var output: [String] = []
            for (index, raw) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                var line = String(raw)
                if let (key, value) = Self.keyValue(raw), Self.needsQuotes(value) {
                    let escaped = value.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
                    line = "\(key): \"\(escaped)\""
                    quoted.append((index, key))
                }
                let tabs = line.prefix(while: { $0 == "\t" }).count
                if tabs > 0 {
                    line = String(repeating: "  ", count: tabs) + line.dropFirst(tabs)
                    tabbed.append(index)
                }
                output.append(line)
            }
            text = output.joined(separator: "\n")
        }

        /// `^([a-zA-Z_-]+):\s+(\S.*)$` as JavaScript reads it: `.` stops at CR, so CRLF lines never match.
        static func keyValue(_ line: Substring) -> (String, String)? {
            let key = line.prefix { $0.isASCII && ($0.isLetter || $0 == "_" || $0 == "-") }
            guard !key.isEmpty, line.dropFirst(key.count).first == ":" else { return nil }
            let afterColon = line.dropFirst(key.count + 1)
            let value = afterColon.drop { $0 == " " || $0 == "\t" }
            guard value.count < afterColon.count, let head = value.first, !head.isWhitespace,
                  !value.contains(where: { $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" }) else { return nil }
            return (String(key), String(value))
        }

        static func needsQuotes(_ value: String) -> Bool {
            if (value.hasPrefix("\"") && value.hasSuffix("\"")) || (value.hasPrefix("'") && value.hasSuffix("'")) { return false }
            if value.hasPrefix("["), value.hasSuffix("]"), (try? YAMLReader.parse(value))?.elements != nil { return false }
            return value.contains(": ") || value.contains(where: { "{}[]*&#!|>%@`".contains($0) })
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
