import Crypto
import Foundation
import _CryptoExtras
import PlazaCatalog

/// RS256 JSON Web Tokens for GitHub Apps: `iat` 60 s in the past, `exp` 9 minutes ahead, integer seconds.
public enum AppJWT {
    public static func make(issuer: String, privateKeyPEM: String, now: Date = Date()) throws -> String {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        let header = Base64URL.encode(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8))
        let issuedAt = Int(now.timeIntervalSince1970) - 60
        let claims = try JSONSerialization.data(withJSONObject: ["iat": issuedAt, "exp": issuedAt + 60 + 540, "iss": issuer], options: [.sortedKeys])
        let signingInput = header + "." + Base64URL.encode(claims)
        let signature = try key.signature(for: SHA256.hash(data: Data(signingInput.utf8)), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }
}
