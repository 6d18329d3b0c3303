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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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
        // Egress: which addresses Plaza may reach (parsed addresses and ranges, URL normalisation),
        // and the checked path every fetch takes (a per-fetch proxy that resolves once, the
        // redirect probe). Knows nothing of git or the catalog.
        .target(
            name: "PlazaOutbound",
            dependencies: [.product(name: "Logging", package: "swift-log"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")]
        ),
        // Manifest models, parsing and validation. Pure: reads bytes from a snapshot it is handed.
        .target(
            name: "PlazaFormats",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Where marketplace bytes come from: a directory on disk or a commit in a git mirror.
        .target(
            name: "PlazaSources",
            dependencies: ["PlazaGit", "PlazaFormats", "PlazaOutbound", .product(name: "Logging", package: "swift-log"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The catalog's domain: registrations, entries, search queries, sync status, and the
        // repository protocols storage implements. No I/O.
        .target(name: "PlazaCatalog", dependencies: ["PlazaFormats"]),
        // Embedded SQLite store (GRDB): migrations, FTS5 search, atomic per-marketplace swaps.
        .target(
            name: "PlazaStore",
            dependencies: ["PlazaCatalog", "PlazaRegistry", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Secrets and service identities: secret references (env, file, Azure Key Vault) and GitHub
        // App installation tokens. Talks HTTP only to identity endpoints.
        .target(
            name: "PlazaIdentity",
            dependencies: ["PlazaCatalog", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")]
        ),
        // Sync engine: mirrors marketplaces and external sources, indexes them incrementally.
        .target(
            name: "PlazaSync",
            dependencies: ["PlazaCatalog", "PlazaSources", "PlazaGit", "PlazaFormats", "PlazaIdentity", "PlazaOutbound", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Metrics", package: "swift-metrics")]
        ),
        // Pinned installations: plugin content read from mirrors at pinned commits, content digests,
        // deterministic zip bundles, review diffs, install policy, lockfiles and exported marketplaces.
        .target(
            name: "PlazaInstall",
            dependencies: ["PlazaCatalog", "PlazaGit", "PlazaSources", "PlazaFormats", "PlazaSync",
                           .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")]
        ),
        // MCP registry domain: server.json validation (schema and official semantic rules), version
        // ordering and latest selection, governance (lifecycle, owners, custom metadata, rules). Pure.
        .target(name: "PlazaRegistry", dependencies: ["PlazaCatalog"]),
        // HTTP API on Hummingbird 2. Sees storage only through the repository protocols: it does not
        // depend on a store implementation (the caller opens one and passes it in).
        .target(
            name: "PlazaServer",
            dependencies: [
                "PlazaCatalog", "PlazaFormats", "PlazaGit", "PlazaSync", "PlazaIdentity", "PlazaInstall", "PlazaRegistry", "PlazaOutbound",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("openapi.yaml")]
        ),
        // The `plaza` command line: argument parsing, output rendering, exit codes.
        .target(
            name: "PlazaCLI",
            dependencies: [
                "PlazaSources", "PlazaFormats", "PlazaGit", "PlazaCatalog", "PlazaServer", "PlazaStore", "PlazaIdentity", "PlazaInstall", "PlazaOutbound",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(name: "plaza", dependencies: ["PlazaCLI"]),
        // Benchmarks for the figures the issues name; run in release mode (see Docs/Benchmarks.md).
        .executableTarget(
            name: "plaza-bench",
            dependencies: ["PlazaGit", "PlazaSources", "PlazaFormats", "PlazaCatalog", "PlazaStore", "PlazaSync", "PlazaServer",
                           "PlazaIdentity", "PlazaInstall", "PlazaRegistry", "PlazaOutbound", "PlazaTestSupport", .product(name: "Logging", package: "swift-log"),
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Real git repositories and a real smart-HTTP git server for tests and benchmarks.
        .target(name: "PlazaTestSupport", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/PlazaTestSupport", exclude: ["git-http-server.py"]),
        .testTarget(name: "PlazaGitTests", dependencies: ["PlazaGit", "PlazaTestSupport"]),
        .testTarget(name: "PlazaFormatsTests", dependencies: ["PlazaFormats"]),
        .testTarget(name: "PlazaRegistryTests", dependencies: ["PlazaRegistry", "PlazaCatalog"]),
        .testTarget(name: "PlazaInstallTests", dependencies: ["PlazaInstall", "PlazaCatalog", "PlazaFormats", "PlazaGit", "PlazaStore", "PlazaSync", "PlazaOutbound", "PlazaTestSupport",
                                                          .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PlazaSourcesTests", dependencies: ["PlazaSources", "PlazaGit", "PlazaFormats", "PlazaTestSupport", .product(name: "Logging", package: "swift-log")]),
        // Store-agnostic contract cases written against the repository protocols; every store's test
        // target runs them with a factory for that store.
        .target(name: "PlazaStoreContract", dependencies: ["PlazaCatalog", "PlazaRegistry"], path: "Tests/PlazaStoreContract"),
        .testTarget(name: "PlazaStoreTests", dependencies: ["PlazaStore", "PlazaCatalog", "PlazaRegistry", "PlazaStoreContract", "PlazaTestSupport",
                                                        .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "PlazaSyncTests", dependencies: ["PlazaSync", "PlazaStore", "PlazaCatalog", "PlazaGit", "PlazaOutbound", "PlazaTestSupport",
                                                       .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "PlazaOutboundTests", dependencies: ["PlazaOutbound", "PlazaTestSupport"]),
        .testTarget(name: "PlazaServerTests", dependencies: [
            "PlazaServer", "PlazaStore", "PlazaCatalog", "PlazaRegistry", "PlazaOutbound", "PlazaTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "PlazaIdentityTests", dependencies: [
            "PlazaIdentity", "PlazaSync", "PlazaStore", "PlazaCatalog", "PlazaOutbound", "PlazaTestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
        ]),
        .testTarget(name: "PlazaCLITests", dependencies: [
            "PlazaCLI", "PlazaTestSupport",
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
        ], exclude: ["Fixtures"]),  // read from disk by path (validation parity), not bundled
    ]
)
