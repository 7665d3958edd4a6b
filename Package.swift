// swift-tools-version:6.1
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
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
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
        // Model semantics over connectors: records, the filter language, validation, the memory
        // connector, and the mail connector's SMTP client.
        .target(
            name: "LBRuntime",
            dependencies: [
                "LBCore", "LBConfig", "LBPlan",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // The SQLite connector, on sqlite-nio.
        .target(
            name: "LBSQLite",
            dependencies: ["LBRuntime", .product(name: "SQLiteNIO", package: "sqlite-nio")],
            swiftSettings: strictSettings
        ),
        // The PostgreSQL connector, on postgres-nio.
        .target(
            name: "LBPostgres",
            dependencies: [
                "LBRuntime",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // LoopBack's REST API and middleware on Hummingbird (zlib through compress-nio; static files
        // through NIO's async file system).
        .target(
            name: "LBREST",
            dependencies: [
                "LBRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "_NIOFileSystem", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The OpenAPI 3.1 and Swagger 2.0 documents of the REST API an app serves.
        .target(
            name: "LBOpenAPI",
            dependencies: [
                "LBCore", "LBPlan", "LBRuntime", "LBREST",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // loopback-component-explorer: the documents and an offline explorer page.
        .target(
            name: "LBExplorer",
            dependencies: ["LBCore", "LBPlan", "LBRuntime", "LBREST", "LBOpenAPI", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strictSettings
        ),
        // Commands and the list of shipped modules; a library so custom binaries can add modules.
        .target(
            name: "LBRunKit",
            dependencies: [
                "LBCore", "LBConfig", "LBPlan", "LBRuntime", "LBREST", "LBSQLite", "LBPostgres", "LBOpenAPI", "LBExplorer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "lbrun", dependencies: ["LBRunKit"], swiftSettings: strictSettings),
        // Helpers for tests: throwaway app folders, repository paths, compiling with the shipped
        // modules, and an SMTP server that records what it receives.
        .target(
            name: "LBTesting",
            dependencies: [
                "LBCore", "LBPlan", "LBRunKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),

        .testTarget(name: "LBConfigTests", dependencies: ["LBConfig"], swiftSettings: strictSettings),
        .testTarget(name: "LBPlanTests", dependencies: ["LBPlan", "LBTesting"], swiftSettings: strictSettings),
        .testTarget(name: "LBRunKitTests", dependencies: ["LBRunKit", "LBTesting"], swiftSettings: strictSettings),
        .testTarget(name: "LBRuntimeTests", dependencies: ["LBRuntime", "LBTesting"], swiftSettings: strictSettings),
        .testTarget(name: "LBSQLiteTests", dependencies: ["LBSQLite", "LBTesting"], swiftSettings: strictSettings),
        .testTarget(
            name: "LBPostgresTests",
            dependencies: ["LBPostgres", "LBRunKit", "LBTesting", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LBRESTTests",
            dependencies: [
                "LBREST", "LBRunKit", "LBTesting", "LBOpenAPI", "LBExplorer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
