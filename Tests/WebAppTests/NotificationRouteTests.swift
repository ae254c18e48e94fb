import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QAModel
import Testing
import WebApp
import Workbench
import Workspace

/// Notifications inside the app: each person sees their own, newest first, with links inside the workbench
/// only; "mark all as read" touches only their own.
@Suite("Notifications inside the app")
struct NotificationRouteTests {
    @Test("an assessor sees what they were told; marking read is theirs alone; nobody sees another's",
          arguments: TestEngine.available)
    func ownListOnly(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let second = try team.session("assessor-2")
        let first = try team.session("assessor-1")
        let agent = try team.session("agent-02")
        try await team.withClient { client in
            // The fixture opened two sessions with assessor-1 and assessor-2 and revealed the second; and agent-02
            // disputed an evaluation assessor-2 scored (assessor-2 arbitrates it).
            let page = try await client.get("/notifications", cookie: second.cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("4 unread."))
            #expect(page.text.contains("<a href=\"/disputes/\(team.disputeID)\">"))
            #expect(page.text.components(separatedBy: "You are in the calibration session “Week 49”").count - 1 == 2)
            #expect(page.text.contains("<a href=\"/calibration/\(team.revealedSession)\">The calibration session “Week 49” is revealed"))
            let none = try await client.get("/notifications", cookie: agent.cookie)
            #expect(none.text.contains("Nothing unread."))
            #expect(!none.text.contains("Week 49"))
            let read = try await client.post("/notifications/read", cookie: second.cookie, form: [("csrf", second.csrf)])
            #expect(read.status == .seeOther)
            let after = try await client.get("/notifications", cookie: second.cookie)
            #expect(after.text.contains("Nothing unread."))
            // assessor-1's are untouched.
            let theirs = try await client.get("/notifications", cookie: first.cookie)
            #expect(theirs.text.contains("3 unread."))
            // Without the form's token nothing is marked.
            let forged = try await client.post("/notifications/read", cookie: first.cookie, form: [("csrf", "wrong")])
            #expect(forged.status == .forbidden)
            let still = try await client.get("/notifications", cookie: first.cookie)
            #expect(still.text.contains("3 unread."))
        }
    }

    @Test("work coming due is announced once: due today, overdue; not yet when due later", arguments: TestEngine.available)
    func dueReminders(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let (lead, assessor) = try team.workspace.database.read { session in
            (try AccountStore.find(username: "qa-lead", session), try AccountStore.find(username: "assessor-2", session))
        }
        let template = try #require(try team.workspace.database.read { try TemplateStore.list($0).last?.rowID })
        // The fixture's clock says 2026-12-01.
        for (call, due) in [("call-000002", "2026-12-01"), ("call-000005", "2026-11-28"), ("call-000006", "2026-12-05")] {
            _ = try ScoringDesk.assign(calls: [call], to: try #require(assessor), template: template,
                                       dueOn: CalendarDay(due), by: try #require(lead), in: team.workspace)
        }
        let second = try team.session("assessor-2")
        try await team.withClient { client in
            for _ in 0..<2 {
                let page = try await client.get("/notifications", cookie: second.cookie)
                #expect(page.text.components(separatedBy: "Call call-000002 is due today (2026-12-01).").count == 2)
                #expect(page.text.components(separatedBy: "Call call-000005 was due on 2026-11-28 and is overdue.").count == 2)
                #expect(!page.text.contains("call-000006"))
            }
        }
    }
}
