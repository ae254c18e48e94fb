import Foundation
import Testing
import FormImport
import QAModel
import Scoring

/// Imported forms scored by the scoring engine: the platforms' documented numbers, and hand-computed totals for
/// the rich fixtures.
@Suite("Imported forms score as the platforms do")
struct ImportedFormScoringTests {
    func score(_ card: Scorecard, _ answers: [String: AnswerValue], comments: [String: String] = [:]) throws -> EvaluationScore {
        let evaluation = Evaluation(
            id: "ev-1", callID: "call-1", agentID: "agent-1", assessorID: "assessor-1", scorecardID: card.id,
            scorecardVersion: card.version, callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T10:00:00Z"),
            answers: answers, comments: comments)
        return try ScoringPlan(card).score(evaluation).get()
    }

    func near(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-9
    }

    /// Source: https://docs.aws.amazon.com/connect/latest/adminguide/about-scoring-and-weights.html
    @Test("Connect admin guide example: 60 %, and 75 % with Q4 not applicable")
    func connectWorkedExample() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/worked-example-percentage.json")).scorecard
        var answers: [String: AnswerValue] = ["q1": .token("a1"), "q2": .token("a2"), "q3": .token("a2"), "q4": .token("a3")]
        // 40·1 + 20·0.5 + 20·0.5 + 20·0 = 60 of 100.
        #expect(near(try score(card, answers).total, 60))
        answers["q4"] = .notApplicable
        // (40 + 10 + 10) / (40 + 20 + 20) = 60 / 80 = 75.
        #expect(near(try score(card, answers).total, 75))
    }

    /// Source: Genesys Cloud Resource Center, "Evaluation form weights", https://help.mypurecloud.com/?p=144862
    @Test("Genesys group-weight example: 60 %")
    func genesysWorkedExample() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/worked-example-group-weights.json")).scorecard
        let result = try score(card, ["question-1-1": .token("yes"), "question-1-2": .token("no"), "question-2-1": .token("yes")])
        // ((1 × 40) + (1 × 20)) / ((2 × 40) + (1 × 20)) = 60 / 100.
        #expect(near(result.total, 60))
    }

    // Connect rich form, SECTION_ONLY. Question weights = section weight / scored questions in the section:
    // opening 20/1 (call type is unscored) = 20; compliance 30/3 = 10 each; vulnerable 10/1 = 10;
    // resolution 30/4 = 7.5 each; wrap-up 10/1 = 10.
    let connectAnswers: [String: AnswerValue] = [
        "call-type": .token("query"), "q-greeting": .token("partly"),
        "id-check": .token("yes"), "recording-notice": .token("yes"), "disclosure": .token("yes"),
        // vulnerable-handled applies only to complaints; complaint-logged only for complaints or when the
        // greeting was neither yes nor partly: both are left unanswered.
        "hold-time": .number(45), "products-offered": .tokens(["savings", "card"]),
        "resolution-score": .token("part"), "summary": .token("yes"),
    ]

    @Test("Connect rich form: a query call, hand-computed")
    func connectRich() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/rich-form.json")).scorecard
        let result = try score(card, connectAnswers)
        // earned: greeting 20·0.5 = 10; compliance 10 + 10 + 10 = 30; hold 45 s → 5/10 → 7.5·0.5 = 3.75;
        // products 5 + 3 = 8, capped at 10 (Connect's multi-select rule) → 7.5·8/10 = 6; resolution 4/8 → 3.75;
        // summary 10. possible: 20 + 30 + 7.5·3 + 10 = 82.5.  total = 100·(57.5 + 6)/82.5 = 100·63.5/82.5
        #expect(near(result.total, 100 * 63.5 / 82.5))
        #expect(result.band?.id == "no-category")  // 75.29… falls between the form's two performance categories
        #expect(!result.autoFailed && result.criticalFailures.isEmpty)
        #expect(result.criteria.first { $0.id == "vulnerable-handled" }?.applicable == false)
        #expect(result.criteria.first { $0.id == "complaint-logged" }?.applicable == false)
    }

    @Test("Connect rich form: own-section and other-section automatic fails")
    func connectRichSectionFail() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/rich-form.json")).scorecard
        var answers = connectAnswers
        answers["recording-notice"] = .token("no")
        answers["disclosure"] = .token("no")
        let result = try score(card, answers)
        // Compliance is zeroed (its own-section automatic fail): earned 10 + 0 + 3.75 + 6 + 3.75 + 10 = 33.5
        // of 82.5 → 100·33.5/82.5. The other-section fail is only flagged.
        #expect(near(result.total, 100 * 33.5 / 82.5))
        #expect(result.criticalFailures.map(\.criterion) == ["recording-notice", "disclosure"])
        #expect(result.criticalFailures.map(\.scope) == [.section, .flag])
        #expect(!result.autoFailed)
    }

    @Test("Connect rich form: a hold over 300 s fails the evaluation")
    func connectRichRangeFail() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/rich-form.json")).scorecard
        var answers = connectAnswers
        answers["hold-time"] = .number(420)
        let result = try score(card, answers)
        #expect(result.autoFailed && result.total == 0 && !result.passed)
        #expect(result.criticalFailures.map(\.criterion) == ["hold-time"])
    }

    // Genesys rich form, scaled points. Opening (weight 20, defaults to the top answer) holds two 1-point
    // questions; compliance (50) holds 1-, 2- and 3-point questions; fatal checks (weight 0 → unscored);
    // wrap-up (30) shows only when the greeting and the identity check were both "yes".
    let greeting = "did-the-agent-use-the-branded"
    let recorded = "did-the-agent-state-that-the"
    let identity = "did-the-agent-verify-the-customer"
    let script = "was-the-vulnerability-script-followed"
    let payment = "was-the-payment-arrangement-affordable"
    let threatening = "did-the-agent-avoid-threatening-language"
    let summary = "did-the-agent-summarise-the-next"

    var genesysAnswers: [String: AnswerValue] {
        [greeting: .token("yes"), recorded: .token("yes"), identity: .token("yes"), script: .token("fully"),
         payment: .token("good"), threatening: .token("yes"), summary: .token("no")]
    }

    @Test("Genesys rich form: total, critical and non-critical scores, hand-computed")
    func genesysRich() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/rich-form.json")).scorecard
        // The identity question requires a comment on every answer (commentsRequired).
        let result = try score(card, genesysAnswers, comments: [identity: "Checked date of birth and postcode."])
        // opening 2 of 2 × 20 = 40 of 40; compliance (1 + 2 + 2) of (1 + 2 + 3) × 50 = 250 of 300;
        // wrap-up 0 of 1 × 30 = 0 of 30 → 290 / 370.
        #expect(near(result.total, 100 * 290 / 370))
        // Critical (plain points, isCritical questions only): recorded 1/1 → 100. The weight-0 group's question
        // is unscored, so it is in neither score.
        #expect(near(result.criticalScore, 100))
        // Non-critical: every other scored question, the fatal-only identity and script questions included:
        // greeting 1/1, identity 1/1, script 2/2, payment 2/3, summary 0/1 → 6/8.
        #expect(near(result.nonCriticalScore, 75))
        #expect(!result.autoFailed)
    }

    @Test("Genesys rich form: a fatal question answered below its top answer fails the evaluation")
    func genesysRichFatal() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/rich-form.json")).scorecard
        var answers = genesysAnswers
        answers[script] = .token("partly")
        let comments = [identity: "Checked date of birth and postcode."]
        let partly = try score(card, answers, comments: comments)
        #expect(partly.autoFailed && partly.total == 0)
        #expect(partly.criticalFailures.map(\.criterion) == [script])

        answers = genesysAnswers
        answers[threatening] = .token("no")
        let threat = try score(card, answers, comments: comments)
        // The fatal question sits in a weight-0 group (imported as unscored) and still fails the evaluation.
        #expect(threat.autoFailed && threat.total == 0)
        #expect(threat.criticalFailures.map(\.criterion) == [threatening])
    }
}
