import Foundation
import Hummingbird

/// Path parameters as callers meant them: percent-decoded exactly once, here, for every route.
///
/// The router matches the encoded path (`%D0%BEkplug`, `io.github.acme%2Fweather` stay one
/// segment); routes read names through these helpers so that a pin on a non-ASCII plugin name, a
/// registry name with `/` and a target `environment:prod` all mean the same thing everywhere.
extension PlazaRequestContext {
    /// The decoded value of path parameter `name`; 400 when it is not valid percent-encoding.
    func path(_ name: String) throws -> String {
        try Self.decode(try parameters.require(name), what: name)
    }

    /// The decoded segments matched by `**`, joined with `/`.
    func catchAllPath() throws -> String {
        try parameters.getCatchAll().map { try Self.decode(String($0), what: "file path") }.joined(separator: "/")
    }

    private static func decode(_ raw: String, what: String) throws -> String {
        guard raw.contains("%") else { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw Problem.badRequest("the \(what) in the path is not valid percent-encoding")
        }
        return decoded
    }
}
