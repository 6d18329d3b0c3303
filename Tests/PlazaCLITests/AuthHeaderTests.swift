import Foundation
import PlazaTestSupport
import Testing

@Suite("plaza auth header")
struct AuthHeaderTests {
    @Test("prints the headers object a headersHelper expects, from PLAZA_TOKEN or a token file; no token is a clear exit 2")
    func header() throws {
        let fromEnvironment = try PlazaBinary.run(["auth", "header"], environment: ["PLAZA_TOKEN": "plz_0123456789abcdef"])
        #expect(fromEnvironment.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(fromEnvironment.stdout.utf8)) as? [String: String]
        #expect(object == ["Authorization": "Bearer plz_0123456789abcdef"])

        let directory = try TemporaryDirectory("plaza-auth")
        try "plz_from_file_42\n".write(toFile: directory.file("token"), atomically: true, encoding: .utf8)
        let fromFile = try PlazaBinary.run(["auth", "header", "--token-file", directory.file("token")], environment: ["PLAZA_TOKEN": ""])
        #expect(fromFile.stdout == #"{"Authorization":"Bearer plz_from_file_42"}"# + "\n")

        let none = try PlazaBinary.run(["auth", "header"], environment: ["PLAZA_TOKEN": ""])
        #expect(none.status == 2)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("no token: set PLAZA_TOKEN or pass --token-file"), "\(none.stderr)")

        let hostile = try PlazaBinary.run(["auth", "header"], environment: ["PLAZA_TOKEN": "plz_x\r\nX-Evil: 1"])
        #expect(hostile.status == 2)
        #expect(hostile.stdout.isEmpty)
        #expect(!hostile.stderr.contains("X-Evil"), "the token is never echoed: \(hostile.stderr)")

        let missing = try PlazaBinary.run(["auth", "header", "--token-file", directory.file("absent")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read the token file"), "\(missing.stderr)")
    }
}
