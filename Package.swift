// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Balans",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "balans", targets: ["balans"]),
        .library(name: "BalansModel", targets: ["BalansModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
        // SHA-256 of the report's input files (provenance an auditor can check with sha256sum).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // The temporary files of saves in progress, removed by a terminating signal (SPEC §2): the
        // signal handler and its static buffers are C, so that they are async-signal-safe.
        .target(name: "CSaveGuard"),
        // Pure domain: catalogue, ladder, segments, scoring, policy, files. No terminal code.
        .target(name: "BalansModel", dependencies: ["CSaveGuard"]),
        // Words and numbers for people, in English and Swedish: the catalogue, number/percent/point
        // formatting, display width, violation messages and transparency notices. The model states
        // facts; this is the one place they are worded (decision 0022).
        .target(name: "BalansText", dependencies: ["BalansModel"]),
        // Pure presentation: state, events, update, key map, canvas, layout, screens. No ncurses.
        .target(name: "BalansUI", dependencies: ["BalansModel", "BalansText"]),
        // ncursesw as a Swift module: a module map and a shim header for the macros.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW", providers: [.apt(["libncursesw5-dev"])]),
        // The only impure UI code: ncurses setup and teardown, input to events, canvas to screen.
        .target(name: "BalansTerminal", dependencies: ["BalansUI", "BalansModel", "BalansText", "CNCursesW"]),
        // Headless commands and their output formats (text, JSON, CSV), and the dashboard command.
        .target(
            name: "BalansCLI",
            dependencies: [
                "BalansModel",
                "BalansText",
                "BalansUI",
                "BalansTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(name: "balans", dependencies: ["BalansCLI"]),
        // Benchmark driver for SPEC §5; see docs/performance.md.
        .executableTarget(name: "balans-bench", dependencies: ["BalansModel", "BalansText", "BalansUI"]),
        .testTarget(
            name: "BalansModelTests",
            dependencies: [
                "BalansModel",
                "BalansText",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BalansUITests",
            dependencies: [
                "BalansUI",
                "BalansModel",
                "BalansText",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "BalansTerminalTests",
            dependencies: ["BalansTerminal", "BalansUI", "BalansModel", "BalansText"]
        ),
        .testTarget(
            name: "BalansCLITests",
            dependencies: ["BalansCLI", "BalansModel", "BalansText", "BalansUI", "balans"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
