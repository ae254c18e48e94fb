import QAModel
import Testing
@testable import Scoring

/// Every invalid-record case names its problem and criterion; all problems of a record are reported together.
@Suite("Checking answers against the template")
struct AnswerCheckTests {
    func problems(_ answers: [String: AnswerValue], comments: [String: String] = [:],
                  card: Scorecard = demoScorecard(), version: String? = nil) -> [AnswerProblem] {
        var ev = evaluation(card, answers, comments: comments)
        if let version { ev.scorecardVersion = version }
        switch ScoringPlan(card).check(ev) {
        case .success: return []
        case .failure(let failure): return failure.problems
        }
    }

    @Test func unknownCriterion() {
        var answers = baseAnswers
        answers["greeting"] = .yes
        let found = problems(answers)
        #expect(found.count == 1)
        #expect(found.first?.criterion == "greeting")
        #expect(found.first?.message.contains("unknown criterion") == true)
    }

    @Test func missingAnswerForApplicableCriterion() {
        var answers = baseAnswers
        answers["tone"] = nil
        let found = problems(answers)
        #expect(found.map(\.criterion) == ["tone"])
        #expect(found.first?.message.contains("no answer") == true)
    }

    @Test func missingAnswerForConditionalCriterionOnlyWhenItApplies() {
        var answers = baseAnswers
        answers["complained"] = .yes  // now 'logged' applies and is missing
        #expect(problems(answers).map(\.criterion) == ["logged"])
    }

    @Test func answerToCriterionThatDoesNotApply() {
        var answers = baseAnswers
        answers["logged"] = .yes  // complained is no
        let found = problems(answers)
        #expect(found.map(\.criterion) == ["logged"])
        #expect(found.first?.message.contains("does not apply") == true)
    }

    @Test func valuesOutOfRangeOrOfTheWrongType() {
        var answers = baseAnswers
        answers["tone"] = .number(6)           // scale 1–5
        answers["resolve"] = .token("mostly")  // not an option
        answers["greet"] = .number(1)          // yes/no given a number
        let found = problems(answers)
        #expect(Set(found.compactMap(\.criterion)) == ["tone", "resolve", "greet"])
        #expect(found.first { $0.criterion == "tone" }?.message.contains("from 1 to 5") == true)
        // A scale value written as text is not silently turned into a number.
        answers = baseAnswers
        answers["tone"] = .token("4")
        #expect(problems(answers).map(\.criterion) == ["tone"])
        answers["tone"] = .number(3.5)
        #expect(problems(answers).map(\.criterion) == ["tone"])
    }

    @Test func notApplicableWhereForbidden() {
        var answers = baseAnswers
        answers["tone"] = .notApplicable
        let found = problems(answers)
        #expect(found.map(\.criterion) == ["tone"])
        #expect(found.first?.message.contains("N/A is not allowed") == true)
    }

    @Test func missingRequiredComment() {
        var answers = baseAnswers
        answers["verify"] = .no
        #expect(problems(answers).map(\.criterion) == ["verify"])
        #expect(problems(answers, comments: ["verify": "   "]).map(\.criterion) == ["verify"])
        #expect(problems(answers, comments: ["verify": "No DOB check."]).isEmpty)
    }

    @Test func templateVersionMismatch() {
        let found = problems(baseAnswers, version: "2")
        #expect(found.count == 1)
        #expect(found.first?.criterion == nil)
        #expect(found.first?.message.contains("version '2'") == true)
    }

    @Test func everyProblemReportedTogether() {
        var answers = baseAnswers
        answers["tone"] = nil
        answers["resolve"] = .token("x")
        answers["extra"] = .yes
        answers["verify"] = .no
        #expect(problems(answers, version: "9").count == 5)
    }

    @Test func sectionNotApplicable() throws {
        var card = demoScorecard()
        let answers: [String: AnswerValue] = ["section:opening": .notApplicable, "tone": .number(5),
                                              "resolve": .token("full"), "complained": .no]
        // Not allowed by this template: reported, and the section's criteria still need answers.
        #expect(problems(answers, card: card).map(\.criterion) == ["section:opening", "greet", "verify"])
        card.sections[0].allowsNotApplicable = true
        let result = try ScoringPlan(card).score(evaluation(card, answers)).get()
        #expect(result.sections[0].score == nil)
        #expect(near(result.total, 100))
        // Answering inside a section marked N/A is reported.
        var extra = answers
        extra["greet"] = .yes
        #expect(problems(extra, card: card).map(\.criterion) == ["greet"])
    }

    @Test func anEvaluationWhereNothingAppliesIsNotScored() {
        var card = demoScorecard()
        for s in card.sections.indices {
            for c in card.sections[s].criteria.indices { card.sections[s].criteria[c].allowsNotApplicable = true }
        }
        let answers: [String: AnswerValue] = ["greet": .notApplicable, "verify": .notApplicable,
                                              "tone": .notApplicable, "resolve": .notApplicable, "complained": .no]
        let found = problems(answers, card: card)
        #expect(found.count == 1)
        #expect(found.first?.criterion == nil)
        #expect(found.first?.message.contains("nothing on the form applies") == true)
    }

    @Test func messagesQuoteShortCodesButNeverFreeText() {
        var answers = baseAnswers
        answers["resolve"] = .token("Mrs Jane Doe was upset about her bill")
        answers["tone"] = .number(9)
        let found = problems(answers)
        let resolve = found.first { $0.criterion == "resolve" }?.message ?? ""
        #expect(!resolve.contains("Jane"))
        #expect(resolve.contains("not shown"))
        #expect(found.first { $0.criterion == "tone" }?.message.hasPrefix("'9' is not a valid answer") == true)
    }
}
