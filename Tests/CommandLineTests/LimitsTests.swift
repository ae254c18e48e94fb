import Foundation
import Testing

/// Issue 17, on the built `qa`: limits on what one run accepts (refused early, with a clear message), every
/// numeric option bounded, size caps checked before reading, no terminal or markup injection through ids, no
/// personal data echoed in messages, and no Swift error text reaching the user. Limits are in docs/limits.md.
@Suite("limits, escaping and messages: the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct LimitsTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let examples = repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl")

    /// The first example record as a JSON object, to be changed and written back.
    func exampleRecord(_ index: Int = 0) throws -> [String: Any] {
        let lines = try String(contentsOf: examples, encoding: .utf8).split(separator: "\n")
        let object = try JSONSerialization.jsonObject(with: Data(lines[index].utf8))
        return try #require(object as? [String: Any])
    }

    func jsonLine(_ record: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Every control character but newline and tab; a report or message must not carry any of them raw.
    func hasControls(_ text: String, allowingLineBreaks: Bool = true) -> Bool {
        text.unicodeScalars.contains {
            let v = $0.value
            if allowingLineBreaks && ($0 == "\n" || $0 == "\t") { return false }
            return v < 0x20 || (v >= 0x7F && v < 0xA0)
        }
    }

    /// `count` assessors scoring each of `calls` calls (the first example record, re-labelled).
    func wideCalibration(assessors count: Int, calls: Int, in folder: URL) throws -> String {
        var record = try exampleRecord()
        var lines: [String] = []
        for call in 0..<calls {
            for assessor in 0..<count {
                record["id"] = "e-\(call)-\(assessor)"
                record["callId"] = "call-\(call)"
                record["assessorId"] = "as-\(assessor)"
                lines.append(try jsonLine(record))
            }
        }
        let path = folder.appendingPathComponent("wide.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }

    // MARK: 1. Pairwise work

    @Test("qa agreement on 3,000 raters × 5 calls is refused at the header, at once, exit 1")
    func agreementTooManyRaters() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "call," + (0..<3000).map { "r\($0)" }.joined(separator: ",") + "\n"
        for unit in 0..<5 { text += "c\(unit)," + (0..<3000).map { String(($0 + unit) % 5 + 1) }.joined(separator: ",") + "\n" }
        try text.write(to: folder.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        let started = Date()
        let run = try runQA(["agreement", "--level", "ordinal", "wide.csv"], stdin: "", in: folder)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(run.status == 1)
        #expect(run.stderr.contains("wide.csv: error: the table has 3,000 rater columns; one run compares at most 200 raters"))
        #expect(run.stdout.isEmpty)
    }

    @Test("qa agreement --statistic cohen: 200 raters × 2,000 calls is refused as the rows come in, before the table is held, exit 1")
    func agreementTooMuchPairWork() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "call," + (0..<200).map { "r\($0)" }.joined(separator: ",") + "\n"
        for unit in 0..<2000 { text += "c\(unit)," + (0..<200).map { String(($0 + unit) % 5 + 1) }.joined(separator: ",") + "\n" }
        try text.write(to: folder.appendingPathComponent("long.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["agreement", "--level", "ordinal", "--statistic", "cohen", "long.csv"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("long.csv: error: 200 raters × more than 1,005 calls is too much pairwise work for one run"))
        #expect(run.stdout.isEmpty)
        // The default report has no pairwise kappas: each rater against the others is linear in the table.
        let report = try runQA(["agreement", "--level", "ordinal", "long.csv"], stdin: "", in: folder)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Each rater against the others"))
    }

    @Test("qa agreement with more distinct ratings than the limit is refused before the statistics, exit 1")
    func agreementTooManyCategories() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "call,a,b\n"
        for unit in 0..<600 { text += "c\(unit),\(2 * unit),\(2 * unit + 1)\n" }
        try text.write(to: folder.appendingPathComponent("levels.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["agreement", "--level", "nominal", "levels.csv"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("1,200 different ratings; one run compares at most 1,000"))
    }

    @Test("qa calibrate and qa drift with 2,000 assessors × 3 calls are refused before the comparisons, exit 1")
    func calibrationTooManyAssessors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try wideCalibration(assessors: 2000, calls: 3, in: folder)
        for command in ["calibrate", "drift"] {
            let started = Date()
            let run = try runQA([command, "--scorecard", inbound, input], stdin: "", in: folder)
            #expect(Date().timeIntervalSince(started) < 10, "\(command)")
            #expect(run.status == 1, "\(command)")
            #expect(run.stderr.contains("error: a call was scored by 2,000 assessors; one run compares at most 100"), "\(command)")
            #expect(run.stdout.isEmpty, "\(command)")
        }
    }

    // MARK: 2. Options and sizes

    @Test("every numeric option out of range is refused by the option check: exit 64, no crash, nothing written",
          arguments: [
              ["sample", "--evaluations", "9223372036854775807"], ["sample", "--weeks", "1000000"],
              ["sample", "--evaluations=-1"], ["sample", "--teams", "703"], ["sample", "--agents-per-team", "1001"],
              ["sample", "--assessors", "201"], ["sample", "--calibration-calls", "101"],
              ["sample", "--lenient-points", "1e308"], ["sample", "--drift-points", "nan"],
              ["sample", "--drift-start-week", "13"], ["sample", "--start", "9999-01-01"],
              ["sample", "--weeks", "520", "--calibration-calls", "100", "--assessors", "200"],
              ["agreement", "--level", "ordinal", "--bootstrap", "100001", "r.csv"],
              ["calibrate", "--tolerance", "1e308"], ["calibrate", "--tolerance", "nan"],
              ["drift", "--L", "inf"], ["drift", "--k", "1e9"], ["drift", "--h", "1e9"],
              ["drift", "--baseline-periods", "1000001"], ["drift", "--lambda", "2"],
              ["coach", "--all", "--review-in", "9223372036854775807"],
              ["evaluate", "--call", String(repeating: "c", count: 101), "--agent", "a", "--assessor", "q"],
          ])
    func optionsBounded(_ arguments: [String]) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var args = arguments
        if ["sample", "calibrate", "drift", "coach", "evaluate"].contains(arguments[0]) {
            args.insert(contentsOf: ["--scorecard", inbound], at: 1)
        }
        if arguments[0] == "sample" { args += ["--output", "out"] }
        let run = try runQA(args, stdin: "", in: folder)
        #expect(run.status == 64, "\(arguments.prefix(3)): \(run.stderr)")
        #expect(run.stderr.contains("must be") || run.stderr.contains("more than"), "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a JSON Lines record over 16 MiB is one invalid record, skipped unread; the others are scored; exit 1")
    func recordSizeCap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try jsonLine(exampleRecord(0)), second = try jsonLine(exampleRecord(1))
        let huge = "{\"id\":\"" + String(repeating: "x", count: 20 << 20) + "\"}"
        try [first, huge, second].joined(separator: "\n").appending("\n")
            .write(to: folder.appendingPathComponent("big.jsonl"), atomically: true, encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "big.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("big.jsonl:2: error: this line is longer than 16 MiB, the limit for one record"))
        #expect(run.stdout.contains("Scored 2 evaluations; 1 invalid record"))
        #expect(run.stderr.utf8.count < 2_000)
    }

    /// A sparse file of `size` bytes (takes no disk space).
    func sparseFile(_ url: URL, size: UInt64) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    @Test("a 300 MB transcript and a 100 MB import form are refused by their size before reading, exit 1")
    func transcriptAndFormCaps() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try sparseFile(folder.appendingPathComponent("call.txt"), size: 300 << 20)
        try sparseFile(folder.appendingPathComponent("form.json"), size: 100 << 20)
        var started = Date()
        let evaluate = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1",
                                  "--transcript", "call.txt"], stdin: "", in: folder)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(evaluate.status == 1)
        #expect(evaluate.stderr.contains("call.txt: error: the transcript is 314,572,800 bytes, over the 10 MiB limit"))
        started = Date()
        let form = try runQA(["scorecard", "import", "--from", "connect", "form.json"], stdin: "", in: folder)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(form.status == 1)
        #expect(form.stderr.contains("form.json: error: the form is 104,857,600 bytes, over the 8 MiB limit"))
    }

    @Test("a 1 GB draft is refused before reading and left as it is, exit 1")
    func draftCap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let draft = folder.appendingPathComponent("C-1.draft.json")
        try sparseFile(draft, size: 1 << 30)
        let run = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1"],
                            stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("is larger than 8 MiB, the limit for a draft, so it was not read. Nothing was changed."))
        let size = try FileManager.default.attributesOfItem(atPath: draft.path)[.size] as? Int
        #expect(size == 1 << 30)
    }

    // MARK: 3. Terminal and markup injection

    // (No NUL: an id holding one is refused when read — see MalformedRecordTests — so it never reaches a report.)
    static let hostileID = "E\u{1B}]0;owned\u{07}\u{1B}[31m<script>alert(1)</script>\nfile.jsonl:99: error: forged\u{0B}"
    static let hostileAgent = "<img src=x onerror=alert(1)>|`x`\r"

    @Test("qa score: ids with ESC, OSC, BEL, VT and newlines reach no report raw (table, Markdown, CSV, JSON)")
    func scoreReportsEscape() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var record = try exampleRecord()
        record["id"] = Self.hostileID
        record["agentId"] = Self.hostileAgent
        try (try jsonLine(record) + "\n").write(to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let table = try runQA(["score", "--scorecard", inbound, "in.jsonl"], stdin: "", in: folder)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(!hasControls(table.stdout))
        #expect(!table.stdout.contains("\nfile.jsonl:99"))
        let markdown = try runQA(["score", "--scorecard", inbound, "--format", "markdown", "in.jsonl"], stdin: "", in: folder)
        #expect(!hasControls(markdown.stdout))
        #expect(!markdown.stdout.contains("<script"))
        #expect(!markdown.stdout.contains("<img"))
        #expect(markdown.stdout.contains("&lt;img src=x onerror=alert(1)&gt;\\|\\`x\\`"))
        let json = try runQA(["score", "--scorecard", inbound, "--format", "json", "in.jsonl"], stdin: "", in: folder)
        #expect(!hasControls(json.stdout))
        let parsed = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let first = (parsed?["evaluations"] as? [[String: Any]])?.first
        #expect(first?["id"] as? String == Self.hostileID)  // escaped, not altered
        let csv = try runQA(["score", "--scorecard", inbound, "--format", "csv", "in.jsonl"], stdin: "", in: folder)
        #expect(csv.stdout.contains("\"" + Self.hostileID.replacingOccurrences(of: "\"", with: "\"\"")))  // quoted field
    }

    @Test("qa calibrate and qa drift: hostile assessor ids are escaped in table, Markdown and HTML")
    func calibrationReportsEscape() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = "qa\u{1B}[2J<script>x</script>\u{07}"
        let text = try String(contentsOf: examples, encoding: .utf8)
            .replacingOccurrences(of: "\"assessorId\":\"qa-lead\"", with: "\"assessorId\":\(try jsonString(hostile))")
        try text.write(to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        for command in ["calibrate", "drift"] {
            for format in ["table", "markdown", "html"] {
                let run = try runQA([command, "--scorecard", inbound, "--format", format, "in.jsonl"], stdin: "", in: folder)
                #expect(run.status == 0 || run.status == 1, "\(command) \(format): \(run.stderr)")
                #expect(!hasControls(run.stdout), "\(command) \(format)")
                if format != "table" { #expect(!run.stdout.contains("<script"), "\(command) \(format)") }
            }
        }
    }

    func jsonString(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }

    @Test("qa coach: hostile agent and team ids are escaped in Markdown and HTML")
    func coachingReportsEscape() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = "agent\u{1B}]8;;http://x\u{07}<img src=x onerror=alert(1)>"
        let text = try String(contentsOf: examples, encoding: .utf8)
            .replacingOccurrences(of: "\"agentId\":\"agent-01\"", with: "\"agentId\":\(try jsonString(hostile))")
        try text.write(to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        for format in ["markdown", "html"] {
            let run = try runQA(["coach", "--scorecard", inbound, "--all", "--format", format, "in.jsonl"], stdin: "", in: folder)
            #expect(run.status == 0 || run.status == 1, "\(format): \(run.stderr)")
            #expect(!hasControls(run.stdout), "\(format)")
            #expect(!run.stdout.contains("<img"), "\(format)")
        }
    }

    @Test("qa evaluate: the transcript and the ids are shown without control characters")
    func transcriptEscapes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Agent: hello\u{1B}]0;owned\u{07}\nCustomer: hi\u{1B}[2J\u{0}\r\n"
            .write(to: folder.appendingPathComponent("t.txt"), atomically: true, encoding: .utf8)
        let run = try runQA(["evaluate", "--scorecard", inbound, "--call", "C-1", "--agent", "A-1", "--assessor", "Q-1",
                             "--transcript", "t.txt", "--output", "out.json"], stdin: "t\nq\n", in: folder)
        #expect(run.stdout.contains("Agent: hello"))
        #expect(!hasControls(run.stdout))
        #expect(!hasControls(run.stderr))
    }

    // MARK: 4. Messages name only what is short

    @Test("a comment written as a key, a 10,000,000-character id and a long CSV header cell are described, not shown")
    func messagesDoNotEcho() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let comment = "The customer Jane Doe said her card number ends in 4242 and she is upset"
        var record = try exampleRecord()
        var answers = try #require(record["answers"] as? [String: Any])
        answers[comment] = "yes"
        record["answers"] = answers
        var long = try exampleRecord(1)
        long["id"] = String(repeating: "i", count: 10_000_000)
        long["answers"] = answers
        try [try jsonLine(record), try jsonLine(long)].joined(separator: "\n").appending("\n")
            .write(to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "in.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(!run.stderr.contains("Jane Doe"))
        #expect(!run.stderr.contains("iiiiiiiiii"))
        #expect(run.stderr.contains("not shown"))
        #expect(run.stderr.utf8.count < 4_000)

        let header = "id,call_id,agent_id,assessor_id,call_date,scorecard_id,scorecard_version,\(comment.replacingOccurrences(of: ",", with: " "))\n"
        try header.write(to: folder.appendingPathComponent("in.csv"), atomically: true, encoding: .utf8)
        let csv = try runQA(["score", "--scorecard", inbound, "in.csv"], stdin: "", in: folder)
        #expect(!csv.stderr.contains("Jane Doe"), "\(csv.stderr)")
    }

    // MARK: 5. Internal errors

    @Test("qa agreement with ratings of ±1e300: a clear message, no Swift error text, exit 1")
    func nonFiniteAgreement() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "call,a,b\nc1,1e300,-1e300\nc2,-1e300,1e300\nc3,1,2\n"
            .write(to: folder.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        for format in ["json", "table"] {
            let run = try runQA(["agreement", "--level", "interval", "--format", format, "r.csv"], stdin: "", in: folder)
            #expect(run.status == 1)
            #expect(run.stderr.contains("r.csv: error: a rating is 1,000,000,000,000 or more"))
            #expect(!run.stderr.contains("EncodingError"))
            #expect(!run.stderr.contains("Debug"))
            #expect(!run.stdout.contains("inf"))
        }
    }

    @Test("no command source prints a Swift error's own description")
    func noErrorDescriptions() throws {
        let folder = repositoryRoot.appendingPathComponent("Sources/qa")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("\\(error)"), "\(name)")
            #expect(!text.contains("String(describing: error"), "\(name)")
            #expect(!text.contains("localizedDescription"), "\(name)")
        }
    }

    // MARK: Arithmetic on input

    @Test("huge whole-number ratings (1e19) at --level ordinal are compared, not converted to Int (which trapped)")
    func hugeOrdinalRatings() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "call,a,b\nc1,1e19,1e19\nc2,1e19,-1e19\nc3,1,2\n"
            .write(to: folder.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["agreement", "--level", "ordinal", "r.csv"], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Agreement of 2 raters on 3 units"))
    }

    @Test("KPI values past their range (1e300 seconds, CSAT 1e300) are reported as bad rows, never trap")
    func hugeKPIs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let calls = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/inbound/calls.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var fields = calls[1].split(separator: ",").map(String.init)
        fields[4] = "1e300"; fields[6] = "1e300"; fields[7] = "1e300"
        try ([calls[0], fields.joined(separator: ",")] + calls.dropFirst(2)).joined(separator: "\n").appending("\n")
            .write(to: folder.appendingPathComponent("k.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["coach", "--scorecard", inbound, "--agent", fields[1], "--kpis", "k.csv", examples.path],
                            stdin: "", in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("handle_time_seconds: '1e300' is not a number of seconds from 0 to 1,000,000"))
        #expect(run.stdout.contains("Average handle time"))
    }
}
