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

/// Runs `body` with the fetch options' proxy configured as asked.
func withProxy<R>(_ proxy: ProxySetting, into options: inout git_fetch_options, _ body: (inout git_fetch_options) -> R) -> R {
    git_proxy_options_init(&options.proxy_opts, UInt32(GIT_PROXY_OPTIONS_VERSION))
    switch proxy {
    case .none:
        options.proxy_opts.type = GIT_PROXY_NONE
        return body(&options)
    case .automatic:
        options.proxy_opts.type = GIT_PROXY_AUTO
        return body(&options)
    case .url(let url):
        options.proxy_opts.type = GIT_PROXY_SPECIFIED
        return url.withCString { pointer in
            options.proxy_opts.url = pointer
            return body(&options)
        }
    }
}
