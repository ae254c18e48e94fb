import Coaching
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QAModel
import Testing
import WebApp
import Workbench
@testable import Workspace

/// Coaching one-to-ones in the workspace (both engines): who may record them, what is stored, audited and sent,
/// the follow-up made from the workspace, and the plan page's section and form.
@Suite("Coaching one-to-ones")
struct CoachingSessionTests {
    static func account(_ fixture: TeamFixture, _ username: String) throws -> Account {
        try #require(try fixture.workspace.database.read { try AccountStore.find(username: username, $0) })
    }

    /// agent-02's development areas as `username` sees the plan.
    static func areas(_ fixture: TeamFixture, as username: String, agent: String = "agent-02") throws -> [String] {
        let plan = try #require(try CoachingPlans.plan(agent: agent, for: try account(fixture, username), in: fixture.workspace,
                                                       templates: fixture.app.templates, today: testToday))
        return plan.developmentAreas.map(\.criterionID)
    }

    static let testToday = CalendarDay("2026-12-01") ?? CalendarDay(daysSinceEpoch: 0)

    static func draft(_ areas: [String], held: String = "2025-02-10", followUp: String = "2025-03-10",
                      actions: String = "Listen to two good calls together; practise the security questions.",
                      target: String = "Full credit on the coached areas in 9 of the next 10 evaluations by 10 March.")
        -> CoachingSessionDraft {
        CoachingSessionDraft(agent: "agent-02", heldOn: held, areas: areas, actions: actions, target: target, followUpOn: followUp)
    }

    @Test("a team leader records a one-to-one: stored, audited without free text, the agent told", arguments: TestEngine.available)
    func recordAuditAndNotify(engine: TestEngine) throws {
        let fixture = try TeamFixture(engine)
        let leader = try Self.account(fixture, "leader-a")
        let areas = Array(try Self.areas(fixture, as: "leader-a").prefix(2))
        try #require(!areas.isEmpty)
        let id = try #require(try CoachingSessions.record(Self.draft(areas), by: .account(leader), in: fixture.workspace,
                                                          templates: fixture.app.templates, today: Self.testToday))
        let stored = try #require(try fixture.workspace.database.read {
            try $0.first("SELECT areas, held_by, held_on, follow_up_on FROM coaching_sessions WHERE id = ?", .integer(id))
        })
        #expect(stored.text(0) == "[" + areas.map { "\"\($0)\"" }.joined(separator: ",") + "]")
        #expect(stored.text(1) == "leader-a")
        #expect(stored.text(2) == "2025-02-10" && stored.text(3) == "2025-03-10")
        let audit = try #require(try fixture.workspace.database.read {
            try $0.first("SELECT actor, details FROM audit_log WHERE action = 'coaching.session.recorded' AND subject = ?",
                         .text("coaching-session:\(id)"))
        })
        #expect(audit.text(0) == "leader-a")
        let details = audit.text(1) ?? ""
        #expect(details.contains("agent agent-02") && details.contains("follow-up 2025-03-10"))
        #expect(!details.contains("Listen") && !details.contains("Full credit"))
        let told = try fixture.workspace.database.read { try Notifications.list(for: "agent-02", now: fixture.workspace.now(), $0) }
        let note = try #require(told.first { $0.kind == .coaching })
        #expect(note.link == "/agents/agent-02/plan#one-to-ones")
        #expect(!note.message.contains("Listen") && note.message.contains("10 March 2025"))
        let verified = try fixture.workspace.database.read { try AuditLog.verify($0) }
        if case .broken(let seq, let reason) = verified { Issue.record("audit chain broken at \(seq): \(reason)") }

        // Who sees it: the agent, their team leader and the QA lead; not another team's leader.
        let agent = try Self.account(fixture, "agent-02")
        #expect(try CoachingSessions.list(agent: "agent-02", for: .account(agent), in: fixture.workspace)?.map(\.id) == [id])
        #expect(try CoachingSessions.list(agent: "agent-02", for: .account(try Self.account(fixture, "qa-lead")),
                                          in: fixture.workspace)?.first?.areas == areas)
        #expect(try CoachingSessions.list(agent: "agent-02", for: .account(try Self.account(fixture, "leader-b")),
                                          in: fixture.workspace) == nil)
        #expect(try CoachingSessions.find(id, for: .account(try Self.account(fixture, "assessor-2")), in: fixture.workspace) == nil)
    }

    @Test("only a team leader of the agent's team or a QA lead may record one", arguments: TestEngine.available)
    func whoMayRecord(engine: TestEngine) throws {
        let fixture = try TeamFixture(engine)
        let areas = Array(try Self.areas(fixture, as: "qa-lead").prefix(1))
        for name in ["leader-b", "agent-02", "assessor-2", "admin"] {
            #expect(try CoachingSessions.record(Self.draft(areas), by: .account(try Self.account(fixture, name)),
                                                in: fixture.workspace, templates: fixture.app.templates,
                                                today: Self.testToday) == nil, "\(name)")
        }
        #expect(try fixture.workspace.database.read { try $0.first("SELECT COUNT(*) FROM coaching_sessions")?.integer(0) } == 0)
        #expect(try CoachingSessions.record(Self.draft(areas), by: .account(try Self.account(fixture, "qa-lead")),
                                            in: fixture.workspace, templates: fixture.app.templates,
                                            today: Self.testToday) != nil)
    }

    @Test("a one-to-one filled in wrongly is refused in plain words, naming the field", arguments: TestEngine.available)
    func refusals(engine: TestEngine) throws {
        let fixture = try TeamFixture(engine)
        let leader = try Self.account(fixture, "leader-a")
        let areas = Array(try Self.areas(fixture, as: "leader-a").prefix(1))
        let cases: [(CoachingSessionDraft, String)] = [
            (Self.draft(areas, held: "10/02/2025"), "held"),
            (Self.draft(areas, held: "2026-12-02", followUp: "2026-12-20"), "held"),
            (Self.draft([]), "areas"),
            (Self.draft(["no-such-criterion"]), "areas"),
            (Self.draft(areas, actions: "  "), "actions"),
            (Self.draft(areas, target: ""), "target"),
            (Self.draft(areas, followUp: "2025-02-10"), "followUp"),
            (Self.draft(areas, followUp: "2026-06-01"), "followUp"),
        ]
        for (draft, field) in cases {
            #expect(throws: CoachingSessionError.self) {
                _ = try CoachingSessions.record(draft, by: .account(leader), in: fixture.workspace,
                                                templates: fixture.app.templates, today: Self.testToday)
            }
            do {
                _ = try CoachingSessions.record(draft, by: .account(leader), in: fixture.workspace,
                                                templates: fixture.app.templates, today: Self.testToday)
            } catch let error as CoachingSessionError {
                #expect(error.field == field, "\(error.message)")
            }
        }
        #expect(try fixture.workspace.database.read { try $0.first("SELECT COUNT(*) FROM coaching_sessions")?.integer(0) } == 0)
    }

    @Test("the follow-up from the workspace: the example's 14 evaluations an agent are too few", arguments: TestEngine.available)
    func followUpFromTheWorkspace(engine: TestEngine) throws {
        let fixture = try TeamFixture(engine)
        let lead = try Self.account(fixture, "qa-lead")
        let areas = try Self.areas(fixture, as: "qa-lead")
        let id = try #require(try CoachingSessions.record(Self.draft(areas), by: .account(lead), in: fixture.workspace,
                                                          templates: fixture.app.templates, today: Self.testToday))
        let session = try #require(try CoachingSessions.find(id, for: .account(lead), in: fixture.workspace))
        let followUp = try #require(try CoachingSessions.followUp(session, for: .account(lead), in: fixture.workspace,
                                                                  templates: fixture.app.templates, today: Self.testToday))
        // Windows capped at 13 weeks either side of 10 February 2025.
        #expect(followUp.before == DayRange(from: try #require(CalendarDay("2024-11-11")), to: try #require(CalendarDay("2025-02-09"))))
        #expect(followUp.after.to == CalendarDay("2025-05-12"))
        #expect(followUp.criteria.map(\.criterionID) == areas)
        let official = try fixture.workspace.database.read {
            try $0.first("""
                SELECT COUNT(*) FROM evaluations e JOIN people p ON p.id = e.agent_id
                WHERE p.person_key = 'agent-02' AND e.purpose = 'official' AND e.call_date <> '2025-02-10'
                """)?.integer(0)
        }
        for item in followUp.criteria {
            #expect(item.verdict == .tooLittleEvidence)
            #expect(Int64(item.before.evaluations + item.after.evaluations) <= official ?? 0)
            #expect(item.before.evaluations > 0 && item.after.evaluations > 0)
        }
        // The calls' KPIs for the same periods come from the stored calls.
        #expect((followUp.kpisBefore?.calls ?? 0) > 0)
        // An exclusion window over the whole after side leaves it empty.
        let outage = ExclusionWindow(start: followUp.after.from, end: followUp.after.to, reason: "outage")
        let excluded = try #require(try CoachingSessions.followUp(session, for: .account(lead), in: fixture.workspace,
                                                                  templates: fixture.app.templates, exclusions: [outage],
                                                                  today: Self.testToday))
        #expect(excluded.criteria.allSatisfy { $0.after.evaluations == 0 })
        #expect(excluded.kpisAfter == nil)
        // The agent's own view counts only what was released to them (one of agent-02's is unreleased).
        let agentView = try #require(try CoachingSessions.followUp(session, for: .account(try Self.account(fixture, "agent-02")),
                                                                   in: fixture.workspace, templates: fixture.app.templates,
                                                                   today: Self.testToday))
        let total = { (f: SessionFollowUp) in f.criteria.map { $0.before.evaluations + $0.after.evaluations }.reduce(0, +) }
        #expect(total(agentView) <= total(followUp))
    }

    // MARK: - The plan page

    @Test("the plan page: the form for the team leader, records, shows the session; the agent reads it", arguments: TestEngine.available)
    func planPage(engine: TestEngine) async throws {
        let fixture = try TeamFixture(engine)
        let areas = try Self.areas(fixture, as: "leader-a")
        let leader = try fixture.session("leader-a")
        let agent = try fixture.session("agent-02")
        try await fixture.withClient { client in
            let page = try await client.get("/agents/agent-02/plan", cookie: leader.cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h2 id=\"one-to-ones-h\">One-to-ones</h2>"))
            #expect(page.text.contains("<legend>Record a one-to-one with agent-02</legend>"))
            #expect(page.text.contains("<label for=\"held\">") && page.text.contains("<label for=\"actions\">"))
            #expect(page.text.contains("name=\"area\" value=\"\(areas[0])\""))

            // Without the form's token: refused.
            let forged = try await client.post("/agents/agent-02/sessions", cookie: leader.cookie,
                                               form: [("csrf", "wrong"), ("held", "2025-02-10"), ("area", areas[0])])
            #expect(forged.status == .forbidden)

            // A mistake: the page again, the problem announced and linked to its field, what was typed kept.
            let wrong = try await client.post("/agents/agent-02/sessions", cookie: leader.cookie, form: [
                ("csrf", leader.csrf), ("held", "2025-02-10"), ("actions", "Practise <the> checks"),
                ("target", "9 of 10"), ("followUp", "2025-03-10")])
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("role=\"alert\" id=\"problems\""))
            #expect(wrong.text.contains("<a href=\"#areas\">Choose at least one development area"))
            #expect(wrong.text.contains("Practise &lt;the&gt; checks"))
            #expect(wrong.text.contains("id=\"areas\" aria-invalid=\"true\""))

            let done = try await client.post("/agents/agent-02/sessions", cookie: leader.cookie, form: [
                ("csrf", leader.csrf), ("held", "2025-02-10"), ("area", areas[0]), ("actions", "Practise the checks"),
                ("target", "9 of the next 10 with full credit"), ("followUp", "2025-03-10")])
            #expect(done.status == .seeOther)
            let location = try #require(done.headers[.location])
            #expect(location.hasPrefix("/agents/agent-02/plan?recorded="))
            let after = try await client.get(String(location.prefix { $0 != "#" }), cookie: leader.cookie)
            #expect(after.text.contains("The one-to-one was recorded, and agent-02 has been told."))
            #expect(after.text.contains("One-to-one of 10 February 2025"))
            #expect(after.text.contains("Practise the checks"))
            #expect(after.text.contains("Too little evidence yet: each side needs at least 10 evaluations."))

            // The agent reads theirs, without the form.
            let own = try await client.get("/agents/agent-02/plan", cookie: agent.cookie)
            #expect(own.status == .ok)
            #expect(own.text.contains("One-to-one of 10 February 2025"))
            #expect(!own.text.contains("Record a one-to-one"))
            #expect(!own.text.contains("action=\"/agents/agent-02/sessions\""))
        }
    }

    @Test("a follow-up not yet due says when it is", arguments: TestEngine.available)
    func pendingFollowUp(engine: TestEngine) async throws {
        let fixture = try TeamFixture(engine)
        let lead = try Self.account(fixture, "qa-lead")
        let areas = Array(try Self.areas(fixture, as: "leader-a").prefix(1))
        _ = try CoachingSessions.record(Self.draft(areas, held: "2026-11-30", followUp: "2026-12-30"), by: .account(lead),
                                        in: fixture.workspace, templates: fixture.app.templates, today: Self.testToday)
        let leader = try fixture.session("leader-a")
        try await fixture.withClient { client in
            let page = try await client.get("/agents/agent-02/plan", cookie: leader.cookie)
            #expect(page.text.contains("Follow-up on 30 December 2026"))
            #expect(!page.text.contains("Coached areas before and after"))
        }
    }
}
