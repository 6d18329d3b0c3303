import Foundation

// server.json: transports and remotes.
extension ServerJSONWalker {
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

}
