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
    ],
    targets: [
        // Pure domain: catalogue, ladder, segments, scoring, policy, files. No terminal code.
        .target(name: "BalansModel"),
        // Pure presentation: state, events, update, key map, canvas, layout, screens. No ncurses.
        .target(name: "BalansUI", dependencies: ["BalansModel"]),
        // Headless commands and their output formats (text, JSON, CSV).
        .target(
            name: "BalansCLI",
            dependencies: [
                "BalansModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "balans", dependencies: ["BalansCLI"]),
        // Benchmark driver for SPEC §5; see docs/performance.md.
        .executableTarget(name: "balans-bench", dependencies: ["BalansModel", "BalansCLI"]),
        .testTarget(
            name: "BalansModelTests",
            dependencies: [
                "BalansModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BalansCLITests",
            dependencies: ["BalansCLI", "BalansModel", "balans"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
