import Foundation
import PlazaRegistry
import Testing

/// A complete, valid server.json: npm (stdio, env vars with isSecret), pypi, oci, and a
/// streamable-http remote with a header input.
private let validServerJSON = #"""
{
  "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
  "name": "io.github.acme/weather",
  "title": "Weather",
  "description": "MCP server providing weather data and forecasts",
  "version": "1.2.3",
  "websiteUrl": "https://acme.example.com/weather",
  "repository": {
    "url": "https://github.com/acme/weather",
    "source": "github",
    "id": "b94b5f7e-c7c6-d760-2c78-a5e9b8a5b8c9",
    "subfolder": "servers/weather"
  },
  "icons": [
    {"src": "https://acme.example.com/icon.png", "mimeType": "image/png", "sizes": ["48x48", "96x96"], "theme": "light"},
    {"src": "https://acme.example.com/icon.svg", "mimeType": "image/svg+xml", "sizes": ["any"]}
  ],
  "packages": [
    {
      "registryType": "npm",
      "registryBaseUrl": "https://registry.npmjs.org",
      "identifier": "@acme/weather-mcp",
      "version": "1.2.3",
      "runtimeHint": "npx",
      "transport": {"type": "stdio"},
      "runtimeArguments": [
        {"type": "named", "name": "--yes", "isRepeated": false}
      ],
      "packageArguments": [
        {"type": "positional", "valueHint": "units", "default": "metric", "choices": ["metric", "imperial"], "format": "string"},
        {"type": "named", "name": "--port", "value": "{port}", "variables": {"port": {"format": "number", "default": "8080"}}}
      ],
      "environmentVariables": [
        {"name": "WEATHER_API_KEY", "description": "API key for the weather service", "isRequired": true, "isSecret": true},
        {"name": "WEATHER_REGION", "default": "eu", "isSecret": false, "format": "string"}
      ]
    },
    {
      "registryType": "pypi",
      "registryBaseUrl": "https://pypi.org",
      "identifier": "acme-weather-mcp",
      "version": "1.2.3",
      "runtimeHint": "uvx",
      "transport": {"type": "stdio"}
    },
    {
      "registryType": "oci",
      "identifier": "ghcr.io/acme/weather-mcp:1.2.3",
      "runtimeHint": "docker",
      "transport": {"type": "streamable-http", "url": "http://localhost:{port}/mcp"},
      "runtimeArguments": [
        {"type": "named", "name": "-p", "value": "{port}:8080", "valueHint": "port"}
      ]
    }
  ],
  "remotes": [
    {
      "type": "streamable-http",
      "url": "https://{tenant}.weather.acme.example.com/mcp",
      "headers": [
        {"name": "Authorization", "value": "Bearer {api_key}", "isRequired": true, "isSecret": true,
         "variables": {"api_key": {"description": "Your API key", "isRequired": true, "isSecret": true}}}
      ],
      "variables": {"tenant": {"description": "Tenant subdomain", "isRequired": true}}
    },
    {"type": "sse", "url": "https://weather.acme.example.com/sse"}
  ],
  "_meta": {
    "io.modelcontextprotocol.registry/publisher-provided": {"tool": "publisher-cli", "version": "1.2.3"},
    "dev.plaza/registry": {"lifecycle": "production"}
  },
  "x-unknown-extension": {"anything": true}
}
"""#

/// The valid document, decoded, for tests to change one thing in.
private func validDocument() -> [String: Any] {
    try! JSONSerialization.jsonObject(with: Data(validServerJSON.utf8)) as! [String: Any]
}

/// Applies `change` to the valid document and validates it.
private func issues(_ change: (inout [String: Any]) -> Void) -> [ValidationIssue] {
    var document = validDocument()
    change(&document)
    return ServerJSONValidator.validate(document)
}

/// Sets a value at a path of keys and indexes inside nested JSON containers.
private func set(_ document: inout [String: Any], _ path: [Any], _ value: Any?) {
    func update(_ container: Any, _ path: ArraySlice<Any>) -> Any? {
        guard let head = path.first else { return value }
        if var object = container as? [String: Any], let key = head as? String {
            if path.count == 1 { object[key] = value } else { object[key] = update(object[key] as Any, path.dropFirst()) }
            return object
        }
        if var array = container as? [Any], let index = head as? Int {
            if path.count == 1 { array[index] = value as Any } else { array[index] = update(array[index], path.dropFirst())! }
            return array
        }
        return container
    }
    document = update(document, path[...]) as! [String: Any]
}

private func expectSingle(_ found: [ValidationIssue], pointer: String, rule: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(found.count == 1, "expected exactly one issue, got \(found)", sourceLocation: sourceLocation)
    #expect(found.first?.pointer == pointer, "pointer of \(found)", sourceLocation: sourceLocation)
    #expect(found.first?.rule == rule, "rule of \(found)", sourceLocation: sourceLocation)
    #expect(!(found.first?.message.isEmpty ?? true), sourceLocation: sourceLocation)
}

@Suite struct ServerJSONValidatorTests {
    // MARK: Valid documents

    @Test func completeDocumentIsValid() {
        let result = ServerJSONValidator.validate(data: Data(validServerJSON.utf8))
        #expect(result.object != nil)
        #expect(result.issues == [], "\(result.issues)")
    }

    @Test func minimalDocumentIsValid() {
        let document: [String: Any] = ["name": "com.example/x", "description": "d", "version": "2024-06-01"]
        #expect(ServerJSONValidator.validate(document) == [])
    }

    @Test func nativeSwiftValuesAreAccepted() {
        let document: [String: Any] = [
            "name": "com.example/server", "description": "Native values", "version": "1.0.0",
            "packages": [["registryType": "npm", "identifier": "x", "transport": ["type": "stdio"],
                          "environmentVariables": [["name": "A", "isSecret": true, "isRequired": false]]]],
        ]
        #expect(ServerJSONValidator.validate(document) == [])
    }

    // MARK: Parsing and document shape

    @Test func unparsableBytesGiveJSONIssue() {
        let result = ServerJSONValidator.validate(data: Data(#"{"name": "a/b", "#.utf8))
        #expect(result.object == nil)
        expectSingle(result.issues, pointer: "", rule: "json")
    }

    @Test func nonObjectDocument() {
        let result = ServerJSONValidator.validate(data: Data("[1, 2]".utf8))
        #expect(result.object == nil)
        expectSingle(result.issues, pointer: "", rule: "type")
        expectSingle(ServerJSONValidator.validate("just a string"), pointer: "", rule: "type")
    }

    @Test func parsedObjectIsReturnedEvenWhenInvalid() {
        let result = ServerJSONValidator.validate(data: Data(#"{"name": "noslash", "description": "d", "version": "1"}"#.utf8))
        #expect(result.object?["name"] as? String == "noslash")
        expectSingle(result.issues, pointer: "/name", rule: "name-format")
    }

    // MARK: Required members

    @Test(arguments: ["name", "description", "version"])
    func missingRequiredTopLevel(key: String) {
        expectSingle(issues { $0[key] = nil }, pointer: "/\(key)", rule: "required")
    }

    @Test func emptyDocumentReportsAllRequiredInOrder() {
        let found = ServerJSONValidator.validate([String: Any]())
        #expect(found.map(\.pointer) == ["/name", "/description", "/version"])
        #expect(found.allSatisfy { $0.rule == "required" })
    }

    @Test func missingPackageMembers() {
        expectSingle(issues { set(&$0, ["packages", 0, "registryType"], nil) }, pointer: "/packages/0/registryType", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 1, "identifier"], nil) }, pointer: "/packages/1/identifier", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 1, "transport"], nil) }, pointer: "/packages/1/transport", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 1, "transport", "type"], nil) }, pointer: "/packages/1/transport/type", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 0, "environmentVariables", 1, "name"], nil) },
                     pointer: "/packages/0/environmentVariables/1/name", rule: "required")
    }

    @Test func missingRemoteAndRepositoryMembers() {
        expectSingle(issues { set(&$0, ["remotes", 1, "url"], nil) }, pointer: "/remotes/1/url", rule: "required")
        expectSingle(issues { set(&$0, ["remotes", 1, "type"], nil) }, pointer: "/remotes/1/type", rule: "required")
        expectSingle(issues { set(&$0, ["remotes", 0, "headers", 0, "name"], nil) }, pointer: "/remotes/0/headers/0/name", rule: "required")
        expectSingle(issues { set(&$0, ["repository", "source"], nil) }, pointer: "/repository/source", rule: "required")
        expectSingle(issues { set(&$0, ["icons", 0, "src"], nil) }, pointer: "/icons/0/src", rule: "required")
    }

    @Test func streamableHTTPPackageTransportNeedsURL() {
        expectSingle(issues { set(&$0, ["packages", 2, "transport", "url"], nil) }, pointer: "/packages/2/transport/url", rule: "required")
    }

    @Test func argumentRequirements() {
        expectSingle(issues { set(&$0, ["packages", 0, "packageArguments", 1, "name"], nil) },
                     pointer: "/packages/0/packageArguments/1/name", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 0, "packageArguments", 0, "valueHint"], nil) },
                     pointer: "/packages/0/packageArguments/0/valueHint", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 0, "runtimeArguments", 0, "type"], nil) },
                     pointer: "/packages/0/runtimeArguments/0/type", rule: "required")
        expectSingle(issues { set(&$0, ["packages", 0, "runtimeArguments", 0, "type"], "flag") },
                     pointer: "/packages/0/runtimeArguments/0/type", rule: "enum")
    }

    @Test func mcpbPackageNeedsFileHash() {
        let package: [String: Any] = ["registryType": "mcpb", "identifier": "https://github.com/acme/weather/releases/download/v1.2.3/weather.mcpb",
                                      "transport": ["type": "stdio"]]
        expectSingle(issues { $0["packages"] = [package] }, pointer: "/packages/0/fileSha256", rule: "required")
        var hashed = package
        hashed["fileSha256"] = String(repeating: "ab", count: 32)
        #expect(issues { $0["packages"] = [hashed] } == [])
        hashed["fileSha256"] = String(repeating: "AB", count: 32)
        expectSingle(issues { $0["packages"] = [hashed] }, pointer: "/packages/0/fileSha256", rule: "pattern")
    }

    // MARK: Types

    @Test func wrongTypes() {
        expectSingle(issues { $0["name"] = 42 }, pointer: "/name", rule: "type")
        expectSingle(issues { $0["description"] = ["a"] }, pointer: "/description", rule: "type")
        expectSingle(issues { $0["version"] = 1.5 }, pointer: "/version", rule: "type")
        expectSingle(issues { $0["version"] = NSNull() }, pointer: "/version", rule: "type")
        expectSingle(issues { $0["title"] = true }, pointer: "/title", rule: "type")
        expectSingle(issues { $0["repository"] = "https://github.com/acme/weather" }, pointer: "/repository", rule: "type")
        expectSingle(issues { $0["remotes"] = ["type": "sse"] }, pointer: "/remotes", rule: "type")
        expectSingle(issues { $0["icons"] = "https://acme.example.com/icon.png" }, pointer: "/icons", rule: "type")
        expectSingle(issues { $0["$schema"] = 7 }, pointer: "/$schema", rule: "type")
    }

    @Test func packagesNotAnArray() {
        expectSingle(issues { $0["packages"] = ["registryType": "npm"] }, pointer: "/packages", rule: "type")
        expectSingle(issues { $0["packages"] = "npm" }, pointer: "/packages", rule: "type")
        expectSingle(issues { $0["packages"] = ["npm"] }, pointer: "/packages/0", rule: "type")
    }

    @Test func nestedWrongTypes() {
        expectSingle(issues { set(&$0, ["packages", 0, "environmentVariables", 0, "isSecret"], "yes") },
                     pointer: "/packages/0/environmentVariables/0/isSecret", rule: "type")
        expectSingle(issues { set(&$0, ["packages", 0, "environmentVariables", 0, "isRequired"], 1) },
                     pointer: "/packages/0/environmentVariables/0/isRequired", rule: "type")
        expectSingle(issues { set(&$0, ["packages", 0, "transport"], "stdio") }, pointer: "/packages/0/transport", rule: "type")
        expectSingle(issues { set(&$0, ["packages", 0, "packageArguments", 0, "choices"], ["metric", 2]) },
                     pointer: "/packages/0/packageArguments/0/choices/1", rule: "type")
        expectSingle(issues { set(&$0, ["remotes", 0, "variables"], ["tenant"]) }, pointer: "/remotes/0/variables", rule: "type")
        expectSingle(issues { set(&$0, ["remotes", 0, "headers"], ["Authorization": "x"]) }, pointer: "/remotes/0/headers", rule: "type")
        expectSingle(issues { set(&$0, ["packages", 0, "packageArguments", 1, "variables", "port"], "8080") },
                     pointer: "/packages/0/packageArguments/1/variables/port", rule: "type")
    }

    @Test func booleanFromJSONIsNotANumberAndViceVersa() {
        let result = ServerJSONValidator.validate(data: Data(#"""
            {"name": "com.example/x", "description": "d", "version": "1.0.0",
             "packages": [{"registryType": "npm", "identifier": "x", "transport": {"type": "stdio"},
                           "environmentVariables": [{"name": "A", "isSecret": 1}, {"name": "B", "isSecret": false}]}]}
            """#.utf8))
        expectSingle(result.issues, pointer: "/packages/0/environmentVariables/0/isSecret", rule: "type")
    }

    @Test func metaMustBeAnObject() {
        expectSingle(issues { $0["_meta"] = "x" }, pointer: "/_meta", rule: "type")
        expectSingle(issues { $0["_meta"] = ["io.modelcontextprotocol.registry/publisher-provided": [1]] },
                     pointer: "/_meta/io.modelcontextprotocol.registry~1publisher-provided", rule: "type")
        let big = String(repeating: "x", count: 5000)
        expectSingle(issues { $0["_meta"] = ["io.modelcontextprotocol.registry/publisher-provided": ["blob": big]] },
                     pointer: "/_meta/io.modelcontextprotocol.registry~1publisher-provided", rule: "max-size")
    }

    @Test func unknownTopLevelKeysAreAllowed() {
        #expect(issues { $0["somethingElse"] = [1, 2, 3]; $0["x-vendor"] = "v" } == [])
    }

    // MARK: Name

    @Test(arguments: ["noslash", "a/b/c", "x", "io.github.acme/my server", "io github.acme/weather", "/weather", "io.github.acme/",
                      "io.github.acme/weather!", "io_github.acme/weather", "-io.github.acme/weather", "io.github.acme/weather-",
                      String(repeating: "a", count: 150) + "/" + String(repeating: "b", count: 60)])
    func badNames(name: String) {
        expectSingle(issues { $0["name"] = name }, pointer: "/name", rule: "name-format")
    }

    @Test(arguments: ["io.github.acme/weather", "com.example/x", "a/b", "io.github.Acme-Corp/weather_v2.server", "a.b-c/d._-e"])
    func goodNames(name: String) {
        #expect(issues { $0["name"] = name } == [])
    }

    // MARK: Description and title

    @Test func descriptionLength() {
        expectSingle(issues { $0["description"] = "" }, pointer: "/description", rule: "min-length")
        expectSingle(issues { $0["description"] = String(repeating: "d", count: 101) }, pointer: "/description", rule: "max-length")
        #expect(issues { $0["description"] = String(repeating: "d", count: 100) } == [])
        #expect(issues { $0["description"] = String(repeating: "é", count: 100) } == [])
        expectSingle(issues { $0["description"] = "   " }, pointer: "/description", rule: "blank")
    }

    @Test func titleLength() {
        expectSingle(issues { $0["title"] = "" }, pointer: "/title", rule: "min-length")
        expectSingle(issues { $0["title"] = String(repeating: "t", count: 101) }, pointer: "/title", rule: "max-length")
    }

    // MARK: Version

    @Test(arguments: ["latest", "^1.2.0", ">=1", "1.x", "~1", "*", "1.*", "1.2.X", "<2", "=1.0.0", "1 - 2", "1.2.3 - 2.0.0", "1.2 || 1.3", "^1.2", "x"])
    func rangeVersionsAreRejected(version: String) {
        expectSingle(issues { $0["version"] = version }, pointer: "/version", rule: "version-range")
    }

    @Test(arguments: ["1.0.0", "1.0.0-alpha.1+build.5", "2024.06.01", "v1.2.3", "1.0.0-x.7.z.92", "1.0", "build-42", "1.0.0-rc.1"])
    func specificVersionsAreAccepted(version: String) {
        #expect(issues { $0["version"] = version } == [])
    }

    @Test func versionLength() {
        expectSingle(issues { $0["version"] = String(repeating: "1", count: 256) }, pointer: "/version", rule: "max-length")
        #expect(issues { $0["version"] = String(repeating: "1", count: 255) } == [])
        expectSingle(issues { $0["version"] = "" }, pointer: "/version", rule: "min-length")
    }

    @Test func packageVersionRules() {
        expectSingle(issues { set(&$0, ["packages", 0, "version"], "latest") }, pointer: "/packages/0/version", rule: "version-range")
        expectSingle(issues { set(&$0, ["packages", 1, "version"], "^1.2.3") }, pointer: "/packages/1/version", rule: "version-range")
        expectSingle(issues { set(&$0, ["packages", 1, "version"], "") }, pointer: "/packages/1/version", rule: "min-length")
    }

    // MARK: URLs

    @Test func remoteURLMustBeHTTP() {
        expectSingle(issues { set(&$0, ["remotes", 1, "url"], "ftp://weather.acme.example.com/mcp") }, pointer: "/remotes/1/url", rule: "format-uri")
        expectSingle(issues { set(&$0, ["remotes", 1, "url"], "weather.acme.example.com/mcp") }, pointer: "/remotes/1/url", rule: "format-uri")
        expectSingle(issues { set(&$0, ["remotes", 1, "url"], "https://has space.example.com/") }, pointer: "/remotes/1/url", rule: "format-uri")
        expectSingle(issues { set(&$0, ["remotes", 1, "url"], "{base}/mcp") }, pointer: "/remotes/1/url", rule: "format-uri")
        #expect(issues { set(&$0, ["remotes", 1, "url"], "http://weather.internal:8080/mcp") } == [])
    }

    @Test func urlTemplateVariablesMustBeDeclared() {
        expectSingle(issues { set(&$0, ["remotes", 0, "variables"], nil) }, pointer: "/remotes/0/url", rule: "url-variable")
        expectSingle(issues { set(&$0, ["packages", 2, "transport", "url"], "http://localhost:{listen_port}/mcp") },
                     pointer: "/packages/2/transport/url", rule: "url-variable")
        // A package transport URL may start with a template variable that the package declares.
        #expect(issues {
            set(&$0, ["packages", 2, "transport", "url"], "{base_url}/mcp")
            set(&$0, ["packages", 2, "environmentVariables"], [["name": "base_url"]])
        } == [])
    }

    @Test func packageTransportURL() {
        expectSingle(issues { set(&$0, ["packages", 2, "transport", "url"], "tcp://localhost:9000") },
                     pointer: "/packages/2/transport/url", rule: "format-uri")
        expectSingle(issues { set(&$0, ["packages", 1, "transport", "url"], "https://example.com/mcp") },
                     pointer: "/packages/1/transport/url", rule: "transport-url")
    }

    @Test func otherURLFormats() {
        expectSingle(issues { $0["websiteUrl"] = "not a url" }, pointer: "/websiteUrl", rule: "format-uri")
        expectSingle(issues { $0["websiteUrl"] = "http://acme.example.com" }, pointer: "/websiteUrl", rule: "format-uri")
        expectSingle(issues { $0["$schema"] = "server.schema.json" }, pointer: "/$schema", rule: "format-uri")
        expectSingle(issues { set(&$0, ["repository", "url"], "github.com/acme/weather") }, pointer: "/repository/url", rule: "format-uri")
        expectSingle(issues { set(&$0, ["icons", 1, "src"], "data:image/png;base64,AAAA") }, pointer: "/icons/1/src", rule: "format-uri")
        expectSingle(issues { set(&$0, ["icons", 1, "src"], "https://acme.example.com/" + String(repeating: "i", count: 250)) },
                     pointer: "/icons/1/src", rule: "max-length")
        expectSingle(issues { set(&$0, ["packages", 0, "registryBaseUrl"], "registry.npmjs.org") },
                     pointer: "/packages/0/registryBaseUrl", rule: "format-uri")
    }

    // MARK: Transports and enums

    @Test func unknownTransportType() {
        expectSingle(issues { set(&$0, ["packages", 0, "transport", "type"], "websocket") }, pointer: "/packages/0/transport/type", rule: "unknown-transport")
        expectSingle(issues { set(&$0, ["remotes", 1, "type"], "ws") }, pointer: "/remotes/1/type", rule: "unknown-transport")
        expectSingle(issues { $0["remotes"] = [["type": "stdio", "url": "https://example.com/mcp"]] }, pointer: "/remotes/0/type", rule: "enum")
    }

    @Test func enums() {
        expectSingle(issues { set(&$0, ["icons", 0, "mimeType"], "image/gif") }, pointer: "/icons/0/mimeType", rule: "enum")
        expectSingle(issues { set(&$0, ["icons", 0, "theme"], "blue") }, pointer: "/icons/0/theme", rule: "enum")
        expectSingle(issues { set(&$0, ["icons", 0, "sizes"], ["48x48", "large"]) }, pointer: "/icons/0/sizes/1", rule: "pattern")
        expectSingle(issues { set(&$0, ["packages", 0, "environmentVariables", 1, "format"], "uuid") },
                     pointer: "/packages/0/environmentVariables/1/format", rule: "enum")
        expectSingle(issues { set(&$0, ["packages", 0, "packageArguments", 0, "default"], "kelvin") },
                     pointer: "/packages/0/packageArguments/0/default", rule: "enum")
    }

    // MARK: Official semantic rules

    @Test func semanticRules() {
        expectSingle(issues { set(&$0, ["packages", 0, "identifier"], "@acme/weather mcp") }, pointer: "/packages/0/identifier", rule: "identifier-format")
        expectSingle(issues { set(&$0, ["packages", 0, "runtimeArguments", 0, "name"], "--dir <path>") },
                     pointer: "/packages/0/runtimeArguments/0/name", rule: "argument-name")
        expectSingle(issues { set(&$0, ["packages", 0, "runtimeArguments", 0, "value"], "--yes=true") },
                     pointer: "/packages/0/runtimeArguments/0/value", rule: "argument-value")
        for bad in ["/abs", "../up", "a//b", "trailing/", "a/./b", "sp ace"] {
            expectSingle(issues { set(&$0, ["repository", "subfolder"], bad) }, pointer: "/repository/subfolder", rule: "subfolder")
        }
    }

    @Test func emptyRepositoryBlockIsAccepted() {
        #expect(issues { $0["repository"] = ["url": "", "source": ""] } == [])
    }

    // MARK: Order, pointers, messages

    @Test func issuesComeInDocumentOrder() {
        let found = issues {
            $0["name"] = "bad"
            $0["version"] = "^1"
            set(&$0, ["packages", 1, "transport", "type"], "pipe")
            set(&$0, ["packages", 0, "identifier"], 5)
            set(&$0, ["remotes", 1, "url"], "ftp://x")
        }
        #expect(found.map(\.pointer) == ["/name", "/version", "/packages/0/identifier", "/packages/1/transport/type", "/remotes/1/url"])
        #expect(found.map(\.rule) == ["name-format", "version-range", "type", "unknown-transport", "format-uri"])
    }

    @Test func pointersEscapeSpecialCharacters() {
        expectSingle(issues { set(&$0, ["remotes", 0, "variables", "a/b~c"], ["isSecret": "no"]) },
                     pointer: "/remotes/0/variables/a~1b~0c/isSecret", rule: "type")
    }

    @Test func messagesNeverEchoSecretLookingValues() {
        let token = "ghp_" + String(repeating: "A1b2", count: 9)
        let found = issues {
            set(&$0, ["remotes", 1, "type"], token)
            $0["version"] = "^" + token
            set(&$0, ["icons", 0, "theme"], "Bearer " + token)
        }
        #expect(found.count == 3)
        for issue in found {
            #expect(!issue.message.contains(token), "\(issue.message)")
            #expect(!issue.message.contains("A1b2A1b2"), "\(issue.message)")
        }
    }

    @Test func messagesNameHarmlessValues() {
        let found = issues { set(&$0, ["packages", 0, "transport", "type"], "websocket") }
        #expect(found.first?.message.contains("\"websocket\"") == true)
    }

    @Test func issuesAreCodable() throws {
        let issue = ValidationIssue(pointer: "/name", rule: "name-format", message: "m")
        let decoded = try JSONDecoder().decode(ValidationIssue.self, from: JSONEncoder().encode(issue))
        #expect(decoded == issue)
    }
}
