import Foundation
import QAModel
import Testing
import Workbench
@testable import Workspace

/// Sampling and the queues in a workspace, on each engine: the recorded run, the filters, the queue's state
/// changes and the progress counts.
@Suite("Sampling: runs and queues in the workspace")
struct SamplingWorkspaceTests {
    /// team-a's calls in January 2025, 3 per agent, over assessor-2 and assessor-3, due 7 days after the draw.
    static let filter = SamplingFilter(from: CalendarDay("2025-01-01") ?? CalendarDay(daysSinceEpoch: 0),
                                       to: CalendarDay("2025-01-31") ?? CalendarDay(daysSinceEpoch: 0), team: "team-a")

    static func policy(_ team: TeamFixture, quota: SamplingQuota = .perAgent(3),
                       due: SamplingDue? = .daysAfterDraw(7)) throws -> SamplingPolicy {
        let form = try #require(try team.workspace.database.read { try SamplingStore.template("inbound-customer-service", $0) })
        return SamplingPolicy(quota: quota, templateRowID: form.rowID, scorecardID: form.id, scorecardVersion: form.version,
                              assessors: ["assessor-2", "assessor-3"], due: due)
    }

    static func fixture(_ engine: TestEngine) throws -> TeamFixture {
        let team = try TeamFixture(engine)
        try AccountStore.add(username: "assessor-3", role: .assessor, team: nil, personKey: nil,
                             passwordHash: AccountStore.hash(TeamFixture.password, cost: 4), in: team.workspace)
        return team
    }

    static func account(_ team: TeamFixture, _ name: String) throws -> Account {
        try #require(try team.workspace.database.read { try AccountStore.find(username: name, $0) })
    }

    /// The example calls read straight from the file (not the database), as the draw's candidates.
    static func callsFromFile(excluding: Set<String>) throws -> [SamplingCandidate] {
        let text = try String(contentsOfFile: packageRoot + "/examples/inbound/calls.csv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line -> SamplingCandidate? in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count > 3, !excluding.contains(f[0]) else { return nil }
            return SamplingCandidate(callKey: f[0], agentID: -1, agentKey: f[1], team: f[2], callDate: f[3])
        }
    }

    @Test("a draw is recorded with its policy, filter and seed; the same as the draw made from the file alone; one notification per assessor",
          arguments: TestEngine.available)
    func drawRecorded(engine: TestEngine) throws {
        let team = try Self.fixture(engine)
        let result = try SamplingStore.draw(try Self.policy(team), filter: Self.filter, seed: 99, by: "qa-lead",
                                            in: team.workspace)
        // The same calls as a draw from the file, whatever the engine and its row order.
        let fromFile = try Self.callsFromFile(excluding: [team.assignedCall]).filter { Self.filter.admits($0) }
        let expected = SamplingDraw(candidates: fromFile, quota: .perAgent(3),
                                    assessors: [SamplingAssessor(personID: -2, name: "assessor-2"),
                                                SamplingAssessor(personID: -3, name: "assessor-3")], seed: 99)
        #expect(result.preview.draw.drawn.map(\.call.callKey) == expected.drawn.map(\.call.callKey))
        #expect(result.preview.draw.drawn.count == 9)
        let (run, assignments, notes, audit) = try team.workspace.database.read { session in
            (try session.first("SELECT seed, drawn_by, policy, filter FROM sampling_runs WHERE id = ?", .integer(result.runID)),
             try AssignmentQueue.list(runID: result.runID, session),
             try session.query("SELECT recipient, kind, link FROM notifications WHERE subject LIKE 'sampling-run:%' ORDER BY recipient"),
             try session.query("SELECT action FROM audit_log WHERE action LIKE 'sampling.%' OR details LIKE 'run %'"))
        }
        #expect(run?.text(0) == "99" && run?.text(1) == "qa-lead")
        #expect(run?.text(2)?.contains("\"perAgent\"") == true)
        #expect(run?.text(3)?.contains("\"team\":\"team-a\"") == true)
        #expect(assignments.count == 9)
        #expect(assignments.allSatisfy { $0.state == "open" && $0.dueOn == "2026-12-08" && $0.runID == result.runID })
        #expect(Set(assignments.map(\.callKey)) == Set(expected.drawn.map(\.call.callKey)))
        #expect(notes.map { $0.text(0) ?? "" } == ["assessor-2", "assessor-3"])
        #expect(notes.allSatisfy { $0.text(1) == "assigned" && $0.text(2) == "/queue" })
        #expect(audit.count == 10)   // the draw and each assignment
        // The same seed again (on a fresh copy) gives the same draw; the preview writes nothing.
        let again = try Self.fixture(engine)
        let againPolicy = try Self.policy(again)
        let preview = try again.workspace.database.read {
            try SamplingStore.preview(againPolicy, filter: Self.filter, seed: 99, today: again.workspace.now().day, $0)
        }
        #expect(preview.draw.drawn.map(\.call.callKey) == result.preview.draw.drawn.map(\.call.callKey))
        #expect(preview.candidateFingerprint == result.preview.candidateFingerprint)
        #expect(try again.workspace.database.read { try $0.first("SELECT COUNT(*) FROM sampling_runs")?.integer(0) } == 0)
    }

    @Test("the SQL filter admits exactly the calls the policy's filter does (team, queue, direction, duration, dates, not evaluated)",
          arguments: TestEngine.available)
    func filtersHonoured(engine: TestEngine) throws {
        let team = try Self.fixture(engine)
        try team.workspace.change { session in
            try session.execute("UPDATE calls SET queue = 'billing', direction = 'inbound', duration_seconds = 200 WHERE call_key < 'call-000040'")
            try session.execute("UPDATE calls SET queue = 'sales', direction = 'outbound', duration_seconds = 600 WHERE call_key >= 'call-000040' AND call_key < 'call-000080'")
        }
        let everything = SamplingFilter(from: CalendarDay(year: 2000, month: 1, day: 1) ?? CalendarDay(daysSinceEpoch: 0),
                                        to: CalendarDay(year: 2100, month: 1, day: 1) ?? CalendarDay(daysSinceEpoch: 0))
        let all = try team.workspace.database.read { try SamplingStore.candidates(everything, $0) }
        #expect(all.count == 119)   // 120 calls but the one already assigned
        #expect(all.contains { $0.evaluatedOfficially } && all.contains { !$0.evaluatedOfficially })
        let day = { (text: String) in CalendarDay(text) ?? CalendarDay(daysSinceEpoch: 0) }
        let filters = [
            Self.filter,
            SamplingFilter(from: day("2025-02-01"), to: day("2025-02-14"), queue: "sales"),
            SamplingFilter(from: day("2025-01-01"), to: day("2025-03-31"), direction: "inbound", minDurationSeconds: 100,
                           maxDurationSeconds: 300),
            SamplingFilter(from: day("2025-01-01"), to: day("2025-03-31"), minDurationSeconds: 500),
            SamplingFilter(from: day("2025-01-01"), to: day("2025-03-31"), team: "team-b", notEvaluated: true),
            SamplingFilter(from: day("2025-01-08"), to: day("2025-01-08")),
        ]
        for filter in filters {
            let chosen = try team.workspace.database.read { try SamplingStore.candidates(filter, $0) }
            #expect(chosen.map(\.callKey) == all.filter { filter.admits($0) }.map(\.callKey), "\(filter)")
            #expect(!chosen.isEmpty, "\(filter)")
        }
    }

    @Test("queue: claim, release, replace with a reason (reproducibly), and the progress counts", arguments: TestEngine.available)
    func queue(engine: TestEngine) throws {
        var replacements: [String] = []
        for _ in 0..<2 {
            let team = try Self.fixture(engine)
            let result = try SamplingStore.draw(try Self.policy(team, due: .on(CalendarDay("2026-11-30") ?? CalendarDay(daysSinceEpoch: 0))),
                                                filter: Self.filter, seed: 7, by: "qa-lead", in: team.workspace)
            let assessor = try Self.account(team, "assessor-2"), lead = try Self.account(team, "qa-lead")
            let other = try Self.account(team, "assessor-3")
            let mine = try #require(try team.workspace.database.read {
                try AssignmentQueue.list(assessorID: assessor.personID, runID: result.runID, $0).first
            })
            // Someone else's assignment is "not there" for another assessor, and a lead may not claim it for them.
            #expect(try AssignmentQueue.claim(mine.id, by: .account(other), in: team.workspace) == nil)
            #expect(try AssignmentQueue.claim(mine.id, by: .account(lead), in: team.workspace) == nil)
            #expect(try AssignmentQueue.claim(mine.id, by: .account(assessor), in: team.workspace)?.state == "claimed")
            #expect(throws: SamplingError.self) { try AssignmentQueue.claim(mine.id, by: .account(assessor), in: team.workspace) }
            #expect(try AssignmentQueue.release(mine.id, by: .account(lead), in: team.workspace)?.state == "open")
            #expect(throws: SamplingError.self) { try AssignmentQueue.release(mine.id, by: .account(assessor), in: team.workspace) }
            #expect(throws: SamplingError.self) {
                try AssignmentQueue.replace(mine.id, reason: "   ", by: .account(assessor), in: team.workspace)
            }
            let outcome = try AssignmentQueue.replace(mine.id, reason: "The recording is silent.", by: .account(assessor),
                                                      in: team.workspace)
            guard case .replaced(let new) = outcome else {
                Issue.record("expected a replacement, got \(String(describing: outcome))")
                return
            }
            #expect(new.agentKey == mine.agentKey && new.callKey != mine.callKey)
            #expect(new.assessorID == assessor.personID && new.dueOn == mine.dueOn && new.state == "open")
            #expect(new.runID == result.runID)
            replacements.append(new.callKey)
            let old = try #require(try team.workspace.database.read { try AssignmentQueue.assignment(mine.id, $0) })
            #expect(old.state == "replaced" && old.reason == "The recording is silent." && old.replacedBy == new.id)
            // A call assigned by hand has no filter to draw from.
            let hand = try #require(try team.workspace.database.read {
                try AssignmentQueue.list(assessorID: assessor.personID, $0).first { $0.runID == nil }
            })
            #expect(throws: SamplingError.self) {
                try AssignmentQueue.replace(hand.id, reason: "no", by: .account(assessor), in: team.workspace)
            }
            // Progress: 9 drawn (one replaced by another), all due the day before the clock's day: overdue.
            _ = try AssignmentQueue.claim(new.id, by: .account(assessor), in: team.workspace)
            let progress = try team.workspace.database.read {
                try AssignmentQueue.progress(runID: result.runID, today: team.workspace.now().day, $0)
            }
            let two = try #require(progress.first { $0.assessor == "assessor-2" })
            let three = try #require(progress.first { $0.assessor == "assessor-3" })
            #expect(two.assigned + three.assigned == 9)
            #expect(two.replaced == 1 && two.claimed == 1 && two.done == 0 && two.overdue == two.assigned)
            #expect(three.replaced == 0 && three.overdue == three.assigned)
            let audit = try team.workspace.database.read {
                try $0.query("SELECT action, details FROM audit_log WHERE action LIKE 'assignment.%ed' AND action <> 'assignment.added' ORDER BY seq")
            }
            #expect(audit.map { $0.text(0) ?? "" } == ["assignment.claimed", "assignment.released", "assignment.replaced",
                                                       "assignment.claimed"])
            #expect(!audit.contains { ($0.text(1) ?? "").contains("silent") })   // the reason stays out of the log
        }
        #expect(replacements[0] == replacements[1])
    }

    @Test("replace with no other call of the agent left: taken out, and said so", arguments: TestEngine.available)
    func replaceNoneEligible(engine: TestEngine) throws {
        let team = try Self.fixture(engine)
        let result = try SamplingStore.draw(try Self.policy(team, quota: .share(percent: 100, minimum: 1)),
                                            filter: Self.filter, seed: 3, by: "qa-lead", in: team.workspace)
        let first = try #require(result.preview.draw.drawn.first)
        let assignment = try #require(try team.workspace.database.read {
            try AssignmentQueue.list(runID: result.runID, $0).first { $0.callKey == first.call.callKey }
        })
        let outcome = try AssignmentQueue.replace(assignment.id, reason: "duplicate", by: .commandLine("tester"),
                                                  in: team.workspace)
        #expect(outcome == .noneEligible)
        #expect(try team.workspace.database.read { try AssignmentQueue.assignment(assignment.id, $0)?.state } == "replaced")
    }

    @Test("an assessor who is also an agent is never given their own calls; an unknown assessor is refused",
          arguments: TestEngine.available)
    func notOwnCalls(engine: TestEngine) throws {
        let team = try Self.fixture(engine)
        try AccountStore.add(username: "agent-01", role: .assessor, team: nil, personKey: nil,
                             passwordHash: AccountStore.hash(TeamFixture.password, cost: 4), in: team.workspace)
        var policy = try Self.policy(team, quota: .perAgent(5))
        policy.assessors = ["agent-01", "assessor-2"]
        let result = try SamplingStore.draw(policy, filter: Self.filter, seed: 11, by: "qa-lead", in: team.workspace)
        let agentOne = try Self.account(team, "agent-01")
        #expect(result.preview.draw.drawn.allSatisfy { !($0.assessor.name == "agent-01" && $0.call.agentKey == "agent-01") })
        let given = try team.workspace.database.read { try AssignmentQueue.list(assessorID: agentOne.personID, $0) }
        #expect(!given.isEmpty && given.allSatisfy { $0.agentKey != "agent-01" })
        policy.assessors = ["nobody-here"]
        #expect(throws: SamplingError.self) {
            try SamplingStore.draw(policy, filter: Self.filter, seed: 11, by: "qa-lead", in: team.workspace)
        }
    }
}
