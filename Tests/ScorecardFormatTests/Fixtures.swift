import Foundation

/// Paths to test data, found from this file's location (no SwiftPM resources; everything a test reads is in the repository).
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ScorecardFormatTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    static func scorecard(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures/scorecards/\(name)").path
    }

    static func shipped(_ name: String) -> String {
        packageRoot.appendingPathComponent("scorecards/\(name)").path
    }
}
