// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Plaza",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "plaza", targets: ["plaza"]),
        .library(name: "PlazaFormats", targets: ["PlazaFormats"]),
        .library(name: "PlazaGit", targets: ["PlazaGit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev), found through pkg-config.
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // Git access: bare mirrors, credentials, reading trees and blobs at commits. The only
        // module that sees libgit2 pointers.
        .target(
            name: "PlazaGit",
            dependencies: ["CLibGit2", .product(name: "Logging", package: "swift-log")]
        ),
        // Manifest models, parsing and validation. Pure: reads bytes from a snapshot it is handed.
        .target(
            name: "PlazaFormats",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Where marketplace bytes come from: a directory on disk or a commit in a git mirror.
        .target(
            name: "PlazaSources",
            dependencies: ["PlazaGit", "PlazaFormats", .product(name: "Logging", package: "swift-log")]
        ),
        // The `plaza` command line: argument parsing, output rendering, exit codes.
        .target(
            name: "PlazaCLI",
            dependencies: [
                "PlazaSources", "PlazaFormats", "PlazaGit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "plaza", dependencies: ["PlazaCLI"]),
        // Benchmarks for the figures the issues name; run in release mode (see Docs/Benchmarks.md).
        .executableTarget(
            name: "plaza-bench",
            dependencies: ["PlazaGit", "PlazaSources", "PlazaFormats", "PlazaTestSupport"]
        ),
        // Real git repositories and a real smart-HTTP git server for tests and benchmarks.
        .target(name: "PlazaTestSupport", path: "Tests/PlazaTestSupport", exclude: ["git-http-server.py"]),
        .testTarget(name: "PlazaGitTests", dependencies: ["PlazaGit", "PlazaTestSupport"]),
        .testTarget(name: "PlazaFormatsTests", dependencies: ["PlazaFormats"]),
        .testTarget(name: "PlazaSourcesTests", dependencies: ["PlazaSources", "PlazaGit", "PlazaFormats", "PlazaTestSupport"]),
        .testTarget(name: "PlazaCLITests", dependencies: ["PlazaCLI", "PlazaTestSupport"]),
    ]
)
