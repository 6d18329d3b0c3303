import PlazaFormats
import Testing

@Suite("YAML and frontmatter")
struct YAMLTests {
    @Test("frontmatter keeps line numbers of the file and the scalar text")
    func lines() throws {
        let document = try Frontmatter.parse("---\nname: x\nversion: 1.10\nmetadata:\n  owner: sre\n---\n# Body\n")
        let frontmatter = try #require(document.frontmatter)
        #expect(frontmatter["name"]?.location?.line == 2)
        #expect(frontmatter["version"]?.scalarText == "1.10")
        #expect(frontmatter["metadata"]?["owner"]?.pointer == "/metadata/owner")
        #expect(document.body == "# Body\n")
    }

    @Test("an alias bomb is refused quickly without expanding it")
    func aliasBomb() {
        var yaml = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        var previous = "a"
        for letter in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            yaml += "\(letter): &\(letter) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = letter
        }
        let error = #expect(throws: ParseError.self) { try YAMLReader.parse(yaml) }
        #expect(error?.message.contains("aliases") == true)
    }

    /// Found while fuzzing the JSON parser, which builds pointers the same way: a long key above
    /// many values (aliases included) made key paths cost memory quadratic in the input.
    @Test("a long key above many values is refused before key paths use unbounded memory")
    func longKeyAboveManyValues() {
        // An explicit key (`? `): plain keys stop at 1,024 characters.
        let yaml = "? " + String(repeating: "k", count: 500_000) + "\n: [" + Array(repeating: "0", count: 5_000).joined(separator: ",") + "]\n"
        let error = #expect(throws: ParseError.self) { try YAMLReader.parse(yaml) }
        #expect(error?.message.contains("key paths") == true, "\(error?.message ?? "")")
    }

    @Test("deep nesting is refused")
    func deepNesting() {
        let yaml = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: ParseError.self) { try YAMLReader.parse(yaml) }
    }

    @Test("invalid YAML reports the line inside the file")
    func invalid() {
        let error = #expect(throws: ParseError.self) { try Frontmatter.parse("---\nname: a\ndescription: \"unclosed\n---\nbody") }
        #expect(error?.location?.line ?? 0 >= 3)
        let unclosed = #expect(throws: ParseError.self) { try Frontmatter.parse("---\nname: a\n") }
        #expect(unclosed?.message.contains("never closed") == true)
    }
}
