import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebApp
import Workbench
import Workspace

/// Two workbench servers on one database, as a centre grows past one machine: each with its own connections,
/// sharing nothing but the database.
@Suite("Two servers on one database")
struct SharedDatabaseTests {
    @Test("a session made through one server works through the other, and concurrent submits through both lose nothing",
          arguments: TestEngine.available)
    func twoServers(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let second = WorkbenchApp(
            pool: try WorkspacePool(primary: try Workspace(database: try team.workspace.database.openAnother(),
                                                           actor: "second server", now: team.workspace.now), size: 2),
            security: SecuritySettings(secureCookies: false))
        let serverB = Application(router: second.router())
        // Sign in through server A's form.
        let (cookie, csrf) = try await team.withClient { client -> (String, String) in
            let page = try await client.get("/sign-in", cookie: nil)
            let signInCookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            let response = try await client.post("/sign-in", cookie: signInCookie, form: [
                ("csrf", String(token)), ("username", "qa-lead"), ("password", TeamFixture.password)])
            let session = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("qa_session=") })
            let cookie = String(session.split(separator: ";")[0])
            let home = try await client.get("/", cookie: cookie)
            let csrf = try #require(home.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            return (cookie, String(csrf))
        }
        // The same session through server B.
        let calls = (3...22).map { String(format: "call-%06d", $0) }
        let statuses = try await serverB.test(.router) { clientB in
            let home = try await clientB.get("/", cookie: cookie)
            #expect(home.status == .ok)
            #expect(home.text.contains("Welcome, qa-lead"))
            return try await team.withClient { clientA in
                try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for (i, call) in calls.enumerated() {
                        let client: any TestClientProtocol = i % 2 == 0 ? clientA : clientB
                        group.addTask {
                            try await client.post("/calls/\(call)/score", cookie: cookie, form: [
                                ("csrf", csrf), ("action", "submit")] + RouteTests.goodAnswers).status
                        }
                    }
                    var all: [HTTPResponse.Status] = []
                    for try await status in group { all.append(status) }
                    return all
                }
            }
        }
        #expect(statuses.count == calls.count)
        #expect(statuses.allSatisfy { $0 == .seeOther })
        let stored = try team.workspace.database.read { session in
            try session.first("SELECT COUNT(*) FROM evaluation_revisions WHERE reason = 'scored in the workbench'")?.integer(0)
        }
        #expect(stored == Int64(calls.count))
    }
}
