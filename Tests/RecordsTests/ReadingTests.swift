import QAModel
import Testing
@testable import Records

@Suite struct JSONLinesBatch {
    @Test func threeBadRecordsAreAllReportedAndTheGoodOnesYielded() throws {
        let path = fixture("batch.jsonl")
        let (good, bad) = try readAll([.file(path: path, format: .jsonLines)])
        #expect(good.map(\.0.id) == ["E-1", "E-3", "E-6"])
        #expect(good.map(\.1.line) == [1, 3, 7])
        #expect(bad.count == 3)
        // Line 2: no agentId. Line 4 is blank and skipped. Line 5: 30 February. Line 6: assessorId twice.
        #expect(bad[0] == [RecordProblem(location: RecordLocation(file: path, line: 2), evaluationID: "E-2", field: "agentId", message: "missing required field")])
        #expect(bad[1].map(\.field) == ["callDate"])
        #expect(bad[1].map(\.location.line) == [5])
        #expect(bad[1].first?.evaluationID == "E-4")
        #expect(bad[2].map(\.field) == ["assessorId"])
        #expect(bad[2].first?.message.contains("twice") == true)
        #expect(bad[2].first?.location.line == 6)
    }

    @Test func valuesKeepTheirJSONType() throws {
        let (good, _) = try readAll([.file(path: fixture("batch.jsonl"), format: .jsonLines)])
        let e1 = try #require(good.first?.0)
        #expect(e1.answers == [
            "greeting": .yes, "empathy": .number(4), "resolution": .token("resolved"), "accuracy": .number(8),
            "disclosures": .tokens(["recording", "privacy"]), "section:sales": .notApplicable,
        ])
        #expect(e1.comments == ["empathy": "Acknowledged the delay."])
        #expect(e1.teamID == "T-1")
        #expect(e1.scorecardID == "inbound-basic" && e1.scorecardVersion == "1")
        // E-3 answers empathy with the string "3": a token, not a number (the template check decides).
        #expect(good[1].0.answers["empathy"] == .token("3"))
        #expect(good[1].0.answers["disclosures"] == .tokens([]))
        #expect(good[1].0.teamID == nil)
        #expect(good[2].0.answers["empathy"] == .number(2.5))
    }
}

@Suite struct CSVBatch {
    @Test func threeBadRowsAreAllReportedAndTheGoodOnesYielded() throws {
        let path = fixture("batch.csv")
        let options = EvaluationReader.Options(assumedTemplate: TemplateIdentity(id: "inbound-basic", version: "1"))
        let (good, bad) = try readAll([.file(path: path, format: .csv)], options: options)
        #expect(good.map(\.0.id) == ["E-1", "E-4", "E-6"])
        // Rows: header 1, E-1 2, E-2 3, E-3 4, E-4 5 (lines 5–6), blank id 6 (line 7), E-6 7 (line 8).
        #expect(good.map(\.1) == [
            RecordLocation(file: path, line: 2, row: 2), RecordLocation(file: path, line: 5, row: 5),
            RecordLocation(file: path, line: 8, row: 7),
        ])
        #expect(bad.count == 3)
        #expect(bad[0] == [RecordProblem(
            location: RecordLocation(file: path, line: 3, row: 3), evaluationID: "E-2", field: "call_date",
            message: "must be a date YYYY-MM-DD (e.g. 2026-03-14, years 0001–9999) or an ISO 8601 timestamp with a time zone")])
        #expect(bad[1] == [RecordProblem(
            location: RecordLocation(file: path, line: 4, row: 4),
            message: "this row has 12 columns but the header has 15")])
        #expect(bad[2] == [RecordProblem(
            location: RecordLocation(file: path, line: 7, row: 6), field: "evaluation_id", message: "is empty (required)")])
    }

    @Test func cellsBecomeTypedAnswers() throws {
        let options = EvaluationReader.Options(assumedTemplate: TemplateIdentity(id: "inbound-basic", version: "1"))
        let (good, _) = try readAll([.file(path: fixture("batch.csv"), format: .csv)], options: options)
        let e1 = try #require(good.first?.0)
        // Blank upsell = not answered; "recording|privacy" = two options; numbers are numbers.
        #expect(e1.answers == [
            "greeting": .yes, "empathy": .number(4), "resolution": .token("resolved"), "accuracy": .number(8),
            "disclosures": .tokens(["recording", "privacy"]), "section:sales": .notApplicable,
        ])
        #expect(e1.comments == ["empathy": "Acknowledged the delay, twice."])
        #expect(e1.scorecardID == "inbound-basic")
        let e4 = good[1].0
        #expect(e4.comments["empathy"] == "Said \"no problem\"\r\nthen fixed it.")
        #expect(e4.answers["disclosures"] == .token("terms"))
        #expect(e4.teamID == nil)
        let e6 = good[2].0
        #expect(e6.answers["empathy"] == .token("x3"))
        #expect(e6.answers["accuracy"] == .number(7.5))
        #expect(e6.answers["greeting"] == .notApplicable)
    }

    @Test func withoutTemplateColumnsOrAnAssumedTemplateTheFileIsRejected() throws {
        let path = fixture("batch.csv")
        let (good, bad) = try readAll([.file(path: path, format: .csv)])
        #expect(good.isEmpty)
        #expect(bad.count == 1)
        #expect(bad.first?.first?.field == "scorecard_id")
        #expect(bad.first?.first?.location == RecordLocation(file: path, line: 1, row: 1))
    }
}

@Suite struct SingleJSON {
    @Test func readsOnePrettyPrintedEvaluation() throws {
        let (good, bad) = try readAll([.file(path: fixture("single.json"), format: .json)])
        #expect(bad.isEmpty)
        let e = try #require(good.first?.0)
        #expect(e.id == "E-1001" && e.callID == "C-20260302-0417" && e.agentID == "agent-042")
        #expect(e.teamID == "team-north" && e.assessorID == "qa-maria")
        #expect(e.answers["resolution"] == .token("partial"))
        #expect(e.comments.count == 2)
    }
}
