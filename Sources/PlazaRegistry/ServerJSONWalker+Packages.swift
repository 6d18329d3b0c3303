import Foundation

// server.json: packages (registry types, identifiers, hashes, template variables).
extension ServerJSONWalker {
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

}
