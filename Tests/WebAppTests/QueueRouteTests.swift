import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QAModel
import Testing
import WebApp
import Workbench
@testable import Workspace

/// The sampling pages and the queue in the browser, each action through its route, on each engine.
@Suite("Sampling and queue routes")
struct QueueRouteTests {
    static let policy: [(String, String)] = [
        ("template", "1"), ("quota", "per-agent"), ("per-agent", "2"), ("from", "2025-01-01"), ("to", "2025-01-31"),
        ("team", "team-a"), ("assessor", "assessor-2"), ("assessor", "qa-lead"), ("seed", "31"), ("due", "2026-11-30"),
        ("precision-points", "5"), ("precision-pass-rate", "10"),
    ]

    static func count(_ team: TeamFixture, _ sql: String) throws -> Int64 {
        try team.workspace.database.read { try $0.first(sql)?.integer(0) } ?? -1
    }

    @Test("the lead previews a policy (plan, margins, warnings; nothing recorded), then draws it and sees the run's progress",
          arguments: TestEngine.available)
    func previewAndDraw(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let lead = try team.session("qa-lead")
        try await team.withClient { client in
            let page = try await client.get("/sampling", cookie: lead.cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("<legend>Assessors to give the calls to</legend>"))
            #expect(page.text.contains("No calls have been drawn yet."))
            let preview = try await client.post("/sampling/preview", cookie: lead.cookie, form: [("csrf", lead.csrf)] + Self.policy)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("The plan"))
            #expect(preview.text.contains("Seed <strong>31</strong>"))
            #expect(preview.text.contains("<th scope=\"row\">agent-01</th>"))
            #expect(preview.text.contains("percentage points on the pass rate, not the ±10 asked for"))
            #expect(preview.text.contains("Draw and assign these calls"))
            #expect(preview.text.contains("name=\"seed\" value=\"31\""))
            #expect(try Self.count(team, "SELECT COUNT(*) FROM sampling_runs") == 0)
            let drawn = try await client.post("/sampling/draw", cookie: lead.cookie, form: [("csrf", lead.csrf)] + Self.policy)
            #expect(drawn.status == .seeOther)
            let location = try #require(drawn.headers[.location])
            #expect(location.hasPrefix("/sampling/runs/"))
            let run = try await client.get(location, cookie: lead.cookie)
            #expect(run.status == .ok)
            #expect(run.text.contains("Drawn and assigned: 6 calls."))
            #expect(run.text.contains("<th scope=\"row\">assessor-2</th><td class=\"num\">3</td>"))
            #expect(run.text.contains("Open — overdue"))
            let list = try await client.get("/sampling", cookie: lead.cookie)
            #expect(list.text.contains("Run 1</a>"))
            // The lead replaces an assessor's call from the run's page and comes back to it; claiming it for them
            // is not the lead's to do.
            let theirs = try #require(try team.workspace.database.read {
                try AssignmentQueue.list(runID: 1, $0).first { $0.assessorKey == "assessor-2" }
            })
            #expect(run.text.contains("/queue/\(theirs.id)/replace"))
            let replaced = try await client.post("/queue/\(theirs.id)/replace", cookie: lead.cookie,
                                                 form: [("csrf", lead.csrf), ("back", "run"), ("reason", "Customer asked not to be recorded")])
            #expect(replaced.headers[.location] == "/sampling/runs/1?done=replaced")
            let after = try await client.get("/sampling/runs/1?done=replaced", cookie: lead.cookie)
            #expect(after.text.contains("The call was replaced"))
            #expect(after.text.contains("Customer asked not to be recorded"))
            let claim = try await client.post("/queue/\(theirs.id + 1)/claim", cookie: lead.cookie,
                                              form: [("csrf", lead.csrf), ("back", "run")])
            let claimedFor = try team.workspace.database.read { try AssignmentQueue.assignment(theirs.id + 1, $0) }
            #expect(claimedFor?.assessorKey == "qa-lead" ? claim.status == .seeOther : claim.status == .notFound)
            // A policy without assessors is refused in words, with the form kept.
            let none = try await client.post("/sampling/preview", cookie: lead.cookie,
                                             form: [("csrf", lead.csrf)] + Self.policy.filter { $0.0 != "assessor" })
            #expect(none.status == .badRequest)
            #expect(none.text.contains("name at least one assessor"))
            #expect(none.text.contains("value=\"2025-01-31\""))
            // Without the form's token nothing is drawn.
            let forged = try await client.post("/sampling/draw", cookie: lead.cookie, form: Self.policy)
            #expect(forged.status == .forbidden)
            return ()
        }
        #expect(try Self.count(team, "SELECT COUNT(*) FROM sampling_runs") == 1)
        #expect(try Self.count(team, "SELECT COUNT(*) FROM assignments WHERE sampling_run_id = 1") == 7)   // one replaced
        #expect(try Self.count(team, "SELECT COUNT(*) FROM notifications WHERE kind = 'assigned' AND subject LIKE 'sampling-run:%'") == 2)
    }

    @Test("the assessor claims, releases and replaces calls in their queue; overdue is said in words",
          arguments: TestEngine.available)
    func queueActions(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        guard let lead = try team.workspace.database.read({ try AccountStore.find(username: "qa-lead", $0) }) else {
            Issue.record("no lead")
            return
        }
        var policy = try SamplingWorkspaceTests.policy(team, due: .on(CalendarDay("2026-11-30") ?? CalendarDay(daysSinceEpoch: 0)))
        policy.assessors = ["assessor-2"]
        let result = try SamplingStore.draw(policy, filter: SamplingWorkspaceTests.filter, seed: 4, by: lead.username,
                                            in: team.workspace)
        let drawnIDs = try team.workspace.database.read { try AssignmentQueue.list(runID: result.runID, $0).map(\.id) }
        let first = try #require(drawnIDs.first)
        let assessor = try team.session("assessor-2")
        try await team.withClient { client in
            let queue = try await client.get("/queue", cookie: assessor.cookie)
            #expect(queue.status == .ok)
            #expect(queue.text.contains("<h1>My queue</h1>"))
            #expect(queue.text.contains("<strong>Open — overdue</strong>"))
            #expect(queue.text.contains("/queue/\(first)/claim"))
            #expect(queue.text.contains("href=\"/calls/"))
            let claim = try await client.post("/queue/\(first)/claim", cookie: assessor.cookie, form: [("csrf", assessor.csrf)])
            #expect(claim.status == .seeOther && claim.headers[.location] == "/queue?done=claimed")
            #expect(try team.workspace.database.read { try AssignmentQueue.assignment(first, $0)?.state } == "claimed")
            let notice = try await client.get("/queue?done=claimed", cookie: assessor.cookie)
            #expect(notice.text.contains("You claimed the call"))
            #expect(notice.text.contains("/queue/\(first)/release"))
            let again = try await client.post("/queue/\(first)/claim", cookie: assessor.cookie, form: [("csrf", assessor.csrf)])
            #expect(again.headers[.location] == "/queue?problem=not-open")
            let release = try await client.post("/queue/\(first)/release", cookie: assessor.cookie, form: [("csrf", assessor.csrf)])
            #expect(release.headers[.location] == "/queue?done=released")
            #expect(try team.workspace.database.read { try AssignmentQueue.assignment(first, $0)?.state } == "open")
            let noReason = try await client.post("/queue/\(first)/replace", cookie: assessor.cookie,
                                                 form: [("csrf", assessor.csrf), ("reason", " ")])
            #expect(noReason.headers[.location] == "/queue?problem=reason-missing")
            let problem = try await client.get("/queue?problem=reason-missing", cookie: assessor.cookie)
            #expect(problem.text.contains("a reason is required"))
            let replace = try await client.post("/queue/\(first)/replace", cookie: assessor.cookie,
                                                form: [("csrf", assessor.csrf), ("reason", "Wrong language")])
            #expect(replace.headers[.location] == "/queue?done=replaced")
            let old = try team.workspace.database.read { try AssignmentQueue.assignment(first, $0) }
            #expect(old?.state == "replaced" && old?.reason == "Wrong language" && old?.replacedBy != nil)
            // Scoring a drawn call marks its assignment done, and the run's progress counts it.
            let second = try #require(try team.workspace.database.read { try AssignmentQueue.assignment(drawnIDs[2], $0) })
            let scored = try await client.post("/calls/\(second.callKey)/score", cookie: assessor.cookie,
                                               form: [("csrf", assessor.csrf), ("template", String(second.templateRowID)),
                                                      ("action", "submit")] + RouteTests.goodAnswers)
            #expect(scored.status == .seeOther, "\(scored.text)")
            #expect(try team.workspace.database.read { try AssignmentQueue.assignment(drawnIDs[2], $0)?.state } == "done")
            let progress = try team.workspace.database.read {
                try AssignmentQueue.progress(runID: result.runID, today: team.workspace.now().day, $0)
            }
            #expect(progress.first?.done == 1 && progress.first?.replaced == 1)
            #expect(progress.first?.overdue == (progress.first?.assigned ?? 0) - 1)
            // Without the form's token nothing changes.
            let forged = try await client.post("/queue/\(drawnIDs[1])/claim", cookie: assessor.cookie, form: [])
            #expect(forged.status == .forbidden)
            return ()
        }
        #expect(try team.workspace.database.read { try AssignmentQueue.assignment(drawnIDs[1], $0)?.state } == "open")
    }
}
