import Foundation

/// One problem with a server.json document.
public struct ValidationIssue: Codable, Sendable, Equatable {
    /// JSON pointer to the offending value, e.g. "/packages/0/transport/type" ("" for the document).
    /// For a missing required member it points where the member belongs ("/name").
    public var pointer: String
    /// Stable rule id, e.g. "name-format", "version-range", "required", "type", "max-length", "enum",
    /// "format-uri", "unknown-transport".
    public var rule: String
    /// A sentence that says what is wrong and how to fix it; never echoes a secret-looking value.
    public var message: String

    public init(pointer: String, rule: String, message: String) {
        self.pointer = pointer
        self.rule = rule
        self.message = message
    }
}

/// Validates server.json documents (MCP registry schema 2025-12-11) by walking them by hand.
///
/// Two layers, reported together:
/// - the schema's constraints: required members, JSON types, string lengths and patterns, enums,
///   URI formats, and the shapes of `packages[]`, `remotes[]`, transports, inputs, arguments,
///   `repository` and `icons`;
/// - the official registry's semantic rules: server names, specific (non-range) versions,
///   https website and icon URLs, clean repository subfolders, transport URLs and their
///   `{template}` variables, named-argument names, and the size of publisher-provided `_meta`.
///
/// Rule ids: `json`, `type`, `required`, `min-length`, `max-length`, `blank`, `pattern`, `enum`,
/// `format-uri`, `name-format`, `version-range`, `unknown-transport`, `transport-url`,
/// `url-variable`, `identifier-format`, `argument-name`, `argument-value`, `subfolder`, `max-size`.
/// (Literal credentials in headers and environment variables are a governance rule, see `GovernanceCheck`.)
///
/// Issues come in document order as far as a decoded dictionary allows: members are visited in the
/// schema's order (the order server.json files conventionally use), array elements in index order.
public enum ServerJSONValidator {
    /// The `_meta` key publishers may fill, limited to 4 KiB of JSON like the official registry.
    public static let publisherProvidedMetaKey = "io.modelcontextprotocol.registry/publisher-provided"
    public static let publisherProvidedMetaLimit = 4 * 1024

    /// Validates a decoded server.json (from JSONSerialization) against the 2025-12-11 schema's
    /// constraints and the official semantic rules. Returns all issues (empty = valid), in document order.
    public static func validate(_ document: Any) -> [ValidationIssue] {
        var walker = ServerJSONWalker()
        walker.server(document)
        return walker.issues
    }

    /// Convenience: parses bytes as JSON first (issue rule "json" with the parser's message when unparsable).
    /// `object` is the parsed top-level object whenever the bytes are a JSON object, valid or not.
    public static func validate(data: Data) -> (object: [String: Any]?, issues: [ValidationIssue]) {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let nsError = error as NSError
            let detail = (nsError.userInfo[NSDebugDescriptionErrorKey] as? String) ?? nsError.localizedDescription
            let trimmed = detail.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ".")))
            let message = "The document is not valid JSON (\(trimmed)); fix the syntax and try again."
            return (nil, [ValidationIssue(pointer: "", rule: "json", message: message)])
        }
        return (parsed as? [String: Any], validate(parsed))
    }
}

// MARK: - The walk

struct ServerJSONWalker {
    var issues: [ValidationIssue] = []

    mutating func add(_ pointer: String, _ rule: String, _ message: String) {
        issues.append(ValidationIssue(pointer: pointer, rule: rule, message: message))
    }

    // MARK: Member access with type checks

    enum Kind: String {
        case string, boolean, object, array

        var article: String { self == .object || self == .array ? "an \(rawValue)" : "a \(rawValue)" }
    }

    /// The member `key` of `object` if present and of the right kind; records `required` / `type` issues.
    mutating func member(_ object: [String: Any], _ key: String, at parent: String, _ kind: Kind,
                         required: Bool = false, what: String? = nil) -> Any? {
        let pointer = JSONPointer.child(parent, key)
        let label = what ?? "\"\(key)\""
        guard let value = object[key] else {
            if required {
                add(pointer, "required", "\(label.capitalizedFirst) is required but missing; add it as \(kind.article).")
            }
            return nil
        }
        guard JSONValue.isKind(value, kind) else {
            add(pointer, "type", "\(label.capitalizedFirst) must be \(kind.article), not \(JSONValue.typeName(value)); change its type.")
            return nil
        }
        return value
    }

    mutating func string(_ object: [String: Any], _ key: String, at parent: String, required: Bool = false,
                         what: String? = nil) -> String? {
        member(object, key, at: parent, .string, required: required, what: what) as? String
    }

    mutating func bool(_ object: [String: Any], _ key: String, at parent: String) -> Bool? {
        guard let value = member(object, key, at: parent, .boolean) else { return nil }
        return (value as? NSNumber)?.boolValue ?? (value as? Bool)
    }

    mutating func dictionary(_ object: [String: Any], _ key: String, at parent: String, required: Bool = false,
                             what: String? = nil) -> [String: Any]? {
        member(object, key, at: parent, .object, required: required, what: what) as? [String: Any]
    }

    mutating func array(_ object: [String: Any], _ key: String, at parent: String, required: Bool = false,
                        what: String? = nil) -> [Any]? {
        member(object, key, at: parent, .array, required: required, what: what) as? [Any]
    }

    /// Checks that an array element is an object; records a `type` issue otherwise.
    mutating func element(_ value: Any, at pointer: String, what: String) -> [String: Any]? {
        guard let object = value as? [String: Any] else {
            add(pointer, "type", "Each \(what) must be an object, not \(JSONValue.typeName(value)); replace this element with an object.")
            return nil
        }
        return object
    }

    mutating func length(_ value: String, at pointer: String, label: String, min: Int? = nil, max: Int? = nil) {
        let count = value.unicodeScalars.count
        if let min, count < min {
            if min == 1 {
                add(pointer, "min-length", "\(label.capitalizedFirst) must not be empty; provide a value.")
            } else {
                add(pointer, "min-length", "\(label.capitalizedFirst) is \(count) characters long but must be at least \(min); lengthen it.")
            }
        } else if let max, count > max {
            add(pointer, "max-length", "\(label.capitalizedFirst) is \(count) characters long but may be at most \(max); shorten it.")
        }
    }

    mutating func enumeration(_ value: String, allowed: [String], at pointer: String, label: String) {
        guard !allowed.contains(value) else { return }
        let list = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
        add(pointer, "enum", "\(label.capitalizedFirst) \(Echo.quoted(value) ?? "has a value that") is not allowed; use one of \(list).")
    }

    // MARK: ServerDetail

    mutating func server(_ document: Any) {
        guard let doc = document as? [String: Any] else {
            add("", "type", "A server.json document must be a JSON object, not \(JSONValue.typeName(document)); wrap the server's fields in { }.")
            return
        }
        let root = ""

        if let schema = string(doc, "$schema", at: root) {
            if !URLCheck.isAbsoluteURI(schema) {
                add("/$schema", "format-uri", "\"$schema\" must be an absolute URL, e.g. \"https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json\".")
            }
        }

        if let name = string(doc, "name", at: root, required: true) {
            serverName(name, at: "/name")
        }

        if let description = string(doc, "description", at: root, required: true) {
            length(description, at: "/description", label: "\"description\"", min: 1, max: 100)
            if !description.isEmpty, description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                add("/description", "blank", "\"description\" must not be only whitespace; describe what the server does.")
            }
        }

        if let title = string(doc, "title", at: root) {
            length(title, at: "/title", label: "\"title\"", min: 1, max: 100)
            if !title.isEmpty, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                add("/title", "blank", "\"title\" must not be only whitespace; give a display name or remove it.")
            }
        }

        if let version = string(doc, "version", at: root, required: true) {
            if version.isEmpty {
                add("/version", "min-length", "\"version\" must not be empty; give the server's specific version, e.g. \"1.0.2\".")
            } else if version.unicodeScalars.count > 255 {
                length(version, at: "/version", label: "\"version\"", max: 255)
            } else {
                specificVersion(version, at: "/version", label: "\"version\"")
            }
        }

        if let website = string(doc, "websiteUrl", at: root) {
            if !URLCheck.isHTTPURL(website, httpsOnly: true) {
                add("/websiteUrl", "format-uri", "\"websiteUrl\" must be an absolute https URL, e.g. \"https://example.com/docs\".")
            }
        }

        if let repository = dictionary(doc, "repository", at: root) {
            self.repository(repository, at: "/repository")
        }

        if let icons = array(doc, "icons", at: root) {
            for (index, value) in icons.enumerated() {
                let pointer = JSONPointer.child("/icons", index)
                if let icon = element(value, at: pointer, what: "icon") {
                    self.icon(icon, at: pointer)
                }
            }
        }

        if let packages = array(doc, "packages", at: root) {
            for (index, value) in packages.enumerated() {
                let pointer = JSONPointer.child("/packages", index)
                if let package = element(value, at: pointer, what: "package") {
                    self.package(package, at: pointer)
                }
            }
        }

        if let remotes = array(doc, "remotes", at: root) {
            for (index, value) in remotes.enumerated() {
                let pointer = JSONPointer.child("/remotes", index)
                if let remote = element(value, at: pointer, what: "remote") {
                    self.remote(remote, at: pointer)
                }
            }
        }

        if let meta = dictionary(doc, "_meta", at: root) {
            let key = ServerJSONValidator.publisherProvidedMetaKey
            if let provided = dictionary(meta, key, at: "/_meta") {
                let size = (try? JSONSerialization.data(withJSONObject: provided, options: []))?.count ?? 0
                if size > ServerJSONValidator.publisherProvidedMetaLimit {
                    add(JSONPointer.child("/_meta", key), "max-size",
                        "Publisher-provided metadata is \(size) bytes of JSON but may be at most \(ServerJSONValidator.publisherProvidedMetaLimit); trim it.")
                }
            }
        }
    }

    /// Reverse-DNS `namespace/name`: exactly one "/", 3–200 characters, both parts made of the allowed
    /// characters and starting and ending with a letter or digit. One issue at most, rule `name-format`.
    mutating func serverName(_ name: String, at pointer: String) {
        let count = name.unicodeScalars.count
        let example = "use reverse-DNS \"namespace/name\", e.g. \"io.github.acme/weather\""
        if count < 3 {
            add(pointer, "name-format", "\"name\" is \(count) characters long but must be at least 3; \(example).")
            return
        }
        if count > 200 {
            add(pointer, "name-format", "\"name\" is \(count) characters long but may be at most 200; shorten it.")
            return
        }
        let slashes = name.filter { $0 == "/" }.count
        if slashes == 0 {
            add(pointer, "name-format", "\"name\" has no \"/\"; \(example).")
            return
        }
        if slashes > 1 {
            add(pointer, "name-format", "\"name\" has \(slashes) \"/\" characters but must have exactly one; \(example).")
            return
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let namespace = parts[0], server = parts[1]
        if namespace.isEmpty || server.isEmpty {
            add(pointer, "name-format", "\"name\" needs a non-empty namespace before the \"/\" and a non-empty name after it; \(example).")
            return
        }
        if name.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }) {
            add(pointer, "name-format", "\"name\" must not contain spaces; \(example).")
            return
        }
        if !Self.isNamePart(namespace, allowed: CharacterSets.namespace) {
            add(pointer, "name-format", "The namespace before the \"/\" in \"name\" may contain only letters, digits, \".\" and \"-\", and must start and end with a letter or digit; \(example).")
            return
        }
        if !Self.isNamePart(server, allowed: CharacterSets.serverName) {
            add(pointer, "name-format", "The part after the \"/\" in \"name\" may contain only letters, digits, \".\", \"_\" and \"-\", and must start and end with a letter or digit; \(example).")
        }
    }

    static func isNamePart(_ part: String, allowed: Set<Unicode.Scalar>) -> Bool {
        let scalars = Array(part.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        return scalars.allSatisfy { allowed.contains($0) }
            && CharacterSets.alphanumeric.contains(first) && CharacterSets.alphanumeric.contains(last)
    }

    /// Not "latest" and not a range; rule `version-range`.
    mutating func specificVersion(_ version: String, at pointer: String, label: String) {
        if version == "latest" {
            add(pointer, "version-range", "\(label.capitalizedFirst) must not be \"latest\", which is reserved; give a specific version such as \"1.0.2\".")
        } else if VersionRange.looksLikeRange(version) {
            let shown = Echo.quoted(version).map { " \($0)" } ?? ""
            add(pointer, "version-range", "\(label.capitalizedFirst)\(shown) looks like a version range; give one specific version such as \"1.2.3\".")
        }
    }
}
