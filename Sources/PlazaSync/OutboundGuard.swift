import Foundation
import PlazaCatalog

/// Applies the ``OutboundPolicy`` before a fetch, including what the host name resolves to.
struct OutboundGuard: Sendable {
    let policy: OutboundPolicy

    /// Throws the violation naming the rule, or returns when the URL may be fetched.
    func check(_ url: String) throws {
        if let violation = policy.check(url) { throw violation }
        guard !policy.allowLinkLocal, let host = OutboundPolicy.host(of: url), !host.isEmpty else { return }
        if let violation = policy.check(resolvedAddresses: Self.resolve(host), host: host) { throw violation }
    }

    /// The addresses `host` resolves to (empty when it does not resolve; the fetch then fails on its own).
    static func resolve(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(result) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: buffer))
            }
            cursor = info.pointee.ai_next
        }
        return addresses
    }
}

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension OutboundGuard {
    /// Checks `url`, then, for http(s), follows the smart-HTTP discovery redirects itself, checking
    /// every hop against the policy. Returns the URL to fetch from (the end of the redirect chain);
    /// the caller fetches it with libgit2's own redirect following off, so nothing is followed
    /// unchecked. Credentials are never sent while probing.
    func checkedFetchURL(_ url: String) throws -> String {
        try check(url)
        let scheme = OutboundPolicy.scheme(of: url)
        guard scheme == "https" || scheme == "http" else { return url }
        var current = url
        for _ in 0..<Self.maximumRedirects {
            guard let location = RedirectProbe.location(after: Self.discoveryURL(current)) else { return current }
            guard let target = Self.repositoryURL(fromDiscovery: location) else {
                throw OutboundPolicy.Violation(rule: "redirect", message: "\(current) redirects to \(location), which is not a git discovery URL")
            }
            do {
                try check(target)
            } catch let violation as OutboundPolicy.Violation {
                throw OutboundPolicy.Violation(rule: violation.rule, message: "\(current) redirects to \(target): \(violation.message)")
            }
            current = target
        }
        throw OutboundPolicy.Violation(rule: "redirect", message: "\(url) redirects more than \(Self.maximumRedirects) times")
    }

    static let maximumRedirects = 5
    static let discoverySuffix = "/info/refs?service=git-upload-pack"

    static func discoveryURL(_ repository: String) -> String {
        (repository.hasSuffix("/") ? String(repository.dropLast()) : repository) + discoverySuffix
    }

    /// The repository URL a discovery redirect points at (its location without the discovery suffix).
    static func repositoryURL(fromDiscovery location: String) -> String? {
        guard location.hasSuffix(discoverySuffix) else { return nil }
        return String(location.dropLast(discoverySuffix.count))
    }
}

/// One unauthenticated request that reports a redirect's absolute target instead of following it.
enum RedirectProbe {
    private final class RefuseRedirects: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var location: String?
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
            location = request.url?.absoluteString
            completionHandler(nil)
            task.cancel()
        }

        /// Any other answer ends the probe at once: only a redirect's target matters.
        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            completionHandler(.cancel)
        }

        /// Never answers an authentication challenge: probes carry no credentials.
        func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                        completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
            completionHandler(.cancelAuthenticationChallenge, nil)
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            done.signal()
        }
    }

    /// The absolute URL `url` redirects to, or nil when it answers otherwise or cannot be reached
    /// (the fetch then reports its own error).
    static func location(after url: String) -> String? {
        guard let target = URL(string: url) else { return nil }
        let delegate = RefuseRedirects()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        let session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: target)
        request.setValue("git/2.0 (plaza)", forHTTPHeaderField: "User-Agent")
        let task = session.dataTask(with: request)
        task.resume()
        if delegate.done.wait(timeout: .now() + 15) == .timedOut { task.cancel() }
        return delegate.location
    }
}
