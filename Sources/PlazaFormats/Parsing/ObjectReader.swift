/// Reads the members of one JSON or YAML object, reporting wrong types and unknown keys.
///
/// Lenient: an optional field of the wrong type is a warning and is ignored; a missing or
/// wrong-typed required field is an error.
struct ObjectReader {
    let node: Node
    let reporter: FileReporter
    /// How messages name the object: "the marketplace", "plugin entry 'deploy'".
    let subject: String

    /// Returns nil (after reporting an error) when `node` is not an object.
    init?(_ node: Node, reporter: FileReporter, subject: String) {
        guard node.members != nil else {
            reporter.error("type.object", "\(subject) must be a JSON object, found \(node.typeName)", at: node)
            return nil
        }
        self.node = node
        self.reporter = reporter
        self.subject = subject
    }

    subscript(key: String) -> Node? { node[key] }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = node[key], !value.isNull else {
            if required { missing(key) }
            return nil
        }
        if let text = value.string ?? (value.text != nil ? value.scalarText : nil) {  // or an unquoted YAML scalar
            if key == "description" { TextRules.checkDisplayText(text, field: "the description", reporter: reporter, at: value) }
            return text
        }
        wrongType(key, value, expected: "a string", required: required)
        return nil
    }

    func bool(_ key: String) -> Bool? {
        guard let value = node[key], !value.isNull else { return nil }
        if let flag = value.bool { return flag }
        wrongType(key, value, expected: "true or false", required: false)
        return nil
    }

    /// A list of strings; a single string is accepted as a list of one.
    func stringList(_ key: String) -> [String]? {
        guard let value = node[key], !value.isNull else { return nil }
        if let text = value.string { return [text] }
        guard let elements = value.elements else {
            wrongType(key, value, expected: "a string or an array of strings", required: false)
            return nil
        }
        return elements.compactMap { element in
            if let text = element.scalarText { return text }
            reporter.warning("type.string", "\(subject): each entry of '\(key)' must be a string, found \(element.typeName)", at: element)
            return nil
        }
    }

    /// A map of string to string (numbers and booleans are taken in their written form).
    func stringMap(_ key: String) -> [String: String]? {
        guard let value = node[key], !value.isNull else { return nil }
        guard let members = value.members else {
            wrongType(key, value, expected: "an object of strings", required: false)
            return nil
        }
        var map: [String: String] = [:]
        for member in members {
            if let text = member.value.scalarText { map[member.key] = text } else {
                reporter.warning("type.string", "\(subject): '\(key).\(member.key)' must be a string, found \(member.value.typeName)", at: member.value)
            }
        }
        return map
    }

    func object(_ key: String) -> Node? {
        guard let value = node[key], !value.isNull else { return nil }
        guard value.members != nil else {
            wrongType(key, value, expected: "an object", required: false)
            return nil
        }
        return value
    }

    /// Warns about every key not in `known`, and about keys that appear twice.
    func warnUnknownKeys(_ known: Set<String>, hint: String? = nil) {
        var seen: Set<String> = []
        for member in node.members ?? [] {
            if !seen.insert(member.key).inserted {
                reporter.warning("key.duplicate", "\(subject) has the key '\(member.key)' more than once; the last one wins", at: member.value)
            }
            if !known.contains(member.key) {
                reporter.warning("key.unknown", "\(subject) has an unknown key '\(member.key)'; clients ignore it",
                                 at: member.value, hint: hint ?? "remove it, or check its spelling")
            }
        }
    }

    func missing(_ key: String) {
        reporter.error("field.missing", "\(subject) is missing the required field '\(key)'",
                       pointer: Node.pointer(node.pointer, key), hint: "add \"\(key)\"")
    }

    private func wrongType(_ key: String, _ value: Node, expected: String, required: Bool) {
        let message = "\(subject): '\(key)' must be \(expected), found \(value.typeName)"
        if required { reporter.error("type.mismatch", message, at: value) } else {
            reporter.warning("type.mismatch", message + "; the value is ignored", at: value)
        }
    }
}
