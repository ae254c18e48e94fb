import Batch
import Diagnostics
import Foundation
import QAModel
import Records
import ScoreReport
import Scoring
import Testing

private let card = Scorecard(
    id: "mini", version: "1", title: "Mini",
    categories: [Category(id: "empathy", title: "Empathy")],
    sections: [Section(id: "main", title: "Main", criteria: [
        Criterion(id: "tone", category: "empathy", prompt: "Tone", answerType: .scale(min: 1, max: 5, labels: [])),
    ])],
    passMark: 80,
    bands: [Band(id: "all", title: "All", min: 0, max: 100)])

private func scored(_ id: String, template: String = "mini", version: String = "1", answers: [String: AnswerValue],
                    line: Int = 1) -> BatchItem {
    let e = Evaluation(id: id, callID: "c-\(id)", agentID: "ag", assessorID: "a1", scorecardID: template,
                       scorecardVersion: version, callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T09:00:00Z"),
                       answers: answers)
    return BatchScorer(plan: ScoringPlan(card)).score(.evaluation(e, RecordLocation(file: "in.jsonl", line: line)))
}

@Suite("Invalid records as diagnostics, and the report's bounded list of them")
struct InvalidRecordTests {
    @Test("a record for another template gives one problem (rule record.template-mismatch), said in the plural for groups")
    func templateMismatch() throws {
        guard case .invalid(let record) = scored("e1", template: "other", version: "2", answers: ["greeting": .token("yes")])
        else { Issue.record("scored"); return }
        #expect(record.diagnostics.count == 1)  // not also 'greeting' unknown and 'tone' missing
        let d = try #require(record.diagnostics.first)
        #expect(d.rule == "record.template-mismatch")
        #expect(d.text == "in.jsonl:1: error: evaluation e1: scored against template 'other' version '2', but the "
                + "template given is 'mini' version '1'; score it with the matching template")
        #expect(d.plural == "are for template 'other' version '2', but the template given is 'mini' version '1'; "
                + "score them with the matching template")
    }

    @Test("check problems keep their criterion and get a rule id for their kind")
    func answerRules() throws {
        guard case .invalid(let record) = scored("e2", answers: ["tone": .number(9), "extra": .token("yes")])
        else { Issue.record("scored"); return }
        let rules = Dictionary(uniqueKeysWithValues: record.diagnostics.map { ($0.location.criterion ?? "", $0.rule) })
        #expect(rules == ["tone": "answer.invalid", "extra": "answer.unknown-criterion"])
        #expect(record.problems.contains { $0.hasPrefix("criterion 'tone': '9' is not a valid answer") })
    }

    @Test("the JSON report lists the first 1,000 invalid records and counts them all")
    func boundedList() throws {
        var text = ""
        var writer = ScoreReportWriter(format: .json, plan: ScoringPlan(card), groupBy: nil) { text += $0 }
        try writer.begin()
        let bad = scored("bad", answers: ["tone": .number(9)])
        for _ in 0..<5_000 { try writer.add(bad) }
        try writer.add(scored("good", answers: ["tone": .number(5)]))
        try writer.finish()
        #expect(writer.invalid.count == ScoreReportWriter.invalidListLimit)
        #expect(writer.invalidCount == 5_000)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["invalid"] as? [Any])?.count == 1_000)
        #expect((object["summary"] as? [String: Any])?["invalidRecords"] as? Int == 5_000)
    }
}

@Test func everyCheckProblemCarriesItsRuleFromScoringAndTheMismatchRuleIsTheCollectorsOwn() {
    // Scoring names each kind of problem; the collector groups a whole file of template mismatches by the shared
    // rule id, so the two spellings must be one.
    #expect(AnswerProblem.Rule.templateMismatch.rawValue == Rule.templateMismatch)
    let plan = ScoringPlan(card)
    let bad = Evaluation(id: "E-1", callID: "c", agentID: "a", assessorID: "q", scorecardID: card.id,
                         scorecardVersion: card.version, callDate: testDay("2026-01-01"), evaluatedAt: testStamp("2026-01-01T10:00:00Z"),
                         answers: ["nope": .yes], comments: ["ghost": "x"])
    guard case .failure(let failure) = plan.score(bad) else {
        Issue.record("an evaluation with unknown keys was scored")
        return
    }
    let rules = Set(failure.problems.map(\.rule))
    #expect(rules.isSuperset(of: [.unknownCriterion, .unknownComment]))
}
