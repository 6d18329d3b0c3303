import Hummingbird
import Logging

/// Runs a Hummingbird router on a free 127.0.0.1 port for a test double (fake GitHub, redirects).
enum LoopbackApplication {
    /// Starts serving `router`; returns the running task (cancel it to stop) and the port.
    static func start(_ router: Router<BasicRequestContext>, label: String) async -> (task: Task<Void, Error>, port: Int) {
        let ready = AsyncStream<Int>.makeStream()
        var logger = Logger(label: label)
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in ready.continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var port = 0
        for await value in ready.stream { port = value; break }
        return (task, port)
    }
}
