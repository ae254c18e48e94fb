import QAModel
import Testing
@testable import Scoring

// The worked examples of docs/scoring.md, one test each. Expected values are computed by hand in the
// comments (and in the doc); keep the two in step.

/// The demo template of docs/scoring.md: two weighted sections, four scored criteria, one informational
/// criterion and one conditional criterion.
func demoScorecard(
    scoring: ScoringMode = .weighted, sectionWeights: (Double?, Double?) = (40, 60),
    verifyScope: CriticalScope = .flag, weights: [String: Double] = [:]
) -> Scorecard {
    func w(_ id: String, _ d: Double) -> Double { weights[id] ?? d }
    return Scorecard(
        id: "demo", version: "1", title: "Demo", scoring: scoring,
        categories: [Category(id: "empathy", title: "Empathy"), Category(id: "compliance", title: "Compliance"),
                     Category(id: "resolution", title: "Resolution")],
        sections: [
            Section(id: "opening", title: "Opening", weight: sectionWeights.0, criteria: [
                Criterion(id: "greet", category: "empathy", prompt: "Greeted?", answerType: .yesNo(points: 1),
                          weight: w("greet", 1), allowsNotApplicable: true),
                Criterion(id: "verify", category: "compliance", prompt: "Verified identity?",
                          answerType: .yesNo(points: 1), weight: w("verify", 2),
                          critical: CriticalRule(scope: verifyScope, failingAnswers: .answers(["no"])),
                          commentRequired: .answers(["no"])),
            ]),
            Section(id: "handling", title: "Handling", weight: sectionWeights.1, criteria: [
                Criterion(id: "tone", category: "empathy", prompt: "Tone",
                          answerType: .scale(min: 1, max: 5, labels: []), weight: w("tone", 2)),
                Criterion(id: "resolve", category: "resolution", prompt: "Resolved?",
                          answerType: .choice(options: [ChoiceOption(id: "full", label: "Fully", points: 2),
                                                        ChoiceOption(id: "partial", label: "Partly", points: 1),
                                                        ChoiceOption(id: "none", label: "No", points: 0)]),
                          weight: w("resolve", 3)),
                Criterion(id: "complained", category: "resolution", prompt: "Did the customer complain?",
                          answerType: .yesNo(points: 1), scored: false),
                Criterion(id: "logged", category: "resolution", prompt: "Complaint logged?",
                          answerType: .yesNo(points: 1), weight: w("logged", 1),
                          condition: .answerIs(criterion: "complained", anyOf: ["yes"], position: .unknown)),
            ]),
        ],
        passMark: 80,
        bands: [Band(id: "excellent", title: "Excellent", min: 90, max: 100),
                Band(id: "good", title: "Good", min: 75, max: 90),
                Band(id: "poor", title: "Needs improvement", min: 0, max: 75)])
}

func evaluation(_ card: Scorecard, _ answers: [String: AnswerValue], comments: [String: String] = [:]) -> Evaluation {
    Evaluation(id: "ev-1", callID: "call-1", agentID: "agent-1", assessorID: "assessor-1", scorecardID: card.id,
               scorecardVersion: card.version, callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T10:00:00Z"),
               answers: answers, comments: comments)
}

func score(_ card: Scorecard, _ answers: [String: AnswerValue], comments: [String: String] = [:]) throws -> EvaluationScore {
    try ScoringPlan(card).score(evaluation(card, answers, comments: comments)).get()
}

let baseAnswers: [String: AnswerValue] = [
    "greet": .yes, "verify": .yes, "tone": .number(4), "resolve": .token("partial"), "complained": .no,
]

func near(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

@Suite("Worked examples of docs/scoring.md")
struct ScoringExamplesTests {
    @Test("Example 1: weighted sections")
    func weightedSections() throws {
        let result = try score(demoScorecard(), baseAnswers)
        // opening = (1·1 + 2·1)/3 = 100; handling = (2·0.75 + 3·0.5)/5 = 60; total = 0.4·100 + 0.6·60 = 76.
        #expect(near(result.sections[0].score, 100))
        #expect(near(result.sections[1].score, 60))
        #expect(near(result.total, 76))
        #expect(result.passed == false)
        #expect(result.band?.id == "good")
        // Shares: greet 0.4·1/3, verify 0.4·2/3, tone 0.6·2/5 = 0.24, resolve 0.6·3/5 = 0.36.
        // empathy = (0.13333·1 + 0.24·0.75)/(0.13333 + 0.24) = 0.31333/0.37333 = 83.92857…
        #expect(near(result.categories.first { $0.id == "empathy" }?.score, 100 * (0.4 / 3 + 0.18) / (0.4 / 3 + 0.24)))
        #expect(near(result.categories.first { $0.id == "compliance" }?.score, 100))
        #expect(near(result.categories.first { $0.id == "resolution" }?.score, 50))
        let logged = try #require(result.criteria.first { $0.id == "logged" })
        #expect(logged.applicable == false && logged.earned == nil)
        let complained = try #require(result.criteria.first { $0.id == "complained" })
        #expect(complained.effectiveWeight == 0 && complained.earned == nil)
        #expect(near(result.criteria.first { $0.id == "resolve" }?.effectiveWeight, 0.36))
    }

    @Test("Example 2: a conditional criterion that applies")
    func conditionalApplies() throws {
        var answers = baseAnswers
        answers["complained"] = .yes
        answers["logged"] = .no
        let result = try score(demoScorecard(), answers)
        // handling = (1.5 + 1.5 + 1·0)/6 = 50; total = 40 + 0.6·50 = 70.
        #expect(near(result.sections[1].score, 50))
        #expect(near(result.total, 70))
        #expect(result.band?.id == "poor")
    }

    @Test("Example 3: critical scopes — flag, section, form")
    func criticalScopes() throws {
        var answers = baseAnswers
        answers["verify"] = .no
        let comments = ["verify": "Balance read out before date of birth was checked."]
        // flag: opening = (1 + 0)/3 = 33.33…; total = 0.4·33.33… + 36 = 49.33…
        let flagged = try score(demoScorecard(verifyScope: .flag), answers, comments: comments)
        #expect(near(flagged.total, 40.0 / 3 + 36))
        #expect(flagged.criticalFailures.map(\.criterion) == ["verify"])
        #expect(flagged.criticalFailures.first?.comment == comments["verify"])
        #expect(flagged.autoFailed == false)
        // section: opening = 0; total = 0 + 36.
        let section = try score(demoScorecard(verifyScope: .section), answers, comments: comments)
        #expect(near(section.sections[0].score, 0) && section.sections[0].zeroedByCriticalFailure)
        #expect(near(section.total, 36))
        // form: total 0, failed, whatever else scored.
        let form = try score(demoScorecard(verifyScope: .form), answers, comments: comments)
        #expect(form.total == 0 && form.autoFailed && !form.passed)
        #expect(form.criticalFailures.first?.scope == .form)
    }

    @Test("Example 4: N/A and a section that drops out")
    func notApplicable() throws {
        var answers = baseAnswers
        answers["greet"] = .notApplicable
        // opening = (2·1)/2 = 100 — greet's weight leaves the section; total unchanged at 76.
        let result = try score(demoScorecard(), answers)
        #expect(near(result.total, 76))
        #expect(result.criteria.first { $0.id == "greet" }?.applicable == false)
        // With opening all N/A (verify cannot be N/A, so drop it via weights: use a template where it may).
        var card = demoScorecard()
        card.sections[0].criteria[1].allowsNotApplicable = true
        answers["verify"] = .notApplicable
        let dropped = try score(card, answers)
        // Only handling applies: total = 60.
        #expect(dropped.sections[0].score == nil)
        #expect(near(dropped.total, 60))
    }

    @Test("Example 5: no section weights — a plain points form")
    func undeclaredSectionWeights() throws {
        // total = (1 + 2 + 2·0.75 + 3·0.5)/(1 + 2 + 2 + 3) = 6/8 = 75.
        let result = try score(demoScorecard(sectionWeights: (nil, nil)), baseAnswers)
        #expect(near(result.total, 75))
        #expect(result.band?.id == "good")
    }

    @Test("Example 6: deduction-style form")
    func deduction() throws {
        let card = demoScorecard(scoring: .deduction, sectionWeights: (nil, nil),
                                 weights: ["greet": 5, "verify": 20, "tone": 10, "resolve": 15, "logged": 10])
        var answers = baseAnswers
        answers["greet"] = .no
        answers["tone"] = .number(3)
        // 100 − 5·1 − 20·0 − 10·(1 − 0.5) − 15·(1 − 0.5) = 100 − 5 − 5 − 7.5 = 82.5
        let result = try score(card, answers)
        #expect(near(result.total, 82.5))
        #expect(result.passed)
    }
}
