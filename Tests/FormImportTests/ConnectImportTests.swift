import Foundation
import Testing
@testable import FormImport
import QAModel

@Suite("Amazon Connect forms")
struct ConnectImportTests {
    @Test("the admin guide's four-question example imports exactly")
    func workedExampleStructure() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/worked-example-percentage.json"))
        let card = result.scorecard
        #expect(result.losses.isEmpty)
        // Ids are capped at 48 characters, cut at a dash.
        #expect(card.id == "weights-of-optional-questions-admin-guide")
        #expect(card.version == "1")
        #expect(card.scoring == .questionOnly)
        // LastModifiedTime 1718000000 s = 19884 days + 22400 s after 1970-01-01 → 2024-06-10 (UTC).
        #expect(card.effectiveDate?.description == "2024-06-10")
        #expect(card.categories.map(\.id) == ["general"])
        #expect(card.categories.map(\.kind) == [.other])  // imports say what their one category is for
        #expect(card.sections.map(\.id) == ["s1"])
        #expect(card.sections[0].weight == nil)
        #expect(card.criteria.map(\.id) == ["q1", "q2", "q3", "q4"])
        #expect(card.criteria.map(\.weight) == [40, 20, 20, 20])
        #expect(card.criteria.allSatisfy { $0.allowsNotApplicable && $0.scored && $0.critical == nil && $0.category == "general" })
        #expect(card.criteria[0].answerType.withoutPlatformIDs == .choice(options: [
            ChoiceOption(id: "a1", label: "A1", points: 10),
            ChoiceOption(id: "a2", label: "A2", points: 5),
            ChoiceOption(id: "a3", label: "A3", points: 0),
        ]))
    }

    /// Source: https://docs.aws.amazon.com/connect/latest/adminguide/about-scoring-and-weights.html
    /// ("Weights of optional questions"): weights 40/20/20/20, answers A1, A2, A2, A3 (10, 5, 5, 0) → 60 %;
    /// Q4 Not Applicable → weights redistributed to 50/25/25 → 75 %. This checks that the imported weights and
    /// answer points reproduce those numbers under QUESTION_ONLY (Σ w·f / Σ w over applicable questions).
    @Test("imported weights and points give the documented 60 % and 75 %")
    func workedExampleNumbers() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/worked-example-percentage.json")).scorecard
        let answers: [String: AnswerValue] = ["q1": .token("a1"), "q2": .token("a2"), "q3": .token("a2"), "q4": .token("a3")]
        func total(_ answers: [String: AnswerValue]) -> Double {
            var earned = 0.0, possible = 0.0
            for criterion in card.criteria {
                guard let answer = answers[criterion.id], let fraction = criterion.earnedFraction(for: answer) else { continue }
                earned += criterion.weight * fraction
                possible += criterion.weight
            }
            return 100 * earned / possible
        }
        // (40·1 + 20·0.5 + 20·0.5 + 20·0) / 100 = 60
        #expect(abs(total(answers) - 60) < 1e-9)
        var withNA = answers
        withNA["q4"] = .notApplicable
        // (40 + 10 + 10) / (40 + 20 + 20) = 60 / 80 = 75
        #expect(abs(total(withNA) - 75) < 1e-9)
    }

    @Test("the rich form: sections, weights, types, automatic fail, conditions, thresholds")
    func richForm() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/rich-form.json"))
        let card = result.scorecard
        #expect(card.id == "retail-banking-inbound-qa-form")
        #expect(card.version == "3")
        #expect(card.effectiveDate?.description == "2024-06-10")
        #expect(card.scoring == .sectionOnly)
        #expect(card.sections.map(\.id) == ["opening", "compliance", "vulnerable", "resolution", "wrap-up"])
        #expect(card.sections.map(\.weight) == [20, 30, 10, 30, 10])
        #expect(card.section("vulnerable")?.title == "Compliance › Vulnerable customers")
        #expect(card.bands == [
            Band(id: "exceeds-expectations", title: "Exceeds expectations", min: 90, max: 100),
            // Connect gives scores between its thresholds no category; the template needs a band for them.
            Band(id: "no-category", title: "No performance category", min: 70, max: 90),
            Band(id: "needs-improvement", title: "Needs improvement", min: 0, max: 70),
        ])
        #expect(card.criteria.map(\.id) == [
            "call-type", "q-greeting", "id-check", "recording-notice", "disclosure", "vulnerable-handled",
            "hold-time", "products-offered", "complaint-logged", "resolution-score", "summary",
        ])
        // Section-only: questions weigh equally inside their section.
        #expect(card.criteria.allSatisfy { $0.weight == 1 })

        let callType = try #require(card.criterion("call-type"))
        #expect(callType.scored == false)
        #expect(callType.guidance == "Pick the customer's main reason for calling.")
        #expect(callType.answerType.choiceOptions.map(\.id) == ["complaint", "query", "sale"])

        let greeting = try #require(card.criterion("q-greeting"))
        #expect(greeting.answerType.withoutPlatformIDs == .choice(options: [
            ChoiceOption(id: "yes", label: "Yes", points: 10),
            ChoiceOption(id: "partly", label: "Partly", points: 5),
            ChoiceOption(id: "option-1", label: "No", points: 0),
        ]))

        #expect(card.criterion("id-check")?.critical == CriticalRule(scope: .form, failingAnswers: .answers(["no"])))
        #expect(card.criterion("recording-notice")?.critical == CriticalRule(scope: .section, failingAnswers: .answers(["no"])))
        #expect(card.criterion("disclosure")?.critical == CriticalRule(scope: .flag, failingAnswers: .answers(["no"])))

        let vulnerable = try #require(card.criterion("vulnerable-handled"))
        #expect(vulnerable.allowsNotApplicable)
        #expect(vulnerable.condition == .answerIs(criterion: "call-type", anyOf: ["complaint"], position: .unknown))

        let hold = try #require(card.criterion("hold-time"))
        #expect(hold.guidance == "Read it from the call timeline.")
        #expect(hold.answerType == .numeric(ranges: [
            NumericRange(min: 0, max: 30, points: 10),
            NumericRange(min: 31, max: 60, points: 5),
            NumericRange(min: 61, max: 300, points: 0),
            NumericRange(min: 301, max: 600, points: 0, fails: true),
        ]))
        #expect(hold.critical?.scope == .form)
        #expect(hold.isFailing(.number(420)))
        #expect(!hold.isFailing(.number(45)))

        let products = try #require(card.criterion("products-offered"))
        // Percentage scoring (SECTION_ONLY): the chosen options' scores are summed and capped at 10 (admin guide,
        // "Create an evaluation form", step 5.1), not at 5 + 5 + 3 = 13.
        guard case .multiSelect(let options, let max) = products.answerType else {
            Issue.record("products-offered should be multi-select")
            return
        }
        #expect(max == 10)
        #expect(options.map(\.id) == ["savings", "isa", "card", "mis-sold"])
        #expect(products.critical == CriticalRule(scope: .form, failingAnswers: .answers(["mis-sold"])))
        #expect(products.condition == .any([
            .answerIs(criterion: "call-type", anyOf: ["sale"], position: .unknown),
            .answerIs(criterion: "call-type", anyOf: ["query"], position: .unknown),
        ]))

        // Action DISABLE when (call type is not a complaint AND greeting was yes or partly) → the question applies
        // when (call type is a complaint OR greeting was neither yes nor partly).
        #expect(card.criterion("complaint-logged")?.condition == .any([
            .answerIs(criterion: "call-type", anyOf: ["complaint"], position: .unknown),
            .all([
                .answerIsNot(criterion: "q-greeting", noneOf: ["yes"], position: .unknown),
                .answerIsNot(criterion: "q-greeting", noneOf: ["partly"], position: .unknown),
            ]),
        ]))

        #expect(card.criterion("resolution-score")?.thresholds == [Threshold(title: "Needs improvement", below: 50)])

        #expect(result.losses.count == 6)
        #expect(Set(result.losses.map(\.path)) == [
            "$.Items[0].Section.Items[2].Question",
            "$.Items[1].Section.Items[2].Question.QuestionTypeProperties.SingleSelect.Options[1].AutomaticFailConfiguration.TargetSection",
            "$.Items[1].Section.Items[3].Section",
            "$.Items[2].Section.Items[3].Question.ScoringConfiguration.ScoreThresholds[0]",
            "$.Items[2].Section.Items[3].Question",
            "$.Items[3].Section.Instructions",
        ])
    }

    /// Admin guide, "Create an evaluation form", step 5.1: number ranges are scored "worst to best" like options,
    /// out of 10 ("If the agent interrupted the customer 0 times, they get a score of 10 (best)"). A percentage
    /// form whose best range scores less than 10 is listed as not exact, as a single-select question is.
    @Test("a percentage-scored number question whose best range is not 10 is listed as not exact")
    func numericBestRangeNotTen() throws {
        let form = """
            {"EvaluationForm": {"Title": "Ranges", "EvaluationFormVersion": 1, "LastModifiedTime": 1735722000,
             "ScoringStrategy": {"Mode": "QUESTION_ONLY", "Status": "ENABLED"},
             "Items": [{"Section": {"RefId": "s", "Title": "S", "Items": [
               {"Question": {"RefId": "hold", "Title": "Hold seconds", "QuestionType": "NUMERIC", "Weight": 50,
                "QuestionTypeProperties": {"Numeric": {"MinValue": 0, "MaxValue": 100, "Options": [
                  {"MinValue": 0, "MaxValue": 30, "Score": 8}, {"MinValue": 31, "MaxValue": 100, "Score": 0}]}}}},
               {"Question": {"RefId": "greet", "Title": "Greeting", "QuestionType": "SINGLESELECT", "Weight": 50,
                "QuestionTypeProperties": {"SingleSelect": {"Options": [
                  {"RefId": "yes", "Text": "Yes", "Score": 10}, {"RefId": "no", "Text": "No", "Score": 0}]}}}}]}}]}}
            """
        let result = try FormImporter.importConnect(data: Data(form.utf8))
        #expect(result.losses.map(\.path) == ["$.EvaluationForm.Items[0].Section.Items[0].Question"])
        #expect(result.losses.first?.what == "answer scores whose best is 8, not 10")
    }
}
