// swift-tools-version:6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "lbrun",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "lbrun", targets: ["lbrun"]),
        .library(name: "LBRunKit", targets: ["LBRunKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // Values shared by every stage: source locations, diagnostics, JSON values, module ids.
        .target(
            name: "LBCore",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")],
            swiftSettings: strictSettings
        ),
        // Reading config files into positioned trees; overlays, `${VAR}`, JSON Schema checks.
        .target(
            name: "LBConfig",
            dependencies: ["LBCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // The JSON Schemas of `schemas/`, compiled into the binary.
        .target(
            name: "LBSchemas",
            resources: [.embedInCode("schemas")],
            swiftSettings: strictSettings
        ),
        // The boot compiler: app directory in, immutable `AppPlan` plus diagnostics out. No I/O but file reads.
        .target(
            name: "LBPlan",
            dependencies: ["LBCore", "LBConfig", "LBSchemas"],
            resources: [.embedInCode("BuiltinDefinitions")],
            swiftSettings: strictSettings
        ),
        // Commands and the list of shipped modules; a library so custom binaries can add modules.
        .target(
            name: "LBRunKit",
            dependencies: [
                "LBCore", "LBConfig", "LBPlan",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "lbrun", dependencies: ["LBRunKit"], swiftSettings: strictSettings),
        // Helpers for tests: throwaway app folders, repository paths, compiling with the shipped modules.
        .target(name: "LBTesting", dependencies: ["LBCore", "LBPlan", "LBRunKit"], swiftSettings: strictSettings),

        .testTarget(name: "LBConfigTests", dependencies: ["LBConfig"], swiftSettings: strictSettings),
        .testTarget(name: "LBPlanTests", dependencies: ["LBPlan", "LBTesting"], swiftSettings: strictSettings),
        .testTarget(name: "LBRunKitTests", dependencies: ["LBRunKit", "LBTesting"], swiftSettings: strictSettings),
    ]
)
