import Foundation
import Testing

/// Issue 14: `qa calibrate --from … --to …` on files gives one session's agenda, most disagreement first.
@Suite("calibrate and drift: one session from files with --from/--to",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct CalibrationSessionCommandTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path

    @Test("qa calibrate --from/--to on the shipped example: the week's 4 calls, the agenda with question text and answers")
    func oneSessionFromFiles() throws {
        let run = try runQA(["calibrate", "--scorecard", inbound, "--from", "2025-01-20", "--to", "2025-01-26",
                             "examples/inbound/evaluations.jsonl"], stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: 216 of 240 evaluations left out: their call dates are outside from 2025-01-20 to 2025-01-26"))
        #expect(run.stdout.contains("4 calibration calls; 4 assessors"))
        #expect(run.stdout.contains("3 assessors formed it on each call"))
        // The call whose totals were furthest apart comes first, with each question's text and every answer.
        #expect(run.stdout.contains("1. call-000035 (2025-01-20): totals 54.8 to 76.2 (21.5 points apart); 6 questions answered differently"))
        #expect(run.stdout.contains("Did the agent open with the approved greeting (company name, own first name, offer of help)? (greeting) — reference: no (3 of 4)"))
        #expect(run.stdout.contains("      assessor-2: yes\n"))
        // Four calls are too few to judge agreement on a question: no low-agreement flag.
        #expect(!run.stdout.contains("low-agreement"))
        // No line of the agenda is hundreds of characters wide.
        let agenda = run.stdout.components(separatedBy: "Agenda:").last ?? ""
        let beforeCalls = agenda.components(separatedBy: "\nCalls\n").first ?? ""
        #expect(beforeCalls.split(separator: "\n").allSatisfy { $0.count < 200 })
    }

    @Test("qa drift --from/--to on files keeps only the calls in the period")
    func driftTakesAPeriodFromFiles() throws {
        let run = try runQA(["drift", "--scorecard", inbound, "--reference", "qa-lead", "--from", "2025-02-03",
                             "examples/inbound/evaluations.jsonl"], stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("evaluations left out: their call dates are outside from 2025-02-03"))
        #expect(!run.stdout.contains("2025-W05"))
        #expect(run.stdout.contains("2025-W06"))
    }
}
