import Crypto
import Foundation
import Hummingbird
import Logging
import _CryptoExtras

/// A local stand-in for the GitHub App API, speaking its wire format: it verifies the RS256 JWT
/// (signature with the App's public key, `iss`, `iat`/`exp` window), mints installation tokens that
/// expire, and publishes the valid ones in a file the loopback git server accepts.
public final class FakeGitHub: @unchecked Sendable {
    public let appId: String
    public let installationId: Int
    let publicKey: _RSA.Signing.PublicKey
    let tokenFile: String
    public var tokenLifetime: TimeInterval
    private let lock = NSLock()
    private var tokens: [String: Double] = [:]
    public private(set) var minted = 0
    public private(set) var rejectedJWTs = 0
    private var task: Task<Void, Error>?
    public private(set) var port = 0

    public init(appId: String, installationId: Int, publicKey: _RSA.Signing.PublicKey, tokenFile: String, tokenLifetime: TimeInterval = 3600) {
        self.appId = appId
        self.installationId = installationId
        self.publicKey = publicKey
        self.tokenFile = tokenFile
        self.tokenLifetime = tokenLifetime
    }

    public var apiBase: String { "http://127.0.0.1:\(port)" }

    public func start() async throws {
        let router = Router()
        router.post("app/installations/:id/access_tokens") { request, context -> Response in
            guard self.verify(request.headers[.authorization]) else { return Self.json(401, ["message": "A JSON web token could not be decoded"]) }
            guard context.parameters.get("id") == String(self.installationId) else { return Self.json(404, ["message": "Not Found"]) }
            let token = "ghs_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let expires = Date().addingTimeInterval(self.tokenLifetime)
            self.publish(token, expires: expires)
            return Self.json(201, ["token": token, "expires_at": ISO8601DateFormatter().string(from: expires),
                                   "permissions": ["contents": "read"], "repository_selection": "selected"])
        }
        router.get("repos/:owner/:repo/installation") { request, _ -> Response in
            guard self.verify(request.headers[.authorization]) else { return Self.json(401, ["message": "A JSON web token could not be decoded"]) }
            return Self.json(200, ["id": self.installationId, "app_id": Int(self.appId) ?? 0])
        }
        let started = await LoopbackApplication.start(router, label: "fake-github")
        task = started.task
        port = started.port
    }

    public func stop() { task?.cancel() }

    /// Removes a token from the git server's accepted list (as if GitHub revoked it).
    public func revokeAll() {
        lock.lock(); defer { lock.unlock() }
        tokens.removeAll()
        write()
    }

    private func publish(_ token: String, expires: Date) {
        lock.lock(); defer { lock.unlock() }
        minted += 1
        tokens[token] = expires.timeIntervalSince1970
        write()
    }

    private func write() {
        let data = (try? JSONSerialization.data(withJSONObject: tokens)) ?? Data("{}".utf8)
        try? data.write(to: URL(fileURLWithPath: tokenFile), options: .atomic)
    }

    private func verify(_ authorization: String?) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return reject() }
        let parts = authorization.dropFirst(7).split(separator: ".").map(String.init)
        guard parts.count == 3, let signature = decode(parts[2]), let claimsData = decode(parts[1]),
              let claims = try? JSONSerialization.jsonObject(with: claimsData) as? [String: Any],
              let header = decode(parts[0]).flatMap({ try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }),
              header["alg"] as? String == "RS256" else { return reject() }
        let valid = publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                                               for: SHA256.hash(data: Data((parts[0] + "." + parts[1]).utf8)), padding: .insecurePKCS1v1_5)
        let now = Date().timeIntervalSince1970
        guard valid, let iat = claims["iat"] as? Int, let exp = claims["exp"] as? Int, claims["iss"] as? String == appId,
              Double(iat) <= now + 5, Double(exp) > now, exp - iat <= 600 else { return reject() }
        return true
    }

    private func reject() -> Bool {
        lock.lock(); rejectedJWTs += 1; lock.unlock()
        return false
    }

    private func decode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }

    public static func json(_ status: Int, _ object: [String: Any]) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())))
    }
}
