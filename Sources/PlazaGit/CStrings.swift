import CLibGit2
import Foundation

/// Runs `body` with a `git_strarray` whose strings live for the duration of the call.
func withStringArray<R>(_ strings: [String], _ body: (git_strarray) throws -> R) rethrows -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    var mutable = pointers
    return try mutable.withUnsafeMutableBufferPointer { buffer in
        try body(git_strarray(strings: buffer.baseAddress, count: strings.count))
    }
}

/// Runs `body` with proxy options configured as asked; the proxy URL string lives for the call.
func withProxyOptions<R>(_ proxy: ProxySetting, _ body: (git_proxy_options) -> R) -> R {
    var options = git_proxy_options()
    git_proxy_options_init(&options, UInt32(GIT_PROXY_OPTIONS_VERSION))
    switch proxy {
    case .none:
        options.type = GIT_PROXY_NONE
        return body(options)
    case .automatic:
        options.type = GIT_PROXY_AUTO
        return body(options)
    case .url(let url):
        options.type = GIT_PROXY_SPECIFIED
        return url.withCString { pointer in
            options.url = pointer
            return body(options)
        }
    }
}
