import QAModel
import Scoring
import Testing

/// Places where the kernel and the documentation disagree. The first two were found by the differential test
/// when its reference scorer follows the docs literally (`ReferenceScorer.bonusPooling = .perSection`,
/// `sectionAllowsCriterionNotApplicable = true`, with `EvaluationGenerator.sectionNotApplicableOnCriteria`);
/// the third (conditions testing for `na`) by reading the condition checks. Each is the smallest template that
/// shows it. They are disabled — the scoring sources are not changed on this branch — and the differential test
/// runs with the kernel's reading; enable each once the kernel or the docs are settled.
@Suite("Kernel and docs disagreements (issue 16 differential test)")
struct KernelDocsDisagreementTests {
    private static func yesNo(_ id: String, bonus: Bool = false) -> Criterion {
        Criterion(id: id, category: "general", prompt: id, answerType: .yesNo(points: 1), bonus: bonus)
    }

    private static func card(_ scoring: ScoringMode, _ sections: [Section]) -> Scorecard {
        Scorecard(id: "docs", version: "1", title: "Docs", scoring: scoring,
                  categories: [Category(id: "general", title: "General")], sections: sections, passMark: 50)
    }

    private static func evaluation(_ answers: [String: AnswerValue]) -> Evaluation {
        Evaluation(id: "ev", callID: "call", agentID: "agent", assessorID: "assessor", scorecardID: "docs",
                   scorecardVersion: "1", callDate: "2026-11-02", evaluatedAt: "2026-11-03T10:00:00Z", answers: answers)
    }

    /// Section 1: `a` yes and bonus `extra` yes; section 2: `b` no.
    private static let bonusSections = [
        Section(id: "s1", title: "S1", criteria: [yesNo("a"), yesNo("extra", bonus: true)]),
        Section(id: "s2", title: "S2", criteria: [yesNo("b")]),
    ]
    private static let bonusAnswers: [String: AnswerValue] = ["a": .yes, "extra": .yes, "b": .no]

    @Test("weighted forms keep bonus credit inside its section (docs §7): (1·100 + 1·0)/2 = 50")
    func bonusStaysInItsSectionWhenWeighted() throws {
        let score = try ScoringPlan(Self.card(.weighted, Self.bonusSections)).score(Self.evaluation(Self.bonusAnswers)).get()
        #expect(score.total == 50)
    }

    @Test("points forms: bonus credit makes up only for misses in its own section (docs §7) — expected 50",
          .disabled("kernel pools bonus points form-wide in points, scaled-points, question-only and section-only: this scores 100 ((1 + 1 + 0)/2), while docs/scoring.md §7 says a section never scores above 100, so bonus credit can make up for misses in its own section only"))
    func bonusStaysInItsSectionInPointsModes() throws {
        for mode in [ScoringMode.points, .questionOnly] {
            let score = try ScoringPlan(Self.card(mode, Self.bonusSections)).score(Self.evaluation(Self.bonusAnswers)).get()
            // s1 earns 2 of 1 possible, capped at 1; s2 earns 0 of 1: 1/2.
            #expect(score.total == 50, "\(mode)")
        }
    }

    @Test("a criterion accepts na when its section has na=\"allowed\" (docs/scorecard-format.md, Answer types)",
          .disabled("kernel refuses it (criterion 'a': N/A is not allowed for this criterion; answer it): the answer check reads only Criterion.allowsNotApplicable, while the docs and the template checks (comment-rule, condition-tokens) also accept the section's na=allowed"))
    func sectionAllowsNotApplicableOnItsCriteria() throws {
        let card = Self.card(.weighted, [
            Section(id: "s", title: "S", allowsNotApplicable: true, criteria: [Self.yesNo("a"), Self.yesNo("b")]),
        ])
        let score = try ScoringPlan(card).score(Self.evaluation(["a": .notApplicable, "b": .yes])).get()
        #expect(score.total == 100)
        #expect(score.criteria.first { $0.id == "a" }?.applicable == false)
    }

    @Test("a condition can test for an N/A answer (applies-when … is=\"na\", accepted by the condition-tokens check)",
          .disabled("kernel never satisfies is=na: an N/A answer leaves the criterion without an effective answer, so the condition reads it as unanswered and y is refused as answered although it does not apply; ScorecardFormat's condition-tokens check accepts na in conditions on criteria that allow N/A"))
    func conditionOnNotApplicable() throws {
        var x = Self.yesNo("x")
        x.allowsNotApplicable = true
        var y = Self.yesNo("y")
        y.condition = .answerIs(criterion: "x", anyOf: ["na"], position: .unknown)
        let card = Self.card(.weighted, [Section(id: "s", title: "S", criteria: [x, y, Self.yesNo("z")])])
        // x answered N/A, so y (asked only when x is N/A) applies and is answered.
        let score = try ScoringPlan(card).score(Self.evaluation(["x": .notApplicable, "y": .yes, "z": .no])).get()
        #expect(score.total == 50)
        #expect(score.criteria.first { $0.id == "y" }?.applicable == true)
    }
}
