import Foundation
import Testing

/// `qa release`, `qa acknowledge` and `qa dispute …` on a workspace, as the accounts named by `--as`.
@Suite("qa release, acknowledge and dispute",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct DisputeCommandTests {
    @Test("an agent disputes, the assessor revises, the history keeps both, the report counts it; refusals exit 1")
    func disputeFromTheCommandLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func qa(_ arguments: [String], stdin: String = "") throws -> CommandRun {
            try runQA(arguments, stdin: stdin, in: folder)
        }
        let root = repositoryRoot.path
        #expect(try qa(["init"]).status == 0)
        let imported = try qa(["import", "--release", root + "/scorecards/inbound-customer-service.xml",
                               root + "/examples/inbound/calls.csv", root + "/examples/inbound/evaluations.jsonl"])
        #expect(imported.status == 0, "\(imported.stderr)")
        for (name, role, team) in [("lead", "qa-lead", ""), ("agent-02", "agent", "team-a"), ("assessor-2", "assessor", "")] {
            let added = try qa(["user", "add", name, "--role", role, "--password-stdin"] + (team.isEmpty ? [] : ["--team", team]),
                               stdin: "a-long-enough-password\n")
            #expect(added.status == 0, "\(added.stderr)")
        }
        // Already released on import: releasing again is refused with the reason.
        let again = try qa(["release", "ev-000052", "--as", "lead"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already released"))
        // Another agent's evaluation is "not found" to agent-02.
        #expect(try qa(["acknowledge", "ev-000001", "--as", "agent-02"]).status == 1)
        let raised = try qa(["dispute", "raise", "ev-000052", "--criterion", "greeting", "--answer", "no",
                             "--comment", "The greeting was not the approved one.", "--as", "agent-02"])
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(raised.stdout.contains("Raised dispute 1 of ev-000052."))
        let list = try qa(["dispute", "list", "--as", "assessor-2"])
        #expect(list.stdout.contains("1  ev-000052"))
        #expect(list.stdout.contains("waiting for the arbitrator (assessor-2)"))
        // Only the arbitrator decides.
        #expect(try qa(["dispute", "decide", "1", "--uphold", "greeting", "--reason", "greeting=Fine.", "--as", "lead"]).status == 1)
        let decided = try qa(["dispute", "decide", "1", "--revise", "greeting=no", "--reason", "greeting=Heard it again.",
                              "--as", "assessor-2"])
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(decided.stdout.contains("Dispute 1 resolved: revised (revision 2 of the evaluation)."))
        let history = try qa(["history", "ev-000052"])
        #expect(history.stdout.contains("dispute 1 resolved"))
        let report = try qa(["dispute", "report", "--as", "lead"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Disputes raised: 1 (resolved 1, open 0, overturned 1)"))
        #expect(report.stdout.contains("assessor-2\t1\t1\t1\t100%\t1"))
        #expect(report.stdout.contains("inbound-customer-service\tgreeting\t1\t1\t1\t100%"))
        #expect(try qa(["dispute", "report", "--as", "agent-02"]).status == 1)
        // One dispute per evaluation by default.
        let second = try qa(["dispute", "raise", "ev-000052", "--whole", "Still unfair.", "--as", "agent-02"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("one dispute per evaluation"))
        #expect(try qa(["acknowledge", "ev-000052", "--as", "agent-02"]).stdout.contains("Acknowledged ev-000052."))
        let rules = try qa(["dispute", "rules", "inbound-customer-service", "--window", "7", "--as", "lead"])
        #expect(rules.stdout.contains("disputes for 7 days after release, 1 per evaluation"))
        #expect(try qa(["dispute", "rules", "inbound-customer-service", "--window", "7", "--as", "agent-02"]).status == 1)
        #expect(try qa(["release", "ev-000052", "--on", "not-a-day", "--as", "lead"]).status == 64)
    }
}
