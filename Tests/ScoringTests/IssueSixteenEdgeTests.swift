import QAModel
import Scoring
import Testing

/// The two hand-checkable cases of issue 16: totals that land exactly on an edge are decided exactly and
/// reported without binary-floating artefacts.
@Suite("Issue 16: totals exactly on an edge")
struct IssueSixteenEdgeTests {
    private static func card(sections: [Section], passMark: Double, bands: [Band]) -> Scorecard {
        Scorecard(id: "edge", version: "1", title: "Edge", categories: [Category(id: "general", title: "General")],
                  sections: sections, passMark: passMark, bands: bands)
    }

    private static func evaluation(_ answers: [String: AnswerValue]) -> Evaluation {
        Evaluation(id: "ev", callID: "call", agentID: "agent", assessorID: "assessor", scorecardID: "edge",
                   scorecardVersion: "1", callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T10:00:00Z"), answers: answers)
    }

    @Test("(a) points 1 of 10 (weight 1) and yes (weight 5): (0.1 + 5)/6 = 85 exactly, passes a pass mark of 85")
    func exactlyOnThePassMark() throws {
        let card = Self.card(
            sections: [Section(id: "s", title: "S", criteria: [
                Criterion(id: "accuracy", category: "general", prompt: "Accuracy", answerType: .points(max: 10), weight: 1),
                Criterion(id: "greeting", category: "general", prompt: "Greeting", answerType: .yesNo(points: 1), weight: 5),
            ])],
            passMark: 85,
            bands: [Band(id: "meets", title: "Meets", min: 85, max: 100), Band(id: "below", title: "Below", min: 0, max: 85)])
        let score = try ScoringPlan(card).score(Self.evaluation(["accuracy": .number(1), "greeting": .yes])).get()
        #expect(score.total == 85)   // exactly, not 84.99999999999999
        #expect(score.passed)
        #expect(score.band?.id == "meets")
        #expect(score.sections[0].score == 85)
    }

    @Test("(b) section weights 10/90, section scores 80/70: total 71 exactly")
    func declaredSectionWeights() throws {
        let card = Self.card(
            sections: [
                Section(id: "first", title: "First", weight: 10, criteria: [
                    Criterion(id: "a", category: "general", prompt: "A", answerType: .points(max: 10)),
                ]),
                Section(id: "second", title: "Second", weight: 90, criteria: [
                    Criterion(id: "b", category: "general", prompt: "B", answerType: .points(max: 10)),
                ]),
            ],
            passMark: 71,
            bands: [Band(id: "meets", title: "Meets", min: 71, max: 100), Band(id: "below", title: "Below", min: 0, max: 71)])
        let score = try ScoringPlan(card).score(Self.evaluation(["a": .number(8), "b": .number(7)])).get()
        #expect(score.sections.map(\.score) == [80, 70])
        // 0.1 × 80 + 0.9 × 70 = 71 (computed in Double: 70.99999999999999).
        #expect(score.total == 71)
        #expect(score.passed)
        #expect(score.band?.id == "meets")
    }
}
