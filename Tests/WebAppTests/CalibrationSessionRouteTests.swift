import Calibration
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WebApp
import Workbench
import Workspace

/// Blind calibration sessions through the browser's routes: scored blind, sealed from everyone (the QA lead
/// included) on every page until revealed, revealed when the last assessor submits, compared side by side,
/// the answer key recorded, and never counted as official scores.
@Suite("Blind calibration sessions")
struct CalibrationSessionRouteTests {
    /// A comment only assessor-1 writes: wherever it shows, their answers have leaked.
    static let secret = "Planted-comment-only-assessor-1-wrote"

    static func answers(greeting: String, comment: String?) -> [(String, String)] {
        var answers = RouteTests.replacing(RouteTests.goodAnswers, "answer.greeting", with: greeting)
        if let comment { answers.append(("comment.greeting", comment)) }
        return answers
    }

    @Test("an open session's answers are seen by nobody but their assessor on any route, until it is revealed",
          arguments: TestEngine.available)
    func blindness(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let id = team.openSession
        let first = try team.session("assessor-1")
        let second = try team.session("assessor-2")
        let lead = try team.session("qa-lead")
        try await team.withClient { client in
            // assessor-1 scores both calls (greeting "no", with the planted comment on the first).
            for (n, call) in team.calibrationCalls.enumerated() {
                let done = try await client.post("/calibration/\(id)/calls/\(call)/score", cookie: first.cookie, form: [
                    ("csrf", first.csrf), ("action", "submit")] + Self.answers(greeting: "no", comment: n == 0 ? Self.secret : "No greeting was heard."))
                #expect(done.status == .seeOther, "\(done.text.split(separator: "problem-box").dropFirst().first?.prefix(600) ?? "")")
                #expect(done.headers[.location] == "/calibration/\(id)?scored=\(call)")
                // Scored once: the form is gone for that call.
                let again = try await client.get("/calibration/\(id)/calls/\(call)/score", cookie: first.cookie)
                #expect(again.status == .notFound)
            }
            let sealedKeys = try team.workspace.database.read { session in
                try session.query("SELECT evaluation_key, purpose FROM evaluations WHERE calibration_session_id = ?",
                                  .integer(id)).map { ($0.text(0) ?? "", $0.text(1) ?? "") }
            }
            #expect(sealedKeys.count == 2)
            #expect(sealedKeys.allSatisfy { $0.1 == "calibration" })
            // assessor-1 sees their own evaluation; nobody else, the QA lead included, sees it anywhere.
            let own = try await client.get("/evaluations/\(sealedKeys[0].0)", cookie: first.cookie)
            #expect(own.status == .ok)
            #expect(own.text.contains(Self.secret))
            for (who, cookie) in [("assessor-2", second.cookie), ("qa-lead", lead.cookie)] {
                for key in sealedKeys.map(\.0) {
                    let page = try await client.get("/evaluations/\(key)", cookie: cookie)
                    #expect(page.status == .notFound, "\(who) opened a sealed evaluation")
                }
                for path in ["/", "/calibration", "/calibration/\(id)", "/reports/calibration/1", "/reports/drift/1",
                             "/reports/calibration/1?reference=assessor-1", "/calibration/assessors/assessor-1",
                             "/calibration/\(id)/calls/\(team.calibrationCalls[0])/score"] {
                    let page = try await client.get(path, cookie: cookie)
                    #expect(!page.text.contains(Self.secret), "\(who) saw assessor-1's comment on \(path)")
                    #expect(!page.text.contains(sealedKeys[0].0), "\(who) saw a sealed evaluation's id on \(path)")
                }
            }
            // Exports and reports read stored evaluations through one filter: the sealed ones are not in it,
            // not even when asked for by session (`qa export --session`, `qa calibrate --session`).
            let (exported, bySession, storedCount) = try team.workspace.database.read { session in
                (try StoredEvaluations.versions(EvaluationFilter(purposes: [.calibration]), session).versions
                    .reduce(0) { $0 + $1.count },
                 try StoredEvaluations.versions({ var f = EvaluationFilter(); f.calibrationSession = id; return f }(),
                                                session).versions.reduce(0) { $0 + $1.count },
                 try session.first("SELECT COUNT(*) FROM evaluations WHERE purpose = 'calibration'")?.integer(0) ?? 0)
            }
            #expect(bySession == 0)
            #expect(exported == Int(storedCount) - 2)
            // The session page shows progress only, in words.
            let progress = try await client.get("/calibration/\(id)", cookie: lead.cookie)
            #expect(progress.text.contains("1 of 2 submitted"))
            #expect(!progress.text.contains("Answers side by side"))
            // assessor-2 scores both (greeting "yes"): the last submission reveals the session.
            for call in team.calibrationCalls {
                let done = try await client.post("/calibration/\(id)/calls/\(call)/score", cookie: second.cookie, form: [
                    ("csrf", second.csrf), ("action", "submit")] + Self.answers(greeting: "yes", comment: nil))
                #expect(done.status == .seeOther)
            }
            let state = try team.workspace.database.read { session in
                try session.first("SELECT state FROM calibration_sessions WHERE id = ?", .integer(id))?.text(0)
            }
            #expect(state == "revealed")
            // Revealed: the lead and both assessors see the answers side by side, the disagreement first.
            for cookie in [lead.cookie, second.cookie, first.cookie] {
                let page = try await client.get("/calibration/\(id)", cookie: cookie)
                #expect(page.status == .ok)
                #expect(page.text.contains("Answers side by side, most disagreement first"))
                #expect(page.text.contains("2 questions were answered differently."))
                let firstRow = try #require(page.text.range(of: "<tr class=\"disagree\">"))
                let rowText = page.text[firstRow.upperBound...].prefix(400)
                #expect(rowText.contains("greeting") || rowText.contains("Greet"), "the greeting disagreement comes first")
            }
            let opened = try await client.get("/evaluations/\(sealedKeys[0].0)", cookie: lead.cookie)
            #expect(opened.status == .ok)
            // Another assessor still never opens a colleague's evaluation page (only the session's comparison).
            let colleague = try await client.get("/evaluations/\(sealedKeys[0].0)", cookie: second.cookie)
            #expect(colleague.status == .notFound)
            // The lead records the agreed answer; it shows on the page and is in the answer key.
            let key = try await client.post("/calibration/\(id)/key", cookie: lead.cookie, form: [
                ("csrf", lead.csrf), ("call", team.calibrationCalls[0]), ("criterion", "greeting"), ("answer", "yes"),
                ("note", "The agent greeted after the hold message.")])
            #expect(key.status == .seeOther)
            let withKey = try await client.get("/calibration/\(id)", cookie: second.cookie)
            #expect(withKey.text.contains("The agent greeted after the hold message."))
            let stored = try team.workspace.database.read { session in
                try session.first("""
                    SELECT agreed_answer, decided_by FROM calibration_answer_key
                    WHERE session_id = ? AND call_key = ? AND criterion_id = 'greeting'
                    """, .integer(id), .text(team.calibrationCalls[0])).map { ($0.text(0), $0.text(1)) }
            }
            #expect(stored?.0 == "yes")
            #expect(stored?.1 == "qa-lead")
            // Closed: the key is final.
            let closed = try await client.post("/calibration/\(id)/close", cookie: lead.cookie, form: [("csrf", lead.csrf)])
            #expect(closed.status == .seeOther)
            let late = try await client.post("/calibration/\(id)/key", cookie: lead.cookie, form: [
                ("csrf", lead.csrf), ("call", team.calibrationCalls[1]), ("criterion", "greeting"), ("answer", "no")])
            #expect(late.status == .notFound)
        }
        // Calibration scores never count as official ones, and everything was audited and announced.
        let (official, audited, told) = try team.workspace.database.read { session in
            (try session.first("SELECT COUNT(*) FROM evaluations WHERE calibration_session_id = ? AND purpose = 'official'",
                               .integer(id))?.integer(0),
             try session.query("SELECT action FROM audit_log WHERE subject = ?", .text("calibration-session:\(id)"))
                .compactMap { $0.text(0) },
             try session.first("SELECT COUNT(*) FROM notifications WHERE subject = ? AND recipient = 'assessor-1'",
                               .text("calibration-session:\(id)"))?.integer(0))
        }
        #expect(official == 0)
        #expect(audited.filter { $0 == "calibration.scored" }.count == 4)
        #expect(audited.contains("calibration.revealed") && audited.contains("calibration.key-recorded")
                && audited.contains("calibration.closed"))
        #expect(told == 2, "told when the session opened and when it was revealed")
    }

    @Test("the lead can reveal early; an assessor who had not submitted can then no longer score",
          arguments: TestEngine.available)
    func revealEarly(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let id = team.openSession
        let second = try team.session("assessor-2")
        let lead = try team.session("qa-lead")
        try await team.withClient { client in
            let form = try await client.get("/calibration/\(id)/calls/\(team.calibrationCalls[0])/score", cookie: second.cookie)
            #expect(form.status == .ok)
            #expect(form.text.contains("score this call on your own"))
            #expect(!form.text.contains("Release the evaluation to the agent"))
            let reveal = try await client.post("/calibration/\(id)/reveal", cookie: lead.cookie, form: [("csrf", lead.csrf)])
            #expect(reveal.status == .seeOther)
            let after = try await client.get("/calibration/\(id)/calls/\(team.calibrationCalls[0])/score", cookie: second.cookie)
            #expect(after.status == .notFound)
            let page = try await client.get("/calibration/\(id)", cookie: lead.cookie)
            #expect(page.text.contains("did not submit"))
            #expect(page.text.contains("No statistics for this session"))
        }
    }

    @Test("opening a session refuses what cannot work, in words a lead can act on", arguments: TestEngine.available)
    func openingRefusals(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let lead = try #require(try team.workspace.database.read { try AccountStore.find(username: "qa-lead", $0) })
        let assessor = try #require(try team.workspace.database.read { try AccountStore.find(username: "assessor-2", $0) })
        func plan(calls: [String] = ["call-000003"], assessors: [String] = ["assessor-1", "assessor-2"],
                  reference: CalibrationReference = .consensus) -> CalibrationDesk.Plan {
            CalibrationDesk.Plan(name: "Week 50", templateRowID: 1, calls: calls, assessors: assessors, reference: reference,
                                 deadline: nil)
        }
        #expect(throws: CalibrationDeskError("Choose at least two assessors: calibration compares them.")) {
            try CalibrationDesk.open(plan(assessors: ["assessor-2"]), by: lead, in: team.workspace)
        }
        #expect(throws: CalibrationDeskError("These calls are not in the workspace: no-such-call.")) {
            try CalibrationDesk.open(plan(calls: ["call-000003", "no-such-call"]), by: lead, in: team.workspace)
        }
        #expect(throws: CalibrationDeskError("The expert agent-02 must be one of the session's assessors: they score the calls too.")) {
            try CalibrationDesk.open(plan(reference: .assessor("agent-02")), by: lead, in: team.workspace)
        }
        #expect(throws: CalibrationDeskError("agent-02 has no assessor or QA lead account that can sign in to score.")) {
            try CalibrationDesk.open(plan(assessors: ["assessor-2", "agent-02"]), by: lead, in: team.workspace)
        }
        #expect(throws: CalibrationDeskError("Only a QA lead can open a calibration session.")) {
            try CalibrationDesk.open(plan(), by: assessor, in: team.workspace)
        }
        let id = try CalibrationDesk.open(plan(reference: .assessor("assessor-1")), by: lead, in: team.workspace)
        let info = try #require(try team.workspace.database.read { try CalibrationDesk.session(id, visibleTo: lead, $0) })
        #expect(info.reference == .assessor("assessor-1"))
        #expect(info.state == .open)
        #expect(info.participants.map(\.personKey) == ["assessor-1", "assessor-2"])
    }
}
