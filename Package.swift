// swift-tools-version:6.0
import PackageDescription

// Layout (data flows one way: files → parse → model → compute → render → files):
//   CLibXML2        the system libxml2, reached only by SafeXML
//   SafeXML         hardened XML parsing, XSD validation, element positions (the only libxml2-touching module)
//   FileIO          the file-I/O room: chunked reading, atomic output files, input expansion, the progress line
//   CSignalCleanup  (C) removes registered temporary files when a signal ends the process; used by FileIO only
//   QAModel         value types: scorecard templates, evaluation records, answers, CalendarDay and Timestamp
//                   (the one calendar and its strict ISO 8601 parsers); no I/O
//   TextEscaping    JSON string and HTML escaping, shared by every renderer
//   JSON            the one JSON lexer, strict reader (value trees, duplicate keys refused, limits, line:column)
//                   and writer (compact/pretty); records, reports, imports and drafts all read and write through it
//   Diagnostics     one model of problems (location, severity, rule, message), grouping and the text renderer
//   ScorecardFormat XML template ⇄ QAModel, the embedded XSD, semantic checks, diagnostics
//   Scoring         a template compiled once into a plan; pure scoring functions
//   Evaluator       the interactive `qa evaluate` session: questions, answers, drafts, summary
//   Records         evaluation records in and out (CSV, JSON, JSON Lines), validation against a template
//   Calibration     agreement statistics, assessor bias, drift charts
//   Coaching        coaching plans and their renderers
//   SampleData      seeded synthetic data sets with planted effects
//   FormImport      Amazon Connect / Genesys Cloud forms → templates
//   Workspace       the durable record (SQLite by default, PostgreSQL for teams): schema, migrations, import,
//                   revisions, the audit log, and stored evaluations streamed back as records
//   Workbench       the team's work shared by the CLI and the browser: accounts and roles, who may see what,
//                   scoring a call into the workspace, dashboards' figures (no web server here)
//   WebApp          the browser workbench (Hummingbird): routes, sessions, CSRF, pages
//   qa-serve        the web server's executable (`qa serve` starts it)
//   Revisions       two versions of a template: what changed, and what-if re-scoring under the new one
//   qa              the command-line tool: options and output only
let package = Package(
    name: "qa-workbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qa", targets: ["qa"]),
        // The browser workbench, built apart so that the command-line tool never pays for the web server's build
        // (docs/architecture.md, "The browser workbench"); `qa serve` starts it.
        .executable(name: "qa-serve", targets: ["qa-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        // The workspace: SQLite through GRDB (the system's libsqlite3), PostgreSQL through postgres-nio;
        // SHA-256 for content and audit hashes from swift-crypto (docs/architecture.md, "The workspace").
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.9.0" ..< "5.0.0"),
        // The browser workbench: Hummingbird 2 (HTTP), swift-mustache (pages compiled into the binary, escaped by
        // default), bcrypt from hummingbird-auth (its C bcrypt alone, used by the account store).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The system libxml2, reached only by SafeXML.
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // Libraries: the model, then one target per capability.
        .target(name: "TextEscaping"),
        .target(name: "QAModel", dependencies: ["TextEscaping"], linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "JSON", dependencies: ["TextEscaping"]),
        .target(name: "Diagnostics", dependencies: ["TextEscaping"]),
        .target(name: "SafeXML", dependencies: ["CLibXML2"]),
        .target(name: "ScorecardFormat", dependencies: ["QAModel", "SafeXML", "TextEscaping", "JSON"]),
        .target(name: "Scoring", dependencies: ["QAModel", "TextEscaping", .product(name: "BigInt", package: "BigInt")]),
        .target(name: "DelimitedText"),
        .target(name: "CSignalCleanup"),
        .target(name: "FileIO", dependencies: ["CSignalCleanup"]),
        .target(name: "Records", dependencies: ["QAModel", "DelimitedText", "TextEscaping", "FileIO", "JSON"]),
        .target(
            name: "Calibration",
            dependencies: ["QAModel", "Scoring", "TextEscaping", "JSON"],
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(name: "Batch", dependencies: ["QAModel", "Scoring", "Records", "Diagnostics", "TextEscaping"]),
        .target(name: "ScoreReport", dependencies: ["QAModel", "Scoring", "Records", "Batch", "DelimitedText", "TextEscaping", "JSON"]),
        .target(name: "SampleData", dependencies: ["QAModel", "Scoring", "JSON"]),
        .target(name: "Evaluator", dependencies: ["QAModel", "Scoring", "Records", "FileIO", "TextEscaping", "JSON"]),
        .target(name: "FormImport", dependencies: ["QAModel", "ScorecardFormat", "JSON"]),
        .target(name: "Coaching", dependencies: ["QAModel", "Scoring", "TextEscaping", "DelimitedText", "JSON"]),
        .target(
            name: "Workspace",
            dependencies: [
                "QAModel", "Scoring", "Records", "ScorecardFormat", "DelimitedText", "FileIO", "JSON", "TextEscaping",
                "Batch", "Diagnostics", "Coaching",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Revisions", dependencies: ["QAModel", "Scoring", "ScorecardFormat", "JSON"]),
        .target(
            name: "Workbench",
            dependencies: [
                "QAModel", "Scoring", "Records", "ScorecardFormat", "Workspace", "Evaluator", "Coaching", "Calibration",
                "JSON", "TextEscaping", "SampleData", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "WebApp",
            dependencies: [
                "Workbench", "Workspace", "QAModel", "Scoring", "Evaluator", "Coaching", "Calibration", "TextEscaping", "JSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "qa-serve",
            dependencies: [
                "WebApp", "Workbench", "Workspace", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The command-line tool: options and output only.
        .executableTarget(
            name: "qa",
            dependencies: [
                "QAModel", "ScorecardFormat", "Scoring", "DelimitedText", "FileIO", "Records", "Diagnostics", "TextEscaping", "Calibration", "Batch", "ScoreReport", "FormImport", "Evaluator", "SampleData", "Coaching",
                "Workspace", "Workbench", "Revisions", "JSON", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Benchmarks (run in release; figures in docs/performance.md).
        .target(name: "BenchSupport", dependencies: ["QAModel"], path: "Benchmarks/BenchSupport"),
        .executableTarget(
            name: "bench-scoring", dependencies: ["QAModel", "Scoring", "Records", "Batch", "SampleData", "FileIO", "BenchSupport"],
            path: "Benchmarks/bench-scoring"),
        .executableTarget(
            name: "bench-workspace", dependencies: ["QAModel", "Records", "SampleData", "FileIO", "ScorecardFormat", "BenchSupport"],
            path: "Benchmarks/bench-workspace"),
        .executableTarget(
            name: "bench-csv", dependencies: ["DelimitedText", "Records", "QAModel", "FileIO"], path: "Benchmarks/bench-csv"),
        .executableTarget(name: "bench-agreement", dependencies: ["Calibration"], path: "Benchmarks/bench-agreement"),
        .executableTarget(
            name: "bench-scorecard", dependencies: ["ScorecardFormat", "QAModel", "SafeXML"], path: "Benchmarks/bench-scorecard"),
        .executableTarget(name: "bench-sample", dependencies: ["SampleData", "QAModel"], path: "Benchmarks/bench-sample"),
        .executableTarget(
            name: "bench-coach", dependencies: ["Coaching", "Scoring", "SampleData", "QAModel"],
            path: "Benchmarks/bench-coach"),

        // Fuzz targets (libFuzzer; see Fuzz/run and docs/limits.md). Built normally they replay files.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
        .executableTarget(name: "fuzz-csv", dependencies: ["DelimitedText", "FuzzSupport"], path: "Fuzz/fuzz-csv"),
        .executableTarget(name: "fuzz-template", dependencies: ["ScorecardFormat", "FuzzSupport"], path: "Fuzz/fuzz-template"),
        .executableTarget(name: "fuzz-records", dependencies: ["Records", "FuzzSupport"], path: "Fuzz/fuzz-records"),
        .executableTarget(name: "fuzz-import", dependencies: ["FormImport", "FuzzSupport"], path: "Fuzz/fuzz-import"),
        .executableTarget(name: "fuzz-json", dependencies: ["JSON", "FuzzSupport"], path: "Fuzz/fuzz-json"),
        .executableTarget(name: "fuzz-ratings", dependencies: ["Calibration", "DelimitedText", "FuzzSupport"],
                          path: "Fuzz/fuzz-ratings"),

        // Tests mirror the library targets.
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "QAModelTests", dependencies: ["QAModel"]),
        .testTarget(name: "SafeXMLTests", dependencies: ["SafeXML"]),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics", "TextEscaping"]),
        .testTarget(name: "ScorecardFormatTests", dependencies: ["ScorecardFormat", "QAModel", "SafeXML", "Scoring"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "QAModel", .product(name: "BigInt", package: "BigInt")]),
        .testTarget(name: "DelimitedTextTests", dependencies: ["DelimitedText"]),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "QAModel", "FileIO"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Scoring", "QAModel", "SampleData", "JSON", "DelimitedText"]),
        .testTarget(name: "ScoreReportTests", dependencies: ["ScoreReport", "Batch", "Records", "Scoring", "QAModel", "Diagnostics"]),
        .testTarget(name: "FastPathTests",
                    dependencies: ["ScoreReport", "Batch", "Records", "Scoring", "QAModel", "ScorecardFormat", "SampleData"]),
        .testTarget(name: "SampleDataTests", dependencies: ["SampleData", "QAModel"]),
        .testTarget(name: "EvaluatorTests", dependencies: ["Evaluator", "Scoring", "QAModel", "FileIO", "JSON"]),
        .testTarget(name: "FormImportTests", dependencies: ["FormImport", "QAModel", "ScorecardFormat", "Scoring", "JSON"]),
        .testTarget(
            name: "CoachingTests",
            dependencies: ["Coaching", "Scoring", "QAModel", "SampleData", "SafeXML", "ScorecardFormat", "Records",
                           "DelimitedText"]
        ),
        .testTarget(name: "WorkspaceTests", dependencies: ["Workspace", "QAModel", "Records", "Scoring", "ScorecardFormat", "SampleData"]),
        .testTarget(name: "RevisionsTests", dependencies: ["Revisions", "Scoring", "QAModel", "ScorecardFormat", "JSON"]),
        .testTarget(name: "CommandLineTests"),
        .testTarget(
            name: "WebAppTests",
            dependencies: [
                "WebApp", "Workbench", "Workspace", "QAModel", "ScorecardFormat", "Records", "Coaching", "Calibration", "SampleData",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
