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

    // MARK: - Amazon Connect, the evaluation JSON exported to S3

    /// Every `.json` file under `connect-s3/` (a copy of the bucket's `Evaluations/` prefix), sorted by path as
    /// `qa import evaluations` reads a folder.
    func connectExportFiles() throws -> [URL] {
        let folder = Self.evaluations.appendingPathComponent("connect-s3")
        let walker = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    func connectExportEvaluations() throws -> (Scorecard, [PlatformEvaluation], dropped: Int) {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/multiselect-percentage.json")).scorecard
        var read: [PlatformEvaluation] = []
        let files = try connectExportFiles()
        #expect(files.count == 14)  // 12 evaluations, one also at Connect's older path, one also as first submitted
        for file in files {
            let result = try PlatformEvaluationImporter.importEvaluations(Data(contentsOf: file), from: .connect, template: card)
            #expect(result.problems.isEmpty, "\(file.lastPathComponent): \(result.problems)")
            #expect(result.evaluations.count == 1)
            read += result.evaluations
        }
        let (kept, dropped) = PlatformEvaluation.latestOfEach(read) { $0 }
        return (card, kept, dropped)
    }

    @Test("Connect S3 export: ids, people, dates, answers and notes carried over by RefId and valueRefId")
    func connectExportRecords() throws {
        let (card, read, dropped) = try connectExportEvaluations()
        #expect(read.count == 12)
        #expect(dropped == 2)
        let first = try #require(read.first { $0.evaluation.id == "e5300000-0000-4000-8000-000000000001" }).evaluation
        #expect(first.callID == "c5300000-0000-4000-8000-000000000101")       // metadata.contactId
        #expect(first.agentID == "a9c00000-0000-4000-8000-000000000102")      // metadata.agentId
        #expect(first.assessorID == "qa-lead-02")                             // metadata.evaluator
        #expect(first.scorecardID == card.id && first.scorecardVersion == "3")
        #expect(first.callDate.description == "2025-03-17")                   // the day of evaluationStartTimestamp
        #expect(first.evaluatedAt.description == "2025-03-17T10:05:12.345Z")  // evaluationSubmitTimestamp
        // questionRefId Q.1 / Q_1 / Q.2 / Q.3 → criteria q-1 / q-1-2 / q-2 / q-3; the selected valueRefIds → options.
        #expect(first.answers == ["q-1": .token("yes"), "q-1-2": .token("billing"),
                                  "q-2": .tokens(["savings", "card"]), "q-3": .token("yes")])
        func answers(_ n: Int) throws -> Evaluation {
            try #require(read.first { $0.evaluation.id == String(format: "e5300000-0000-4000-8000-0000000000%02d", n) }).evaluation
        }
        #expect(try answers(3).answers["q-2"] == .notApplicable)  // answer.metadata.notApplicable
        #expect(try answers(4).answers["q-2"] == .notApplicable)  // the "N/A" option (system_default_null_value) selected
        #expect(try answers(8).answers["q-2"] == .tokens([]))     // a multi-select with nothing selected
        #expect(try answers(7).comments["q-3"] == "Identity not checked before the account was discussed.")
        // Evaluation 5 was submitted twice: the later submission (insurance only, resubmitted) is the one kept.
        let fifth = try answers(5)
        #expect(fifth.answers["q-2"] == .tokens(["insurance"]))
        #expect(fifth.evaluatedAt.description == "2025-03-21T10:05:12.345Z")
    }

    @Test("Connect S3 export: twelve evaluations re-scored; only the planted one differs, with both figures")
    func connectExportRescored() throws {
        let (card, read, _) = try connectExportEvaluations()
        let plan = ScoringPlan(card)
        var differing: [String: (Double, Double)] = [:]
        var ours: [String: Double] = [:]
        for item in read {
            let total = try plan.score(item.evaluation).get().total
            ours[item.evaluation.id] = total
            let stored = try #require(item.platformScore)
            if abs(total - stored) >= 0.01 { differing[item.evaluation.id] = (stored, total) }
        }
        // Weights 30 (greeting) / 0 (reason, unscored) / 40 (products, capped at 10) / 30 (identity, "no" fails).
        // 1: 30 + 40·10/10 + 30 = 100. 5 (resubmitted): 30 + 40·3/10 + 30 = 72. 6: 30 + 40·8/10 + 30 = 92.
        // 7: identity no → automatic fail, 0. 8: 0 + 0 + 30 = 30. 9: 13 capped at 10 → 100.
        let expected: [Int: Double] = [1: 100, 2: 50, 3: 100, 4: 50, 5: 72, 6: 92, 7: 0, 8: 30, 9: 100, 10: 62, 11: 80, 12: 50]
        for (n, total) in expected {
            let id = String(format: "e5300000-0000-4000-8000-0000000000%02d", n)
            #expect(abs((ours[id] ?? -1) - total) < 1e-9, "evaluation \(n)")
        }
        // 12 stores 30, as if the N/A question's weight were not redistributed ((0 + 30) / 100); re-scored with
        // the admin guide's redistribution, (0 + 30) / (30 + 30) = 50.
        #expect(differing.count == 1)
        let planted = try #require(differing["e5300000-0000-4000-8000-000000000012"])
        #expect(planted.0 == 30 && abs(planted.1 - 50) < 1e-9)
    }

    @Test("Connect: a list holding both shapes is read, each recognised by its keys, with the same answers")
    func connectBothShapesInOneFile() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/multiselect-percentage.json")).scorecard
        let api = try String(contentsOf: Self.evaluations.appendingPathComponent("connect/evaluation-01.json"), encoding: .utf8)
        let export = try String(contentsOf: try #require(try connectExportFiles().first { $0.lastPathComponent.hasSuffix("000000000001.json") && $0.path.contains("/2025/") }), encoding: .utf8)
        let result = try PlatformEvaluationImporter.importEvaluations(Data("[\(api), \(export)]".utf8), from: .connect, template: card)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.evaluations.map(\.path) == ["$[0]", "$[1]"])
        #expect(result.evaluations.map(\.evaluation.id) == ["e0c00100-0000-4000-8000-000000000001", "e5300000-0000-4000-8000-000000000001"])
        #expect(result.evaluations.map(\.platformScore) == [92, 100])
    }

    @Test("Connect S3 export: numbers as text, free-text questions left out, wrong version and unknown options named")
    func connectExportProblems() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/rich-form.json")).scorecard
        func export(version: Int = 3, _ questions: String) -> Data {
            Data("""
                {"schemaVersion": "3.5", "evaluationId": "ev-1",
                 "metadata": {"contactId": "c-1", "agentId": "a-1", "evaluator": "lead", "evaluationDefinitionVersion": \(version),
                              "evaluationStartTimestamp": "2025-03-02T09:00:00.000Z", "evaluationSubmitTimestamp": "2025-03-02T09:30:00.000Z",
                              "score": {"percentage": 80}},
                 "sections": [], "questions": [\(questions)]}
                """.utf8)
        }
        let numbers = try PlatformEvaluationImporter.importEvaluations(export("""
            {"questionRefId": "hold-time", "sectionRefId": "resolution", "questionType": "NUMERIC",
             "answer": {"value": "45", "metadata": {"notApplicable": false}}, "score": {"percentage": 50}},
            {"questionRefId": "reason-notes", "sectionRefId": "opening", "questionType": "TEXT",
             "answer": {"value": "Moving house", "metadata": {"notApplicable": false}}, "score": {"notApplicable": true}}
            """), from: .connect, template: card)
        #expect(numbers.problems.isEmpty, "\(numbers.problems)")
        let hold = try #require(card.criteria.first { $0.platformID == "hold-time" })
        #expect(numbers.evaluations.first?.evaluation.answers[hold.id] == .number(45))
        #expect(numbers.answersLeftOut == 1)  // the free-text question the template has no criterion for
        #expect(numbers.evaluations.first?.platformScore == 80)

        let wrongVersion = try PlatformEvaluationImporter.importEvaluations(export(version: 2, ""), from: .connect, template: card)
        #expect(wrongVersion.evaluations.isEmpty)
        #expect(wrongVersion.problems.map(\.path) == ["$.metadata.evaluationDefinitionVersion"])
        #expect(wrongVersion.problems.first?.message.contains("version 2 of the form") == true)

        let unknown = try PlatformEvaluationImporter.importEvaluations(export("""
            {"questionRefId": "summary", "questionType": "SINGLESELECT",
             "answer": {"values": [{"valueText": "Maybe", "valueRefId": "maybe", "selected": true}]}},
            {"questionRefId": "complaint-logged", "questionType": "SINGLESELECT",
             "answer": {"values": [{"valueRefId": "yes", "selected": true}, {"valueRefId": "no", "selected": true}]}}
            """), from: .connect, template: card)
        #expect(unknown.evaluations.isEmpty)
        #expect(unknown.problems.map(\.path) == ["$.questions[0].answer.values[0].valueRefId", "$.questions[1].answer.values"])
        #expect(unknown.problems.first?.message.contains("another version of the form") == true)
        #expect(unknown.problems.last?.message.contains("takes one answer, but 2 are selected") == true)
    }

    @Test("Connect S3 export: creator stands in for a missing evaluator; missing dates and a choice given as text are named")
    func connectExportMetadataGaps() throws {
        let card = try FormImporter.importConnect(data: Fixture.data("connect/multiselect-percentage.json")).scorecard
        let noEvaluator = """
            {"evaluationId": "ev-1", "metadata": {"contactId": "c-1", "agentId": "a-1", "creator": "arn:aws:iam::111122223333:role/auto",
              "evaluationSubmitTimestamp": "2025-03-02T09:30:00.000Z", "score": {"percentage": 100}},
             "questions": [{"questionRefId": "Q.1", "answer": {"values": [{"valueRefId": "yes", "selected": true}]}}]}
            """
        let read = try PlatformEvaluationImporter.importEvaluations(Data(noEvaluator.utf8), from: .connect, template: card)
        #expect(read.problems.isEmpty, "\(read.problems)")
        let evaluation = try #require(read.evaluations.first).evaluation
        #expect(evaluation.assessorID == "arn:aws:iam::111122223333:role/auto")
        #expect(evaluation.callDate.description == "2025-03-02")  // no start time: the day it was submitted
        #expect(evaluation.answers == ["q-1": .token("yes")])

        let gaps = """
            {"evaluationId": "ev-2", "metadata": {"contactId": "c-2", "agentId": "a-1", "evaluator": "lead"},
             "questions": [{"questionRefId": "Q.3", "answer": {"value": "Yes"}}]}
            """
        let bad = try PlatformEvaluationImporter.importEvaluations(Data(gaps.utf8), from: .connect, template: card)
        #expect(bad.evaluations.isEmpty)
        #expect(bad.problems.map(\.path) == ["$.metadata.evaluationSubmitTimestamp", "$.questions[0].answer.value"])
        #expect(bad.problems.last?.message.contains("answer.values") == true)
    }
}
