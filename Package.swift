// swift-tools-version:6.0
// Kaartenbak: the nightly vacancy-integration pipeline.
// fetch → parse → normalise → dedupe → publish, one library module per stage.
// Linux only: it reads /proc, calls glibc (mallopt, malloc_trim, pread, copy_file_range) and links
// Debian's libcurl and libxml2; no Apple platform is declared because none is meant.
import PackageDescription

let package = Package(
    name: "Kaartenbak",
    products: [
        .executable(name: "kaartenbak", targets: ["kaartenbak"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        // C libraries, used directly (not URLSession / FoundationXML).
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // Shared vocabulary: definitions, records, errors, durable files, the byte search.
        .target(name: "KaartenbakCore", dependencies: [
            "CGlibc",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], resources: [.copy("Resources/places.tsv"), .copy("Resources/place-aliases.tsv"), .copy("Resources/sectors.tsv"),
                       .copy("Resources/isco-groups-nl.tsv")]),
        // Stage 1: HTTP(S) and local fetching into the run's landing area.
        .target(name: "Fetching", dependencies: [
            // FeedReading: a paged feed's pages are read by the reader that parses them (where it ends, its next link).
            "KaartenbakCore", "CCurl", "FeedReading",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Stage 2: streaming XML (libxml2), CSV and JSON readers with declarative mappings.
        .target(name: "FeedReading", dependencies: [
            "KaartenbakCore", "CLibXML2", "CZlib",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Occupation taxonomy, title cleaning and the classifier (stage 3's core).
        .target(name: "Classification", dependencies: [
            "KaartenbakCore",
        ], resources: [.copy("Resources/taxonomy.tsv")]),
        // Who a job is open to: the inclusive-work signals of an ad's text, with their evidence, and their evaluation.
        .target(name: "InclusiveWork", dependencies: ["KaartenbakCore"]),
        // Stage 3: normalise raw records into typed vacancies.
        .target(name: "Normalisation", dependencies: [
            "KaartenbakCore", "InclusiveWork",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Stage 4: cross-source deduplication.
        .target(name: "Deduplication", dependencies: [
            "KaartenbakCore",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Deduplication's tooling, which no night runs: the synthetic feed and night generator, the evaluation
        // against labelled sets and the diagnosis of where a clustering disagrees with its truth. The stages never
        // import it; the commands (`dedupe --evaluate`, `generate`, `bench`) and the tests do.
        .target(name: "DedupeTooling", dependencies: [
            "KaartenbakCore", "Deduplication",
        ]),
        // Stage 5: the SQLite catalogue (GRDB) and its atomic publication.
        .target(name: "Catalogue", dependencies: [
            "KaartenbakCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `kaartenbak serve`: the read-only HTTP API over the published catalogue (Hummingbird 2), its
        // OpenAPI document, hot swap of the catalogue file and the request caps; and the web pages for
        // the staff who share vacancies (server-rendered Mustache templates) with the operators' review queue.
        .target(name: "CatalogueAPI", dependencies: [
            "KaartenbakCore", "Catalogue", "Classification",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Resources/openapi.yaml"), .copy("Resources/templates")]),
        // A further publish target: the committed SQLite catalogue copied into PostgreSQL (COPY into a
        // fresh schema, swapped in by one transaction). Its own module: only the commands link postgres-nio.
        .target(name: "PostgresCatalogue", dependencies: [
            "KaartenbakCore", "Catalogue",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Runs stages, keeps run directories and manifests.
        .target(name: "Pipeline", dependencies: [
            "KaartenbakCore", "Fetching", "FeedReading", "Normalisation", "Classification",
            "Deduplication", "Catalogue", "CGlibc",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The command-line interface as a library; the executable is a thin shell.
        .target(name: "KaartenbakCommands", dependencies: [
            "KaartenbakCore", "Pipeline", "Classification", "FeedReading", "Catalogue", "Deduplication", "DedupeTooling",
            "Fetching", "Normalisation", "InclusiveWork", "CatalogueAPI", "PostgresCatalogue",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            // No GRDB: the commands write no SQL, the Catalogue module's queries do (issue 22, point 12).
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The one way to what glibc has and Swift's Glibc module does not show: GNU extensions (memrchr,
        // sync_file_range, copy_file_range) and the allocator's settings for the executable (see
        // Sources/kaartenbak/main.swift) and the pipeline's giving freed memory back before the dedupe stage.
        .systemLibrary(name: "CGlibc", path: "Sources/CGlibc"),
        .executableTarget(name: "kaartenbak", dependencies: ["KaartenbakCommands", "CGlibc"]),

        // Test support, out of the binary that ships: a small loopback HTTP/1.1 server with fault injection
        // (raw sockets, gzip spawned), used by the tests and by the fetch benchmark. Binds 127.0.0.1 only.
        .target(name: "LoopbackHTTP", dependencies: [], path: "Tests/Support/LoopbackHTTP"),
        // The fetch benchmark, a program of its own because it serves its feeds with LoopbackHTTP:
        // `.build/release/BenchFetch` (README, "Benchmarks").
        .executableTarget(name: "BenchFetch", dependencies: [
            "KaartenbakCommands", "KaartenbakCore", "Fetching", "LoopbackHTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/BenchFetch"),

        // Fuzz harnesses for libFuzzer (docs/fuzzing.md; `scripts/fuzz` builds and runs them). In the normal
        // build they are small replay tools (`FuzzXML FILE...`); built in release with `--sanitize=fuzzer
        // --sanitize=address -Xswiftc -DFUZZING` they have no `main` of their own and libFuzzer's runs them.
        .target(name: "FuzzSupport", dependencies: [
            "KaartenbakCore", "FeedReading",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "FuzzXML", dependencies: ["FuzzSupport", "KaartenbakCore"], path: "Fuzz/FuzzXML"),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", "KaartenbakCore"], path: "Fuzz/FuzzCSV"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzSupport", "KaartenbakCore"], path: "Fuzz/FuzzJSON"),
        .executableTarget(name: "FuzzDefinition", dependencies: ["FuzzSupport", "KaartenbakCore"], path: "Fuzz/FuzzDefinition"),
        .executableTarget(name: "FuzzDates", dependencies: ["FuzzSupport", "Normalisation"], path: "Fuzz/FuzzDates"),
        .executableTarget(name: "FuzzSalary", dependencies: ["FuzzSupport", "KaartenbakCore"], path: "Fuzz/FuzzSalary"),
        .executableTarget(name: "FuzzHours", dependencies: ["FuzzSupport", "Normalisation"], path: "Fuzz/FuzzHours"),

        .testTarget(name: "KaartenbakTests", dependencies: [
            "KaartenbakCore", "Fetching", "FeedReading", "Classification", "Normalisation", "InclusiveWork",
            "Deduplication", "DedupeTooling", "Catalogue", "Pipeline", "KaartenbakCommands", "LoopbackHTTP", "CatalogueAPI", "PostgresCatalogue",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ]
)
