#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QAModel
import Testing
@testable import Records

/// A valid JSON Lines record with `change` applied to its text, read as one line.
private func problems(jsonl line: String) throws -> [RecordProblem] {
    let (good, bad) = try readStandardInput(line + "\n", format: .jsonLines)
    #expect(good.isEmpty, "expected the record to be rejected")
    return bad.first ?? []
}

private let valid = #"{"id":"E-9","callId":"C-9","agentId":"A-9","assessorId":"Q-9","scorecard":{"id":"inbound-basic","version":"1"},"callDate":"2026-03-02","evaluatedAt":"2026-03-03T09:15:00Z","answers":{"greeting":"yes"}}"#

@Suite struct MalformedJSONRecords {
    @Test func theValidBaseRecordReads() throws {
        let (good, bad) = try readStandardInput(valid + "\n", format: .jsonLines)
        #expect(good.count == 1 && bad.isEmpty)
    }

    @Test(arguments: [
        ("\"callId\":\"C-9\",", "", "callId", "missing required field"),
        ("\"agentId\":\"A-9\"", "\"agentId\":42", "agentId", "must be text in quotes, found a number"),
        ("\"callDate\":\"2026-03-02\"", "\"callDate\":\"03/02/2026\"", "callDate", "must be a date YYYY-MM-DD (e.g. 2026-03-14, years 0001–9999) or an ISO 8601 timestamp with a time zone"),
        ("\"evaluatedAt\":\"2026-03-03T09:15:00Z\"", "\"evaluatedAt\":\"2026-03-03\"", "evaluatedAt", "must be an ISO 8601 timestamp with a time zone, such as 2026-03-14T10:30:00Z (seconds 00–59)"),
        ("\"evaluatedAt\":\"2026-03-03T09:15:00Z\"", "\"evaluatedAt\":\"2026-03-03T25:15:00Z\"", "evaluatedAt", "must be an ISO 8601 timestamp with a time zone, such as 2026-03-14T10:30:00Z (seconds 00–59)"),
        ("\"greeting\":\"yes\"", "\"greeting\":true", "answers.greeting", "must be \"yes\", \"no\", \"na\", a number, an option id or a list of option ids, found true/false"),
        ("\"greeting\":\"yes\"", "\"greeting\":\"yes\",\"greeting\":\"no\"", "answers.greeting", "answered twice; give each criterion once"),
        ("\"greeting\":\"yes\"", "\"greeting\":[\"a\",1]", "answers.greeting", "a list of answers may hold only option ids in quotes"),
        ("\"id\":\"E-9\",", "\"id\":\"E-9\",\"comment\":{},", "comment", "unknown field (check the spelling; see docs/evaluations.md)"),
        ("\"version\":\"1\"", "\"version\":1", "scorecard.version", "must be text in quotes, found a number"),
        ("\"scorecard\":{\"id\":\"inbound-basic\",\"version\":\"1\"},", "", "scorecard", "missing required field (the template: {\"id\": \"…\", \"version\": \"…\"})"),
        ("\"answers\":{\"greeting\":\"yes\"}", "\"answers\":[\"yes\"]", "answers", "must be an object of criterion id → answer, found a list"),
        ("\"agentId\":\"A-9\"", "\"agentId\":\"\"", "agentId", "must not be empty"),
        // Issue 17: dates that looked like dates but are not.
        ("\"callDate\":\"2026-03-02\"", "\"callDate\":\"0000-01-01\"", "callDate", "must be a date YYYY-MM-DD (e.g. 2026-03-14, years 0001–9999) or an ISO 8601 timestamp with a time zone"),
        ("\"callDate\":\"2026-03-02\"", "\"callDate\":\"2026-03-02T14:05:00\"", "callDate", "must be a date YYYY-MM-DD (e.g. 2026-03-14, years 0001–9999) or an ISO 8601 timestamp with a time zone"),
        ("\"evaluatedAt\":\"2026-03-03T09:15:00Z\"", "\"evaluatedAt\":\"2026-03-03T09:15:60Z\"", "evaluatedAt", "must be an ISO 8601 timestamp with a time zone, such as 2026-03-14T10:30:00Z (seconds 00–59)"),
        ("\"evaluatedAt\":\"2026-03-03T09:15:00Z\"", "\"evaluatedAt\":\"2026-03-03T09:15:00\"", "evaluatedAt", "must be an ISO 8601 timestamp with a time zone, such as 2026-03-14T10:30:00Z (seconds 00–59)"),
        ("\"assessorId\":\"Q-9\"", "\"assessorId\":\"Q-9\",\"assessorId\":\"Q-8\"", "assessorId", "appears twice; give each field once"),
        ("\"version\":\"1\"", "\"version\":\"1\",\"version\":\"2\"", "scorecard.version", "appears twice; give each field once"),
        // Issue 17: a NUL in an id is refused (other control characters are escaped where they are shown).
        ("\"agentId\":\"A-9\"", "\"agentId\":\"A\\u00009\"", "agentId", "contains a NUL character (a broken export?); ids must be plain text"),
    ])
    func eachProblemNamesItsField(original: String, replacement: String, field: String, message: String) throws {
        let line = valid.replacingFirst(original, with: replacement)
        #expect(line != valid)
        let found = try problems(jsonl: line)
        #expect(found == [RecordProblem(location: RecordLocation(file: "-", line: 1), evaluationID: "E-9", field: field, message: message)])
    }

    @Test func severalProblemsInOneRecordAreAllReported() throws {
        let line = valid.replacingFirst("\"agentId\":\"A-9\",", with: "").replacingFirst("2026-03-02", with: "2026-13-02")
        #expect(try problems(jsonl: line).map(\.field) == ["agentId", "callDate"])
    }

    @Test func syntaxErrorsSayWhereAndStopOnlyThatRecord() throws {
        let text = valid + "\n" + #"{"id":"E-10","callId":"C"# + "\n" + valid.replacingFirst("E-9", with: "E-11") + "\n"
        let (good, bad) = try readStandardInput(text, format: .jsonLines)
        #expect(good.map(\.0.id) == ["E-9", "E-11"])
        #expect(bad.count == 1)
        #expect(bad.first?.first?.location.line == 2)
        #expect(bad.first?.first?.message.hasPrefix("not valid JSON") == true)
        #expect(bad.first?.first?.evaluationID == "E-10")
    }

    @Test func problemsInAPrettyJSONFileNameTheirLine() throws {
        // Line 1 "{", line 2 id, line 3 callId (a number: the problem), …
        let text = "{\n  \"id\": \"E-1\",\n  \"callId\": 7,\n  \"agentId\": \"A\",\n  \"assessorId\": \"Q\",\n  \"scorecard\": {\"id\": \"s\", \"version\": \"1\"},\n  \"callDate\": \"2026-01-01\",\n  \"evaluatedAt\": \"2026-01-01T00:00:00Z\",\n  \"answers\": {}\n}\n"
        let path = temporaryFile(text, extension: "json")
        let (good, bad) = try readAll([.file(path: path, format: .json)])
        #expect(good.isEmpty)
        #expect(bad.first == [RecordProblem(location: RecordLocation(file: path, line: 3), evaluationID: "E-1", field: "callId", message: "must be text in quotes, found a number")])
    }

    @Test func deepNestingIsRefusedNotCrashed() throws {
        let deep = String(repeating: "[", count: 10_000)
        let line = valid.replacingFirst("\"id\":\"E-9\",", with: "\"id\":\"E-9\",\"x\":\(deep),")
        let found = try problems(jsonl: line)
        #expect(found.last?.message == "not valid JSON: values are nested too deeply")
    }

    @Test func escapesAndUnicodeAreDecoded() throws {
        let line = valid.replacingFirst("\"A-9\"", with: #""A\u00e9\"\ud83d\ude00\n""#)
        let (good, _) = try readStandardInput(line + "\n", format: .jsonLines)
        #expect(good.first?.0.agentID == "Aé\"😀\n")
    }
}

@Suite struct MalformedCSVRecords {
    private let header = "evaluation_id,call_id,agent_id,team_id,assessor_id,call_date,evaluated_at,scorecard_id,scorecard_version,greeting"
    private let row = "E-1,C-1,A-1,,Q-1,2026-03-02,2026-03-03T09:15:00Z,inbound-basic,1,yes"

    @Test func aGoodRowReadsWithItsTemplateColumns() throws {
        let (good, bad) = try readStandardInput(header + "\n" + row + "\n", format: .csv)
        #expect(bad.isEmpty)
        #expect(good.first?.0.scorecardVersion == "1")
        #expect(good.first?.0.answers == ["greeting": .yes])
    }

    @Test func missingRequiredColumnIsAHeaderProblem() throws {
        let (good, bad) = try readStandardInput(header.replacingFirst("agent_id,", with: "") + "\n" + row + "\n", format: .csv)
        #expect(good.isEmpty)
        #expect(bad == [[RecordProblem(location: RecordLocation(file: "-", line: 1, row: 1), field: "agent_id", message: "the header has no agent_id column (required)")]])
    }

    @Test func duplicateColumnIsAHeaderProblem() throws {
        let (_, bad) = try readStandardInput(header + ",greeting\n" + row + ",no\n", format: .csv)
        #expect(bad == [[RecordProblem(location: RecordLocation(file: "-", line: 1, row: 1), field: "greeting", message: "this column appears twice in the header")]])
    }

    @Test func aNULInAnIdIsRefused() throws {
        let (good, bad) = try readStandardInput(header + "\n" + row.replacingFirst("E-1", with: "E\u{0}1") + "\n", format: .csv)
        #expect(good.isEmpty)
        #expect(bad.first?.map(\.field) == ["evaluation_id"])
        #expect(bad.first?.first?.message.hasPrefix("contains a NUL character") == true)
    }

    @Test func badEvaluatedAtAndEmptyAgentAreBothReported() throws {
        let bad1 = row.replacingFirst("A-1", with: "").replacingFirst("2026-03-03T09:15:00Z", with: "yesterday")
        let (_, bad) = try readStandardInput(header + "\n" + bad1 + "\n", format: .csv)
        #expect(bad.first?.map(\.field) == ["agent_id", "evaluated_at"])
        #expect(bad.first?.allSatisfy { $0.evaluationID == "E-1" && $0.location.row == 2 } == true)
    }

    @Test func invalidUTF8NamesTheColumn() throws {
        var bytes = Array((header + "\n").utf8) + Array(row.utf8)
        bytes[bytes.count - 3] = 0xFF  // inside "yes"
        let path = temporaryFile("", extension: "csv")
        let fd = open(path, O_WRONLY | O_TRUNC)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        let (good, bad) = try readAll([.file(path: path, format: .csv)])
        #expect(good.isEmpty)
        #expect(bad.first?.first?.field == "greeting")
    }

    @Test func unterminatedQuoteEndsTheFileWithAProblem() throws {
        let (good, bad) = try readStandardInput(header + "\n" + row + "\n" + row.replacingFirst("E-1", with: "\"E-2") + "\n", format: .csv)
        #expect(good.count == 1)
        #expect(bad.first?.first?.location.line == 3)
        #expect(bad.first?.first?.message.contains("closing quote") == true)
    }
}

@Suite struct AnswerCells {
    private func cell(_ text: String) -> AnswerValue? {
        Array(text.utf8).withUnsafeBufferPointer { CSVCell.answer($0) }
    }

    @Test func numbersOnlyWhenTheWholeCellIsADecimalNumber() {
        #expect(cell("3") == .number(3))
        #expect(cell("-2.5") == .number(-2.5))
        #expect(cell("1e3") == .number(1000))
        #expect(cell("nan") == .token("nan"))
        #expect(cell("inf") == .token("inf"))
        #expect(cell("0x1F") == .token("0x1F"))
        #expect(cell(" 3") == .token(" 3"))
        #expect(cell("3.") == .token("3."))
        #expect(cell("a|b") == .tokens(["a", "b"]))
        #expect(cell("na") == .notApplicable)
    }

    @Test("CSV rows with impossible dates are refused, naming the column", arguments: [
        ("0000-01-01", "2026-03-03T09:15:00Z", "call_date"),
        ("2023-02-29", "2026-03-03T09:15:00Z", "call_date"),
        ("2026-03-02", "2026-03-03T09:15:60Z", "evaluated_at"),
        ("2026-03-02", "2026-03-03T09:15:00", "evaluated_at"),
        ("2026-03-02", "-2026-03-03T09:15:00Z", "evaluated_at"),
    ])
    func csvDates(callDate: String, evaluatedAt: String, column: String) throws {
        let text = "evaluation_id,call_id,agent_id,assessor_id,call_date,evaluated_at,scorecard_id,scorecard_version,greeting\n"
            + "E-1,C-1,A-1,Q-1,\(callDate),\(evaluatedAt),inbound-basic,1,yes\n"
        let (good, bad) = try readStandardInput(text, format: .csv)
        #expect(good.isEmpty)
        #expect(bad.first?.map(\.field) == [column])
    }

    @Test("a call timestamp is kept as written and its date is the call date")
    func callTimestamps() throws {
        let line = valid.replacingFirst("\"callDate\":\"2026-03-02\"", with: "\"callDate\":\"2026-03-02T23:30:00-05:00\"")
        let (good, bad) = try readStandardInput(line + "\n", format: .jsonLines)
        #expect(bad.isEmpty)
        let evaluation = try #require(good.first?.0)
        #expect(evaluation.callDate.description == "2026-03-02")
        #expect(evaluation.callDateText == "2026-03-02T23:30:00-05:00")
        #expect(evaluation.evaluatedAt.description == "2026-03-03T09:15:00Z")
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let chars = Array(self.unicodeScalars)
        let needle = Array(target.unicodeScalars)
        guard !needle.isEmpty, chars.count >= needle.count else { return self }
        for start in 0...(chars.count - needle.count) where Array(chars[start..<(start + needle.count)]) == needle {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: chars[..<start])
            out.append(contentsOf: replacement.unicodeScalars)
            out.append(contentsOf: chars[(start + needle.count)...])
            return String(out)
        }
        return self
    }
}

@Suite struct EvaluationPurposes {
    private let record = #"{"id":"E-9","callId":"C-9","agentId":"A-9","assessorId":"Q-9","scorecard":{"id":"inbound-basic","version":"1"},"callDate":"2026-03-02","evaluatedAt":"2026-03-03T09:15:00Z","answers":{"greeting":"yes"}}"#

    @Test func aRecordWithoutPurposeIsOfficialAndEachSpellingIsRead() throws {
        let (plain, _) = try readStandardInput(record + "\n", format: .jsonLines)
        #expect(plain.first?.0.purpose == .official)
        for purpose in EvaluationPurpose.allCases {
            let line = record.replacingFirst("\"answers\"", with: "\"purpose\":\"\(purpose.rawValue)\",\"answers\"")
            let (good, bad) = try readStandardInput(line + "\n", format: .jsonLines)
            #expect(bad.isEmpty)
            #expect(good.first?.0.purpose == purpose)
        }
    }

    @Test func anUnknownPurposeIsAProblemNamingTheField() throws {
        let line = record.replacingFirst("\"answers\"", with: "\"purpose\":\"training\",\"answers\"")
        let (good, bad) = try readStandardInput(line + "\n", format: .jsonLines)
        #expect(good.isEmpty)
        #expect(bad.first?.map(\.field) == ["purpose"])
        #expect(bad.first?.first?.message == "must be one of official, calibration, self-assessment, automated")
    }

    @Test func csvPurposeColumnBlankMeansOfficial() throws {
        let header = "evaluation_id,call_id,agent_id,assessor_id,call_date,evaluated_at,scorecard_id,scorecard_version,purpose,greeting"
        let text = header + "\nE-1,C-1,A-1,Q-1,2026-03-02,2026-03-03T09:15:00Z,inbound-basic,1,calibration,yes\n"
            + "E-2,C-2,A-1,Q-1,2026-03-02,2026-03-03T09:15:00Z,inbound-basic,1,,yes\n"
            + "E-3,C-3,A-1,Q-1,2026-03-02,2026-03-03T09:15:00Z,inbound-basic,1,practice,yes\n"
        let (good, bad) = try readStandardInput(text, format: .csv)
        #expect(good.map(\.0.purpose) == [.calibration, .official])
        #expect(bad.first?.first?.field == "purpose")
    }

    @Test func writersKeepThePurposeAndLeaveOutTheDefault() throws {
        let (read, _) = try readStandardInput(record + "\n", format: .jsonLines)
        var evaluation = try #require(read.first?.0)
        #expect(!(try EvaluationWriter.json(evaluation, pretty: false)).contains("purpose"))
        evaluation.purpose = .calibration
        let line = try EvaluationWriter.json(evaluation, pretty: false)
        #expect(line.contains(#""purpose":"calibration""#))
        let (back, _) = try readStandardInput(line + "\n", format: .jsonLines)
        #expect(back.first?.0 == evaluation)
    }
}
