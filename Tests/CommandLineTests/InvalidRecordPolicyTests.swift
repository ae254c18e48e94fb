import Foundation
import Testing

/// The one invalid-record policy and the grouped problem report, on the built `qa`.
@Suite("Invalid records: one policy in every command, grouped reports",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct InvalidRecordPolicyTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let technical = repositoryRoot.appendingPathComponent("scorecards/technical-support.xml").path

    @Test("a folder of another template's records: a short grouped report, the cause on one line, exit 1")
    func wrongTemplateFolder() throws {
        let run = try runQA(["score", "--scorecard", technical, "examples/inbound/"], stdin: "", in: repositoryRoot)
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n")
        // Before: 6,743 lines on stderr. Now a screenful at most, per file. (A record for another template is
        // reported whatever its purpose.)
        #expect(lines.count <= 25, "\(run.stderr)")
        let cause = lines.filter { $0.contains("template 'inbound-customer-service' version '1.0'") }
        #expect(cause == ["examples/inbound/evaluations.jsonl: error: all 240 records are for template "
                          + "'inbound-customer-service' version '1.0', but the template given is 'technical-support' "
                          + "version '1.0'; score them with the matching template"])
        #expect(lines.last == "summary: 0 evaluations scored; 242 invalid records in 3 files not scored")
        // --all-problems lists every record's problem on its own line (a record for another template has that one
        // problem: its unknown criteria follow from it), then the summary.
        let all = try runQA(["score", "--scorecard", technical, "--all-problems", "examples/inbound/evaluations.jsonl"],
                            stdin: "", in: repositoryRoot)
        #expect(all.status == 1)
        let allLines = all.stderr.split(separator: "\n")
        #expect(allLines.count == 240 + 1)
        #expect(allLines[0].hasPrefix("examples/inbound/evaluations.jsonl:1: error: evaluation ev-000001: scored against "
                                      + "template 'inbound-customer-service' version '1.0'"))
    }

    @Test("repeated problems in one file are grouped with a count and their first lines; 20 lines per file at most")
    func groupedAndCapped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try exampleLines()
        // 30 kinds of problem (an unknown criterion each), each in 3 records, and one answer out of range in 50.
        var lines: [String] = []
        for k in 0..<30 {
            for i in 0..<3 { lines.append(good[k * 3 + i].replacingOccurrences(of: "\"answers\":{", with: "\"answers\":{\"extra-\(k)\":\"yes\",")) }
        }
        for i in 90..<140 { lines.append(good[i].replacingOccurrences(of: "\"active-listening\":", with: "\"active-listening\":9,\"x\":")) }
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("many.jsonl"), atomically: true,
                                                          encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "--purpose", "all", "many.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1)
        let errors = run.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 22)  // 20 problem lines, the held-back note, the summary
        #expect(errors[0] == "many.jsonl:1: error: criterion 'extra-0': unknown criterion: template 'inbound-customer-service' "
                + "version '1.0' has no criterion with this id (the same in 3 records: lines 1, 2, 3)")
        #expect(errors[19].hasPrefix("many.jsonl:58: error: criterion 'extra-19': unknown criterion"))
        #expect(errors[20].hasPrefix("many.jsonl: note: "))
        #expect(errors[20].hasSuffix("more kinds) not shown; add --all-problems to list every one"))
        let heldBack = Int(errors[20].split(separator: " ")[2]) ?? 0
        #expect(errors[21] == "summary: 0 evaluations scored; 140 invalid records in 1 file not scored")

        let all = try runQA(["score", "--scorecard", inbound, "--purpose", "all", "--all-problems", "many.jsonl"], stdin: "", in: folder)
        #expect(all.status == 1)
        // Every problem on its own line, with its evaluation id, then the summary: the 20 groups of 3 shown, and
        // every one held back.
        #expect(all.stderr.split(separator: "\n").count == 20 * 3 + heldBack + 1)
        #expect(all.stderr.contains("many.jsonl:138: error: evaluation ev-000138: criterion 'active-listening': '9'"))
    }

    /// The shipped inbound examples, one JSON Lines record each.
    func exampleLines() throws -> [String] {
        try String(contentsOf: repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
    }

    /// A folder holding `mixed.jsonl`: one invalid record first, then the 240 valid examples.
    func mixedInput() throws -> URL {
        let folder = try temporaryFolder()
        let good = try exampleLines()
        let bad = good[0].replacingOccurrences(of: "\"id\":\"ev-000001\"", with: "\"id\":\"bad-1\"")
            .replacingOccurrences(of: "\"active-listening\":5", with: "\"active-listening\":9")
        try ([bad] + good).joined(separator: "\n").appending("\n")
            .write(to: folder.appendingPathComponent("mixed.jsonl"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("a record that reuses an earlier record's evaluation id is reported and not scored again")
    func duplicateEvaluationIDs() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try exampleLines()
        // Three evaluations, then copies of the first two (a file exported twice and joined).
        try ((good[0..<3] + good[0..<2]).joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("twice.jsonl"), atomically: true, encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "--purpose", "all", "twice.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("twice.jsonl:4: error: 2 records use evaluation ids already used by earlier records in this input; only the first of each is scored (lines 4, 5)"))
        #expect(run.stderr.contains("summary: 3 evaluations scored; 2 invalid records in 1 file not scored"))
    }

    @Test("a CSV header naming one column 200,000 times gives one grouped line, not 200,000")
    func repeatedHeaderColumnsAreGrouped() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = "evaluation_id,call_id,agent_id,assessor_id,call_date,evaluated_at,scorecard_id,scorecard_version,"
            + Array(repeating: "greeting", count: 200_000).joined(separator: ",")
        try (header + "\n").write(to: folder.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "wide.csv"], stdin: "", in: folder)
        #expect(run.status == 1)
        let errors = run.stderr.split(separator: "\n")
        #expect(errors.count == 2, "\(errors.prefix(5))")
        #expect(errors.first?.hasSuffix("greeting (199999 times): this column appears twice in the header") == true)
    }

    static let commands: [[String]] = [["score"], ["calibrate"], ["drift"], ["coach", "--agent", "agent-01"]]

    @Test("one bad record among good ones: reported, the good ones used, exit 1", arguments: commands)
    func reportsAndUsesTheValidOnes(_ command: [String]) throws {
        let folder = try mixedInput()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runQA(command + ["--scorecard", inbound, "--purpose", "all", "mixed.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1, "\(command): \(run.stderr)")
        #expect(run.stderr.contains("mixed.jsonl:1: error: evaluation bad-1: criterion 'active-listening': '9'"))
        let verb = command[0] == "score" ? "scored" : "used"
        #expect(run.stderr.contains("summary: 240 evaluations \(verb); 1 invalid record in 1 file not \(verb)"))
        #expect(!run.stdout.isEmpty, "\(command) wrote no report")
    }

    @Test("--strict stops at the first invalid record: reported, no report, exit 1", arguments: commands)
    func strictStops(_ command: [String]) throws {
        let folder = try mixedInput()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runQA(command + ["--scorecard", inbound, "--purpose", "all", "--strict", "--output", "report.out", "mixed.jsonl"],
                            stdin: "", in: folder)
        #expect(run.status == 1, "\(command): \(run.stderr)")
        #expect(run.stderr.contains("mixed.jsonl:1: error: evaluation bad-1: criterion 'active-listening': '9'"))
        #expect(run.stderr.contains("stopped at the first invalid record (--strict); no report written"))
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.out").path))
    }

    @Test("qa agreement follows the same policy: bad rows reported and left out, exit 1; --strict stops")
    func agreementRows() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "call,ann,bob,cy\nc1,1,1,2\nc2,2,2,2\nc3,x,3,3\nc4,3,3,3\nc5,1,2,1\n"
            .write(to: folder.appendingPathComponent("ratings.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["agreement", "ratings.csv", "--level", "interval"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("ratings.csv:4: error: rater 'ann' (unit 'c3'): 'x' is not a number"))
        #expect(run.stderr.contains("ratings.csv: note: 1 row with problems left out; the report uses the other 4 units"))
        #expect(run.stdout.hasPrefix("Agreement of 3 raters on 4 units"))
        let strict = try runQA(["agreement", "ratings.csv", "--level", "interval", "--strict"], stdin: "", in: folder)
        #expect(strict.status == 1)
        #expect(strict.stdout.isEmpty)
    }

    @Test("qa --version prints the one version constant")
    func version() throws {
        let run = try runQA(["--version"], stdin: "", in: repositoryRoot)
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
