import Foundation
import Testing
import FormImport
import QAModel
import Scoring

/// Past evaluations in each platform's published shape (`Tests/Fixtures/platform-evaluations/`, see the README
/// there) read against the templates imported from their forms, matched through the kept platform ids, and
/// re-scored: every one scores as the platform stored it, except the planted ones the README names.
@Suite("Past platform evaluations imported and re-scored (issue 15)")
struct EvaluationImportTests {
    static let evaluations = Fixture.directory.deletingLastPathComponent().appendingPathComponent("platform-evaluations")

    func connectEvaluations() throws -> (Scorecard, [PlatformEvaluation]) {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/multiselect-percentage.json")).scorecard
        var read: [PlatformEvaluation] = []
        for index in 1...12 {
            let file = Self.evaluations.appendingPathComponent(String(format: "connect/evaluation-%02d.json", index))
            let result = try PlatformEvaluationImporter.importEvaluations(Data(contentsOf: file), from: .connect, template: card)
            #expect(result.problems.isEmpty, "\(result.problems)")
            read += result.evaluations
        }
        return (card, read)
    }

    @Test("Connect DescribeContactEvaluation: ids, people, dates and answers carried over by RefId")
    func connectRecords() throws {
        let (card, read) = try connectEvaluations()
        #expect(read.count == 12)
        let first = try #require(read.first).evaluation
        #expect(first.id == "e0c00100-0000-4000-8000-000000000001")
        #expect(first.agentID == "agent-0102")
        #expect(first.assessorID == "assessor-02")  // the last part of the EvaluatorArn
        #expect(first.scorecardID == card.id && first.scorecardVersion == card.version)
        // CreatedTime 1741082400 = 2025-03-04T10:00:00Z is the call date; LastModifiedTime is when it was evaluated.
        #expect(first.callDate.description == "2025-03-04")
        #expect(first.evaluatedAt.description == "2025-03-04T11:00:00Z")
        // RefIds Q.1 / Q_1 / Q.2 / Q.3 → criteria q-1 / q-1-2 / q-2 / q-3; option RefIds → option ids.
        #expect(first.answers == ["q-1": .token("yes"), "q-1-2": .token("billing"),
                                  "q-2": .tokens(["savings", "insurance"]), "q-3": .token("yes")])
        let third = read[2].evaluation
        #expect(third.answers["q-2"] == .notApplicable)
        #expect(read[5].evaluation.comments["q-3"]?.hasPrefix("Identity not checked") == true)
    }

    @Test("Connect: re-scored, every evaluation matches the stored score but the planted one")
    func connectRescored() throws {
        let (card, read) = try connectEvaluations()
        let plan = ScoringPlan(card)
        var differing: [String: (Double, Double)] = [:]
        for item in read {
            let ours = try plan.score(item.evaluation).get().total
            let stored = try #require(item.platformScore)
            if abs(ours - stored) >= 0.01 { differing[item.evaluation.id] = (stored, ours) }
        }
        // Evaluation 11 stores 84.62: its multi-select capped at the options' sum (13), not at 10 as Connect
        // documents: 30 + 40·8/13 + 30 = 84.62; re-scored 30 + 40·0.8 + 30 = 92.
        #expect(differing.count == 1)
        let planted = try #require(differing["e0c01100-0000-4000-8000-000000000011"])
        #expect(planted.0 == 84.62 && abs(planted.1 - 92) < 1e-9)
    }

    @Test("Genesys evaluation listing: ids, people, dates and answers carried over by question and answer id")
    func genesysRecordsAndScores() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/fatal-only-and-informational.json")).scorecard
        let data = try Data(contentsOf: Self.evaluations.appendingPathComponent("genesys/evaluations.json"))
        let result = try PlatformEvaluationImporter.importEvaluations(data, from: .genesys, template: card)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.evaluations.count == 12)
        let first = try #require(result.evaluations.first).evaluation
        #expect(first.id == "5e000000-0000-4000-8000-000000000001")
        #expect(first.callID == "c0000000-0000-4000-8000-000000000601")
        #expect(first.agentID == "a9000000-0000-4000-8000-000000000002")
        #expect(first.assessorID == "e1000000-0000-4000-8000-000000000002")
        #expect(first.callDate.description == "2025-03-10")
        #expect(first.evaluatedAt.description == "2025-03-11T15:30:00.000Z")
        #expect(first.answers["was-the-billing-issue-resolved"] == .token("partly"))
        #expect(result.evaluations[2].evaluation.answers["was-the-billing-issue-resolved"] == .notApplicable)

        let plan = ScoringPlan(card)
        var differing: [String] = []
        for item in result.evaluations {
            let score = try plan.score(item.evaluation).get()
            if abs(score.total - (item.platformScore ?? -1)) >= 0.01 { differing.append(item.evaluation.id) }
        }
        // Evaluation 12 stores 75 as if the call-reason question (all answers 0) had earned a point: verify 1,
        // disclosure 0, resolved partly 1 → 2 of 4 = 50.
        #expect(differing == ["5e000000-0000-4000-8000-000000000012"])
    }

    @Test("an answer id the template does not know is named, with what to do; the other evaluations are read")
    func unknownAnswer() throws {
        let card = try FormImporter.importGenesys(data: Fixture.data("genesys/fatal-only-and-informational.json")).scorecard
        let json = """
            [{"id": "ev-1", "conversation": {"id": "c-1"}, "agent": {"id": "a-1"}, "evaluator": {"id": "e-1"},
              "changedDate": "2025-03-11T15:30:00Z",
              "answers": {"totalScore": 100, "questionGroupScores": [{"questionGroupId": "9a000000-0000-4000-8000-000000000501",
                "questionScores": [{"questionId": "9b000000-0000-4000-8000-000000000512", "answerId": "no-such-answer"}]}]}},
             {"id": "ev-2", "conversation": {"id": "c-2"}, "agent": {"id": "a-1"}, "evaluator": {"id": "e-1"},
              "changedDate": "2025-03-11T15:30:00Z", "answers": {"totalScore": 100, "questionGroupScores": []}}]
            """
        let result = try PlatformEvaluationImporter.importEvaluations(Data(json.utf8), from: .genesys, template: card)
        #expect(result.evaluations.map(\.evaluation.id) == ["ev-2"])
        #expect(result.problems.map(\.path) == ["$[0].answers.questionGroupScores[0].questionScores[0].answerId"])
        #expect(result.problems.first?.message.contains("another version of the form") == true)
    }

    @Test("a template without platform ids: one problem saying to import the form again")
    func templateWithoutIds() throws {
        var card = try FormImporter.importGenesys(data: Fixture.data("genesys/fatal-only-and-informational.json")).scorecard
        for s in card.sections.indices {
            card.sections[s].platformID = nil
            for c in card.sections[s].criteria.indices { card.sections[s].criteria[c].platformID = nil }
        }
        let result = try PlatformEvaluationImporter.importEvaluations(Data("[]".utf8), from: .genesys, template: card)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.message.contains("qa scorecard import") == true)
    }
}
