import Foundation
@testable import Calibration

/// Loads ratings tables from `Tests/Fixtures/agreement` (located from this file, not from resources).
enum AgreementFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/agreement")

    /// The fixture CSVs are plain (no quotes), so a split on commas reads them.
    static func rows(_ name: String) throws -> [[String]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    static func table(_ name: String, level: AgreementLevel = .nominal) throws -> RatingsTable {
        try RatingsTable.parse(rows: rows(name), level: level)
    }

    /// `expected.<key>.value` from the fixture's JSON file.
    static func published(_ name: String, _ key: String) throws -> Double {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let expected = root["expected"] as? [String: Any],
              let entry = expected[key] as? [String: Any],
              let value = entry["value"] as? Double
        else { throw FixtureError.missing("\(name): expected.\(key).value") }
        return value
    }

    enum FixtureError: Error { case missing(String) }
}

/// True when `x` rounds to `published` at the number of decimals it was published with (half a unit of the last place).
func matches(_ x: Double?, _ published: Double, decimals: Int) -> Bool {
    guard let x else { return false }
    let half = 0.5 * pow(10, Double(-decimals))
    return abs(x - published) <= half + 1e-12
}
