import Coaching
import DelimitedText
import Foundation
import QAModel
import Records
import ScorecardFormat
import Scoring
import Testing

// The path `qa coach` takes — XML template, evaluation records, calls and exclusion CSVs — on the files in
// Tests/Fixtures/coaching, which hold the hand-built set; the plans must equal the Swift-built set's.

private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/coaching")

private func table(_ name: String) throws -> TableRows {
    var reader = try CSVReader(path: fixtures.appendingPathComponent(name).path)
    var header: [String] = []
    var rows: [(row: Int, fields: [String])] = []
    while let row = try reader.next() {
        if row.index == 1 { header = row.fields } else { rows.append((row.index, row.fields)) }
    }
    return TableRows(header: header, rows: rows)
}

@Test func filesGiveTheSamePlansAsTheHandBuiltSet() throws {
    let loaded = try ScorecardLoader.load(path: fixtures.appendingPathComponent("inbound.xml").path)
    #expect(loaded.errors.isEmpty, "\(loaded.diagnostics)")
    let scorecard = try #require(loaded.scorecard)
    let plan = ScoringPlan(scorecard)

    var scored: [ScoredEvaluation] = []
    var problems: [String] = []
    try EvaluationReader.forEach([.file(path: fixtures.appendingPathComponent("evaluations.jsonl").path, format: .jsonLines)]) { result in
        switch result {
        case .evaluation(let evaluation, _):
            switch plan.score(evaluation) {
            case .success(let score): scored.append(ScoredEvaluation(evaluation: evaluation, score: score))
            case .failure(let failure): problems.append("\(evaluation.id): \(failure.problems)")
            }
        case .invalid(let found):
            problems += found.map(\.description)
        }
    }
    #expect(problems.isEmpty)
    #expect(scored.count == 15)

    let kpis = KPITable.read(try table("calls.csv"))
    #expect(kpis.problems.isEmpty)
    let windows = ExclusionWindow.windows(from: try table("exclusions.csv"))
    #expect(windows.problems.isEmpty)
    #expect(windows.windows == HandBuiltSet.settings().exclusions)

    let fromFiles = CoachingPlanner(scorecard: scorecard, settings: HandBuiltSet.settings())
        .plans(for: .team("t1"), evaluations: scored, kpis: kpis.table)
    #expect(fromFiles == (try HandBuiltSet.run()))
}
