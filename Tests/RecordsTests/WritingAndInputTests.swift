#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QAModel
import Testing
import FileIO
@testable import Records

private let sample: [Evaluation] = [
    Evaluation(
        id: "E-1", callID: "C-1", agentID: "A-1", teamID: "T-1", assessorID: "Q-1", scorecardID: "inbound-basic",
        scorecardVersion: "1", callDate: testDay("2026-03-02"), evaluatedAt: testStamp("2026-03-03T09:15:00Z"),
        answers: ["greeting": .yes, "empathy": .number(4), "resolution": .token("partial"), "accuracy": .number(7.5),
                  "disclosures": .tokens(["recording", "privacy"]), "section:sales": .notApplicable],
        comments: ["empathy": "Said \"sorry\", twice,\nthen fixed it.", "resolution": "Call-back promised."]),
    Evaluation(
        id: "E-2", callID: "C-2", agentID: "A-2", assessorID: "Q-2", scorecardID: "inbound-basic",
        scorecardVersion: "1", callDate: testDay("2026-03-02"), callTimestamp: testStamp("2026-03-02T14:05:00+01:00"),
        evaluatedAt: testStamp("2026-03-03T10:00:00Z"),
        answers: ["greeting": .no, "empathy": .number(1), "upsell": .yes, "accuracy": .number(0)]),
]

@Suite struct RoundTrips {
    private func roundTrip(_ format: RecordFormat, ext: String) throws -> [Evaluation] {
        let writer = EvaluationWriter(format: format, scorecard: inboundBasic)
        var read: [Evaluation] = []
        let records = format == .json ? sample.map { [$0] } : [sample]
        for group in records {
            var text = writer.prologue
            for e in group { text += try writer.encode(e) }
            let path = temporaryFile(text, extension: ext)
            defer { unlink(path) }
            let (good, bad) = try readAll([.file(path: path, format: format)])
            #expect(bad.isEmpty, "\(bad)")
            read += good.map(\.0)
        }
        return read
    }

    @Test func json() throws { #expect(try roundTrip(.json, ext: "json") == sample) }
    @Test func jsonLines() throws { #expect(try roundTrip(.jsonLines, ext: "jsonl") == sample) }
    @Test func csv() throws { #expect(try roundTrip(.csv, ext: "csv") == sample) }

    @Test func csvHeaderFollowsTheTemplate() {
        #expect(EvaluationWriter(format: .csv, scorecard: inboundBasic).csvHeader ==
            "evaluation_id,call_id,agent_id,team_id,assessor_id,call_date,evaluated_at,scorecard_id,scorecard_version,purpose,"
            + "greeting,empathy,resolution,accuracy,disclosures,upsell,section:sales,"
            + "comment:greeting,comment:empathy,comment:resolution,comment:accuracy,comment:disclosures,comment:upsell\n")
    }

    @Test func csvRefusesAnAnswerWithoutAColumn() {
        var e = sample[1]
        e.answers["hold_time"] = .number(30)
        #expect(throws: EvaluationWriter.MissingColumn(evaluationID: "E-2", column: "hold_time")) {
            try EvaluationWriter(format: .csv, scorecard: inboundBasic).encode(e)
        }
    }

    @Test func jsonLineIsCompactWithKeysInDocumentedOrder() throws {
        let line = try EvaluationWriter(format: .jsonLines).encode(sample[1])
        #expect(line == #"{"id":"E-2","callId":"C-2","agentId":"A-2","assessorId":"Q-2","scorecard":{"id":"inbound-basic","version":"1"},"callDate":"2026-03-02T14:05:00+01:00","evaluatedAt":"2026-03-03T10:00:00Z","answers":{"accuracy":0,"empathy":1,"greeting":"no","upsell":"yes"}}"# + "\n")
    }
}

@Suite struct StandardInput {
    private let jsonl = #"{"id":"E-1","callId":"C","agentId":"A","assessorId":"Q","scorecard":{"id":"s","version":"1"},"callDate":"2026-01-01","evaluatedAt":"2026-01-01T00:00:00Z","answers":{}}"#

    @Test func jsonLinesIsSniffed() throws {
        let (good, bad) = try readStandardInput("\n" + jsonl + "\n" + jsonl.replacingFirst("E-1", with: "E-2"))
        #expect(bad.isEmpty)
        #expect(good.map(\.0.id) == ["E-1", "E-2"])
        #expect(good.map(\.1) == [RecordLocation(file: "-", line: 2), RecordLocation(file: "-", line: 3)])
    }

    @Test func prettyJSONIsSniffed() throws {
        let text = try String(decoding: readFixtureBytes("single.json"), as: UTF8.self)
        let (good, bad) = try readStandardInput(text)
        #expect(bad.isEmpty && good.first?.0.id == "E-1001")
    }

    @Test func csvIsSniffed() throws {
        let text = "evaluation_id,call_id,agent_id,assessor_id,call_date,evaluated_at,greeting\nE-1,C,A,Q,2026-01-01,2026-01-01T00:00:00Z,yes\n"
        let (good, bad) = try readStandardInput(text, options: .init(assumedTemplate: TemplateIdentity(id: "s", version: "2")))
        #expect(bad.isEmpty)
        #expect(good.first?.0.scorecardVersion == "2")
        #expect(good.first?.1 == RecordLocation(file: "-", line: 2, row: 2))
    }

    private func readFixtureBytes(_ name: String) throws -> [UInt8] {
        let fd = open(fixture(name), O_RDONLY)
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return bytes }
            bytes += chunk[0..<n]
        }
    }
}

@Suite struct InputExpansion {
    @Test func foldersAreSearchedRecursivelyInPathOrder() throws {
        let dir = fixture("folder")
        let sources = try InputSources.expand([dir + "/", fixture("single.json"), "-"])
        #expect(sources == [
            .file(path: dir + "/a.json", format: .json),
            .file(path: dir + "/c.csv", format: .csv),
            .file(path: dir + "/sub/b.jsonl", format: .jsonLines),
            .file(path: fixture("single.json"), format: .json),
            .standardInput(format: nil),
        ])
    }

    @Test func aFileReachedTwiceIsReadOnce() throws {
        let dir = fixture("folder")
        // a.json named, then again inside its folder, then by a second spelling of its path: read once.
        let sources = try InputSources.expand([dir + "/a.json", dir + "/", dir + "/./a.json"])
        #expect(sources == [
            .file(path: dir + "/a.json", format: .json),
            .file(path: dir + "/c.csv", format: .csv),
            .file(path: dir + "/sub/b.jsonl", format: .jsonLines),
        ])
    }

    @Test func missingPathsAndOtherExtensionsAreErrors() {
        #expect(throws: RecordInputError(path: "/no/such.csv", reason: "no such file or directory")) {
            try InputSources.expand(["/no/such.csv"])
        }
        #expect(throws: RecordInputError.self) { try InputSources.expand([fixture("folder/notes.txt")]) }
        #expect(throws: RecordInputError.self) { try InputSources.expand(["-", "-"]) }
    }

    @Test func aFolderReadsAllItsRecords() throws {
        let options = EvaluationReader.Options(assumedTemplate: TemplateIdentity(id: "inbound-basic", version: "1"))
        let (good, bad) = try readAll(try InputSources.expand([fixture("folder")]), options: options)
        #expect(bad.isEmpty)
        #expect(good.map(\.0.id) == ["E-1001", "E-1", "E-3"])
    }
}

@Suite struct AtomicOutput {
    private func directoryListing(_ dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    private func makeDirectory() -> String {
        let dir = "/tmp/records-atomic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(dir, 0o700)
        return dir
    }

    @Test func aFailureMidwayLeavesNoPartialFile() throws {
        let dir = makeDirectory()
        let path = dir + "/scores.csv"
        try AtomicFile.write("previous results\n", to: path)
        let writer = EvaluationWriter(format: .csv, scorecard: inboundBasic)
        var bad = sample[1]
        bad.answers["not_in_template"] = .yes
        do {
            let stream = try AtomicFileStream(path: path)
            try stream.write(writer.prologue)
            try stream.write(try writer.encode(sample[0]))
            try stream.write(try writer.encode(bad))  // throws: no column for not_in_template
            try stream.commit()
            Issue.record("the write should have failed")
        } catch let error as EvaluationWriter.MissingColumn {
            #expect(error.column == "not_in_template")
        }
        // The stream went out of scope uncommitted: the temporary file is gone, the old file untouched.
        #expect(directoryListing(dir) == ["scores.csv"])
        #expect(try DelimitedTextProbe.firstLine(path) == "previous results")
    }
}

/// Reads a file's first line (test helper).
enum DelimitedTextProbe {
    static func firstLine(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RecordInputError(path: path, reason: "cannot open") }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 4096)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        let bytes = chunk[0..<max(0, n)]
        return String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
    }
}

@Suite("Evaluation CSV export and the formula guard")
struct CSVExportGuard {
    @Test("ids and comments that look like formulas are written with an apostrophe and read back unchanged")
    func guardedAndRestored() throws {
        var e = sample[0]
        e.id = "=HYPERLINK(\"http://x\",\"y\")"
        e.callID = "+1"
        e.agentID = "@agent"
        e.comments["empathy"] = "\tlooks like a cell"
        e.comments["resolution"] = "'=already quoted"
        let writer = EvaluationWriter(format: .csv, scorecard: inboundBasic)
        let text = writer.prologue + (try writer.encode(e))
        #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+1,'@agent,"))
        let path = temporaryFile(text, extension: "csv")
        defer { unlink(path) }
        let (good, bad) = try readAll([.file(path: path, format: .csv)])
        #expect(bad.isEmpty, "\(bad)")
        #expect(good.map(\.0) == [e])
    }
}
