import Foundation
import Testing

/// The repository root (for the shipped templates and example data).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// `qa score` and `qa scorecard validate` as a user runs them: the README's quick start, and the exit codes.
@Suite("qa score and qa scorecard, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct ScoreCommandTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path

    @Test("the README's quick start scores the shipped examples and exits 0")
    func quickStart() throws {
        let run = try runQA(["score", "--scorecard", inbound, "examples/inbound/evaluations.jsonl"], stdin: "",
                            in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        // examples/inbound: 80 routine (official) evaluations + 10 weeks × 4 calibration calls × 4 assessors = 240;
        // scores count the official ones only, and say what they left out (issue 10).
        #expect(run.stdout.contains("Scored 80 evaluations."))
        #expect(run.stderr == "note: 160 calibration evaluations not counted: scores count official evaluations only "
                + "(--purpose all counts every evaluation)\n")
        let all = try runQA(["score", "--scorecard", inbound, "--purpose", "all", "examples/inbound/evaluations.jsonl"],
                            stdin: "", in: repositoryRoot)
        #expect(all.stdout.contains("Scored 240 evaluations."))
        #expect(all.stderr.isEmpty)
        let calibration = try runQA(["score", "--scorecard", inbound, "--purpose", "calibration",
                                     "examples/inbound/evaluations.jsonl"], stdin: "", in: repositoryRoot)
        #expect(calibration.stdout.contains("Scored 160 evaluations."))
    }

    @Test("invalid records are reported with file, line, evaluation and criterion; the rest are scored; exit 1")
    func invalidRecords() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let examples = try String(contentsOf: repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl"),
                                  encoding: .utf8).split(separator: "\n").prefix(3).map(String.init)
        // Line 2 gets an answer out of range: active-listening is a 1–5 scale.
        let broken = examples[1].replacingOccurrences(of: "\"active-listening\":", with: "\"active-listening\":9,\"x-was\":")
        try (examples[0] + "\n" + broken + "\n" + examples[2] + "\n").write(
            to: folder.appendingPathComponent("batch.jsonl"), atomically: true, encoding: .utf8)
        let run = try runQA(["score", "--scorecard", inbound, "--format", "csv", "batch.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("batch.jsonl:2: error: evaluation ev-000002: criterion 'active-listening':"))
        #expect(run.stdout.split(separator: "\n").count == 3)  // header + the two valid evaluations
    }

    @Test("a missing input exits 3 and writes no report file")
    func missingInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runQA(["score", "--scorecard", inbound, "--output", "out.csv", "--format", "csv", "nope.jsonl"],
                            stdin: "", in: folder)
        #expect(run.status == 3)
        #expect(run.stderr.contains("nope.jsonl: error:"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("a wrong option is a usage error, exit 64")
    func usageError() throws {
        let run = try runQA(["score", "--scorecard", inbound, "--colour", "x"], stdin: "", in: repositoryRoot)
        #expect(run.status == 64)
    }

    @Test("an invalid template: every problem compiler-style with line and column, exit 1")
    func invalidTemplate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var xml = try String(contentsOfFile: inbound, encoding: .utf8)
        xml = xml.replacingOccurrences(of: "<pass-mark>80</pass-mark>", with: "<pass-mark>180</pass-mark>")
        try xml.write(to: folder.appendingPathComponent("t.xml"), atomically: true, encoding: .utf8)
        let run = try runQA(["scorecard", "validate", "t.xml"], stdin: "", in: folder)
        #expect(run.status == 1)
        let line = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("t.xml:") })
        let parts = line.split(separator: ":")
        #expect(parts.count >= 4 && Int(parts[1]) != nil && Int(parts[2]) != nil && parts[3] == " error")
        #expect(line.contains("pass"))
    }
}
