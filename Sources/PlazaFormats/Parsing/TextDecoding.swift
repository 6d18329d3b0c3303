/// Turns file bytes into text, refusing invalid UTF-8 with the position of the first bad byte.
public enum TextDecoding {
    /// Decodes UTF-8, dropping a leading byte-order mark.
    public static func decode(_ bytes: [UInt8]) throws(ParseError) -> String {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        if let text = String(validating: body, as: UTF8.self) { return text }
        throw ParseError("the file is not valid UTF-8 (first invalid byte at offset \(firstInvalidOffset(body)))",
                         at: location(ofOffset: firstInvalidOffset(body), in: body))
    }

    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            let continuation = bytes[(index + 1)..<(index + length)]
            guard continuation.allSatisfy({ $0 & 0xC0 == 0x80 }),
                  String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil else { return index }
            index += length
        }
        return bytes.count
    }

    static func location(ofOffset offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(line: line, column: column)
    }
}
