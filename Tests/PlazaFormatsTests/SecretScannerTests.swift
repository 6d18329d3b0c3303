import PlazaFormats
import Testing

@Suite("Literal secret detection")
struct SecretScannerTests {
    @Test("references are accepted", arguments: [
        ("Bearer ${env:JIRA_TOKEN}", "Authorization"), ("${API_KEY}", "API_KEY"), ("${user_config.token}", "X-Token"),
        ("https://logs.example.com", "LOGS_ENDPOINT"), ("true", "ENABLE_TOKEN_CACHE"), ("us-east-1", "REGION"),
    ])
    func references(value: String, key: String) {
        #expect(SecretScanner.literalSecretKind(in: value, key: key) == nil)
    }

    @Test("literal credentials are found", arguments: [
        ("Bearer abc123def456", "Authorization"), ("ghp_0123456789abcdefghijklmnopqrstuvwxyz", "GITHUB"),
        ("sk-proj-aaaaaaaaaaaaaaaaaaaa", "OPENAI"), ("hunter2-password", "DB_PASSWORD"),
        ("dGhpcyBpcyBhIHNlY3JldCB0b2tlbiB2YWx1ZTEyMw==", "DATA"),
    ])
    func literals(value: String, key: String) {
        #expect(SecretScanner.literalSecretKind(in: value, key: key) != nil)
    }

    @Test("lists referenced variables")
    func referencedVariables() {
        #expect(SecretScanner.references(in: "Bearer ${env:A} ${B} ${user_config.c} ${D:-x}") == ["A", "B", "user_config.c", "D"])
    }
}
