import Foundation

/// A pointer to a secret, resolved only when the secret is used: `env:NAME` or `file:/path`.
///
/// The reference is safe to store and show; the value it resolves to is never logged.
public enum SecretReference: Sendable, Equatable, CustomStringConvertible {
    case environment(String)
    case file(String)

    /// Parses `env:NAME` or `file:/absolute/path`.
    public init(parsing text: String) throws {
        if text.hasPrefix("env:"), text.count > 4 {
            let name = String(text.dropFirst(4))
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw SecretError("'\(text)': an environment variable name has only letters, digits and '_'")
            }
            self = .environment(name)
        } else if text.hasPrefix("file:"), text.dropFirst(5).hasPrefix("/") {
            self = .file(String(text.dropFirst(5)))
        } else {
            throw SecretError("'\(text)' is not a secret reference; use env:NAME or file:/absolute/path")
        }
    }

    /// Reads the secret now. Trailing newlines of files are dropped.
    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw SecretError("environment variable \(name) is not set (secret reference \(self))")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SecretError("cannot read secret file \(path)")
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            guard !value.isEmpty else { throw SecretError("secret file \(path) is empty") }
            return value
        }
    }

    public var description: String {
        switch self {
        case .environment(let name): return "env:\(name)"
        case .file(let path): return "file:\(path)"
        }
    }
}

/// A secret reference that could not be parsed or resolved. Never contains the secret.
public struct SecretError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
