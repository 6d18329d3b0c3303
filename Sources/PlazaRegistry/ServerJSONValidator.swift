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
        var walker = Walker()
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

private struct Walker {
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

    // MARK: Repository and icons

    mutating func repository(_ repo: [String: Any], at pointer: String) {
        // An all-empty repository block is how several tools write "no repository"; accept it.
        let emptyBlock = (repo["url"] as? String) == "" && (repo["source"] as? String) == ""
        if let url = string(repo, "url", at: pointer, required: true, what: "\"repository.url\""), !emptyBlock,
           !URLCheck.isHTTPURL(url, httpsOnly: false) {
            add(JSONPointer.child(pointer, "url"), "format-uri", "\"repository.url\" must be an absolute http(s) URL of the source repository, e.g. \"https://github.com/acme/weather\".")
        }
        if let source = string(repo, "source", at: pointer, required: true, what: "\"repository.source\""), !emptyBlock, source.isEmpty {
            add(JSONPointer.child(pointer, "source"), "min-length", "\"repository.source\" must not be empty; name the hosting service, e.g. \"github\".")
        }
        _ = string(repo, "id", at: pointer, what: "\"repository.id\"")
        if let subfolder = string(repo, "subfolder", at: pointer, what: "\"repository.subfolder\""), !subfolder.isEmpty,
           !Self.isCleanRelativePath(subfolder) {
            add(JSONPointer.child(pointer, "subfolder"), "subfolder", "\"repository.subfolder\" must be a clean relative path (letters, digits, \"-\", \"_\", \".\", \"/\"; no leading or trailing \"/\", no empty, \".\" or \"..\" segments), e.g. \"src/weather\".")
        }
    }

    static func isCleanRelativePath(_ path: String) -> Bool {
        guard !path.hasPrefix("/"), !path.hasSuffix("/") else { return false }
        guard path.unicodeScalars.allSatisfy({ CharacterSets.pathCharacters.contains($0) }) else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != "" && $0 != "." && $0 != ".." }
    }

    mutating func icon(_ icon: [String: Any], at pointer: String) {
        if let src = string(icon, "src", at: pointer, required: true, what: "\"src\" of an icon") {
            let srcPointer = JSONPointer.child(pointer, "src")
            if src.unicodeScalars.count > 255 {
                length(src, at: srcPointer, label: "\"src\" of an icon", max: 255)
            } else if !URLCheck.isHTTPURL(src, httpsOnly: true) {
                add(srcPointer, "format-uri", "An icon's \"src\" must be an absolute https URL, e.g. \"https://example.com/icon.png\".")
            }
        }
        if let mimeType = string(icon, "mimeType", at: pointer, what: "\"mimeType\" of an icon") {
            enumeration(mimeType, allowed: ["image/png", "image/jpeg", "image/jpg", "image/svg+xml", "image/webp"],
                        at: JSONPointer.child(pointer, "mimeType"), label: "the icon MIME type")
        }
        if let sizes = array(icon, "sizes", at: pointer, what: "\"sizes\" of an icon") {
            for (index, value) in sizes.enumerated() {
                let sizePointer = JSONPointer.child(JSONPointer.child(pointer, "sizes"), index)
                guard let size = value as? String else {
                    add(sizePointer, "type", "Each icon size must be a string, not \(JSONValue.typeName(value)); write it as \"48x48\" or \"any\".")
                    continue
                }
                if !Self.isIconSize(size) {
                    add(sizePointer, "pattern", "Icon size \(Echo.quoted(size) ?? "value") must be \"WIDTHxHEIGHT\" in pixels (e.g. \"48x48\") or \"any\".")
                }
            }
        }
        if let theme = string(icon, "theme", at: pointer, what: "\"theme\" of an icon") {
            enumeration(theme, allowed: ["light", "dark"], at: JSONPointer.child(pointer, "theme"), label: "the icon theme")
        }
    }

    static func isIconSize(_ size: String) -> Bool {
        if size == "any" { return true }
        let parts = size.split(separator: "x", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    // MARK: Packages

    mutating func package(_ package: [String: Any], at pointer: String) {
        let registryType = string(package, "registryType", at: pointer, required: true, what: "\"registryType\" of a package")
        if let registryType, registryType.isEmpty {
            add(JSONPointer.child(pointer, "registryType"), "min-length", "A package's \"registryType\" must not be empty; use e.g. \"npm\", \"pypi\", \"oci\", \"nuget\" or \"mcpb\".")
        }
        if let base = string(package, "registryBaseUrl", at: pointer, what: "\"registryBaseUrl\" of a package"),
           !URLCheck.isHTTPURL(base, httpsOnly: false) {
            add(JSONPointer.child(pointer, "registryBaseUrl"), "format-uri", "A package's \"registryBaseUrl\" must be an absolute http(s) URL, e.g. \"https://registry.npmjs.org\".")
        }
        if let identifier = string(package, "identifier", at: pointer, required: true, what: "\"identifier\" of a package") {
            let identifierPointer = JSONPointer.child(pointer, "identifier")
            if identifier.isEmpty {
                add(identifierPointer, "min-length", "A package's \"identifier\" must not be empty; give the package name or download URL.")
            } else if identifier.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }) {
                add(identifierPointer, "identifier-format", "A package's \"identifier\" must not contain spaces; give the exact package name or download URL.")
            }
        }
        if let version = string(package, "version", at: pointer, what: "\"version\" of a package") {
            if version.isEmpty {
                add(JSONPointer.child(pointer, "version"), "min-length", "A package's \"version\" must not be empty; give a specific version or remove the member.")
            } else {
                specificVersion(version, at: JSONPointer.child(pointer, "version"), label: "the package version")
            }
        }
        let sha = string(package, "fileSha256", at: pointer, what: "\"fileSha256\" of a package")
        if let sha, !Self.isSHA256Hex(sha) {
            add(JSONPointer.child(pointer, "fileSha256"), "pattern", "A package's \"fileSha256\" must be 64 lowercase hexadecimal characters (the SHA-256 of the package file).")
        }
        if registryType?.lowercased() == "mcpb", sha == nil, package["fileSha256"] == nil {
            add(JSONPointer.child(pointer, "fileSha256"), "required", "An mcpb package requires \"fileSha256\", the SHA-256 of the .mcpb file, so clients can verify the download.")
        }
        _ = string(package, "runtimeHint", at: pointer, what: "\"runtimeHint\" of a package")

        // Gather what a transport URL may reference before walking the transport (validated after it
        // in document order, but its variables come from the arguments and environment).
        let available = Self.packageTemplateVariables(package)
        if let transport = dictionary(package, "transport", at: pointer, required: true, what: "\"transport\" of a package") {
            localTransport(transport, at: JSONPointer.child(pointer, "transport"), available: available)
        }

        for key in ["runtimeArguments", "packageArguments"] {
            if let arguments = array(package, key, at: pointer, what: "\"\(key)\" of a package") {
                for (index, value) in arguments.enumerated() {
                    let argumentPointer = JSONPointer.child(JSONPointer.child(pointer, key), index)
                    if let argument = element(value, at: argumentPointer, what: "argument") {
                        self.argument(argument, at: argumentPointer)
                    }
                }
            }
        }

        if let environment = array(package, "environmentVariables", at: pointer, what: "\"environmentVariables\" of a package") {
            for (index, value) in environment.enumerated() {
                let variablePointer = JSONPointer.child(JSONPointer.child(pointer, "environmentVariables"), index)
                if let variable = element(value, at: variablePointer, what: "environment variable") {
                    keyValueInput(variable, at: variablePointer, what: "environment variable")
                }
            }
        }
    }

    static func isSHA256Hex(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Names a package transport URL may use in `{braces}`: environment variable names, argument
    /// names and argument value hints.
    static func packageTemplateVariables(_ package: [String: Any]) -> Set<String> {
        var names: Set<String> = []
        for entry in (package["environmentVariables"] as? [Any]) ?? [] {
            if let name = (entry as? [String: Any])?["name"] as? String, !name.isEmpty { names.insert(name) }
        }
        for key in ["runtimeArguments", "packageArguments"] {
            for entry in (package[key] as? [Any]) ?? [] {
                guard let argument = entry as? [String: Any] else { continue }
                if let name = argument["name"] as? String, !name.isEmpty {
                    names.insert(name)
                    let bare = String(name.drop(while: { $0 == "-" }))
                    if !bare.isEmpty { names.insert(bare) }
                }
                if let hint = argument["valueHint"] as? String, !hint.isEmpty { names.insert(hint) }
            }
        }
        return names
    }

    // MARK: Transports

    static let knownTransports = ["stdio", "streamable-http", "sse"]

    mutating func localTransport(_ transport: [String: Any], at pointer: String, available: Set<String>) {
        guard let type = string(transport, "type", at: pointer, required: true, what: "\"type\" of a transport") else { return }
        let typePointer = JSONPointer.child(pointer, "type")
        switch type {
        case "stdio":
            if transport["url"] != nil {
                add(JSONPointer.child(pointer, "url"), "transport-url", "A stdio transport must not have a \"url\"; remove it, or use \"streamable-http\" or \"sse\" for a server reached over HTTP.")
            }
        case "streamable-http", "sse":
            if let url = string(transport, "url", at: pointer, required: true, what: "\"url\" of a \(type) transport") {
                transportURL(url, at: JSONPointer.child(pointer, "url"), available: available, remote: false)
            }
            headers(transport, at: pointer)
        default:
            add(typePointer, "unknown-transport", "Transport type \(Echo.quoted(type) ?? "value") is not supported; use \"stdio\", \"streamable-http\" or \"sse\".")
        }
    }

    mutating func remote(_ remote: [String: Any], at pointer: String) {
        var variableNames: Set<String> = []
        if let type = string(remote, "type", at: pointer, required: true, what: "\"type\" of a remote") {
            let typePointer = JSONPointer.child(pointer, "type")
            switch type {
            case "streamable-http", "sse":
                break
            case "stdio":
                add(typePointer, "enum", "A remote cannot use the \"stdio\" transport; use \"streamable-http\" or \"sse\", or describe a local server under \"packages\".")
            default:
                add(typePointer, "unknown-transport", "Remote transport type \(Echo.quoted(type) ?? "value") is not supported; use \"streamable-http\" or \"sse\".")
            }
        }
        // Malformed "variables" is reported below; don't also flag every {name} in the URL.
        let variablesUsable = remote["variables"] == nil || remote["variables"] is [String: Any]
        if let variables = remote["variables"] as? [String: Any] {
            variableNames = Set(variables.keys)
        }
        if let url = string(remote, "url", at: pointer, required: true, what: "\"url\" of a remote") {
            transportURL(url, at: JSONPointer.child(pointer, "url"), available: variableNames, remote: true,
                         checkVariables: variablesUsable)
        }
        headers(remote, at: pointer)
        if let variables = dictionary(remote, "variables", at: pointer, what: "\"variables\" of a remote") {
            inputMap(variables, at: JSONPointer.child(pointer, "variables"))
        }
    }

    mutating func transportURL(_ url: String, at pointer: String, available: Set<String>, remote: Bool, checkVariables: Bool = true) {
        let label = remote ? "A remote's \"url\"" : "A transport \"url\""
        if url.isEmpty {
            add(pointer, "min-length", "\(label) must not be empty; give the http(s) endpoint, e.g. \"https://api.example.com/mcp\".")
            return
        }
        // Packages may start with a template ("{base_url}/mcp"); remotes must be concrete http(s) URLs.
        let startsWithTemplate = !remote && URLCheck.startsWithTemplate(url)
        if !startsWithTemplate && !URLCheck.isHTTPURL(url, httpsOnly: false, allowTemplates: true) {
            add(pointer, "format-uri", "\(label) must be an absolute http:// or https:// URL without spaces, e.g. \"https://api.example.com/mcp\".")
            return
        }
        if startsWithTemplate && url.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }) {
            add(pointer, "format-uri", "\(label) must not contain spaces.")
            return
        }
        guard checkVariables else { return }
        let undefined = URLCheck.templateVariables(url).filter { !available.contains($0) }
        if !undefined.isEmpty {
            let names = undefined.map { "{\($0)}" }.joined(separator: ", ")
            let fix = remote
                ? "declare them under this remote's \"variables\""
                : "declare them as environment variables or argument names/value hints of this package"
            add(pointer, "url-variable", "\(label) references undefined template variables \(names); \(fix).")
        }
    }

    mutating func headers(_ transport: [String: Any], at pointer: String) {
        guard let headers = array(transport, "headers", at: pointer, what: "\"headers\" of a transport") else { return }
        for (index, value) in headers.enumerated() {
            let headerPointer = JSONPointer.child(JSONPointer.child(pointer, "headers"), index)
            if let header = element(value, at: headerPointer, what: "header") {
                keyValueInput(header, at: headerPointer, what: "header")
            }
        }
    }

    // MARK: Inputs and arguments

    /// `Input`: description, isRequired, format, value, isSecret, default, placeholder, choices.
    mutating func input(_ input: [String: Any], at pointer: String) {
        _ = string(input, "description", at: pointer)
        _ = bool(input, "isRequired", at: pointer)
        if let format = string(input, "format", at: pointer) {
            enumeration(format, allowed: ["string", "number", "boolean", "filepath"],
                        at: JSONPointer.child(pointer, "format"), label: "the input format")
        }
        _ = string(input, "value", at: pointer)
        _ = bool(input, "isSecret", at: pointer)
        let defaultValue = string(input, "default", at: pointer)
        _ = string(input, "placeholder", at: pointer)
        var choices: [String]? = nil
        if let list = array(input, "choices", at: pointer) {
            var strings: [String] = []
            for (index, value) in list.enumerated() {
                if let choice = value as? String {
                    strings.append(choice)
                } else {
                    add(JSONPointer.child(JSONPointer.child(pointer, "choices"), index), "type",
                        "Each choice must be a string, not \(JSONValue.typeName(value)); quote it.")
                }
            }
            choices = strings
        }
        if let choices, !choices.isEmpty, let defaultValue, !choices.contains(defaultValue) {
            add(JSONPointer.child(pointer, "default"), "enum", "The input's \"default\" is not one of its \"choices\"; make it one of them or remove it.")
        }
    }

    /// `InputWithVariables`: an input plus `variables`, a map of inputs.
    mutating func inputWithVariables(_ object: [String: Any], at pointer: String) {
        input(object, at: pointer)
        if let variables = dictionary(object, "variables", at: pointer) {
            inputMap(variables, at: JSONPointer.child(pointer, "variables"))
        }
    }

    mutating func inputMap(_ variables: [String: Any], at pointer: String) {
        for key in variables.keys.sorted() {
            let variablePointer = JSONPointer.child(pointer, key)
            guard let variable = variables[key] as? [String: Any] else {
                add(variablePointer, "type", "Each variable must be an object describing the input, not \(JSONValue.typeName(variables[key]!)); replace this value with an object.")
                continue
            }
            input(variable, at: variablePointer)
        }
    }

    /// `KeyValueInput` (headers and environment variables): an input with variables and a `name`.
    mutating func keyValueInput(_ object: [String: Any], at pointer: String, what: String) {
        let article = what.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        if let name = string(object, "name", at: pointer, required: true, what: "\"name\" of \(article) \(what)"), name.isEmpty {
            add(JSONPointer.child(pointer, "name"), "min-length", "A \(what)'s \"name\" must not be empty.")
        }
        inputWithVariables(object, at: pointer)
    }

    /// `Argument`: a positional argument (`valueHint` or `value`) or a named one (`name`).
    mutating func argument(_ argument: [String: Any], at pointer: String) {
        let type = string(argument, "type", at: pointer, required: true, what: "\"type\" of an argument")
        switch type {
        case "positional":
            if argument["valueHint"] == nil && argument["value"] == nil {
                add(JSONPointer.child(pointer, "valueHint"), "required", "A positional argument requires \"valueHint\" or \"value\"; add a value hint such as \"file_path\".")
            }
            _ = string(argument, "valueHint", at: pointer)
        case "named":
            if let name = string(argument, "name", at: pointer, required: true, what: "\"name\" of a named argument") {
                let namePointer = JSONPointer.child(pointer, "name")
                if name.isEmpty {
                    add(namePointer, "min-length", "A named argument's \"name\" must not be empty; give the flag, e.g. \"--port\".")
                } else if name.contains(where: { $0 == "<" || $0 == ">" || $0 == "$" || $0.isWhitespace }) {
                    add(namePointer, "argument-name", "A named argument's \"name\" must be just the flag (e.g. \"--port\"), without spaces, \"<\", \">\" or \"$\"; put the value in \"value\", \"default\" or \"placeholder\".")
                } else {
                    for key in ["value", "default"] {
                        if let literal = argument[key] as? String, literal.hasPrefix(name) {
                            add(JSONPointer.child(pointer, key), "argument-value", "A named argument's \"\(key)\" must not repeat the flag name; clients add the flag themselves, so give only the value.")
                        }
                    }
                }
            }
        case let other?:
            add(JSONPointer.child(pointer, "type"), "enum", "Argument type \(Echo.quoted(other) ?? "value") is not supported; use \"positional\" or \"named\".")
        case nil:
            break
        }
        _ = bool(argument, "isRepeated", at: pointer)
        inputWithVariables(argument, at: pointer)
    }
}

// MARK: - Helpers

private enum JSONPointer {
    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func child(_ parent: String, _ key: String) -> String { parent + "/" + escape(key) }
    static func child(_ parent: String, _ index: Int) -> String { parent + "/" + String(index) }
}

private enum JSONValue {
    static func isBoolean(_ value: Any) -> Bool {
        if type(of: value) == Bool.self { return true }
        if let number = value as? NSNumber {
            // JSONSerialization gives booleans as NSNumbers of type "c" (CFBoolean on Darwin).
            return String(cString: number.objCType) == "c"
        }
        return false
    }

    static func isKind(_ value: Any, _ kind: Walker.Kind) -> Bool {
        switch kind {
        case .string: return value is String
        case .boolean: return isBoolean(value)
        case .object: return value is [String: Any]
        case .array: return value is [Any]
        }
    }

    static func typeName(_ value: Any) -> String {
        if value is NSNull { return "null" }
        if value is String { return "a string" }
        if isBoolean(value) { return "a boolean" }
        if value is NSNumber || value is Int || value is Double { return "a number" }
        if value is [String: Any] { return "an object" }
        if value is [Any] { return "an array" }
        return "an unsupported value"
    }
}

private enum CharacterSets {
    static let alphanumeric: Set<Unicode.Scalar> = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars)
    static let namespace: Set<Unicode.Scalar> = alphanumeric.union(".-".unicodeScalars)
    static let serverName: Set<Unicode.Scalar> = alphanumeric.union("._-".unicodeScalars)
    static let pathCharacters: Set<Unicode.Scalar> = alphanumeric.union("-_./".unicodeScalars)
    static let whitespace = CharacterSet.whitespacesAndNewlines
}

private enum URLCheck {
    /// An absolute URI: a scheme, ":", something after it, and no whitespace.
    static func isAbsoluteURI(_ value: String) -> Bool {
        guard !value.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }),
              let colon = value.firstIndex(of: ":"), colon != value.startIndex else { return false }
        let scheme = value[..<colon]
        guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
              scheme.unicodeScalars.allSatisfy({ CharacterSets.alphanumeric.contains($0) || "+.-".unicodeScalars.contains($0) }) else { return false }
        guard value.index(after: colon) < value.endIndex else { return false }
        return URLComponents(string: value) != nil
    }

    /// An absolute http(s) URL with a host and no whitespace; `{variables}` are substituted first
    /// when templates are allowed.
    static func isHTTPURL(_ value: String, httpsOnly: Bool, allowTemplates: Bool = false) -> Bool {
        guard !value.unicodeScalars.contains(where: { CharacterSets.whitespace.contains($0) }) else { return false }
        let lower = value.lowercased()
        guard lower.hasPrefix("https://") || (!httpsOnly && lower.hasPrefix("http://")) else { return false }
        let concrete = allowTemplates ? substituteTemplates(value) : value
        guard let components = URLComponents(string: concrete),
              let scheme = components.scheme?.lowercased(), scheme == "https" || (!httpsOnly && scheme == "http"),
              let host = components.host, !host.isEmpty else { return false }
        return true
    }

    static func startsWithTemplate(_ value: String) -> Bool {
        guard value.hasPrefix("{"), let close = value.firstIndex(of: "}") else { return false }
        let name = value[value.index(after: value.startIndex)..<close]
        guard let first = name.unicodeScalars.first, first == "_" || (CharacterSets.alphanumeric.contains(first) && !("0"..."9").contains(first)) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || CharacterSets.alphanumeric.contains($0) }
    }

    static func hasTemplate(_ value: String) -> Bool { !templateVariables(value).isEmpty }

    /// The names inside `{braces}`, in order, without duplicates.
    static func templateVariables(_ value: String) -> [String] {
        var names: [String] = []
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if !name.isEmpty, !name.contains("{"), !names.contains(name) { names.append(name) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    /// Replaces `{name}` with a placeholder that parses: a port after ":" in the authority, a word elsewhere.
    static func substituteTemplates(_ value: String) -> String {
        var result = ""
        var rest = Substring(value)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            result += rest[..<open]
            let next = after[after.index(after: close)...]
            let inPortPosition = result.hasSuffix(":") && !result.hasSuffix("://") && (next.isEmpty || next.hasPrefix("/"))
            result += inPortPosition ? "8080" : "placeholder"
            rest = next
        }
        return result + rest
    }
}

/// Detects version ranges and wildcards: the official registry's patterns plus a bare "*", "x".
private enum VersionRange {
    static func looksLikeRange(_ version: String) -> Bool {
        let trimmed = version.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return false }
        if ["*", "x", "X"].contains(trimmed) { return true }
        if trimmed.contains("||") { return true }
        if let first = trimmed.first, "^~<>=".contains(first) { return true }
        if isHyphenRange(trimmed) { return true }
        // Dotted wildcards in the version core ("1.x", "1.2.*", "1.X.0-beta"); prerelease and build
        // identifiers may legitimately contain an "x".
        let core = trimmed.prefix { $0 != "-" && $0 != "+" }
        let segments = core.split(separator: ".", omittingEmptySubsequences: false)
        if segments.count >= 2 && segments.count <= 4 {
            let isWildcard: (Substring) -> Bool = { $0 == "x" || $0 == "X" || $0 == "*" }
            let isNumber: (Substring) -> Bool = { segment in
                let digits = segment.hasPrefix("v") ? segment.dropFirst() : segment
                return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            }
            if segments.allSatisfy({ isWildcard($0) || isNumber($0) }) && segments.contains(where: isWildcard) { return true }
        }
        return false
    }

    /// "1.2.3 - 2.0.0": two version-like values separated by whitespace, "-", whitespace.
    static func isHyphenRange(_ value: String) -> Bool {
        let parts = value.components(separatedBy: " - ")
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { isVersionLike($0.trimmingCharacters(in: .whitespaces)) }
    }

    static func isVersionLike(_ value: String) -> Bool {
        var body = Substring(value)
        if body.hasPrefix("v") { body = body.dropFirst() }
        let core = body.prefix { $0 != "-" }
        let segments = core.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(segments.count) else { return false }
        return segments.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

/// Deliberately cautious: decides which values may be quoted back in messages.
private enum Echo {
    /// The value in quotes when it is short, printable and nothing like a credential; nil otherwise.
    static func quoted(_ value: String) -> String? {
        guard value.unicodeScalars.count <= 48,
              value.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f && $0 != "\"" && $0 != "\\" }),
              !Secrets.looksSecret(value) else { return nil }
        return "\"\(value)\""
    }
}

private enum Secrets {
    /// Case-sensitive prefixes of well-known token formats (GitHub, GitLab, OpenAI/Anthropic/Stripe,
    /// Slack, npm, PyPI, AWS access keys, JWTs).
    static let credentialPrefixes = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "sk-", "sk_live_",
                                     "sk_test_", "xoxb-", "xoxp-", "xoxa-", "xapp-", "npm_", "pypi-", "AKIA", "eyJ"]

    /// Strong signals of a literal credential: well-known token prefixes, a JWT, or an
    /// `Authorization`-style "Bearer …"/"Basic …"/"token …" with a literal (non-template) value.
    static func looksLikeCredential(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        for scheme in ["bearer ", "basic ", "token "] where lower.hasPrefix(scheme) {
            let credential = trimmed.dropFirst(scheme.count).trimmingCharacters(in: .whitespaces)
            return credential.count >= 8 && !URLCheck.hasTemplate(credential) && !credential.hasPrefix("$")
        }
        if !URLCheck.hasTemplate(trimmed), !trimmed.contains(" ") {
            for prefix in credentialPrefixes where trimmed.hasPrefix(prefix) && trimmed.count >= prefix.count + 12 {
                return true
            }
        }
        return false
    }

    /// Weaker test used only to decide what not to echo: credentials, plus any long run of
    /// token characters mixing letters and digits.
    static func looksSecret(_ value: String) -> Bool {
        if looksLikeCredential(value) { return true }
        let lower = value.lowercased()
        if ["bearer", "basic ", "token", "secret", "password", "apikey", "api_key", "api-key"].contains(where: { lower.contains($0) }) {
            return true
        }
        var run = 0, letters = false, digits = false
        for scalar in value.unicodeScalars {
            if CharacterSets.alphanumeric.contains(scalar) || "+/=_".unicodeScalars.contains(scalar) {
                run += 1
                if ("0"..."9").contains(scalar) { digits = true } else if CharacterSets.alphanumeric.contains(scalar) { letters = true }
                if run >= 20 && letters && digits { return true }
            } else {
                run = 0; letters = false; digits = false
            }
        }
        return false
    }
}

private extension String {
    var capitalizedFirst: String {
        guard let first = first else { return self }
        return first.uppercased() + dropFirst()
    }
}
