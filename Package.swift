// swift-tools-version:6.0
import PackageDescription

// Layout (data flows one way: files → parse → model → compute → render → files):
//   CLibXML2        the system libxml2, reached only by SafeXML
//   SafeXML         hardened XML parsing, XSD validation, element positions (the only C-touching module)
//   QAModel         value types: scorecard templates, evaluation records, answers; no I/O
//   ScorecardFormat XML template ⇄ QAModel, the embedded XSD, semantic checks, diagnostics
//   Scoring         a template compiled once into a plan; pure scoring functions
//   Records         evaluation records in and out (CSV, JSON, JSON Lines), validation against a template
//   Calibration     agreement statistics, assessor bias, drift charts
//   Coaching        coaching plans and their renderers
//   SampleData      seeded synthetic data sets with planted effects
//   FormImport      Amazon Connect / Genesys Cloud forms → templates
//   qa              the command-line tool: options and output only
let package = Package(
    name: "qa-workbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qa", targets: ["qa"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "QAModel"),
        .target(name: "SafeXML", dependencies: ["CLibXML2"]),
        .target(name: "ScorecardFormat", dependencies: ["QAModel", "SafeXML"]),
        .target(name: "Scoring", dependencies: ["QAModel"]),
        .target(name: "DelimitedText"),
        .target(name: "Records", dependencies: ["QAModel", "DelimitedText"]),
        .target(name: "SampleData", dependencies: ["QAModel"]),
        .target(name: "Coaching", dependencies: ["QAModel", "Scoring"]),
        .executableTarget(
            name: "qa",
            dependencies: [
                "QAModel", "Scoring", "ScorecardFormat", "DelimitedText", "Records", "Coaching",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "bench-scorecard",
            dependencies: ["ScorecardFormat", "QAModel", "SafeXML"],
            path: "Benchmarks/bench-scorecard"
        ),
        .executableTarget(
            name: "bench-csv", dependencies: ["DelimitedText", "Records", "QAModel"], path: "Benchmarks/bench-csv"),
        .executableTarget(
            name: "bench-coach", dependencies: ["Coaching", "Scoring", "SampleData", "QAModel"],
            path: "Benchmarks/bench-coach"),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "QAModel"]),
        .testTarget(name: "ScorecardFormatTests", dependencies: ["ScorecardFormat", "QAModel", "SafeXML"]),
        .testTarget(name: "SafeXMLTests", dependencies: ["SafeXML"]),
        .testTarget(name: "DelimitedTextTests", dependencies: ["DelimitedText"]),
        .testTarget(name: "RecordsTests", dependencies: ["Records", "QAModel"]),
        .testTarget(
            name: "CoachingTests",
            dependencies: ["Coaching", "Scoring", "QAModel", "SampleData", "SafeXML", "ScorecardFormat", "Records",
                           "DelimitedText"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
