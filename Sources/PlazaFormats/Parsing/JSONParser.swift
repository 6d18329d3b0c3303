/// A strict RFC 8259 JSON parser that records the line and column of every value.
///
/// Bounded: refuses input over the size limit and nesting over the depth limit before doing
/// unbounded work, and reports the position of the first syntax error.
public struct JSONParser {
    private let bytes: [UInt8]
    private let limits: ParseLimits
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var pointerBytes = 0

    /// Parses a whole document (after UTF-8 validation) into a ``Node`` tree.
    public static func parse(_ bytes: [UInt8], limits: ParseLimits = .default) throws(ParseError) -> Node {
        guard bytes.count <= limits.maxManifestBytes else {
            throw ParseError("the file is \(bytes.count) bytes, over the limit of \(limits.maxManifestBytes)")
        }
        _ = try TextDecoding.decode(bytes)
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var parser = JSONParser(bytes: body, limits: limits)
        parser.skipWhitespace()
        let root = try parser.parseValue(pointer: "", depth: 0)
        parser.skipWhitespace()
        guard parser.index == body.count else { throw parser.error("unexpected content after the end of the JSON document") }
        return root
    }

    private init(bytes: [UInt8], limits: ParseLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    private var location: SourceLocation { SourceLocation(line: line, column: index - lineStart + 1) }

    private func error(_ message: String) -> ParseError { ParseError(message, at: location) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1; lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue(pointer: String, depth: Int) throws(ParseError) -> Node {
        guard depth <= limits.maxDepth else { throw error("nesting is deeper than \(limits.maxDepth) levels") }
        guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
        let start = location
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(pointer: pointer, depth: depth, start: start)
        case UInt8(ascii: "["): return try parseArray(pointer: pointer, depth: depth, start: start)
        case UInt8(ascii: "\""): return Node(.string(try parseString()), pointer: pointer, location: start)
        case UInt8(ascii: "t"): try expectLiteral("true"); return Node(.bool(true), pointer: pointer, location: start)
        case UInt8(ascii: "f"): try expectLiteral("false"); return Node(.bool(false), pointer: pointer, location: start)
        case UInt8(ascii: "n"): try expectLiteral("null"); return Node(.null, pointer: pointer, location: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return Node(.number(try parseNumber()), pointer: pointer, location: start)
        case UInt8(ascii: "/"):
            throw error("comments are not allowed in JSON")
        default:
            throw error("unexpected character '\(Self.describe(bytes[index]))', expected a value")
        }
    }

    private mutating func parseObject(pointer: String, depth: Int, start: SourceLocation) throws(ParseError) -> Node {
        index += 1
        var members: [Node.Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return Node(.object(members), pointer: pointer, location: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") { throw error("trailing comma before '}'") }
                throw error("expected a quoted member name")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after member name \"\(key)\"") }
            index += 1
            skipWhitespace()
            let value = try parseValue(pointer: try childPointer(Node.pointer(pointer, key)), depth: depth + 1)
            members.append(Node.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an object opened at line \(start.line)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            throw error("expected ',' or '}' after a member, found '\(Self.describe(bytes[index]))'")
        }
        return Node(.object(members), pointer: pointer, location: start)
    }

    private mutating func parseArray(pointer: String, depth: Int, start: SourceLocation) throws(ParseError) -> Node {
        index += 1
        var elements: [Node] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return Node(.array(elements), pointer: pointer, location: start)
        }
        while true {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { throw error("trailing comma before ']'") }
            elements.append(try parseValue(pointer: try childPointer(pointer + "/\(elements.count)"), depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file inside an array opened at line \(start.line)") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; break }
            throw error("expected ',' or ']' after an element, found '\(Self.describe(bytes[index]))'")
        }
        return Node(.array(elements), pointer: pointer, location: start)
    }

    /// Counts `pointer` against ``ParseLimits/maxPointerBytes`` before a value keeps it.
    private mutating func childPointer(_ pointer: String) throws(ParseError) -> String {
        pointerBytes += pointer.utf8.count
        guard pointerBytes <= limits.maxPointerBytes else {
            throw error("member names are too long for how many values are under them (over \(limits.maxPointerBytes) bytes of JSON pointers)")
        }
        return pointer
    }

    private mutating func parseString() throws(ParseError) -> String {
        index += 1
        var scalars: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): scalars.append(contentsOf: try parseUnicodeEscape())
                default:
                    index -= 1
                    throw error("invalid escape '\\\(Self.describe(escape))' in a string")
                }
            case 0x00..<0x20:
                throw error(byte == 0x0A ? "unterminated string (a raw line break inside quotes)" : "unescaped control character in a string")
            default:
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseUnicodeEscape() throws(ParseError) -> [UInt8] {
        let first = try parseHex4()
        var scalarValue = first
        if (0xD800...0xDBFF).contains(first) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("unpaired UTF-16 surrogate in \\u escape")
            }
            index += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else { throw error("invalid UTF-16 surrogate pair in \\u escape") }
            scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(first) {
            throw error("unpaired UTF-16 surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(scalarValue) else { throw error("invalid \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(ParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<(index + 4)] {
            guard let digit = Self.hexValue(byte) else { throw error("invalid hex digit in \\u escape") }
            value = value << 4 | digit
        }
        index += 4
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private mutating func parseNumber() throws(ParseError) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = { (parser: inout JSONParser) -> Int in
            let from = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) { parser.index += 1 }
            return parser.index - from
        }
        let integerStart = index
        guard digits(&self) > 0 else { throw error("invalid number") }
        if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 { throw error("numbers must not have leading zeros") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw error("invalid number: expected digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw error("invalid number: expected digits in the exponent") }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { throw error("invalid number") }
        return value
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(ParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count, bytes[index..<(index + expected.count)].elementsEqual(expected) else {
            throw error("unexpected token, expected '\(literal)'")
        }
        index += expected.count
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
    }
}

private extension String {
    init(format: String, _ byte: UInt8) {
        let digits = Array("0123456789ABCDEF")
        self = "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
