import Foundation
import Testing

/// `qa assign` on the built binary, on each engine: the plan with margins and warnings, the recorded draw
/// (the same seed giving the same calls), the queue commands and their exit codes.
@Suite("qa assign: sampling and the queues", .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests"))
struct AssignCommandTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let calls = repositoryRoot.appendingPathComponent("examples/inbound/calls.csv").path
    let evaluations = repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl").path

    static let draw = ["assign", "draw", "--template", "inbound-customer-service", "--per-agent", "3",
                       "--from", "2025-01-06", "--to", "2025-01-19", "--assessor", "sam", "--assessor", "assessor-3",
                       "--due", "2026-01-01"]

    func workspace(_ engine: CommandLineEngine) throws -> URL {
        let folder = try temporaryFolder()
        let made = try runQA(try engine.initArguments(), stdin: "", in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        let imported = try runQA(["import", inbound, calls, evaluations], stdin: "", in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        let user = try runQA(["user", "add", "sam", "--role", "assessor", "--password-stdin"], stdin: "a-long-password\n",
                             in: folder)
        #expect(user.status == 0, "\(user.stderr)")
        return folder
    }

    @Test("a dry run prints the plan with margins and warnings and records nothing; the same seed draws the same calls",
          arguments: CommandLineEngine.available)
    func drawPlan(engine: CommandLineEngine) throws {
        let folder = try workspace(engine)
        defer { try? FileManager.default.removeItem(at: folder) }
        let dry = try runQA(Self.draw + ["--dry-run"], stdin: "", in: folder)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("Sampling plan: 3 calls per agent; calls from 2025-01-06 to 2025-01-19"))
        #expect(dry.stdout.contains("(made for this draw; give --seed"))
        #expect(dry.stdout.contains("Calls that pass the filter: 24"))
        #expect(dry.stdout.contains("agent-05  3          3      ±0"))
        #expect(dry.stdout.contains("Score spread: 9.9 points"))
        #expect(dry.stdout.contains("Warnings:"))
        #expect(dry.stdout.contains("agent-01: 3 of 5 calls give ±7.9 points on the mean score, not the ±5 asked for; that needs 4 calls."))
        #expect(dry.stdout.contains("Calls per assessor: sam 9, assessor-3 9; due 2026-01-01."))
        #expect(dry.stdout.contains("Dry run: nothing was recorded."))
        let none = try runQA(["assign", "progress"], stdin: "", in: folder)
        #expect(none.stdout.contains("No assignments yet"))

        let first = try runQA(Self.draw + ["--seed", "77"], stdin: "", in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Seed: 77\n"))
        #expect(first.stdout.contains("Recorded as sampling run 1: 18 calls assigned, due 2026-01-01."))
        let list = try runQA(["assign", "list", "--run", "1"], stdin: "", in: folder)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.split(separator: "\n").count == 19)
        #expect(list.stdout.contains("(overdue)"))

        // The same seed on a fresh copy of the workspace: the same calls to the same assessors.
        let other = try workspace(engine)
        defer { try? FileManager.default.removeItem(at: other) }
        _ = try runQA(Self.draw + ["--seed", "77"], stdin: "", in: other)
        let otherList = try runQA(["assign", "list", "--run", "1"], stdin: "", in: other)
        #expect(otherList.stdout == list.stdout)
        let different = try runQA(Self.draw + ["--seed", "78", "--dry-run"], stdin: "", in: other)
        #expect(different.status == 0)
    }

    @Test("claim, release, replace, progress; refusals exit 1, wrong options 64", arguments: CommandLineEngine.available)
    func queue(engine: CommandLineEngine) throws {
        let folder = try workspace(engine)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try runQA(Self.draw + ["--seed", "5"], stdin: "", in: folder).status == 0)
        let claim = try runQA(["assign", "claim", "1"], stdin: "", in: folder)
        #expect(claim.status == 0, "\(claim.stderr)")
        #expect(claim.stdout.contains("Claimed assignment 1"))
        let again = try runQA(["assign", "claim", "1"], stdin: "", in: folder)
        #expect(again.status == 1)
        #expect(again.stderr.contains("only an open assignment can be claimed"))
        #expect(try runQA(["assign", "release", "1"], stdin: "", in: folder).stdout.contains("is open again"))
        let replace = try runQA(["assign", "replace", "2", "--reason", "no recording"], stdin: "", in: folder)
        #expect(replace.status == 0, "\(replace.stderr)")
        #expect(replace.stdout.contains("takes its place"))
        let progress = try runQA(["assign", "progress", "--run", "1"], stdin: "", in: folder)
        #expect(progress.stdout.contains("Run 1, drawn by"))
        #expect(progress.stdout.contains("seed 5"))
        let replacedRow = progress.stdout.split(separator: "\n").filter { $0.hasSuffix("  1") }
        #expect(replacedRow.count == 1)   // one assessor has one replaced call
        let all = try runQA(["assign", "list", "--all"], stdin: "", in: folder)
        #expect(all.stdout.contains("replaced by 19: no recording"))
        let missing = try runQA(["assign", "claim", "999"], stdin: "", in: folder)
        #expect(missing.status == 1 && missing.stderr.contains("there is no assignment 999"))
        let unknown = try runQA(["assign", "draw", "--template", "nope", "--per-agent", "1", "--from", "2025-01-06",
                                 "--to", "2025-01-19", "--assessor", "sam"], stdin: "", in: folder)
        #expect(unknown.status == 1 && unknown.stderr.contains("there is no form 'nope'"))
        let nobody = try runQA(["assign", "draw", "--template", "inbound-customer-service", "--per-agent", "1",
                                "--from", "2025-01-06", "--to", "2025-01-19", "--assessor", "ghost"], stdin: "", in: folder)
        #expect(nobody.status == 1 && nobody.stderr.contains("there is no assessor 'ghost'"))
        let noQuota = try runQA(["assign", "draw", "--template", "x", "--from", "2025-01-06", "--to", "2025-01-19",
                                 "--assessor", "sam"], stdin: "", in: folder)
        #expect(noQuota.status == 64 && noQuota.stderr.contains("give --per-agent N or --share PERCENT"))
    }
}
