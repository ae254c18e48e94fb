import Foundation
import Testing

/// Issue 10's first problem, on the built binary: calibration evaluations no longer count as an agent's own.
@Suite("purpose: agent scores and plans count official evaluations; calibration counts calibration ones",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct PurposeTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path

    @Test("qa coach: a plan counts the agent's official evaluations, one per call, and says what it left out")
    func coachCountsOfficialOnly() throws {
        let arguments = ["coach", "--scorecard", inbound, "--agent", "agent-02", "--to", "2025-03-16",
                         "examples/inbound/evaluations.jsonl"]
        let official = try runQA(arguments, stdin: "", in: repositoryRoot)
        #expect(official.status == 0, "\(official.stderr)")
        #expect(official.stdout.contains("Based on 14 evaluations of 14 calls."))
        #expect(official.stderr.contains("note: 160 calibration evaluations not counted: coaching plans count official "
                                         + "evaluations only"))
        // Before purposes, the same plan counted the calibration scores too: several per call.
        let all = try runQA(["coach", "--purpose", "all"] + arguments.dropFirst(), stdin: "", in: repositoryRoot)
        #expect(all.stdout.contains("Based on 42 evaluations of 21 calls."))
    }

    @Test("qa calibrate still finds the planted lenient and severe assessors on the calibration evaluations")
    func calibrateUsesCalibrationEvaluations() throws {
        let run = try runQA(["calibrate", "--scorecard", inbound, "--reference", "qa-lead",
                             "examples/inbound/evaluations.jsonl"], stdin: "", in: repositoryRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("lenient  assessor-2"))
        #expect(run.stdout.contains("severe  assessor-3"))
        #expect(run.stderr.isEmpty)  // calibration and official: nothing of the examples is left out
    }

    @Test("--purpose takes a purpose or all, and nothing else (exit 64)")
    func purposeOptionIsChecked() throws {
        let run = try runQA(["score", "--scorecard", inbound, "--purpose", "training", "examples/inbound/evaluations.jsonl"],
                            stdin: "", in: repositoryRoot)
        #expect(run.status == 64)
        #expect(run.stderr.contains("--purpose must be one of official, calibration, self-assessment, automated or all"))
    }

    @Test("a second --scorecard is refused (exit 64), not silently used instead of the first")
    func repeatedScorecardIsRefused() throws {
        let technical = repositoryRoot.appendingPathComponent("scorecards/technical-support.xml").path
        for command in [["score"], ["calibrate"], ["coach", "--all"]] {
            let run = try runQA(command + ["--scorecard", inbound, "--scorecard", technical, "examples/inbound/evaluations.jsonl"],
                                stdin: "", in: repositoryRoot)
            #expect(run.status == 64, "\(command)")
            #expect(run.stderr.contains("--scorecard was given 2 times; give it once"), "\(command)")
        }
    }
}
