import Foundation
import Testing
@testable import FormImport
import QAModel

@Suite("Genesys Cloud forms")
struct GenesysImportTests {
    @Test("the resource centre's group-weight example imports exactly")
    func workedExampleStructure() throws {
        let result = try FormImporter.importGenesys(data: Fixture.data("genesys/worked-example-group-weights.json"))
        let card = result.scorecard
        #expect(result.losses.isEmpty)
        #expect(card.id == "evaluation-form-weighting-example")
        #expect(card.scoring == .scaledPoints)
        #expect(card.effectiveDate?.description == "2024-05-02")
        #expect(card.sections.map(\.id) == ["group-1", "group-2"])
        #expect(card.sections.map(\.weight) == [40, 20])
        #expect(card.criteria.map(\.id) == ["question-1-1", "question-1-2", "question-2-1"])
        #expect(card.criteria.allSatisfy {
            $0.answerType.withoutPlatformIDs == .choice(options: [
                ChoiceOption(id: "yes", label: "Yes", points: 1),
                ChoiceOption(id: "no", label: "No", points: 0),
            ])
        })
    }

    /// Source: Genesys Cloud Resource Center, "Evaluation form weights", https://help.mypurecloud.com/?p=144862 —
    /// group 1 (two 1-point questions, weight 40) scores 1 of 2, group 2 (one 1-point question, weight 20) scores
    /// 1 of 1: ((1 × 40) + (1 × 20)) / ((2 × 40) + (1 × 20)) = 60 / 100 = 60 %. This checks that the imported
    /// points and group weights reproduce it under Σ(points × weight) / Σ(possible × weight).
    @Test("imported points and group weights give the documented 60 %")
    func workedExampleNumbers() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/worked-example-group-weights.json")).scorecard
        let answers: [String: AnswerValue] = ["question-1-1": .token("yes"), "question-1-2": .token("no"), "question-2-1": .token("yes")]
        var earned = 0.0, possible = 0.0
        for section in card.sections {
            let weight = try #require(section.weight)
            for criterion in section.criteria {
                let answer = try #require(answers[criterion.id])
                earned += try #require(criterion.earnedPoints(for: answer)) * weight
                possible += criterion.answerType.possiblePoints * weight
            }
        }
        #expect(abs(100 * earned / possible - 60) < 1e-9)
    }

    @Test("the rich form: groups, fatal and critical questions, visibility, N/A, help, comments, losses")
    func richForm() throws {
        let result = try FormImporter.importGenesys(data: Fixture.data("genesys/rich-form.json"))
        let card = result.scorecard
        #expect(card.id == "collections-quality-form")
        #expect(card.sections.map(\.id) == ["opening", "compliance", "fatal-checks", "wrap-up"])
        // Group weight 0 → weight 1 with every question unscored (a loss): the total is unchanged.
        #expect(card.sections.map(\.weight) == [20, 50, 1, 30])
        #expect(card.section("fatal-checks")?.criteria.allSatisfy { !$0.scored } == true)
        #expect(card.sections.map(\.defaultsToTop) == [true, false, false, false])
        #expect(card.sections.map(\.allowsNotApplicable) == [false, true, false, false])

        let greeting = "did-the-agent-use-the-branded"
        let identity = "did-the-agent-verify-the-customer"
        #expect(card.criteria.map(\.id) == [
            greeting, "did-the-agent-state-that-the", identity, "was-the-vulnerability-script-followed",
            "was-the-payment-arrangement-affordable", "did-the-agent-avoid-threatening-language", "did-the-agent-summarise-the-next",
        ])
        #expect(card.criterion(greeting)?.guidance == "Full branded greeting including the agent's name.")

        #expect(card.criterion("did-the-agent-state-that-the")?.critical == CriticalRule(scope: .flag, failingAnswers: .belowTop))
        let verify = try #require(card.criterion(identity))
        // Fatal only (isKill without isCritical): fails the evaluation, scores with the non-critical questions.
        #expect(verify.critical == CriticalRule(scope: .form, failingAnswers: .belowTop, countsInCriticalScore: false))
        #expect(verify.commentRequired == .any)
        #expect(verify.isFailing(.token("no")))
        #expect(!verify.isFailing(.token("yes")))

        let script = try #require(card.criterion("was-the-vulnerability-script-followed"))
        #expect(script.answerType.choiceOptions.map(\.id) == ["fully", "partly", "not-at-all"])
        #expect(script.critical == CriticalRule(scope: .form, failingAnswers: .belowTop, countsInCriticalScore: false))
        #expect(script.isFailing(.token("partly")))
        // "../question/0/answer/0" in group 1 → the identity question, answer "Yes".
        #expect(script.condition == .answerIs(criterion: identity, anyOf: ["yes"], position: .unknown))

        let payment = try #require(card.criterion("was-the-payment-arrangement-affordable"))
        #expect(payment.allowsNotApplicable)
        #expect(payment.answerType.choiceOptions.map(\.points) == [3, 2, 0])
        // OR of two answers of the same question → one "any of".
        #expect(payment.condition == .answerIs(criterion: greeting, anyOf: ["yes", "no"], position: .unknown))

        #expect(card.criterion("did-the-agent-avoid-threatening-language")?.critical == CriticalRule(scope: .form, failingAnswers: .belowTop))

        #expect(card.section("wrap-up")?.condition == .all([
            .answerIs(criterion: greeting, anyOf: ["yes"], position: .unknown),
            .answerIs(criterion: identity, anyOf: ["yes"], position: .unknown),
        ]))

        #expect(Set(result.losses.map(\.path)) == [
            "$.questionGroups[0].questions[1].isCritical",
            "$.questionGroups[1].questions[1].isKill",
            "$.questionGroups[1].questions[2].answerOptions[2].assistanceConditions",
            "$.questionGroups[1].defaultAnswersToNA",
            "$.questionGroups[2].weight",
            "$.questionGroups[3].questions[1]",
            "$.questionGroups[3].questions[2]",
        ])
        #expect(result.losses.count == 7)
    }
}
