import Foundation

/// Runs blocking libgit2 work on threads of its own, never on Swift's cooperative pool.
///
/// Each closure opens its own repository handles (libgit2 handles are not shared between threads).
public enum GitWork {
    private static let queue = DispatchQueue(label: "plaza.git", qos: .utility, attributes: .concurrent)

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
