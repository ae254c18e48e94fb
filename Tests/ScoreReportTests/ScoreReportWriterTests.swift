import Batch
import Foundation
import QAModel
import Records
import ScoreReport
import Scoring
import Testing

/// A two-criterion template: `verify` (weight 3, form-level critical on no) and `tone` (scale 1–5, weight 1).
private let card = Scorecard(
    id: "mini", version: "1", title: "Mini",
    categories: [Category(id: "compliance", title: "Compliance"), Category(id: "empathy", title: "Empathy")],
    sections: [Section(id: "main", title: "Main", criteria: [
        Criterion(id: "verify", category: "compliance", prompt: "Verified?", answerType: .yesNo(points: 1), weight: 3,
                  critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"]))),
        Criterion(id: "tone", category: "empathy", prompt: "Tone", answerType: .scale(min: 1, max: 5, labels: [])),
    ])],
    passMark: 80,
    bands: [Band(id: "high", title: "High", min: 80, max: 100), Band(id: "low", title: "Low", min: 0, max: 80)])

private func item(_ id: String, agent: String, verify: String, tone: Double) -> BatchItem {
    let e = Evaluation(id: id, callID: "c-\(id)", agentID: agent, assessorID: "a1", scorecardID: "mini",
                       scorecardVersion: "1", callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T09:00:00Z"),
                       answers: ["verify": .token(verify), "tone": .number(tone)])
    return BatchScorer(plan: ScoringPlan(card)).score(.evaluation(e, RecordLocation(file: "in.jsonl", line: 1)))
}

@Suite("qa score report")
struct ScoreReportWriterTests {
    func render(_ format: ScoreReportFormat, _ items: [BatchItem], groupBy: GroupKey? = nil) throws -> (String, ScoreStatistics) {
        var text = ""
        var writer = ScoreReportWriter(format: format, plan: ScoringPlan(card), groupBy: groupBy) { text += $0 }
        try writer.begin()
        for i in items { try writer.add(i) }
        let stats = try writer.finish()
        return (text, stats)
    }

    // ev1: verify yes, tone 5 → (3·1 + 1·1)/4 = 100, pass. ev2: verify yes, tone 1 → 3/4 = 75, fail (below 80).
    // ev3: verify no → auto-fail, total 0. Mean = (100 + 75 + 0)/3 = 58.33…; passed 1 of 3.
    var items: [BatchItem] {
        [item("ev1", agent: "ag-1", verify: "yes", tone: 5), item("ev2", agent: "ag-1", verify: "yes", tone: 1),
         item("ev3", agent: "ag-2", verify: "no", tone: 4)]
    }

    @Test func jsonReportHasTheDocumentedShape() throws {
        let (text, stats) = try render(.json, items + [item("bad", agent: "ag-2", verify: "maybe", tone: 2)], groupBy: .agent)
        #expect(stats.count == 3 && stats.passed == 1 && stats.autoFailed == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let evaluations = try #require(object["evaluations"] as? [[String: Any]])
        #expect(evaluations.map { $0["id"] as? String } == ["ev1", "ev2", "ev3"])
        #expect(evaluations[1]["score"] as? Double == 75)
        #expect(evaluations[2]["autoFailed"] as? Bool == true)
        let failures = try #require(evaluations[2]["criticalFailures"] as? [[String: Any]])
        #expect(failures.first?["criterion"] as? String == "verify" && failures.first?["scope"] as? String == "form")
        let categories = try #require(evaluations[1]["categories"] as? [String: Any])
        #expect(categories["empathy"] as? Double == 0 && categories["compliance"] as? Double == 100)
        let invalid = try #require(object["invalid"] as? [[String: Any]])
        #expect(invalid.first?["evaluationId"] as? String == "bad")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(abs((summary["meanScore"] as? Double ?? 0) - 175.0 / 3) < 1e-9)
        let groups = try #require((object["groups"] as? [String: Any])?["values"] as? [String: [String: Any]])
        // ag-1: (100 + 75)/2 = 87.5, pass rate 1/2; ag-2: 0, critical-failure rate 1.
        #expect(groups["ag-1"]?["meanScore"] as? Double == 87.5)
        #expect(groups["ag-1"]?["passRate"] as? Double == 0.5)
        #expect(groups["ag-2"]?["criticalFailureRate"] as? Double == 1)
    }

    @Test func csvReportHasOneRowPerEvaluation() throws {
        let (text, _) = try render(.csv, items)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "evaluation_id,call_id,agent_id,team_id,assessor_id,call_date,total,band,passed,auto_failed,critical_failures,section:main,category:compliance,category:empathy")
        #expect(lines[2] == "ev2,c-ev2,ag-1,,a1,2026-11-02,75,low,false,false,,75,100,0")
        #expect(lines.count == 4)
    }

    @Test func tableShowsEachEvaluationAndASummary() throws {
        let (text, _) = try render(.table, items, groupBy: .agent)
        #expect(text.contains("ev3"))
        #expect(text.contains("verify (form)"))
        #expect(text.contains("Average total 58.3; passed 1 of 3 (33.3%)"))
        #expect(text.contains("ag-1") && text.contains("87.5"))
    }

    @Test func groupByAnUnknownCriterionIsRefused() {
        #expect(GroupKey("call-type", scorecard: card) == nil)
        #expect(GroupKey("tone", scorecard: card) == .criterion("tone"))
    }
}
