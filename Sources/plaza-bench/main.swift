import Foundation

// plaza-bench: measures the figures the issues name, as ratios against a baseline measured in the
// same run. Build and run in release mode:
//
//     swift build -c release && .build/release/plaza-bench [mirror|validate|sync|search|identity|install|tls|promote|registry|all] [--iterations N]
//
// See Docs/Benchmarks.md for what each figure means and the latest numbers.

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "validate-child" {
    ValidateBenchmark.child(mirrorPath: arguments[1], ref: arguments[2])
    exit(0)
}
let iterations = arguments.firstIndex(of: "--iterations").flatMap { Int(arguments[$0 + 1]) } ?? 9
let which = arguments.first { !$0.hasPrefix("--") && Int($0) == nil } ?? "all"

do {
    print("# plaza-bench (\(iterations) iterations, median; host: \(ProcessInfo.processInfo.activeProcessorCount) cores)\n")
    if which == "all" || which == "mirror" { try MirrorBenchmark(iterations: iterations).run() }
    if which == "all" || which == "validate" { try ValidateBenchmark(iterations: max(3, iterations / 2)).run() }
    if which == "all" || which == "sync" { try SyncBenchmark(iterations: iterations).run() }
    if which == "all" || which == "search" { try SearchBenchmark(iterations: iterations).run() }
    if which == "all" || which == "identity" { try IdentityBenchmark(iterations: iterations).run() }
    if which == "all" || which == "install" { try InstallBenchmark(iterations: iterations).run() }
    if which == "all" || which == "tls" { try TLSBenchmark(iterations: iterations).run() }
    if which == "all" || which == "promote" { try PromoteBenchmark(iterations: iterations).run() }
    if which == "all" || which == "registry" { var registry = RegistryBenchmark(iterations: iterations); try registry.run() }
} catch {
    FileHandle.standardError.write(Data("plaza-bench: \(error)\n".utf8))
    exit(1)
}
