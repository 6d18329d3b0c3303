import PlazaFormats
import Testing

@Suite("JSON parsing with positions")
struct JSONParserTests {
    @Test("values carry their JSON pointer and line")
    func pointersAndLines() throws {
        let root = try JSONParser.parse(Array("{\n  \"plugins\": [\n    {\"name\": \"a/b\"}\n  ]\n}".utf8))
        let name = try #require(root["plugins"]?.elements?.first?["name"])
        #expect(name.string == "a/b")
        #expect(name.pointer == "/plugins/0/name")
        #expect(name.location == SourceLocation(line: 3, column: 14))
    }

    @Test("syntax errors report line and column", arguments: [
        ("{\n  \"a\": 1,\n}", 3, "trailing comma"),
        ("{\"a\": tru}", 1, "expected 'true'"),
        ("{\"a\": \"x\n\"}", 1, "unterminated string"),
        ("[1, 2", 1, "unexpected end of file"),
        ("{} {}", 1, "after the end"),
        ("{\"a\": 01}", 1, "leading zeros"),
        ("// c\n{}", 1, "comments"),
    ])
    func syntaxErrors(input: String, line: Int, fragment: String) {
        let error = #expect(throws: ParseError.self) { try JSONParser.parse(Array(input.utf8)) }
        #expect(error?.location?.line == line)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")")
    }

    @Test("decodes escapes and surrogate pairs")
    func escapes() throws {
        let root = try JSONParser.parse(Array(#"{"s": "a\"b\\c\u00e9\ud83d\ude00\n"}"#.utf8))
        #expect(root["s"]?.string == "a\"b\\cé😀\n")
    }

    @Test("refuses deep nesting, oversized input and invalid UTF-8 quickly")
    func bounds() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let depth = #expect(throws: ParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
        #expect(depth?.message.contains("deeper than 64") == true)

        let big = #expect(throws: ParseError.self) {
            try JSONParser.parse(Array(repeating: UInt8(ascii: " "), count: 2_000_000))
        }
        #expect(big?.message.contains("over the limit") == true)

        var bytes = Array("{\n\"a\": \"ok\",\n\"b\": \"".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        let utf8 = #expect(throws: ParseError.self) { try JSONParser.parse(bytes) }
        #expect(utf8?.message.contains("not valid UTF-8") == true)
        #expect(utf8?.location?.line == 3)
        bytes = [0xEF, 0xBB, 0xBF] + Array("{\"bom\": true}".utf8)
        #expect((try? JSONParser.parse(bytes))?["bom"]?.bool == true)
    }

    /// Found by fuzzing (fuzz-json, out-of-memory): every value keeps its pointer, so a 900 KB file
    /// whose one long member name sits above 200,000 values asked for about 100 GB.
    @Test("a long member name above many values is refused before pointers use unbounded memory")
    func longMemberNameAboveManyValues() {
        let json = "{\"" + String(repeating: "k", count: 500_000) + "\": [" + Array(repeating: "0", count: 200_000).joined(separator: ",") + "]}"
        let error = #expect(throws: ParseError.self) { try JSONParser.parse(Array(json.utf8)) }
        #expect(error?.message.contains("bytes of JSON pointers") == true, "\(error?.message ?? "")")

        let ordinary = "{\"plugins\": [" + Array(repeating: "{\"name\": \"p\", \"source\": \"./p\"}", count: 2_000).joined(separator: ",") + "]}"
        #expect((try? JSONParser.parse(Array(ordinary.utf8)))?["plugins"]?.elements?.count == 2_000)
    }
}
