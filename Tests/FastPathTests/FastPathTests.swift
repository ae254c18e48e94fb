import Batch
import Foundation
import QAModel
import Records
import SampleData
import ScoreReport
import ScorecardFormat
import Scoring
import Testing

/// The overview path of `qa score` (CSV cells decoded straight to answer codes, no per-criterion breakdown)
/// must give exactly what the general path gives: every record's total, band, pass, auto-fail, section and
/// category scores and critical failures, the same invalid-record messages, and the same report bytes.
private let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/fastpath")

private func template() throws -> Scorecard {
    let result = try ScorecardLoader.load(path: fixtures.appendingPathComponent("collections-compliance.xml").path)
    return try #require(result.scorecard)
}

/// One record's outcome in a form both paths can give.
private enum Outcome: Equatable, CustomStringConvertible {
    case scored(id: String, agent: String, ScoreOverview)
    case invalid(String)

    var description: String {
        switch self {
        case .scored(let id, _, let o): return "\(id): \(o.total) \(o.band?.id ?? "-") \(o.passed)"
        case .invalid(let text): return text
        }
    }

    static func == (a: Outcome, b: Outcome) -> Bool {
        switch (a, b) {
        case (.invalid(let x), .invalid(let y)): return x == y
        case (.scored(let i, let g, let x), .scored(let j, let h, let y)):
            // NaN marks a section or category where nothing applied; it must match NaN.
            func same(_ p: [Double], _ q: [Double]) -> Bool {
                p.count == q.count && zip(p, q).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            }
            return i == j && g == h && x.total == y.total && x.passed == y.passed && x.band == y.band
                && x.autoFailed == y.autoFailed && x.criticalFailures == y.criticalFailures
                && same(x.sectionScores, y.sectionScores) && same(x.categoryScores, y.categoryScores)
        default: return false
        }
    }
}

/// The general path: every record read into an `Evaluation` with its answers, checked and fully scored.
private func generalOutcomes(_ plan: ScoringPlan, _ path: String) throws -> [Outcome] {
    var out: [Outcome] = []
    try BatchScorer(plan: plan).run(inputs: [path], keepAnswers: true) { item in
        switch item {
        case .scored(let s, _): out.append(.scored(id: s.evaluation.id, agent: s.evaluation.agentID, ScoreOverview(s.score)))
        case .invalid(let record): out.append(.invalid(record.description))
        }
    }
    return out
}

/// The positional path with the full breakdown (`qa score --format json|markdown`).
private func positionalOutcomes(_ plan: ScoringPlan, _ path: String) throws -> [Outcome] {
    var out: [Outcome] = []
    try BatchScorer(plan: plan).run(inputs: [path], keepAnswers: false) { item in
        switch item {
        case .scored(let s, _): out.append(.scored(id: s.evaluation.id, agent: s.evaluation.agentID, ScoreOverview(s.score)))
        case .invalid(let record): out.append(.invalid(record.description))
        }
    }
    return out
}

/// The fast path (`qa score --format table|csv`).
private func overviewOutcomes(_ plan: ScoringPlan, _ path: String) throws -> [Outcome] {
    var out: [Outcome] = []
    try BatchScorer(plan: plan).runOverviews(inputs: [path]) { item in
        switch item {
        case .scored(let e, let o, _): out.append(.scored(id: e.id, agent: e.agentID, o))
        case .invalid(let record): out.append(.invalid(record.description))
        }
    }
    return out
}

/// A report rendered from the general path's items and from the overview path's items.
private func reports(_ plan: ScoringPlan, _ path: String, _ format: ScoreReportFormat,
                     groupBy: GroupKey? = nil) throws -> (general: String, overview: String) {
    var general = "", overview = ""
    var a = ScoreReportWriter(format: format, plan: plan, groupBy: groupBy) { general += $0 }
    try a.begin()
    try BatchScorer(plan: plan).run(inputs: [path], keepAnswers: true) { try a.add($0) }
    try a.finish()
    var b = ScoreReportWriter(format: format, plan: plan, groupBy: groupBy) { overview += $0 }
    #expect(b.acceptsOverviews)
    try b.begin()
    try BatchScorer(plan: plan).runOverviews(inputs: [path]) { try b.add($0) }
    try b.finish()
    return (general, overview)
}

private func temporaryFile(_ name: String) -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("qa-fastpath-\(UUID().uuidString)-\(name)")
}

@Suite("fast scoring path gives the general path's results")
struct FastPathTests {
    @Test("shipped example data (collections, 240 evaluations): same figures for every record")
    func exampleData() throws {
        let plan = ScoringPlan(try template())
        let path = fixtures.appendingPathComponent("collections-evaluations.csv").path
        let general = try generalOutcomes(plan, path)
        // 241 lines = header + 240 evaluations, all valid (the example data is generated valid).
        #expect(general.count == 240)
        #expect(general.allSatisfy { if case .scored = $0 { return true } else { return false } })
        #expect(try overviewOutcomes(plan, path) == general)
        #expect(try positionalOutcomes(plan, path) == general)
        // Some records must exercise the critical-failure and section-N/A parts of the comparison.
        #expect(general.contains { if case .scored(_, _, let o) = $0 { return !o.criticalFailures.isEmpty } else { return false } })
    }

    @Test("shipped example data: table and CSV reports are byte for byte the same")
    func exampleReports() throws {
        let plan = ScoringPlan(try template())
        let path = fixtures.appendingPathComponent("collections-evaluations.csv").path
        for format in [ScoreReportFormat.table, .csv] {
            let (general, overview) = try reports(plan, path, format)
            #expect(!general.isEmpty)
            #expect(general == overview)
        }
        let (general, overview) = try reports(plan, path, .table, groupBy: .team)
        #expect(general.contains("By team:"))
        #expect(general == overview)
    }

    @Test("generated sample data (1,500 evaluations): same figures for every record")
    func generatedData() throws {
        let card = try template()
        var config = SampleConfig()
        config.seed = 7
        config.evaluations = 1_500
        config.criticalFailureRate = 0.1
        config.sectionNotApplicableRate = 0.05
        let generator = try SampleGenerator(scorecard: card, config: config)
        let writer = EvaluationWriter(format: .csv, scorecard: card)
        var text = writer.prologue
        try generator.generate(evaluation: { text += try writer.encode($0) }, call: { _ in })
        let file = temporaryFile("sample.csv")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let plan = ScoringPlan(card)
        let general = try generalOutcomes(plan, file.path)
        #expect(general.count >= 1_500)
        #expect(try overviewOutcomes(plan, file.path) == general)
        #expect(try positionalOutcomes(plan, file.path) == general)
        let (table, tableFast) = try reports(plan, file.path, .table)
        #expect(table == tableFast)
        let (csv, csvFast) = try reports(plan, file.path, .csv)
        #expect(csv == csvFast)
    }

    @Test("a file with planted errors: the same invalid records with the same messages")
    func plantedErrors() throws {
        let lines = try String(contentsOf: fixtures.appendingPathComponent("collections-evaluations.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        // Rows without quoted cells, so splitting at commas is exact.
        var rows = lines.dropFirst().filter { !$0.contains("\"") }.prefix(13)
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count == 13)
        // Row 0 stays as it is (the fast path learns the columns on the first row). Planted problems:
        rows[1][try column("identity-verified")] = "maybe"          // not yes or no
        rows[2][try column("tone-and-respect")] = "9"               // scale 1–5
        rows[3][try column("tone-and-respect")] = "5.0"             // valid: the number 5 spelled otherwise
        rows[4][try column("recording-notice")] = "na"              // N/A not allowed
        rows[5][try column("purpose-stated")] = ""                  // applies but not answered
        rows[6][try column("vulnerability-indicated")] = "no"       // so the follow-ups do not apply…
        rows[6][try column("vulnerability-acknowledged")] = "yes"   // …but one is answered
        rows[7][try column("call_date")] = "2025-13-45"             // not a date
        rows[8][try column("affordable-outcome")] = "Arrangement"   // options are case-sensitive
        rows[9][try column("identity-verified")] = " yes"           // a leading space is kept as read
        rows[10][try column("evaluation_id")] = ""                  // required
        rows[11][try column("affordable-outcome")] = "arrangement|none"  // a list for a single choice
        var bytes = Array(([lines[0]] + rows.map { $0.joined(separator: ",") }).joined(separator: "\n").utf8) + [0x0A]
        // Row 12: a cell that is not UTF-8 (0xFF) in place of its first letter.
        let lastRow = rows[12].joined(separator: ",")
        let cell = try column("next-steps-confirmed")
        let offset = bytes.count - 1 - lastRow.utf8.count
            + rows[12][..<cell].reduce(0) { $0 + $1.utf8.count + 1 }
        try #require(!rows[12][cell].isEmpty)
        bytes[offset] = 0xFF
        let file = temporaryFile("planted.csv")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let plan = ScoringPlan(try template())
        let general = try generalOutcomes(plan, file.path)
        let invalid = general.compactMap { if case .invalid(let text) = $0 { return text } else { return nil } }
        // Rows 1, 2 and 4–12 are invalid (11); rows 0 and 3 are scored.
        #expect(general.count == 13)
        #expect(invalid.count == 11)
        #expect(invalid.contains { $0.contains("'maybe' is not a valid answer; expected yes or no") })
        #expect(invalid.contains { $0.contains("'9' is not a valid answer; expected a whole number from 1 to 5") })
        #expect(invalid.contains { $0.contains("'Arrangement' is not one of the options") })
        #expect(invalid.contains { $0.contains("not valid UTF-8") })
        #expect(try overviewOutcomes(plan, file.path) == general)
        #expect(try positionalOutcomes(plan, file.path) == general)
    }

    @Test("answer spellings: only texts a CSV cell reads back as that very answer")
    func spellings() {
        // Choice ids "na" (a cell reads as N/A), "3" (reads as a number) and "a|b" (reads as a list) are left
        // to the general path; "full" and "yes" are spelled as they are.
        let spellings = AnswerSpellings(answers: [.token("full"), .token("na"), .token("3"), .token("a|b"), .yes])
        #expect(!spellings.isEmpty)
        #expect(AnswerSpellings(answers: [.token("na"), .token("3")]).isEmpty)
        // A scale's numbers are spelled as whole numbers: 1 → "1".
        #expect(!AnswerSpellings(answers: [.number(1), .number(2)]).isEmpty)
    }
}

/// Answers placed by code (`place(code:)`, as the CSV reader does) are checked from the code alone; they must
/// decide, score and fail exactly as the same answers placed as values.
@Suite("Answers placed by code")
struct CodedInputTests {
    /// q1 yes/no (a "no" fails the form and needs a comment), q2 asked only when q1 is "yes", q3 a 1–5 scale,
    /// q4 a choice; all weight 1 in one section, weighted scoring.
    private func plan() -> ScoringPlan {
        let q1 = Criterion(id: "q1", category: "compliance", prompt: "q1", answerType: .yesNo(points: 1),
                           critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"])),
                           commentRequired: .answers(["no"]))
        let q2 = Criterion(id: "q2", category: "compliance", prompt: "q2", answerType: .yesNo(points: 1),
                           condition: .answerIs(criterion: "q1", anyOf: ["yes"], position: .unknown))
        let q3 = Criterion(id: "q3", category: "empathy", prompt: "q3", answerType: .scale(min: 1, max: 5, labels: []))
        let q4 = Criterion(id: "q4", category: "empathy", prompt: "q4",
                           answerType: .choice(options: [ChoiceOption(id: "full", label: "Full", points: 2),
                                                         ChoiceOption(id: "none", label: "None", points: 0)]))
        return ScoringPlan(Scorecard(id: "t", version: "1", title: "T", scoring: .weighted,
                                     categories: [Category(id: "compliance", title: "C"), Category(id: "empathy", title: "E")],
                                     sections: [Section(id: "s", title: "S", criteria: [q1, q2, q3, q4])],
                                     passMark: 80, bands: []))
    }

    /// The same answers placed once as values and once by code.
    private func inputs(_ plan: ScoringPlan, _ answers: [AnswerValue?], comment: String? = nil) -> (IndexedAnswers, IndexedAnswers) {
        var byValue = IndexedAnswers(criteria: 4, sections: 1), byCode = byValue
        var ignored: [AnswerProblem] = []
        for (i, answer) in answers.enumerated() {
            guard let answer else { continue }
            plan.place(answer, at: .criterion(i), key: "q\(i + 1)", into: &byValue, problems: &ignored)
            if let code = plan.codedAnswers(of: i)?.firstIndex(of: answer) {
                plan.place(code: code, criterion: i, into: &byCode)
            }
        }
        byValue.comments[0] = comment
        byCode.comments[0] = comment
        return (byValue, byCode)
    }

    @Test("a valid evaluation: the same answer sheet, answers and score")
    func valid() throws {
        let plan = plan()
        let (byValue, byCode) = inputs(plan, [.yes, .no, .number(4), .token("full")])
        #expect(byCode.answers.allSatisfy { $0 == nil })  // nothing but codes was placed
        #expect(plan.recordedAnswer(2, in: byCode) == .number(4))
        let sheet = try plan.check(byCode).get()
        #expect(sheet == (try plan.check(byValue).get()))
        #expect(sheet.answers == [.yes, .no, .number(4), .token("full")])
        // q1 1/1, q2 0/1, q3 (4−1)/(5−1) = 0.75, q4 2/2; weights 1 → (1 + 0 + 0.75 + 1) / 4 = 68.75.
        #expect(plan.score(sheet).total == 68.75)
        var ws = ScoringWorkspace(plan)
        #expect(plan.check(byCode, into: &ws).isEmpty)
        #expect(plan.summarize(&ws).total == 68.75)
    }

    @Test("problems found from codes read as those found from values")
    func problems() {
        let plan = plan()
        // q1 "no" without its comment; q2 answered although q1 is not "yes"; q4 missing.
        let (byValue, byCode) = inputs(plan, [.no, .yes, .number(2), nil])
        var ws = ScoringWorkspace(plan)
        let fromCode = plan.check(byCode, into: &ws)
        let fromValue = plan.check(byValue, into: &ws)
        #expect(fromCode.map(\.description) == [
            "criterion 'q1': the answer 'no' needs a comment explaining it",
            "criterion 'q2': answered 'yes' although it does not apply to this call (its condition is not met); leave it blank",
            "criterion 'q4': no answer, but the criterion applies to this call",
        ])
        #expect(fromCode == fromValue)
    }

    @Test("a critical failure by code fails the form, with its comment in place")
    func criticalFailure() throws {
        let plan = plan()
        let (_, byCode) = inputs(plan, [.no, nil, .number(5), .token("none")], comment: "no disclosure")
        let score = try plan.check(byCode).map(plan.score).get()
        #expect(score.autoFailed && score.total == 0)
        #expect(score.criticalFailures.map(\.answer) == [.no])
    }
}

@Suite("overview figures in every scoring mode")
struct OverviewModeTests {
    /// Two sections (declared weights 3 and 1, or none) sharing two categories across them, uneven criterion
    /// weights, a bonus criterion, an N/A-able criterion and a section-scope critical item, so each mode's
    /// sums, the declared-weight category shares, bonus credit and a zeroed section are all exercised.
    private func plan(_ mode: ScoringMode, declaredWeights: Bool) -> ScoringPlan {
        let a1 = Criterion(id: "a1", category: "c1", prompt: "a1", answerType: .yesNo(points: 1), weight: 2,
                           critical: CriticalRule(scope: .section, failingAnswers: .answers(["no"])))
        let a2 = Criterion(id: "a2", category: "c2", prompt: "a2", answerType: .scale(min: 1, max: 5, labels: []),
                           weight: 3, allowsNotApplicable: true)
        let a3 = Criterion(id: "a3", category: "c1", prompt: "a3", answerType: .yesNo(points: 1), weight: 0.5,
                           bonus: true)
        let b1 = Criterion(id: "b1", category: "c2", prompt: "b1",
                           answerType: .choice(options: [ChoiceOption(id: "full", label: "Full", points: 2),
                                                         ChoiceOption(id: "part", label: "Part", points: 1),
                                                         ChoiceOption(id: "none", label: "None", points: 0)]),
                           weight: 1.5)
        let b2 = Criterion(id: "b2", category: "c1", prompt: "b2", answerType: .scale(min: 1, max: 5, labels: []),
                           weight: 1, allowsNotApplicable: true)
        return ScoringPlan(Scorecard(
            id: "t", version: "1", title: "T", scoring: mode,
            categories: [Category(id: "c1", title: "C1"), Category(id: "c2", title: "C2")],
            sections: [Section(id: "a", title: "A", weight: declaredWeights ? 3 : nil, criteria: [a1, a2, a3]),
                       Section(id: "b", title: "B", weight: declaredWeights ? 1 : nil, criteria: [b1, b2])],
            passMark: 80, bands: [], deductionStart: 100))
    }

    /// Every combination of a few answers per criterion (3 × 4 × 2 × 3 × 3 = 216 evaluations).
    private func evaluations() -> [Evaluation] {
        var out: [Evaluation] = []
        for a1 in ["yes", "no", "yes"] {
            for a2: AnswerValue in [.number(1), .number(4), .number(5), .notApplicable] {
                for a3 in ["yes", "no"] {
                    for b1 in ["full", "part", "none"] {
                        for b2: AnswerValue in [.number(2), .number(5), .notApplicable] {
                            out.append(Evaluation(
                                id: "e\(out.count)", callID: "c", agentID: "a", assessorID: "s", scorecardID: "t",
                                scorecardVersion: "1", callDate: testDay("2026-01-01"), evaluatedAt: testStamp("2026-01-02T10:00:00Z"),
                                answers: ["a1": .token(a1), "a2": a2, "a3": .token(a3), "b1": .token(b1), "b2": b2]))
                        }
                    }
                }
            }
        }
        return out
    }

    @Test("the overview path's total, pass, section and category scores equal the full breakdown's, bit for bit",
          arguments: ScoringMode.allCases, [false, true])
    func sameFigures(mode: ScoringMode, declaredWeights: Bool) throws {
        let plan = plan(mode, declaredWeights: declaredWeights)
        var ws = ScoringWorkspace(plan)
        var compared = 0, zeroedSections = 0
        for evaluation in evaluations() {
            let full = try plan.score(evaluation).get()
            let problems = plan.index(evaluation, into: &ws.input)
            let overview = try plan.overviewInput(in: &ws, problems: problems).get()
            let expected = ScoreOverview(full)
            #expect(overview.total == expected.total, "\(evaluation.id)")
            #expect(overview.passed == expected.passed)
            #expect(overview.autoFailed == expected.autoFailed)
            #expect(overview.criticalFailures == expected.criticalFailures)
            // NaN marks a section or category where nothing applied; it must match NaN.
            for (x, y) in zip(overview.sectionScores + overview.categoryScores,
                              expected.sectionScores + expected.categoryScores) {
                #expect(x == y || (x.isNaN && y.isNaN), "\(evaluation.id): \(x) vs \(y)")
            }
            if full.sections.contains(where: \.zeroedByCriticalFailure) { zeroedSections += 1 }
            compared += 1
        }
        #expect(compared == 216)
        // a1 = "no" in one of its three values: 216 / 3 = 72 evaluations with section a zeroed.
        #expect(zeroedSections == 72)
    }
}
