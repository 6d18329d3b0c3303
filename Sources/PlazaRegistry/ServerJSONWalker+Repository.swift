import Foundation

// server.json: repository, website and icons.
extension ServerJSONWalker {
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

}
