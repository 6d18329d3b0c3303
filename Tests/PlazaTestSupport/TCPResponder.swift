import Foundation

/// A loopback TCP listener on a chosen address (any of 127.0.0.0/8) that counts connections and
/// answers each with a fixed HTTP response: stands in for a host an outbound rule must never reach,
/// or a plain web server.
public final class TCPResponder: @unchecked Sendable {
    public let address: String
    public private(set) var port: Int = 0
    private let lock = NSLock()
    private var accepted = 0
    private var fd: Int32 = -1
    private let response: String

    /// Listens on `address:port` (0 picks a free port).
    public init(address: String = "127.0.0.1", port: Int = 0, body: String = "ok") throws {
        self.address = address
        response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var socketAddress = sockaddr_in()
        socketAddress.sin_family = sa_family_t(AF_INET)
        socketAddress.sin_port = UInt16(port).bigEndian
        socketAddress.sin_addr.s_addr = inet_addr(address)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &socketAddress) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard ok else {
            close(fd)
            throw Shell.Failure(command: ["listen", "\(address):\(port)"], status: errno, output: "cannot listen")
        }
        self.port = Int(UInt16(bigEndian: socketAddress.sin_port))
        let listener = fd
        Thread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                lock.withLock { accepted += 1 }
                var buffer = [UInt8](repeating: 0, count: 4096)
                _ = recv(client, &buffer, buffer.count, 0)
                let bytes = Array(response.utf8)
                _ = send(client, bytes, bytes.count, Int32(MSG_NOSIGNAL))
                close(client)
            }
        }.start()
    }

    /// How many connections reached this listener.
    public var connections: Int { lock.withLock { accepted } }

    public func stop() {
        let listener = lock.withLock { () -> Int32 in
            defer { fd = -1 }
            return fd
        }
        guard listener >= 0 else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }
}
