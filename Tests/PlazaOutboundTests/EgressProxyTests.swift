import Foundation
import PlazaOutbound
import PlazaTestSupport
import Testing

/// A resolver scripted per call: the first answer, then another for every later call (DNS rebinding).
final class ScriptedResolver: HostResolver, @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    let first: [IPAddress]
    let later: [IPAddress]

    init(first: [String], later: [String]) {
        self.first = first.compactMap(IPAddress.init)
        self.later = later.compactMap(IPAddress.init)
    }

    var lookups: Int { lock.withLock { calls } }

    func addresses(of host: String) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return lock.withLock {
            calls += 1
            return calls == 1 ? first : later
        }
    }
}

/// Sends one raw request to the proxy and returns the whole answer.
func exchange(proxy: String, _ request: String, then follow: String? = nil) throws -> String {
    let port = try #require(URL(string: proxy)?.port)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    try #require(connected == 0)
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    func send(_ text: String) { let bytes = Array(text.utf8); _ = Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) }
    func receive() -> String {
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer += buffer[0..<count]
            if follow != nil, String(decoding: answer, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        return String(decoding: answer, as: UTF8.self)
    }
    send(request)
    guard let follow else { return receive() }
    let established = receive()
    send(follow)
    return established + receive()
}

@Suite("Egress proxy: one resolution per connection, checked, then connected")
struct EgressProxyTests {
    let bad = "127.0.0.2"

    func policy() throws -> OutboundPolicy {
        OutboundPolicy(allowedSchemes: ["https", "http"], deniedAddresses: [try #require(AddressRange("127.0.0.2/32"))])
    }

    @Test("a name that answers a checked address first and a refused one next never reaches the refused one")
    func rebinding() throws {
        let good = try TCPResponder(address: "127.0.0.1")
        let trap = try TCPResponder(address: bad, port: good.port)
        defer { good.stop(); trap.stop() }
        let resolver = ScriptedResolver(first: ["127.0.0.1"], later: [bad])
        let gate = OutboundGate(policy: try policy(), resolver: resolver)
        let answer = try gate.fetch("http://rebind.plaza.test:\(good.port)/repo.git") { checked -> String in
            // libgit2 fetches plain http from the proxy standing in for the checked origin.
            #expect(checked.url.hasPrefix("http://127.0.0.1:") && checked.url.hasSuffix("/repo.git"))
            #expect(checked.host == "rebind.plaza.test")
            // What libgit2 does next: a new connection through the proxy, resolved again.
            return try exchange(proxy: checked.url, "GET /repo.git/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        }
        #expect(answer.hasPrefix("HTTP/1.1 403"))
        #expect(answer.contains("outbound rule 'denied-address'"))
        #expect(good.connections == 1, "the redirect probe reached the checked address")
        #expect(trap.connections == 0, "nothing connected to the address the second answer named")
        #expect(resolver.lookups == 2)
    }

    @Test("a name resolving to any refused address is refused before anything connects")
    func mixedAnswers() throws {
        let good = try TCPResponder(address: "127.0.0.1")
        let trap = try TCPResponder(address: bad, port: good.port)
        defer { good.stop(); trap.stop() }
        let gate = OutboundGate(policy: try policy(), resolver: ScriptedResolver(first: ["127.0.0.1", bad], later: ["127.0.0.1", bad]))
        #expect(throws: OutboundPolicy.Violation.self) {
            try gate.fetch("http://mixed.plaza.test:\(good.port)/repo.git") { _ in Issue.record("the fetch must not start") }
        }
        #expect(good.connections == 0)
        #expect(trap.connections == 0)
    }

    @Test("CONNECT tunnels to the checked address; plain http is forwarded in origin form with Connection: close")
    func tunnelAndForward() throws {
        let good = try TCPResponder(address: "127.0.0.1", body: "tunnelled")
        defer { good.stop() }
        let gate = OutboundGate(policy: try policy(), resolver: ScriptedResolver(first: ["127.0.0.1"], later: ["127.0.0.1"]))
        try gate.fetch("http://git.plaza.test:\(good.port)/repo.git") { checked in
            let proxy = checked.url
            let tunnelled = try exchange(proxy: proxy, "CONNECT git.plaza.test:\(good.port) HTTP/1.1\r\nHost: git.plaza.test:\(good.port)\r\n\r\n",
                                         then: "GET / HTTP/1.1\r\nHost: git.plaza.test\r\n\r\n")
            #expect(tunnelled.hasPrefix("HTTP/1.1 200 Connection established"))
            #expect(tunnelled.hasSuffix("tunnelled"))
            let forwarded = try exchange(proxy: proxy, "GET http://git.plaza.test:\(good.port)/x HTTP/1.1\r\nHost: git.plaza.test\r\nProxy-Connection: keep-alive\r\n\r\n")
            #expect(forwarded.hasSuffix("tunnelled"))
            let standIn = try exchange(proxy: proxy, "GET /repo.git/info/refs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(standIn.hasSuffix("tunnelled"))
            let metadata = try exchange(proxy: proxy, "CONNECT [::ffff:169.254.169.254]:443 HTTP/1.1\r\n\r\n")
            #expect(metadata.hasPrefix("HTTP/1.1 403"))
            #expect(metadata.contains("metadata-address"))
            let encoded = try exchange(proxy: proxy, "GET http://169%2e254%2e169%2e254/x HTTP/1.1\r\n\r\n")
            #expect(encoded.contains("encoded-host"))
        }
    }

    @Test("strict egress refuses every host not on the list, by name and by address")
    func strictEgress() throws {
        let good = try TCPResponder(address: "127.0.0.1")
        defer { good.stop() }
        let policy = OutboundPolicy(allowedSchemes: ["http"], allowedHosts: [try #require(HostPattern("*.corp.test"))])
        let gate = OutboundGate(policy: policy, resolver: ScriptedResolver(first: ["127.0.0.1"], later: ["127.0.0.1"]))
        #expect(throws: OutboundPolicy.Violation(rule: "host-not-allowed", message: "127.0.0.1 is not among the allowed hosts (*.corp.test)")) {
            try gate.fetch("http://127.0.0.1:\(good.port)/repo.git") { _ in }
        }
        try gate.fetch("http://git.corp.test:\(good.port)/repo.git") { checked in
            let other = try exchange(proxy: checked.url, "GET http://elsewhere.test:\(good.port)/ HTTP/1.1\r\n\r\n")
            #expect(other.contains("host-not-allowed"))
        }
        #expect(good.connections == 1, "only the allowed host's probe connected")
    }
}
