// swift-tools-version: 6.0
// Coverage-guided fuzzers (libFuzzer) for Plaza's parsers. A separate package so that the main
// package's `swift build` and `swift test` never see them; built and run by `.ci/fuzz`:
//
//   swift build -c release --package-path Fuzz --scratch-path .build/fuzz \
//       -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xcc -fsanitize=fuzzer-no-link
//
// Each executable is one libFuzzer entry point (`LLVMFuzzerTestOneInput`) over one input kind; its
// `<module>_main` (what SwiftPM links `main` to) runs libFuzzer's driver. See Docs/Fuzzing.md.
import PackageDescription

let targets = ["fuzz-json", "fuzz-yaml", "fuzz-manifests", "fuzz-loader", "fuzz-server-json"]

let package = Package(
    name: "PlazaFuzz",
    platforms: [.macOS(.v14)],
    // The same Yams requirement as ../Package.swift. Plaza's modules are symlinked from ../Sources
    // rather than depended on by path, so this package resolves and checks out only Yams.
    dependencies: [.package(url: "https://github.com/jpsim/Yams", from: "6.2.2")],
    targets: [
        .target(name: "PlazaFormats", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(name: "PlazaCatalog", dependencies: ["PlazaFormats"]),
        .target(name: "PlazaRegistry", dependencies: ["PlazaCatalog"]),
        // What each fuzzer feeds its input to; plain functions, so a reproducer can also be replayed
        // from a test by calling the same function.
        .target(name: "PlazaFuzzTargets", dependencies: ["PlazaFormats", "PlazaRegistry"]),
    ] + targets.map { .executableTarget(name: $0, dependencies: ["PlazaFuzzTargets"]) }
)
