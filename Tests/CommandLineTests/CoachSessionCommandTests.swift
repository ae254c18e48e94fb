import Foundation
import Testing

/// `qa coach session` on the built binary, on each engine: a one-to-one recorded from the agent's plan, listed,
/// followed up in plain words; mistakes refused with exit 1; `qa coach` itself unchanged.
@Suite("qa coach session: one-to-ones and their follow-up",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests"))
struct CoachSessionCommandTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let calls = repositoryRoot.appendingPathComponent("examples/inbound/calls.csv").path
    let evaluations = repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl").path

    func workspace(_ engine: CommandLineEngine) throws -> URL {
        let folder = try temporaryFolder()
        let made = try runQA(try engine.initArguments(), stdin: "", in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        let imported = try runQA(["import", inbound, calls, evaluations], stdin: "", in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        return folder
    }

    static let add = ["coach", "session", "add", "--agent", "agent-02", "--held", "2025-02-10",
                      "--area", "further-help", "--area", "acknowledgement",
                      "--actions", "Listen to two calls together", "--target", "Full credit in 9 of the next 10 by March",
                      "--follow-up", "2025-03-10", "--by", "Pat Leader"]

    @Test("add, list, follow-up; refusals exit 1", arguments: CommandLineEngine.available)
    func addListFollowUp(engine: CommandLineEngine) throws {
        let folder = try workspace(engine)
        defer { try? FileManager.default.removeItem(at: folder) }
        let added = try runQA(Self.add, stdin: "", in: folder)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "Recorded one-to-one 1 with agent-02 on 2025-02-10; follow-up on 2025-03-10.\n")

        let list = try runQA(["coach", "session", "list", "--agent", "agent-02"], stdin: "", in: folder)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("id  agent     held        by          areas                          follow-up"))
        #expect(list.stdout.contains("1   agent-02  2025-02-10  Pat Leader  further-help, acknowledgement  2025-03-10 (due)"))
        let none = try runQA(["coach", "session", "list", "--agent", "agent-05"], stdin: "", in: folder)
        #expect(none.stdout == "No one-to-ones recorded for agent-05.\n")

        let followUp = try runQA(["coach", "session", "follow-up", "1", "--on", "2025-03-10"], stdin: "", in: folder)
        #expect(followUp.status == 0, "\(followUp.stderr)")
        #expect(followUp.stdout.contains("One-to-one 1 with agent-02 on 2025-02-10, held by Pat Leader."))
        #expect(followUp.stdout.contains("Compared: 2025-01-13 to 2025-02-09 (before) with 2025-02-11 to 2025-03-10 (after), 28 days each"))
        #expect(followUp.stdout.contains("[further-help]: before:"))
        #expect(followUp.stdout.contains("too little evidence yet (each side needs at least 10 evaluations)"))
        #expect(followUp.stdout.contains("Calls (KPIs): before:"))

        let early = try runQA(["coach", "session", "follow-up", "1", "--on", "2025-03-01"], stdin: "", in: folder)
        #expect(early.stdout.contains("Follow-up on 2025-03-10: too early to follow up (today is 2025-03-01)."))

        let missing = try runQA(["coach", "session", "follow-up", "9"], stdin: "", in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no one-to-one 9"))

        var wrongArea = Self.add
        wrongArea[wrongArea.firstIndex(of: "further-help") ?? 0] = "greeting-x"
        let refused = try runQA(wrongArea, stdin: "", in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("'greeting-x' is not one of the plan's development areas"))

        let unknown = try runQA(["coach", "session", "add", "--agent", "nobody", "--held", "2025-02-10", "--area", "x",
                                 "--actions", "a", "--target", "t", "--follow-up", "2025-03-10"], stdin: "", in: folder)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("the workspace has no agent 'nobody'"))

        let usage = try runQA(["coach", "session", "add", "--agent", "agent-02"], stdin: "", in: folder)
        #expect(usage.status == 64)
    }

    @Test("qa coach still makes plans; its help names the session commands")
    func coachUnchanged() throws {
        let help = try runQA(["coach", "--help"], stdin: "", in: try temporaryFolder())
        #expect(help.status == 0)
        #expect(help.stdout.contains("session"))
        let sessionHelp = try runQA(["coach", "session", "--help"], stdin: "", in: try temporaryFolder())
        #expect(sessionHelp.stdout.contains("follow-up"))
        let plan = try runQA(["coach", "--scorecard", inbound, "--agent", "agent-02", evaluations], stdin: "",
                             in: try temporaryFolder())
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("agent-02"))
    }
}
