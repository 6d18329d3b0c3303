import Foundation
import PlazaOutbound
import Testing

@Suite("Outbound rules compare addresses, not strings")
struct AddressRulesTests {
    let open = OutboundPolicy(allowedSchemes: ["https", "http", "file", "ssh"])

    @Test("every spelling of the metadata address is refused as the metadata address", arguments: [
        "https://169.254.169.254/latest/meta-data",
        "https://[::ffff:169.254.169.254]/latest/meta-data",       // IPv4-mapped
        "https://[::ffff:a9fe:a9fe]/x.git",
        "https://[0:0:0:0:0:ffff:a9fe:a9fe]/x.git",
        "https://[::FFFF:A9FE:A9FE]/x.git",
        "https://[::169.254.169.254]/x.git",                        // IPv4-compatible
        "https://[64:ff9b::a9fe:a9fe]/x.git",                       // NAT64
        "https://[64:ff9b:1::a9fe:a9fe]/x.git",                     // local-use NAT64
        "https://[2002:a9fe:a9fe::1]/x.git",                        // 6to4
        "https://[2001:0:4136:e378:8000:63bf:5601:5601]/x.git",     // Teredo, client 169.254.169.254 inverted
        "https://0xa9fea9fe/x.git",                                  // inet_aton: hex
        "https://2852039166/x.git",                                  // one decimal number
        "https://169.254.43518/x.git",                               // three parts
        "https://0251.0376.0251.0376/x.git",                         // octal
        "https://169.254.169.254./x.git",                            // trailing dot
        "git@[::ffff:169.254.169.254]:x.git",
    ])
    func metadataSpellings(url: String) {
        #expect(open.check(url)?.rule == "metadata-address", "\(url): \(open.check(url)?.description ?? "accepted")")
    }

    @Test("other clouds' metadata endpoints, link-local, unique-local, unspecified and multicast are refused")
    func otherRanges() {
        #expect(open.check("http://100.100.100.200/latest")?.rule == "metadata-address")
        #expect(open.check("http://168.63.129.16/machine")?.rule == "metadata-address")
        #expect(open.check("http://169.254.170.2/v2/credentials")?.rule == "metadata-address")
        #expect(open.check("http://[fd00:ec2::254]/latest")?.rule == "metadata-address")
        #expect(open.check("https://169.254.10.1/x.git")?.rule == "link-local-address")
        #expect(open.check("https://[::ffff:169.254.10.1]/x.git")?.rule == "link-local-address")
        #expect(open.check("https://[fe80::1]/x.git")?.rule == "link-local-address")
        #expect(open.check("https://[fc00::1]/x.git")?.rule == "unique-local-address")
        #expect(open.check("https://0.0.0.0/x.git")?.rule == "unspecified-address")
        #expect(open.check("https://0/x.git")?.rule == "unspecified-address")
        #expect(open.check("https://[::]/x.git")?.rule == "unspecified-address")
        #expect(open.check("https://224.0.0.1/x.git")?.rule == "not-unicast")
        #expect(open.check("https://255.255.255.255/x.git")?.rule == "not-unicast")
        #expect(open.check("https://metadata.google.internal/x")?.rule == "metadata-address")
        #expect(open.check("https://METADATA.google.internal./x")?.rule == "metadata-address")
        // Ordinary addresses, private ranges included (an internal git host), pass.
        #expect(open.check("https://10.1.2.3/x.git") == nil)
        #expect(open.check("https://[2001:db8::1]/x.git") == nil)
        #expect(open.check("https://[::ffff:10.1.2.3]/x.git") == nil)
        #expect(open.check("http://127.0.0.1:8080/x.git") == nil)
    }

    @Test("a percent-encoded, non-ASCII or ambiguous host is refused, never decoded into something else")
    func encodedHosts() {
        let encoded = open.check("https://169%2e254%2e169%2e254/x.git")
        #expect(encoded?.rule == "encoded-host")
        #expect(encoded?.message.contains("169.254.169.254") == true)
        #expect(open.check("http://%31%32%37.0.0.1:9/x.git")?.rule == "encoded-host")
        #expect(open.check("https://[fe80::1%25eth0]/x.git")?.rule == "invalid-host")
        #expect(open.check("https://gіthub.com/x.git")?.rule == "non-ascii-host")   // Cyrillic і
        #expect(open.check("https://evil.example\\@github.com/x.git")?.rule == "invalid-host")
        #expect(open.check("https://a@b@github.com/x.git")?.rule == "invalid-host")
        #expect(open.check("https://999.1.1.1/x.git")?.rule == "invalid-host")
        #expect(open.check("https://github.com:99999/x.git")?.rule == "invalid-port")
        #expect(open.check("file://evil.example/etc")?.rule == "invalid-host")
    }

    @Test("control and invisible characters in URLs and refs are refused, with their position")
    func controlCharacters() {
        let nul = open.check("file:///r/good\u{0}/../../etc")
        #expect(nul?.rule == "control-character")
        #expect(nul?.message.contains("U+0000 at position 15") == true, "\(nul?.message ?? "")")
        #expect(open.check("https://github.com/a.git\nX-Injected: 1")?.rule == "control-character")
        #expect(open.check("https://github.com/a\u{202E}tig.x")?.rule == "control-character")
        #expect(OutboundURL.controlCharacterViolation(in: "main\r\n", what: "ref")?.message.contains("ref") == true)
        #expect(OutboundURL.controlCharacterViolation(in: "release/v1.2", what: "ref") == nil)
    }

    @Test("URLs are normalised once: scheme and host lowercased, numeric hosts canonical, the rest unchanged")
    func normalisation() throws {
        #expect(try OutboundURL("HTTPS://GitHub.COM./Acme/Plugins.git").normalized == "https://github.com/Acme/Plugins.git")
        #expect(try OutboundURL("http://0x7f.1:8080/r.git?x=%41").normalized == "http://127.0.0.1:8080/r.git?x=%41")
        #expect(try OutboundURL("https://[0:0:0:0:0:FFFF:0A01:0203]/r.git").normalized == "https://[::ffff:10.1.2.3]/r.git")
        #expect(try OutboundURL("git@GitHub.com:acme/p.git").normalized == "git@github.com:acme/p.git")
        #expect(try OutboundURL("/srv/git/p.git").scheme == "file")
        #expect(try OutboundURL("ssh://git@github.com/acme/p.git").host == "github.com")
        #expect(OutboundPolicy.host(of: "https://user@GitHub.com:443/x") == "github.com")
        // Messages and logs never carry a password written into a URL.
        let withPassword = try OutboundURL("https://me:s3cret@git.example.com/x.git")
        #expect(withPassword.normalized == "https://me:s3cret@git.example.com/x.git")
        #expect(withPassword.description == "https://me:***@git.example.com/x.git")
    }

    @Test("ranges and host patterns are configured as strings and read back the same")
    func codable() throws {
        let policy = OutboundPolicy(allowedAddresses: [try #require(AddressRange("169.254.0.0/16"))],
                                    allowedHosts: [try #require(HostPattern("*.GHE.com"))])
        let json = String(decoding: try JSONEncoder().encode(policy), as: UTF8.self)
        #expect(json.contains(#"["169.254.0.0\/16"]"#) && json.contains(#"["*.ghe.com"]"#), "\(json)")
        #expect(try JSONDecoder().decode(OutboundPolicy.self, from: Data(json.utf8)) == policy)
        let bad = #"{"allowedSchemes":["https"],"allowLinkLocal":false,"allowedAddresses":["10.0.0.0/40"],"deniedAddresses":[],"allowedHosts":[]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OutboundPolicy.self, from: Data(bad.utf8)) }
    }

    @Test("administrators exempt or add ranges, and can limit fetching to named hosts")
    func operatorRules() throws {
        let exempt = OutboundPolicy(allowedSchemes: ["https"], allowedAddresses: [try #require(AddressRange("169.254.0.0/16"))])
        #expect(exempt.check("https://169.254.10.1/x.git") == nil)
        #expect(exempt.check("https://[::ffff:169.254.10.1]/x.git") == nil)
        #expect(exempt.check("https://[fe80::1]/x.git")?.rule == "link-local-address")
        let denied = OutboundPolicy(allowedSchemes: ["https"], deniedAddresses: [try #require(AddressRange("10.0.0.0/8"))])
        #expect(denied.check("https://10.9.8.7/x.git")?.rule == "denied-address")
        #expect(denied.check("https://[::ffff:10.9.8.7]/x.git")?.rule == "denied-address")

        let limited = OutboundPolicy(allowedSchemes: ["https"], allowedHosts: [try #require(HostPattern("*.ghe.com")), try #require(HostPattern("github.com")),
                                                                               try #require(HostPattern("10.0.0.0/8"))])
        #expect(limited.check("https://code.ghe.com/x.git") == nil)
        #expect(limited.check("https://a.b.ghe.com/x.git") == nil)
        #expect(limited.check("https://GitHub.com/x.git") == nil)
        #expect(limited.check("https://10.2.3.4/x.git") == nil)
        #expect(limited.check("https://ghe.com/x.git")?.rule == "host-not-allowed")
        #expect(limited.check("https://evilghe.com/x.git")?.rule == "host-not-allowed")
        #expect(limited.check("https://github.com.evil.example/x.git")?.rule == "host-not-allowed")
        #expect(limited.check("https://192.168.1.1/x.git")?.rule == "host-not-allowed")
        // Allowed by name, still refused by address.
        #expect(limited.check(addresses: [.v4(0xA9FE_A9FE)], host: "code.ghe.com")?.rule == "metadata-address")
        #expect(HostPattern("*") == nil)
        #expect(HostPattern("a.*.com") == nil)
    }

    @Test("addresses parse in every resolver spelling and compare as addresses")
    func parsing() throws {
        #expect(IPAddress("127.1") == IPAddress("127.0.0.1"))
        #expect(IPAddress("2130706433")?.description == "127.0.0.1")
        #expect(IPAddress("[::ffff:a9fe:a9fe]")?.embeddedIPv4 == 0xA9FE_A9FE)
        #expect(IPAddress("::1")?.embeddedIPv4 == nil)
        #expect(IPAddress("github.com") == nil)
        #expect(IPAddress("fe80::1%eth0") == nil)
        let range = try #require(AddressRange("fe80::/10"))
        #expect(range.contains(try #require(IPAddress("febf::1"))))
        #expect(!range.contains(try #require(IPAddress("fec0::1"))))
        #expect(AddressRange("10.0.0.0/33") == nil)
    }
}
