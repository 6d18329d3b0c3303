import Foundation
import Hummingbird
import Logging

/// A loopback HTTP server that answers every request with `301 Moved Permanently` to the same
/// path and query under another base URL, as a renamed or moved git host does.
public final class RedirectServer: @unchecked Sendable {
    private var task: Task<Void, Error>?
    public private(set) var port = 0
    private let target: @Sendable (String) -> String

    /// `target` maps the requested path (with query) to the absolute `Location`.
    public init(target: @escaping @Sendable (String) -> String) {
        self.target = target
    }

    public var base: String { "http://127.0.0.1:\(port)" }

    public func start() async throws {
        let router = Router()
        let target = self.target
        router.get("**") { request, _ -> Response in
            var path = request.uri.path
            if let query = request.uri.query { path += "?" + query }
            return Response(status: .movedPermanently, headers: [.location: target(path)])
        }
        let started = await LoopbackApplication.start(router, label: "redirect-server")
        task = started.task
        port = started.port
    }

    public func stop() { task?.cancel() }
}
