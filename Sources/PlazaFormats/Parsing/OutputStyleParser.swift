import Foundation

/// Parses an output style (`output-styles/**/*.md`): optional frontmatter `name`, `description`,
/// `keep-coding-instructions`, then the prompt.
///
/// As Claude Code 2.1.332 loads plugin output styles: the name is the frontmatter `name` or the file
/// name without `.md`; the description is the frontmatter `description`, else the body's first
/// non-empty line (a heading's text), cut at 100 characters, else "Output style from <plugin> plugin".
public enum OutputStyleParser {
    static let knownKeys: Set<String> = ["name", "description", "keep-coding-instructions", "force-for-plugin"]

    /// Parses one output-style file of `plugin`; nil (with an error logged) when the file is unusable
    /// (too large, not UTF-8, frontmatter never closed) or its name holds control characters.
    public static func parse(_ bytes: [UInt8], file: String, plugin: String, log: DiagnosticLog, limits: ParseLimits = .default) -> OutputStyleDefinition? {
        let reporter = FileReporter(file: file, log: log)
        guard let document = MarkdownFile.read(bytes, reporter: reporter, limits: limits)?.document else { return nil }
        let fileName = String(file.split(separator: "/").last ?? "")
        var name = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        var description: String?
        var keep = false
        if let frontmatter = document.frontmatter, !frontmatter.isNull,
           let object = ObjectReader(frontmatter, reporter: reporter, subject: "the output style frontmatter") {
            object.warnUnknownKeys(knownKeys)
            if let node = object["name"], !node.isNull {
                if let text = node.scalarText, !text.isEmpty { name = text } else {
                    reporter.warning("type.mismatch", "the output style's 'name' must be a string, found \(node.typeName); the file name '\(name)' is used", at: node)
                }
            }
            if let node = object["description"], !node.isNull {
                if let text = node.scalarText {
                    TextRules.checkDisplayText(text, field: "the description", reporter: reporter, at: node)
                    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    description = trimmed.isEmpty ? nil : trimmed
                } else {
                    reporter.warning("type.mismatch", "the output style's 'description' must be a string, found \(node.typeName); Claude Code uses the first line instead", at: node)
                }
            }
            keep = flag(object["keep-coding-instructions"])
        }
        if name.unicodeScalars.contains(where: TextRules.isControl) {
            reporter.error("output-style.name.control-character", "the output style name contains control characters; the style is skipped", pointer: "/name",
                           hint: "use kebab-case, e.g. '\(NameRules.slug(name))'")
            return nil
        }
        TextRules.checkLookAlike(name, what: "output style name", reporter: reporter, at: document.frontmatter?["name"])
        let body = document.body.trimmingCharacters(in: .whitespacesAndNewlines)
        return OutputStyleDefinition(name: name, description: description ?? firstLine(of: body) ?? "Output style from \(plugin) plugin",
                                     keepCodingInstructions: keep, path: file, body: body)
    }

    /// The first non-empty line, a heading's text without its `#`s, at most 100 characters.
    static func firstLine(of body: String) -> String? {
        for line in body.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            var text = trimmed
            let afterHashes = trimmed.drop { $0 == "#" }
            if afterHashes.count < trimmed.count, afterHashes.first?.isWhitespace == true {
                let heading = afterHashes.drop { $0.isWhitespace }
                if !heading.isEmpty { text = String(heading) }
            }
            return text.count > 100 ? String(text.prefix(97)) + "..." : text
        }
        return nil
    }

    /// `true` or `"true"`, as the client reads the flag.
    private static func flag(_ node: Node?) -> Bool {
        node?.bool ?? (node?.string?.lowercased() == "true")
    }
}
