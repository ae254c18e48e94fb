import Foundation
import Testing

/// `qa scorecard diff` and `qa scorecard what-if` on the built binary, with the shipped inbound template, its
/// revisions in Tests/Fixtures/revisions and the shipped example evaluations.
@Suite("qa scorecard diff and what-if, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct RevisionCommandTests {
    let v1 = "scorecards/inbound-customer-service.xml"
    let v2 = "Tests/Fixtures/revisions/inbound-customer-service-v2.xml"
    let v3 = "Tests/Fixtures/revisions/inbound-customer-service-v3-every-change.xml"
    let inbound = "examples/inbound/evaluations.jsonl"

    @Test("diff names the reworded question, the reweight with the share old → new and the added criterion; exit 0")
    func diffText() throws {
        let run = try runQA(["scorecard", "diff", v1, v2], stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.hasPrefix("Comparing inbound-customer-service version 1.0 with version 2.0 (Inbound customer service)\n"))
        #expect(run.stdout.contains("""
            Criterion resolution-offered (section ownership)
              weight: 2 → 3
              share of the total: 10% → 11.7%
            """))
        #expect(run.stdout.contains("Criterion expectations-set (section ownership)\n  added: “Did the agent tell the customer when to expect the outcome?”"))
        #expect(run.stdout.contains("Criterion greeting (section opening)\n  question reworded\n"))
    }

    @Test("diff of a template with itself: no changes, exit 0")
    func diffNoChanges() throws {
        let run = try runQA(["scorecard", "diff", v1, v1], stdin: "", in: repositoryRoot)
        #expect(run.status == 0)
        #expect(run.stdout.contains("No changes: the two versions ask the same questions and score them the same way."))
    }

    @Test("diff --format json parses and lists every change")
    func diffJSON() throws {
        let run = try runQA(["scorecard", "diff", "--format", "json", v1, v3], stdin: "", in: repositoryRoot)
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["hasChanges"] as? Bool == true)
        let changes = try #require(object["changes"] as? [[String: Any]])
        let kinds = Set(changes.compactMap { $0["change"] as? String })
        #expect(kinds.isSuperset(of: ["added", "removed", "reworded", "reweighted", "moved", "answer-changed", "critical-changed",
                                      "na-changed", "condition-changed", "rule-changed"]))
        #expect(changes.contains { $0["id"] as? String == "probing" && $0["change"] as? String == "moved"
                                   && $0["new"] as? String == "ownership (Ownership and resolution)" })
    }

    @Test("diff checks both templates: an invalid one gives its problems and exit 1, a missing one exit 3")
    func diffInvalidAndMissing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = folder.appendingPathComponent("broken.xml")
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(v1), encoding: .utf8)
        try text.replacingOccurrences(of: "<pass-mark>80</pass-mark>", with: "<pass-mark>800</pass-mark>")
            .write(to: broken, atomically: true, encoding: .utf8)
        let invalid = try runQA(["scorecard", "diff", repositoryRoot.appendingPathComponent(v1).path, broken.path], stdin: "", in: folder)
        #expect(invalid.status == 1)
        #expect(invalid.stderr.contains("broken.xml:"))
        #expect(invalid.stderr.contains("800"))
        #expect(invalid.stdout.isEmpty)
        let missing = try runQA(["scorecard", "diff", "no-such-template.xml", broken.path], stdin: "", in: folder)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("no-such-template.xml"))
        #expect(missing.stderr.contains("broken.xml:"))  // the other one is still checked and its problems shown
    }

    @Test("what-if on the shipped inbound evaluations: 80 official ones re-scored, the new criterion's gap said, exit 0")
    func whatIfText() throws {
        let run = try runQA(["scorecard", "what-if", v1, v2, inbound], stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Re-scored: 80 evaluations\n  0 completely"))
        #expect(run.stdout.contains("expectations-set: no usable answer on 80 evaluations: new in this version, so never answered"))
        #expect(run.stdout.contains("By team"))
        #expect(run.stdout.contains("Average total                    87.5         87.1    −0.4"))
        #expect(run.stderr.contains("note: 160 calibration evaluations not counted: what-if counts official evaluations only"))
    }

    @Test("what-if with a higher pass mark: passes that would fail are counted and listed")
    func whatIfPassMark() throws {
        let run = try runQA(["scorecard", "what-if", "--group-by", "agent", v1, v3, inbound], stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Pass rate (pass mark 80 → 85)"))
        #expect(run.stdout.contains("Passes that would fail: 14 · fails that would pass: 0"))
        #expect(run.stdout.contains("By agent"))
        #expect(run.stdout.contains("Evaluations whose result would change (26 in all, first 20 shown)"))
    }

    @Test("what-if leaves other templates' evaluations out with a note, not as errors")
    func whatIfOtherTemplates() throws {
        let run = try runQA(["scorecard", "what-if", v1, v2, inbound, "examples/technical-support/evaluations.jsonl"],
                            stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: 240 evaluations (240 for template 'technical-support' version '1.0') left out: what-if "
                                    + "re-scores the evaluations made with template 'inbound-customer-service' version '1.0'"))
        #expect(!run.stderr.contains("error"))
        #expect(run.stdout.contains("Re-scored: 80 evaluations"))
    }

    @Test("what-if with no evaluation of the old version: said, exit 1")
    func whatIfNothingToRescore() throws {
        let run = try runQA(["scorecard", "what-if", v1, v2, "examples/technical-support/evaluations.jsonl"], stdin: "", in: repositoryRoot)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: no evaluation made with template 'inbound-customer-service' version '1.0' could be "
                                    + "re-scored under template 'inbound-customer-service' version '2.0'"))
        #expect(run.stdout.contains("No evaluation could be re-scored"))
    }

    @Test("what-if --format json parses; --purpose all counts the calibration evaluations too")
    func whatIfJSON() throws {
        let run = try runQA(["scorecard", "what-if", "--format", "json", "--purpose", "all", "--group-by", "agent", v1, v2, inbound],
                            stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let evaluations = try #require(object["evaluations"] as? [String: Any])
        #expect(evaluations["rescoredWithGaps"] as? Int == 240)
        let groups = try #require(object["groups"] as? [String: Any])
        #expect(groups["by"] as? String == "agent")
        #expect((groups["values"] as? [Any])?.count == 6)
        let criteria = try #require(object["criteria"] as? [[String: Any]])
        let added = try #require(criteria.first { $0["id"] as? String == "expectations-set" })
        #expect(added["presence"] as? String == "added")
        #expect((added["unanswered"] as? [String: Any])?["new-criterion"] as? Int == 240)
    }

    @Test("docs/revisions.md's worked example is the real output of the commands it shows", arguments: [
        ["scorecard", "diff", "scorecards/inbound-customer-service.xml", "Tests/Fixtures/revisions/inbound-customer-service-v2.xml"],
        ["scorecard", "what-if", "scorecards/inbound-customer-service.xml", "Tests/Fixtures/revisions/inbound-customer-service-v2.xml",
         "examples/inbound/evaluations.jsonl"],
    ])
    func documentedOutput(arguments: [String]) throws {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/revisions.md"), encoding: .utf8)
        let prompt = "$ qa " + arguments.joined(separator: " ") + "\n"
        let start = try #require(doc.range(of: prompt), "docs/revisions.md no longer shows \(prompt)")
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        let run = try runQA(arguments, stdin: "", in: repositoryRoot)
        #expect(run.status == 0)
        #expect(String(doc[start.upperBound..<end.lowerBound]) == run.stdout)
    }

    @Test("help lists the exit codes; a wrong option exits 64", arguments: [["diff"], ["what-if"]])
    func help(command: [String]) throws {
        let help = try runQA(["scorecard"] + command + ["--help"], stdin: "", in: repositoryRoot)
        #expect(help.status == 0)
        let text = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Exit codes: 0 compared"))
        #expect(text.contains("64 wrong or missing options"))
        let wrong = try runQA(["scorecard"] + command + ["--no-such-option", v1, v2], stdin: "", in: repositoryRoot)
        #expect(wrong.status == 64)
    }
}
