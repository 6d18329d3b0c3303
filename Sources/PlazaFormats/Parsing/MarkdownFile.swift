/// A markdown file as a client reads it.
struct MarkdownRead {
    let document: MarkdownDocument
    /// The frontmatter could not be read even the way Claude Code retries it (an error is logged);
    /// `document.frontmatter` is nil. Claude Code still loads agents and commands then, without metadata.
    let frontmatterUnreadable: Bool
}

/// Reads a markdown file with optional YAML frontmatter, reporting encoding and YAML problems.
enum MarkdownFile {
    /// - Returns: nil when the file itself is unusable (too large, not UTF-8, frontmatter never closed).
    static func read(_ bytes: [UInt8], reporter: FileReporter, limits: ParseLimits) -> MarkdownRead? {
        guard bytes.count <= limits.maxMarkdownBytes else {
            reporter.error("file.too-large", "the file is \(bytes.count) bytes, over the limit of \(limits.maxMarkdownBytes)")
            return nil
        }
        let text: String
        do {
            text = try TextDecoding.decode(bytes)
        } catch {
            reporter.parseFailure(error, code: "file.encoding", what: "unreadable file")
            return nil
        }
        do {
            let document = try Frontmatter.parse(text, limits: limits)
            if let recovery = document.recovery { report(recovery, reporter: reporter) }
            return MarkdownRead(document: document, frontmatterUnreadable: false)
        } catch {
            reporter.parseFailure(error, code: "yaml.syntax", what: "unreadable frontmatter")
            guard let split = try? Frontmatter.split(text) else { return nil }
            return MarkdownRead(document: MarkdownDocument(frontmatter: nil, body: split.body), frontmatterUnreadable: true)
        }
    }

    /// Old callers: the document, or nil when it or its frontmatter is unreadable.
    static func parse(_ bytes: [UInt8], reporter: FileReporter, limits: ParseLimits) -> MarkdownDocument? {
        guard let read = read(bytes, reporter: reporter, limits: limits), !read.frontmatterUnreadable else { return nil }
        return read.document
    }

    /// One warning per line the retry changed, at that line.
    private static func report(_ recovery: FrontmatterRecovery, reporter: FileReporter) {
        let cause = recovery.error.location.map { "line \($0.line): \(recovery.error.message)" } ?? recovery.error.message
        for quoted in recovery.quotedLines {
            reporter.log.add(Diagnostic(
                .warning, code: "frontmatter.recovered", file: reporter.file, pointer: "/" + quoted.key,
                location: SourceLocation(line: quoted.line, column: 1),
                message: "the value of '\(quoted.key)' is not valid YAML as written (\(cause)); Claude Code reads it as a quoted string, and so does Plaza",
                hint: "quote the value: \(quoted.key): \"…\""))
        }
        for line in recovery.tabLines {
            reporter.log.add(Diagnostic(
                .warning, code: "frontmatter.recovered", file: reporter.file, location: SourceLocation(line: line, column: 1),
                message: "the line is indented with tabs, which YAML forbids; Claude Code reads each tab as two spaces, and so does Plaza",
                hint: "indent with spaces"))
        }
    }
}
