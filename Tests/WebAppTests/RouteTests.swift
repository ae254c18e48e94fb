import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebApp
import Workbench
import Workspace

@Suite("Workbench routes")
struct RouteTests {
    /// The answers to every question of the inbound form: all good, N/A where allowed for hold etiquette, and the
    /// complaint question (which switches on "complaint logged") answered no.
    static let goodAnswers: [(String, String)] = [
        ("answer.greeting", "yes"), ("answer.security-check", "yes"), ("answer.active-listening", "5"),
        ("answer.acknowledgement", "yes"), ("answer.customer-complained", "no"), ("answer.probing", "yes"),
        ("answer.takes-ownership", "5"), ("answer.accurate-information", "yes"), ("answer.resolution-offered", "yes"),
        ("answer.tone-of-voice", "5"), ("answer.plain-language", "yes"), ("answer.hold-etiquette", "na"),
        ("answer.summary", "yes"), ("answer.further-help", "yes"),
    ]

    static func replacing(_ answers: [(String, String)], _ name: String, with value: String) -> [(String, String)] {
        answers.map { $0.0 == name ? ($0.0, value) : $0 }
    }

    @Test("signing in through the form sets an HttpOnly, SameSite=Strict session cookie; a wrong password does not")
    func signIn() async throws {
        let team = try TeamFixture(.sqlite)
        try await team.withClient { client in
            let page = try await client.get("/sign-in", cookie: nil)
            #expect(page.status == .ok)
            let signInCookie = try #require(page.headers[.setCookie]?.split(separator: ";").first.map(String.init))
            let token = try #require(page.text.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/)?.1)
            let wrong = try await client.post("/sign-in", cookie: signInCookie, form: [
                ("csrf", String(token)), ("username", "agent-02"), ("password", "not-the-password")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("The username or password is not right"))
            let right = try await client.post("/sign-in", cookie: signInCookie, form: [
                ("csrf", String(token)), ("username", "agent-02"), ("password", TeamFixture.password), ("next", "/teams")])
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/teams")
            let cookie = try #require(right.headers[values: .setCookie].first { $0.hasPrefix("qa_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"))
            // Without the sign-in form's token, or with another site's address to go to next.
            let forged = try await client.post("/sign-in", cookie: nil, form: [
                ("username", "agent-02"), ("password", TeamFixture.password)])
            #expect(forged.status == .forbidden)
            let offsite = try await client.post("/sign-in", cookie: signInCookie, form: [
                ("csrf", String(token)), ("username", "agent-02"), ("password", TeamFixture.password),
                ("next", "//evil.example/")])
            #expect(offsite.headers[.location] == "/")
            return ()
        }
    }

    @Test("five failed attempts lock the name for a while, even with the right password after them")
    func rateLimited() throws {
        let team = try TeamFixture(.sqlite)
        for _ in 0..<SignInSessions.maximumFailedAttempts {
            #expect(try SignInSessions.signIn(username: "agent-02", password: "wrong-password", in: team.workspace) == .refused)
        }
        #expect(try SignInSessions.signIn(username: "agent-02", password: TeamFixture.password, in: team.workspace)
                == .tooManyAttempts)
        // Another name is not affected.
        guard case .signedIn = try SignInSessions.signIn(username: "leader-a", password: TeamFixture.password,
                                                         in: team.workspace) else {
            Issue.record("leader-a should sign in")
            return
        }
    }

    @Test("a POST without its CSRF token, a tampered cookie and a signed-out session are refused")
    func forgeriesRefused() async throws {
        let team = try TeamFixture(.sqlite)
        let session = try team.session("qa-lead")
        let other = try team.session("qa-lead")
        try await team.withClient { client in
            let noToken = try await client.post("/calls/call-000001/score", cookie: session.cookie,
                                                form: [("action", "save"), ("answer.greeting", "yes")])
            #expect(noToken.status == .forbidden)
            let wrongToken = try await client.post("/sign-out", cookie: session.cookie, form: [("csrf", other.csrf)])
            #expect(wrongToken.status == .forbidden)
            var tampered = session.cookie
            let last = tampered.removeLast()
            tampered.append(last == "0" ? "1" : "0")
            let withTampered = try await client.get("/calls", cookie: tampered)
            #expect(withTampered.status == .seeOther)
            #expect(withTampered.headers[.location]?.hasPrefix("/sign-in") == true)
            let fromElsewhere = try await client.execute(
                uri: "/sign-out", method: .post,
                headers: [.cookie: session.cookie, .contentType: "application/x-www-form-urlencoded",
                          .origin: "https://evil.example"],
                body: ByteBuffer(string: "csrf=\(session.csrf)"))
            #expect(fromElsewhere.status == .forbidden)
            // Sign out everywhere: both of qa-lead's sessions end.
            let out = try await client.post("/sign-out-everywhere", cookie: session.cookie, form: [("csrf", session.csrf)])
            #expect(out.status == .seeOther)
            for cookie in [session.cookie, other.cookie] {
                let after = try await client.get("/", cookie: cookie)
                #expect(after.status == .seeOther)
                #expect(after.headers[.location]?.hasPrefix("/sign-in") == true)
            }
            return ()
        }
    }

    @Test("every page carries the security headers and nothing from another site")
    func securityHeaders() async throws {
        let team = try TeamFixture(.sqlite)
        let session = try team.session("qa-lead")
        try await team.withClient { client in
            for path in ["/sign-in", "/", "/calls", "/teams/team-a", "/evaluations/\(team.agentOwnReleased)",
                         "/calls/\(team.assignedCall)/score", "/templates", "/no-such-page"] {
                let response = try await client.get(path, cookie: path == "/sign-in" ? nil : session.cookie)
                #expect(response.headers[.contentSecurityPolicy] == SecuritySettings.contentSecurityPolicy, "\(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(!response.text.contains("http://") && !response.text.contains("https://"), "\(path)")
                #expect(!response.text.contains("<script>") && !response.text.contains("style="), "\(path)")
            }
            return ()
        }
    }

    @Test("scoring a call: problems refused with reasons, the draft resumed, the evaluation stored and shown",
          arguments: TestEngine.available)
    func scoreACall(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let assessor = try team.session("assessor-2")
        let leader = try team.session("leader-a")
        let call = team.assignedCall
        let stored = try await team.withClient { client -> String in
            // A "no" without its required comment, and most questions unanswered.
            let first = try await client.post("/calls/\(call)/score", cookie: assessor.cookie, form: [
                ("csrf", assessor.csrf), ("action", "submit"), ("answer.greeting", "no")])
            #expect(first.status == .unprocessableContent)
            #expect(first.text.contains("A comment is required for this answer"))
            #expect(first.text.contains("Answer this question."))
            #expect(first.text.contains("role=\"alert\""))
            // The draft kept the answer: the form opens with it chosen.
            let reopened = try await client.get("/calls/\(call)/score", cookie: assessor.cookie)
            #expect(reopened.text.contains("name=\"answer.greeting\" value=\"no\" checked"))
            // Autosave: the complaint answered yes switches on "was the complaint logged".
            let live = try await client.post("/calls/\(call)/draft", cookie: assessor.cookie, form: [
                ("csrf", assessor.csrf), ("answer.customer-complained", "yes")])
            #expect(live.text.contains("\"complaint-logged\""))
            let liveNo = try await client.post("/calls/\(call)/draft", cookie: assessor.cookie, form: [
                ("csrf", assessor.csrf), ("answer.customer-complained", "no")])
            #expect(!liveNo.text.contains("\"complaint-logged\""))
            // The security check failed (a critical item: its section scores 0), with the comment it requires.
            var answers = Self.replacing(Self.goodAnswers, "answer.security-check", with: "no")
            answers.append(("comment.security-check", "Changed the address before asking any security question."))
            let done = try await client.post("/calls/\(call)/score", cookie: assessor.cookie, form: [
                ("csrf", assessor.csrf), ("action", "submit"), ("release", "yes")] + answers)
            #expect(done.status == .seeOther)
            let location = try #require(done.headers[.location])
            #expect(location.hasPrefix("/evaluations/ev-\(call)-assessor-2-"))
            let page = try await client.get(location, cookie: assessor.cookie)
            #expect(page.status == .ok)
            #expect(page.text.contains("Submitted. The score is"))
            #expect(page.text.contains("Critical failures"))
            #expect(page.text.contains("sets this section&#39;s score to 0"))
            #expect(page.text.contains("Changed the address before asking any security question."))
            // Released: the team leader of the agent's team sees it too.
            let seen = try await client.get(location.split(separator: "?").first.map(String.init) ?? location,
                                            cookie: leader.cookie)
            #expect(seen.status == .ok)
            // The assignment is done: the assessor's home no longer lists the call.
            let home = try await client.get("/", cookie: assessor.cookie)
            #expect(home.text.contains("No calls are waiting for you."))
            return String(location.dropFirst("/evaluations/".count).prefix { $0 != "?" })
        }
        try team.workspace.database.read { session in
            let row = try #require(try session.first("""
                SELECT r.author, r.reason, e.released_at, (SELECT COUNT(*) FROM drafts) FROM evaluations e
                JOIN evaluation_revisions r ON r.evaluation_id = e.id WHERE e.evaluation_key = ?
                """, .text(stored)))
            #expect(row.text(0) == "assessor-2")
            #expect(row.text(1) == "scored in the workbench")
            #expect(row.text(2) != nil)
            #expect(row.integer(3) == 0)
            let audit = try AuditLog.entries(session, subject: "evaluation:\(stored)")
            #expect(audit.contains { $0.entry.action == "evaluation.released" && $0.entry.actor == "assessor-2" })
            let entries = Int(try session.first("SELECT COUNT(*) FROM audit_log")?.integer(0) ?? 0)
            #expect(try AuditLog.verify(session) == .intact(entries: entries))
        }
    }

    @Test("an agent's coaching plan is theirs: made from released evaluations, naming no other agent")
    func coachingPlan() async throws {
        let team = try TeamFixture(.sqlite)
        let agent = try team.session("agent-02")
        let leader = try team.session("leader-a")
        try await team.withClient { client in
            let own = try await client.get("/agents/agent-02/plan", cookie: agent.cookie)
            #expect(own.status == .ok)
            #expect(own.text.contains("Coaching plan — agent-02"))
            #expect(own.text.contains("/static/plan.css"))
            for other in ["agent-01", "agent-03", "agent-04", "agent-05", "agent-06"] {
                #expect(!own.text.contains(other), "the plan names \(other)")
            }
            let teammate = try await client.get("/agents/agent-01/plan", cookie: leader.cookie)
            #expect(teammate.text.contains("Coaching plan — agent-01"))
            return ()
        }
    }

    @Test("a double click on Submit stores one evaluation and answers both clicks with it")
    func doubleSubmit() async throws {
        let team = try TeamFixture(.sqlite)
        let lead = try team.session("qa-lead")
        let locations = try await team.withClient { client -> [String] in
            var locations: [String] = []
            for _ in 0..<2 {
                let response = try await client.post("/calls/call-000005/score", cookie: lead.cookie, form: [
                    ("csrf", lead.csrf), ("action", "submit")] + Self.goodAnswers)
                #expect(response.status == .seeOther)
                locations.append(response.headers[.location] ?? "")
            }
            return locations
        }
        #expect(locations[0] == locations[1])
        let (evaluations, drafts) = try team.workspace.database.read { session in
            (try session.first("SELECT COUNT(*) FROM evaluations WHERE call_key = 'call-000005' AND purpose = 'official' "
                + "AND evaluation_key LIKE 'ev-call-000005-qa-lead-%'")?.integer(0),
             try session.first("SELECT COUNT(*) FROM drafts")?.integer(0))
        }
        #expect(evaluations == 1)
        #expect(drafts == 0)
    }

    @Test("the calibration and drift reports open for a QA lead, styled by a linked sheet, with no inline style")
    func reports() async throws {
        let team = try TeamFixture(.sqlite)
        let lead = try team.session("qa-lead")
        try await team.withClient { client in
            for kind in ["calibration", "drift"] {
                let page = try await client.get("/reports/\(kind)/1?reference=qa-lead", cookie: lead.cookie)
                #expect(page.status == .ok, "\(kind)")
                #expect(page.text.contains("/static/report.css"))
                #expect(!page.text.contains("<style>"))
                #expect(page.text.contains("assessor-2"), "\(kind): the assessors are named")
            }
            let css = try await client.get("/static/report.css", cookie: nil)
            #expect(css.status == .ok)
            #expect(css.text.contains("@media print"))
            return ()
        }
    }
}
