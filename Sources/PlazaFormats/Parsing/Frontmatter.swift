/// A markdown file split into its YAML frontmatter and body.
public struct MarkdownDocument: Sendable {
    /// The frontmatter, or nil when the file has none.
    public let frontmatter: Node?
    public let body: String
}

/// Splits `---` delimited YAML frontmatter from a markdown file.
public enum Frontmatter {
    /// - Throws: ``ParseError`` when frontmatter opens but never closes, or its YAML is invalid.
    public static func parse(_ text: String, limits: ParseLimits = .default) throws(ParseError) -> MarkdownDocument {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, first.trimmingTrailingWhitespace == "---" else {
            return MarkdownDocument(frontmatter: nil, body: text)
        }
        lines.removeFirst()
        guard let end = lines.firstIndex(where: { $0.trimmingTrailingWhitespace == "---" }) else {
            throw ParseError("the frontmatter opened with '---' on line 1 is never closed with '---'", at: SourceLocation(line: 1, column: 1))
        }
        let yaml = lines[..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        let node = try YAMLReader.parse(yaml, lineOffset: 1, limits: limits)
        return MarkdownDocument(frontmatter: node, body: body)
    }
}

extension Substring {
    var trimmingTrailingWhitespace: Substring {
        var result = self
        while let last = result.last, last == " " || last == "\t" || last == "\r" { result = result.dropLast() }
        return result
    }
}
