import Foundation

/// Blocking socket helpers for the egress proxy (which runs on threads of its own).
enum Socket {
    static func setTimeouts(_ fd: Int32, seconds: Int) {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Reads until the end of an HTTP head; returns the head (without the blank line) and any bytes after it.
    static func readHead(_ fd: Int32, limit: Int) -> (String, [UInt8])? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = [13, 10, 13, 10]
        while buffer.count < limit {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            let searchFrom = max(0, buffer.count - 3)
            buffer.append(contentsOf: chunk[0..<count])
            if let end = buffer[searchFrom...].firstRange(of: terminator) {
                guard let head = String(bytes: buffer[..<end.lowerBound], encoding: .utf8) else { return nil }
                return (head, Array(buffer[end.upperBound...]))
            }
        }
        return nil
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    static func respond(_ fd: Int32, _ status: Int, _ message: String) {
        let reason = [400: "Bad Request", 403: "Forbidden", 502: "Bad Gateway"][status] ?? "Error"
        let body = Array((message + "\n").utf8)
        let head = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        _ = writeAll(fd, Array(head.utf8) + body)
    }

    struct ConnectError: Error, CustomStringConvertible {
        let description: String
    }

    /// Connects to exactly `address` (no name resolution).
    static func connect(to address: IPAddress, port: Int, timeoutSeconds: Int) -> Result<Int32, ConnectError> {
        let family: Int32
        if case .v4 = address { family = AF_INET } else { family = AF_INET6 }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(ConnectError(description: "socket: errno \(errno)")) }
        setTimeouts(fd, seconds: timeoutSeconds)
        let result: Int32
        switch address {
        case .v4(let value):
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = UInt16(port).bigEndian
            socketAddress.sin_addr.s_addr = value.bigEndian
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let bytes):
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = UInt16(port).bigEndian
            withUnsafeMutableBytes(of: &socketAddress.sin6_addr) { $0.copyBytes(from: bytes) }
            result = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            return .failure(ConnectError(description: "\(address): \(message)"))
        }
        setTimeouts(fd, seconds: EgressProxy.idleSeconds)
        return .success(fd)
    }

    /// Copies bytes both ways until the upstream closes, either side fails, or nothing moves for
    /// `idleSeconds`. The client's end of input is passed on as a half-close. With `closeAfterResponse`
    /// the response head gets `Connection: close`, so the client opens a new (checked) connection for
    /// its next request instead of reusing one the origin is about to close.
    static func relay(_ client: Int32, _ upstream: Int32, idleSeconds: Int, closeAfterResponse: Bool = false) {
        setTimeouts(client, seconds: idleSeconds)
        var fds = [pollfd(fd: client, events: Int16(POLLIN), revents: 0), pollfd(fd: upstream, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pendingHead: [UInt8]? = closeAfterResponse ? [] : nil
        while true {
            let ready = poll(&fds, nfds_t(fds.count), Int32(idleSeconds * 1000))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { return }
            for index in 0..<2 where fds[index].fd >= 0 && fds[index].revents != 0 {
                let source = fds[index].fd, target = index == 0 ? upstream : client
                let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
                if count <= 0 {
                    if index == 1 {
                        if let pendingHead, !pendingHead.isEmpty { _ = writeAll(client, pendingHead) }
                        return
                    }
                    shutdown(upstream, Int32(SHUT_WR))
                    fds[0].fd = -1
                    continue
                }
                var bytes = Array(buffer[0..<count])
                if index == 1, let head = pendingHead {
                    let joined = head + bytes
                    guard let end = joined.firstRange(of: [13, 10, 13, 10]) else {
                        pendingHead = joined
                        continue
                    }
                    bytes = closing(Array(joined[..<end.lowerBound])) + Array(joined[end.lowerBound...])
                    pendingHead = nil
                }
                guard writeAll(target, bytes) else { return }
            }
        }
    }

    /// A response head with its connection headers replaced by `Connection: close`.
    static func closing(_ head: [UInt8]) -> [UInt8] {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n").filter { line in
            let name = line.prefix { $0 != ":" }.lowercased()
            return name != "connection" && name != "keep-alive"
        }
        return Array((lines + ["Connection: close"]).joined(separator: "\r\n").utf8)
    }
}
