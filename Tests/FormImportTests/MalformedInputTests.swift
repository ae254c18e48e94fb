import Foundation
import Testing
@testable import FormImport
import JSON
import QAModel

@Suite("Malformed forms are refused with every problem named by JSON path")
struct MalformedInputTests {
    @Test("text that is not JSON")
    func notJSON() {
        let found = problems("{\"Title\": ", from: .connect)
        #expect(found.map(\.path) == ["$"])
        #expect(found.first?.message.hasPrefix("the file is not valid JSON") == true)
    }

    @Test("a key given twice is refused (Foundation's decoder silently kept one of them)", arguments: [FormPlatform.connect, .genesys])
    func duplicateKeys(platform: FormPlatform) {
        let json = "{\"name\": \"Form\",\n \"name\": \"Other form\", \"questionGroups\": []}"
        let found = problems(json, from: platform)
        #expect(found.map(\.path) == ["$"])
        #expect(found.first?.message == "the file is not valid JSON (line 2, column 2: a key appears twice in one object "
            + "(the same as member 1); give each key once)")
        #expect(found.first?.message.contains("Other form") == false)
    }

    @Test("dates: ISO 8601 text or epoch seconds; an impossible date is a loss, not a made-up day")
    func effectiveDates() throws {
        let log = ProblemLog()
        func day(_ value: JSONValue) -> String? {
            FormImporter.day(JSONNode(value: value, path: "$.d"))?.description
        }
        #expect(day(.string("2024-06-10T14:22:31.123+00:00")) == "2024-06-10")
        #expect(day(.string("2024-06-10")) == "2024-06-10")
        #expect(day(.number(1_718_029_351.5)) == "2024-06-10")
        #expect(day(.string("2024-02-30T10:00:00Z")) == nil)
        #expect(day(.string("-2024-06-10")) == nil)
        #expect(day(.number(-1e11 + 1)) == nil)   // before year 1
        let placeholder = FormImporter.effectiveDate(JSONNode(value: .string("2024-13-01"), path: "$.d"), log: log)
        #expect(placeholder.description == "1970-01-01")
        #expect(log.losses.map(\.path) == ["$.d"])
    }

    @Test("a file over the size limit is refused before parsing")
    func oversized() {
        let data = Data(repeating: UInt8(ascii: " "), count: FormImporter.sizeLimit + 1)
        #expect(throws: FormImportError.self) { try FormImporter.importGenesys(data: data) }
    }

    @Test("deep nesting fails cleanly")
    func deepNesting() {
        let json = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(problems(json, from: .genesys).map(\.path) == ["$"])
    }

    @Test("a question with a single answer is refused, naming it (a template needs two answers to choose from)")
    func singleAnswer() {
        let json = #"""
        {"name": "One answer", "questionGroups": [{"name": "G", "weight": 1, "questions": [
          {"text": "Greeted?", "type": "multipleChoiceQuestion", "answerOptions": [{"text": "Yes", "value": 1}]}]}]}
        """#
        let found = problems(json, from: .genesys)
        #expect(found.map(\.path) == ["$.questionGroups[0].questions[0].answerOptions"])
        #expect(found.first?.message.contains("at least two answers") == true)
    }

    @Test("a form on which no question earns points is refused: it has no score to carry over")
    func nothingScored() {
        let json = #"""
        {"name": "Only reasons", "questionGroups": [{"name": "G", "weight": 1, "questions": [
          {"text": "Reason?", "type": "multipleChoiceQuestion", "answerOptions": [{"text": "Bill", "value": 0}, {"text": "Other", "value": 0}]}]}]}
        """#
        let found = problems(json, from: .genesys)
        #expect(found.map(\.path) == ["$"])
        #expect(found.first?.message.contains("no question on this form can earn points") == true)
    }

    @Test("a JSON document of the wrong platform")
    func wrongShape() {
        #expect(problems(#"{"questionGroups": []}"#, from: .connect).map(\.path) == ["$"])
        #expect(problems(#"{"EvaluationForm": {"Items": []}}"#, from: .genesys).map(\.path) == ["$.questionGroups"])
    }

    @Test("Connect: every problem in one pass")
    func connectProblems() {
        let json = #"""
        {"EvaluationForm": {
          "ScoringStrategy": {"Mode": "BEST_GUESS", "Status": "ENABLED"},
          "Items": [
            {"Question": {"RefId": "loose", "Title": "Outside", "QuestionType": "TEXT"}},
            {"Section": {"RefId": "s1", "Title": "S", "Weight": "forty", "Items": [
              {"Question": {"RefId": "q1", "Title": "A", "QuestionType": "SINGLESELECT",
                "QuestionTypeProperties": {"SingleSelect": {"Options": [{"RefId": "y", "Text": "Yes", "Score": 10}, {"RefId": "n", "Text": "No", "Score": 0}]}}}},
              {"Question": {"RefId": "q1", "Title": "B", "QuestionType": "SINGLESELECT",
                "QuestionTypeProperties": {"SingleSelect": {"Options": [{"RefId": "y", "Text": "Yes", "Score": 10}, {"RefId": "n", "Text": "No", "Score": 0}]}}}},
              {"Question": {"RefId": "q2", "Title": "C", "QuestionType": "SINGLESELECT",
                "QuestionTypeProperties": {"SingleSelect": {"Options": [{"RefId": "y", "Text": "Yes", "Score": 10}, {"RefId": "n", "Text": "No", "Score": 0}]}},
                "Enablement": {"Action": "ENABLE", "Condition": {"Operands": [
                  {"Expression": {"Source": {"Type": "QUESTION_REF_ID", "RefId": "nope"}, "Comparator": "IN",
                                  "Values": [{"Type": "OPTION_REF_ID", "RefId": "y"}]}},
                  {"Expression": {"Source": {"Type": "QUESTION_REF_ID", "RefId": "q1"}, "Comparator": "IN",
                                  "Values": [{"Type": "OPTION_REF_ID", "RefId": "maybe"}]}}]}}}}
            ]}}
          ]}}
        """#
        let found = problems(json, from: .connect)
        #expect(Set(found.map(\.path)) == [
            "$.EvaluationForm.Title",
            "$.EvaluationForm.ScoringStrategy.Mode",
            "$.EvaluationForm.Items[0].Question",
            "$.EvaluationForm.Items[1].Section.Weight",
            "$.EvaluationForm.Items[1].Section.Items[1].Question.RefId",
            "$.EvaluationForm.Items[1].Section.Items[2].Question.Enablement.Condition.Operands[0].Expression.Source.RefId",
            "$.EvaluationForm.Items[1].Section.Items[2].Question.Enablement.Condition.Operands[1].Expression.Values[0].RefId",
        ])
        #expect(found.contains { $0.message.contains("\"q1\" is used twice") })
    }

    @Test("Connect: a wrongly typed weight is named (section-only form)")
    func connectWrongType() {
        let json = #"""
        {"Title": "T", "ScoringStrategy": {"Mode": "SECTION_ONLY", "Status": "ENABLED"}, "Items": [
          {"Section": {"RefId": "s1", "Title": "S", "Weight": "forty", "Items": [
            {"Question": {"RefId": "q1", "Title": "A", "QuestionType": "NUMERIC",
              "QuestionTypeProperties": {"Numeric": {"MinValue": 0, "Options": [{"MinValue": 0, "MaxValue": 5, "Score": "ten"}]}}}}]}}]}
        """#
        let found = problems(json, from: .connect)
        #expect(Set(found.map(\.path)) == [
            "$.Items[0].Section.Weight",
            "$.Items[0].Section.Items[0].Question.QuestionTypeProperties.Numeric.MaxValue",
            "$.Items[0].Section.Items[0].Question.QuestionTypeProperties.Numeric.Options[0].Score",
        ])
        #expect(found.first { $0.path.hasSuffix("Weight") }?.message == "expected a number, found text")
    }

    @Test("Genesys: every problem in one pass")
    func genesysProblems() {
        let json = #"""
        {"questionGroups": [
          {"name": "G", "weight": 1, "questions": [
            {"text": "A", "type": "multipleChoiceQuestion", "answerOptions": [{"text": "Yes", "value": 1}, {"text": "No", "value": "zero"}]},
            {"text": "B", "type": "multipleChoiceQuestion", "answerOptions": [{"text": "Yes", "value": 1}, {"text": "No", "value": 0}],
             "visibilityCondition": {"combiningOperation": "AND", "predicates": [
               "/form/questionGroup/0/question/7/answer/0", "../question/0/answer/5", "/form/group/0", 3]}}
          ]}]}
        """#
        let found = problems(json, from: .genesys)
        #expect(Set(found.map(\.path)) == [
            "$.name",
            "$.questionGroups[0].questions[0].answerOptions[1].value",
            "$.questionGroups[0].questions[1].visibilityCondition.predicates[0]",
            "$.questionGroups[0].questions[1].visibilityCondition.predicates[1]",
            "$.questionGroups[0].questions[1].visibilityCondition.predicates[2]",
            "$.questionGroups[0].questions[1].visibilityCondition.predicates[3]",
        ])
    }
}
