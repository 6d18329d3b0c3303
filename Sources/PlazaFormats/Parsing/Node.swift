/// A parsed JSON or YAML value that remembers where it came from.
///
/// Manifests are read into this tree first, so every diagnostic can name the JSON pointer (or YAML
/// key path) and the line of the value it is about.
public struct Node: Sendable {
    public enum Value: Sendable {
        case object([Member])
        case array([Node])
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// An object member, in document order.
    public struct Member: Sendable {
        public let key: String
        public let value: Node
    }

    public let value: Value
    /// JSON pointer of this value from the document root (`/plugins/0/name`).
    public let pointer: String
    public let location: SourceLocation?
    /// For scalars, the text as written (YAML `version: 1.10` keeps "1.10", not 1.1).
    public let text: String?

    public init(_ value: Value, pointer: String, location: SourceLocation?, text: String? = nil) {
        self.value = value
        self.pointer = pointer
        self.location = location
        self.text = text
    }

    /// The member named `key`, when this is an object (the last one, if a key repeats).
    public subscript(key: String) -> Node? {
        guard case .object(let members) = value else { return nil }
        return members.last { $0.key == key }?.value
    }

    public var members: [Member]? {
        if case .object(let members) = value { return members }
        return nil
    }

    public var elements: [Node]? {
        if case .array(let elements) = value { return elements }
        return nil
    }

    public var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// A string, or a number or boolean in its written form (YAML often leaves versions unquoted).
    public var scalarText: String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return text ?? (number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        case .bool(let flag): return text ?? String(flag)
        default: return nil
        }
    }

    public var bool: Bool? {
        if case .bool(let flag) = value { return flag }
        return nil
    }

    public var number: Double? {
        if case .number(let number) = value { return number }
        return nil
    }

    public var isNull: Bool {
        if case .null = value { return true }
        return false
    }

    /// The JSON type name, for messages ("expected a string, found an array").
    public var typeName: String {
        switch value {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// A canonical JSON text of this value (members in document order, no whitespace), used to
    /// tell whether a manifest entry changed between two commits.
    public var canonicalJSON: String {
        switch value {
        case .object(let members):
            return "{" + members.map { Self.quoted($0.key) + ":" + $0.value.canonicalJSON }.joined(separator: ",") + "}"
        case .array(let elements): return "[" + elements.map(\.canonicalJSON).joined(separator: ",") + "]"
        case .string(let text): return Self.quoted(text)
        case .number(let number): return text ?? String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// Escapes a key for use in a JSON pointer (RFC 6901).
    static func pointer(_ parent: String, _ key: String) -> String {
        parent + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
