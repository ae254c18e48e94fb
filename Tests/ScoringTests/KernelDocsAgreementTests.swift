import QAModel
import Scoring
import Testing

/// Three places where the kernel once disagreed with the documentation, each the smallest template that shows it.
/// The first two were found by the differential test with its reference scorer following the docs literally, the
/// third (conditions testing for `na`) by reading the condition checks; the kernel now follows the docs on all
/// three.
@Suite("Kernel agrees with the docs (issue 16 differential test)")
struct KernelDocsAgreementTests {
    private static func yesNo(_ id: String, bonus: Bool = false) -> Criterion {
        Criterion(id: id, category: "general", prompt: id, answerType: .yesNo(points: 1), bonus: bonus)
    }

    private static func card(_ scoring: ScoringMode, _ sections: [Section]) -> Scorecard {
        Scorecard(id: "docs", version: "1", title: "Docs", scoring: scoring,
                  categories: [Category(id: "general", title: "General")], sections: sections, passMark: 50)
    }

    private static func evaluation(_ answers: [String: AnswerValue]) -> Evaluation {
        Evaluation(id: "ev", callID: "call", agentID: "agent", assessorID: "assessor", scorecardID: "docs",
                   scorecardVersion: "1", callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T10:00:00Z"), answers: answers)
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

    @Test("pooled forms: bonus credit makes up only for misses in its own section (docs §7) — expected 50")
    func bonusStaysInItsSectionInPooledModes() throws {
        for mode in [ScoringMode.scaledPoints, .questionOnly, .sectionOnly] {
            let score = try ScoringPlan(Self.card(mode, Self.bonusSections)).score(Self.evaluation(Self.bonusAnswers)).get()
            // s1 earns 2 of 1 possible, capped at 1; s2 earns 0 of 1: 1/2.
            #expect(score.total == 50, "\(mode)")
        }
    }

    @Test("points forms: bonus points are added to the total, which alone is capped (docs §6, Example 14) — expected 100")
    func bonusAddsToTheTotalInPointsForms() throws {
        let score = try ScoringPlan(Self.card(.points, Self.bonusSections)).score(Self.evaluation(Self.bonusAnswers)).get()
        // Amazon Connect, "Create an evaluation form", step 5.2: earned 1 + bonus 1 + 0 = 2 over the base total
        // 1 + 1 = 2 → 100 %. Section s1 still shows 100 (2 of 1, capped), s2 0.
        #expect(score.total == 100)
        #expect(score.sections.map(\.score) == [100, 0])
    }

    @Test("a criterion accepts na when its section has na=\"allowed\" (docs/scorecard-format.md, Answer types)")
    func sectionAllowsNotApplicableOnItsCriteria() throws {
        let card = Self.card(.weighted, [
            Section(id: "s", title: "S", allowsNotApplicable: true, criteria: [Self.yesNo("a"), Self.yesNo("b")]),
        ])
        let score = try ScoringPlan(card).score(Self.evaluation(["a": .notApplicable, "b": .yes])).get()
        #expect(score.total == 100)
        #expect(score.criteria.first { $0.id == "a" }?.applicable == false)
    }

    @Test("a condition can test for an N/A answer (applies-when … is=\"na\", accepted by the condition-tokens check)")
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
