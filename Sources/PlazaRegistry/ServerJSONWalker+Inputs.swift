import Foundation

// server.json: inputs, arguments and environment variables.
extension ServerJSONWalker {
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
