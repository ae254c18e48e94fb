import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import WebApp
import Workbench
@testable import Workspace

/// The retention policy on the administrator's page, in the browser. The fixture's clock is 2026-12-01 and its
/// calls run from 2025-01-06: 22 months back is 2025-02-01, so January's evaluations are past the cutoff.
@Suite("The retention policy on the administrator's page")
struct RetentionRouteTests {
    func count(_ team: TeamFixture, _ sql: String) throws -> Int {
        Int(try team.workspace.database.read { try $0.first(sql)?.integer(0) } ?? -1)
    }

    @Test("the admin sees it, sets it, sees what a run would do, confirms a run and sees the last run",
          arguments: TestEngine.available)
    func setAndRun(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let admin = try team.session("admin")
        let total = try count(team, "SELECT COUNT(*) FROM evaluations")
        let old = try count(team, "SELECT COUNT(*) FROM evaluations WHERE call_date < '2025-02-01'")
        #expect(old > 0)
        try await team.withClient { client in
            let first = try await client.get("/accounts", cookie: admin.cookie)
            #expect(first.text.contains("<h2 id=\"retention\">Retention policy</h2>"))
            #expect(first.text.contains("No retention policy is set"))
            #expect(first.text.contains("Never run."))
            #expect(!first.text.contains("Run the retention policy"))

            // Refused without the CSRF token, and a bad number of months is said plainly.
            let forged = try await client.post("/accounts/retention", cookie: admin.cookie,
                                               form: [("months", "22"), ("action", "purge")])
            #expect(forged.status == .forbidden)
            let bad = try await client.post("/accounts/retention", cookie: admin.cookie,
                                            form: [("csrf", admin.csrf), ("months", "0"), ("action", "purge")])
            #expect(bad.headers[.location] == "/accounts?retention=invalid#retention")
            #expect(try await client.get("/accounts?retention=invalid", cookie: admin.cookie).text
                .contains("give a number of months from 1 to 1200"))

            let set = try await client.post("/accounts/retention", cookie: admin.cookie,
                                            form: [("csrf", admin.csrf), ("months", "22"), ("action", "purge")])
            #expect(set.status == .seeOther)
            let shown = try await client.get("/accounts?retention=set", cookie: admin.cookie).text
            #expect(shown.contains("The retention policy was set. Nothing was changed yet."))
            #expect(shown.contains("Now: evaluations of calls older than 22 months are purged"))
            #expect(shown.contains("A run now: \(old) evaluations of calls before 2025-02-01 would be purged"))
            #expect(shown.contains("value=\"22\""))
            #expect(shown.contains("<legend>Run the policy now (today is 2026-12-01)</legend>"))

            // Not confirmed: nothing changes.
            let unconfirmed = try await client.post("/accounts/retention/run", cookie: admin.cookie, form: [("csrf", admin.csrf)])
            #expect(unconfirmed.headers[.location] == "/accounts?retention=unconfirmed#retention")
            #expect(try count(team, "SELECT COUNT(*) FROM evaluations") == total)

            let ran = try await client.post("/accounts/retention/run", cookie: admin.cookie,
                                            form: [("csrf", admin.csrf), ("confirm", "yes")])
            #expect(ran.headers[.location] == "/accounts?retention=ran#retention")
            #expect(try count(team, "SELECT COUNT(*) FROM evaluations") == total - old)
            let after = try await client.get("/accounts?retention=ran", cookie: admin.cookie).text
            #expect(after.contains("Last run: 2026-12-01T09:00:00Z by admin: \(old) evaluations of calls before 2025-02-01 were purged"))
            #expect(after.contains("A run now: 0 evaluations"))
        }
        let last = try #require(try team.workspace.database.read { try AuditLog.entry($0, seq: AuditLog.head($0).seq) })
        #expect(last.entry.action == "retention.purged" && last.entry.actor == "admin")
        #expect(try team.workspace.database.read { try AuditLog.verify($0) } == .intact(entries: Int(try team.workspace.database.read { try AuditLog.head($0).seq })))
    }

    @Test("nobody but the administrator sees the section")
    func othersDoNotSee() async throws {
        let team = try TeamFixture(.sqlite)
        let lead = try team.session("qa-lead")
        try await team.withClient { client in
            let page = try await client.get("/accounts", cookie: lead.cookie)
            #expect(page.status == .notFound)
            #expect(!page.text.contains("Retention policy"))
        }
    }
}
