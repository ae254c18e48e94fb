import QAModel
import Testing
@testable import ScorecardFormat

/// Loads a template held in a string under the name `example.xml`.
func loadExample(_ text: String) -> ScorecardLoadResult {
    ScorecardLoader.load(bytes: Array(text.utf8), path: "example.xml")
}

/// Each check's own triggering example, and where its finding must point. Example bodies start on line 7
/// (see `CheckExample`); a section opens at column 3, its title and criteria at column 5, a criterion's
/// children at column 7.
struct CheckCase: Sendable, CustomStringConvertible {
    let check: String
    let position: SourcePosition
    let severity: Diagnostic.Severity
    var description: String { check }
}

private let cases: [CheckCase] = [
    // Second use of "opening": the criterion on body line 3 → line 9, column 5.
    CheckCase(check: "unique-ids", position: .init(line: 9, column: 5), severity: .error),
    CheckCase(check: "declared-categories", position: .init(line: 9, column: 5), severity: .error),
    // applies-when is body line 5 → line 11, inside the criterion → column 7.
    CheckCase(check: "condition-references", position: .init(line: 11, column: 7), severity: .error),
    CheckCase(check: "condition-cycles", position: .init(line: 11, column: 7), severity: .error),
    // The second criterion's applies-when is body line 8 → line 14.
    CheckCase(check: "condition-tokens", position: .init(line: 14, column: 7), severity: .error),
    CheckCase(check: "positive-weights", position: .init(line: 9, column: 5), severity: .error),
    CheckCase(check: "scale-range", position: .init(line: 9, column: 5), severity: .error),
    CheckCase(check: "possible-points", position: .init(line: 9, column: 5), severity: .error),
    CheckCase(check: "choice-options", position: .init(line: 9, column: 5), severity: .error),
    CheckCase(check: "numeric-ranges", position: .init(line: 9, column: 5), severity: .error),
    // Line 6 is "  <bands><band …": "<bands>" takes columns 3–9, the first band starts at column 10.
    CheckCase(check: "band-limits", position: .init(line: 6, column: 10), severity: .error),
    // The second band starts after the first: 10 + 44 characters of `<band id="fail" min="0" max="80">Fail</band>`.
    CheckCase(check: "band-order", position: .init(line: 6, column: 54), severity: .error),
    // Gap 80–85 is reported on the lower band, the second: 10 + 46 (`<band id="pass" min="85" max="100">Pass</band>`).
    CheckCase(check: "band-coverage", position: .init(line: 6, column: 56), severity: .error),
    // <pass-mark> opens line 5 at column 3.
    CheckCase(check: "pass-mark", position: .init(line: 5, column: 3), severity: .error),
    // <deduction-start> follows "<pass-mark>80</pass-mark>" (25 characters) on line 5: 3 + 25 = 28.
    CheckCase(check: "deduction-start", position: .init(line: 5, column: 28), severity: .error),
    CheckCase(check: "critical-answers", position: .init(line: 9, column: 5), severity: .error),
    CheckCase(check: "comment-rule", position: .init(line: 9, column: 5), severity: .error),
    // The unweighted second section opens on body line 5 → line 11, column 3.
    CheckCase(check: "section-weights", position: .init(line: 11, column: 3), severity: .error),
    CheckCase(check: "scored-sections", position: .init(line: 7, column: 3), severity: .warning),
    // The second criterion is body line 4 → line 10.
    CheckCase(check: "scoring-flags", position: .init(line: 10, column: 5), severity: .error),
    CheckCase(check: "thresholds", position: .init(line: 7, column: 3), severity: .error),
]

@Test func everyCheckHasACase() {
    #expect(cases.map(\.check).sorted() == ScorecardChecks.all.map { $0.rule }.sorted())
}

@Test(arguments: cases)
func checkTriggersOnItsExampleAtTheExactPosition(_ expected: CheckCase) throws {
    let check = try #require(ScorecardChecks.all.first { $0.rule == expected.check })
    let result = loadExample(check.triggeringExample)
    // Only this check fires on its example, so the example shows exactly one mistake.
    #expect(result.diagnostics.map(\.rule) == [expected.check], "\(result.diagnostics)")
    let diagnostic = try #require(result.diagnostics.first)
    #expect(diagnostic.position == expected.position)
    #expect(diagnostic.severity == expected.severity)
    #expect(result.isValid == (expected.severity == .warning))
}
