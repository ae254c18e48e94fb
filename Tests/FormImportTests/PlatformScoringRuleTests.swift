import Foundation
import Testing
import FormImport
import QAModel
import Scoring

// Issue 15: the scoring rules the platforms publish, each a worked example in docs/scoring.md ("Platform rules
// from issue 15"), hand-computed here on a fixture written from the platform's published form model.
@Suite("Platform scoring rules (issue 15)")
struct PlatformScoringRuleTests {
    func score(_ card: Scorecard, _ answers: [String: AnswerValue]) throws -> EvaluationScore {
        let evaluation = Evaluation(
            id: "ev-1", callID: "call-1", agentID: "agent-1", assessorID: "assessor-1", scorecardID: card.id,
            scorecardVersion: card.version, callDate: testDay("2025-03-02"), evaluatedAt: testStamp("2025-03-03T10:00:00Z"),
            answers: answers)
        return try ScoringPlan(card).score(evaluation).get()
    }

    func near(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-9
    }

    /// Amazon Connect admin guide, "Create an evaluation form", step 5.1: a multi-select question scores the sum
    /// of its chosen options' scores, capped at 10.
    @Test("Connect multi-select in percentage scoring: chosen scores summed, capped at 10")
    func connectMultiSelectCappedAtTen() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/multiselect-percentage.json"))
        let card = result.scorecard
        let offers = try #require(card.criteria.first { $0.platformID == "Q.2" })
        guard case .multiSelect(_, let max) = offers.answerType else {
            Issue.record("Q.2 should be multi-select")
            return
        }
        #expect(max == 10)
        #expect(!result.losses.contains { $0.what.contains("how several chosen options are scored") })
        // Weights 30 (greeting), 0 (reason: unscored), 40 (offers), 30 (identity).
        // Savings 5 + insurance 3 = 8 of 10 → 30·1 + 40·0.8 + 30·1 = 92 (not 30 + 40·8/13 + 30 = 84.62).
        var answers: [String: AnswerValue] = ["q-1": .token("yes"), "q-1-2": .token("billing"),
                                              "q-2": .tokens(["savings", "insurance"]), "q-3": .token("yes")]
        #expect(near(try score(card, answers).total, 92))
        // All three: 5 + 5 + 3 = 13, capped at 10 → full credit: 0 + 40 + 30 = 70 with the greeting missed.
        answers["q-1"] = .token("no")
        answers["q-2"] = .tokens(["savings", "card", "insurance"])
        #expect(near(try score(card, answers).total, 70))
    }

    /// Amazon Connect admin guide, "Create an evaluation form", steps 5.2 and 8 (points-based scoring): earned
    /// points over the maximum possible points; bonus options and bonus questions add points without raising the
    /// maximum; excluded questions count in neither; the score is capped at 100 %.
    @Test("Connect POINTS_BASED: earned over possible points, bonus, exclusions, the cap")
    func connectPointsBased() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/points-based.json"))
        let card = result.scorecard
        #expect(card.scoring == .points)
        #expect(card.criterion("rapport")?.bonus == true)
        #expect(card.criterion("channel")?.scored == false)
        // Possible: greet 4 + plan 6 (its bonus option 2 is not possible points) + close 5 = 15.
        // greet yes 4, plan partly 3, rapport (bonus) yes 2, close no 0 → (4 + 3 + 2) / 15 = 60 %.
        var answers: [String: AnswerValue] = ["greet": .token("yes"), "plan": .token("part"), "rapport": .token("yes"),
                                              "channel": .token("phone"), "close": .token("no")]
        #expect(near(try score(card, answers).total, 60))
        // Everything at its best plus the bonus: 15 + 2 of 15 → capped at 100 %.
        answers["plan"] = .token("full")
        answers["close"] = .token("yes")
        #expect(near(try score(card, answers).total, 100))
        // The bonus option instead of an answer worth points, no rapport: greet 4 + above 2 + close 5 = 11 of 15.
        answers["plan"] = .token("above")
        answers["rapport"] = .token("no")
        #expect(near(try score(card, answers).total, 100 * 11 / 15))
    }

    /// Amazon Connect admin guide, "Create an evaluation form", step 5.2 (point-based scoring), read word for word:
    /// "For Number type questions, choose Add range to define answer ranges and assign a point value to each
    /// range"; "For Multiple selection questions … their point values are summed. Optionally, select Set cap to
    /// configure a maximum point value cap for the question"; "The earned points from a bonus question are added
    /// to the total, but the question's maximum points are not counted in the base total".
    @Test("Connect POINTS_BASED: range point values, the multi-select cap, bonus points added to the form's total")
    func connectPointsRangesCapAndBonus() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/points-ranges-and-cap.json"))
        let card = result.scorecard
        #expect(result.losses.isEmpty, "\(result.losses)")
        guard case .numeric(let ranges) = card.criterion("hold")?.answerType,
              case .multiSelect(_, let cap) = card.criterion("products")?.answerType else {
            Issue.record("hold should be numeric and products multi-select")
            return
        }
        #expect(ranges.map(\.points) == [6, 3, 0])  // PointsConfiguration.PointValue of each range
        #expect(cap == 8)                            // MaxPointValue 8, below the options' sum 12
        // Possible: greet 4 + hold 6 + products 8 = 18 (the bonus rapport question adds none).
        // Greet no 0, hold 45 s → 6, all three products 12 → capped 8, rapport yes 3 (bonus):
        // (0 + 6 + 8 + 3) / 18 = 94.44 %. Capping bonus points per section, as the other modes do, would give
        // (6 + 8) / 18 = 77.78 %: the bonus in Offers makes up for the greeting missed in Opening.
        var answers: [String: AnswerValue] = ["greet": .token("no"), "hold": .number(45),
                                              "products": .tokens(["plan", "holiday", "advice"]), "rapport": .token("yes")]
        let first = try score(card, answers)
        #expect(near(first.total, 100 * 17 / 18))
        #expect(near(first.sections[0].score, 60))   // Opening: (0 + 6) / (4 + 6)
        #expect(near(first.sections[1].score, 100))  // Offers: (8 + 3) / 8, shown capped at 100
        // Greet yes 4, hold 200 s → 0, one product 4, rapport no: (4 + 0 + 4) / 18 = 44.44 %.
        answers = ["greet": .token("yes"), "hold": .number(200), "products": .tokens(["plan"]), "rapport": .token("no")]
        #expect(near(try score(card, answers).total, 100 * 8 / 18))
        // Everything at its best plus the bonus: (4 + 6 + 8 + 3) / 18 = 21/18 → the total is capped at 100 %.
        answers = ["greet": .token("yes"), "hold": .number(10), "products": .tokens(["plan", "advice"]), "rapport": .token("yes")]
        #expect(near(try score(card, answers).total, 100))
    }

    /// Genesys form `weightMode` `OFF`: group weights are not applied, the score is plain points.
    @Test("Genesys weightMode OFF: plain points, group weights not applied")
    func genesysWeightsOff() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/weights-off.json")).scorecard
        #expect(card.scoring == .points)
        #expect(card.sections.allSatisfy { $0.weight == nil })
        // The resource centre's answers (1.1 yes, 1.2 no, 2.1 yes): (1 + 0 + 1) / 3 = 66.67 %, not the 60 % the
        // group weights 40 and 20 would give.
        let result = try score(card, ["question-1-1": .token("yes"), "question-1-2": .token("no"), "question-2-1": .token("yes")])
        #expect(near(result.total, 200.0 / 3))
    }

    /// Genesys Cloud Resource Center, "Evaluation form weights" (Critical Score): only critical questions make up
    /// the critical score. A fatal-only question (isKill without isCritical) fails the evaluation and scores with
    /// the non-critical questions (the reading chosen; Genesys does not publish the non-critical formula).
    @Test("Genesys fatal-only questions count as non-critical; an all-zero question becomes unscored")
    func genesysFatalOnlyAndInformational() throws {
        let result = try FormImporter.importGenesys(data: Fixture.data("genesys/fatal-only-and-informational.json"))
        let card = result.scorecard
        let reason = try #require(card.criteria.first { $0.prompt == "Reason for the call" })
        #expect(reason.scored == false)
        #expect(result.losses.contains { $0.what.contains("answers are all worth 0 points") })
        let template = result.template(source: "fatal-only-and-informational.json", platform: .genesys)
        #expect(template.isWritable)

        let verify = "did-the-agent-verify-the-caller"
        let disclosure = "did-the-agent-read-the-recording"
        let resolved = "was-the-billing-issue-resolved"
        #expect(card.criterion(verify)?.critical == CriticalRule(scope: .form, failingAnswers: .belowTop, countsInCriticalScore: false))
        // Reason billing (unscored), verify yes 1/1, disclosure no 0/1, resolved partly 1/2.
        let scored = try score(card, [reason.id: .token("billing"), verify: .token("yes"), disclosure: .token("no"),
                                      resolved: .token("partly")])
        // Total: (1 + 0 + 1) / (1 + 1 + 2) = 50 %. Critical (disclosure only): 0/1 = 0. Non-critical (verify and
        // resolved): (1 + 1) / (1 + 2) = 66.67 %.
        #expect(near(scored.total, 50))
        #expect(near(scored.criticalScore, 0))
        #expect(near(scored.nonCriticalScore, 200.0 / 3))
        // The fatal-only question still fails the evaluation.
        let failed = try score(card, [reason.id: .token("other"), verify: .token("no"), disclosure: .token("yes"),
                                      resolved: .token("yes")])
        #expect(failed.autoFailed && failed.total == 0)
    }
}
