import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QAModel
import Testing
import WebApp
import Workbench
@testable import Workspace

/// Release on a date, acknowledgement, disputes and their arbitration, the dispute rules and the dispute report:
/// every state change and who may make it, on both engines. The fixture's clock is 2026-12-01T09:00:00Z and its
/// official evaluations were released then.
@Suite("Release, acknowledgement and disputes")
struct DisputeWorkflowTests {
    static func account(_ team: TeamFixture, _ name: String) throws -> Account {
        guard let found = try team.workspace.database.read({ try AccountStore.find(username: name, $0) }) else {
            throw WorkspaceError("no account \(name)")
        }
        return found
    }

    /// The same workspace seen at another moment.
    static func at(_ team: TeamFixture, _ time: String) throws -> Workspace {
        let moment = Timestamp(time) ?? Timestamp(secondsSinceEpoch: 0)
        return try Workspace(database: team.workspace.database, actor: "tester", now: { moment })
    }

    /// A dispute of named yes/no criteria, each proposing the other answer.
    static func flipRequest(_ team: TeamFixture, _ key: String, _ criteria: [String], in workspace: Workspace? = nil) throws
        -> DisputeDesk.Request {
        let agent = try account(team, "agent-02")
        guard let context = try DisputeDesk.raiseContext(key, for: agent, in: workspace ?? team.workspace,
                                                         templates: TemplateCache()) else {
            throw WorkspaceError("agent-02 cannot open the dispute form of \(key)")
        }
        var comments: [String: String] = [:]
        var proposed: [String: String] = [:]
        for id in criteria {
            guard let question = context.questions.first(where: { $0.criterionID == id }) else {
                throw WorkspaceError("\(id) is not answered on \(key)")
            }
            proposed[id] = question.currentAnswer == "yes" ? "no" : "yes"
            comments[id] = "The recording shows otherwise."
        }
        return DisputeDesk.Request(whole: false, criteria: criteria, comments: comments, proposed: proposed)
    }

    static func evaluationRow(_ team: TeamFixture, _ key: String) throws -> (status: String, acknowledged: String?, released: String?) {
        guard let row = try team.workspace.database.read({
            try $0.first("SELECT status, acknowledged_at, released_at FROM evaluations WHERE evaluation_key = ?", .text(key))
        }) else { throw WorkspaceError("no evaluation \(key)") }
        return (row.text(0) ?? "", row.text(1), row.text(2))
    }

    static func auditActions(_ team: TeamFixture, subject: String) throws -> [String] {
        try team.workspace.database.read {
            try $0.query("SELECT action FROM audit_log WHERE subject = ? ORDER BY seq", .text(subject)).compactMap { $0.text(0) }
        }
    }

    @Test("who may release, acknowledge, dispute, arbitrate and assign: a table per person", arguments: TestEngine.available)
    func whoMay(engine: TestEngine) throws {
        enum Action: String, CaseIterable { case releaseOthers, releaseOwn, acknowledge, dispute, arbitrate, assign }
        let table: [String: Set<Action>] = [
            "admin": [], "qa-lead": [.releaseOthers, .releaseOwn, .assign], "assessor-2": [.releaseOwn, .arbitrate],
            "leader-a": [], "leader-b": [], "agent-02": [.acknowledge, .dispute],
        ]
        var differences: [String] = []
        for (name, allowed) in table.sorted(by: { $0.key < $1.key }) {
            let team = try TeamFixture(engine)
            let person = try Self.account(team, name)
            let own = team.byAssessor
            try team.workspace.change { session in
                try session.execute("UPDATE evaluations SET released_at = NULL, release_at = NULL WHERE evaluation_key = ?",
                                    .text(own))
            }
            for action in Action.allCases {
                let did: Bool
                switch action {
                case .releaseOthers:
                    did = try ReleaseDesk.release(team.agentOwnUnreleased, on: Timestamp("2026-12-10T00:00:00Z"), by: person,
                                                  in: team.workspace) != nil
                case .releaseOwn:
                    did = try ReleaseDesk.release(own, by: person, in: team.workspace) != nil
                case .acknowledge:
                    did = try ReleaseDesk.acknowledge(team.agentSecondReleased, by: person, in: team.workspace)
                case .dispute:
                    let request = DisputeDesk.Request(whole: true, criteria: [], comments: ["whole": "Not fair."], proposed: [:])
                    did = try DisputeDesk.raise(team.agentOwnReleased, request, by: person, in: team.workspace,
                                                templates: TemplateCache()) != nil
                case .arbitrate:
                    did = try DisputeDesk.decide(team.disputeID, items: [:], wholeReason: "The answers stand.", by: person,
                                                 in: team.workspace, templates: TemplateCache()) != nil
                case .assign:
                    did = try DisputeDesk.assign(team.disputeID, to: "qa-lead", by: person, in: team.workspace)
                }
                if did != allowed.contains(action) {
                    differences.append("\(name) \(action.rawValue): expected \(allowed.contains(action)), got \(did)")
                }
            }
        }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test("a release on a day: hidden from the agent and unannounced until then, movable, cancellable before it happens",
          arguments: TestEngine.available)
    func releaseOnADay(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let lead = try Self.account(team, "qa-lead")
        let agent = try Self.account(team, "agent-02")
        let key = team.agentOwnUnreleased
        let subject = "evaluation:\(key)"
        func notices(_ workspace: Workspace) throws -> [AppNotification] {
            try workspace.database.read { try Notifications.list(for: "agent-02", now: workspace.now(), $0) }
                .filter { $0.subject == subject }
        }
        func visible(_ workspace: Workspace) throws -> Bool {
            try workspace.database.read { try Listings.evaluation(key, visibleTo: agent, now: workspace.now(), $0) } != nil
        }
        let first = try ReleaseDesk.release(key, on: ReleaseDesk.moment("2026-12-04"), by: lead, in: team.workspace)
        #expect(first?.description == "2026-12-04T00:00:00Z")
        // Moved to the 5th: one notification, of the 5th.
        let moved = try ReleaseDesk.release(key, on: ReleaseDesk.moment("2026-12-05"), by: lead, in: team.workspace)
        #expect(moved?.description == "2026-12-05T00:00:00Z")
        #expect(try Self.evaluationRow(team, key).released == "2026-12-05T00:00:00Z")
        #expect(try !visible(team.workspace))
        #expect(try notices(team.workspace).isEmpty)
        let unreadBefore = try team.workspace.database.read {
            try Notifications.unreadCount(for: "agent-02", now: team.workspace.now(), $0)
        }
        let before = try Self.at(team, "2026-12-04T23:59:59Z")
        #expect(try !visible(before))
        #expect(try notices(before).isEmpty)
        let after = try Self.at(team, "2026-12-05T00:00:00Z")
        #expect(try visible(after))
        #expect(try notices(after).count == 1)
        #expect(try notices(after).first?.kind == .released)
        #expect(try after.database.read { try Notifications.unreadCount(for: "agent-02", now: after.now(), $0) } == unreadBefore + 1)
        // Cancelled before the day: nothing scheduled, no notification left.
        #expect(try ReleaseDesk.cancel(key, by: lead, in: team.workspace))
        #expect(try Self.evaluationRow(team, key).released == nil)
        #expect(try notices(after).isEmpty)
        #expect(throws: WorkflowRefusal.self) { try ReleaseDesk.cancel(key, by: lead, in: team.workspace) }
        // Released now: the agent sees it at once and cannot be un-released.
        #expect(try ReleaseDesk.release(key, by: lead, in: team.workspace) != nil)
        #expect(try visible(team.workspace))
        #expect(try notices(team.workspace).count == 1)
        #expect(throws: WorkflowRefusal.self) { try ReleaseDesk.cancel(key, by: lead, in: team.workspace) }
        #expect(throws: WorkflowRefusal.self) { try ReleaseDesk.release(key, by: lead, in: team.workspace) }
        #expect(try Self.auditActions(team, subject: subject) == [
            "evaluation.release-scheduled", "evaluation.release-scheduled", "evaluation.release-cancelled", "evaluation.released",
        ])
    }

    @Test("the agent acknowledges once; afterwards the evaluation cannot be disputed", arguments: TestEngine.available)
    func acknowledge(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let agent = try Self.account(team, "agent-02")
        let key = team.agentSecondReleased
        #expect(try ReleaseDesk.acknowledge(key, by: agent, in: team.workspace))
        let row = try Self.evaluationRow(team, key)
        #expect(row.status == "acknowledged")
        #expect(row.acknowledged == "2026-12-01T09:00:00Z")
        #expect(throws: WorkflowRefusal.self) { try ReleaseDesk.acknowledge(key, by: agent, in: team.workspace) }
        #expect(try Self.auditActions(team, subject: "evaluation:\(key)").last == "evaluation.acknowledged")
        let state = try DisputeDesk.state(of: key, for: agent, in: team.workspace)
        #expect(state?.words.hasPrefix("acknowledged") == true)
        #expect(state?.canDispute == false)
        let request = DisputeDesk.Request(whole: true, criteria: [], comments: ["whole": "Too late."], proposed: [:])
        #expect(throws: WorkflowRefusal.self) {
            try DisputeDesk.raise(key, request, by: agent, in: team.workspace, templates: TemplateCache())
        }
        // An evaluation with an open dispute cannot be acknowledged until it is resolved.
        #expect(throws: WorkflowRefusal.self) { try ReleaseDesk.acknowledge(team.disputedEvaluation, by: agent, in: team.workspace) }
        // An unreleased evaluation is "not found" to its agent.
        #expect(try !ReleaseDesk.acknowledge(team.agentOwnUnreleased, by: agent, in: team.workspace))
    }

    @Test("a dispute's form problems, its window and its limit are refused in plain words", arguments: TestEngine.available)
    func windowAndLimit(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let agent = try Self.account(team, "agent-02")
        let lead = try Self.account(team, "qa-lead")
        let key = team.agentOwnReleased
        let templates = TemplateCache()
        // Problems: nothing chosen; a criterion without comment and with an answer the criterion does not take.
        let empty = DisputeDesk.Request(whole: false, criteria: [], comments: [:], proposed: [:])
        #expect(try DisputeDesk.raise(key, empty, by: agent, in: team.workspace, templates: templates)
                == .problems(["form": "Choose the questions you dispute, or the whole evaluation."]))
        let bad = DisputeDesk.Request(whole: false, criteria: ["greeting"], comments: [:], proposed: ["greeting": "maybe"])
        guard case .problems(let problems)? = try DisputeDesk.raise(key, bad, by: agent, in: team.workspace, templates: templates)
        else { Issue.record("expected problems"); return }
        #expect(problems["greeting"]?.contains("a comment is required") == true)
        #expect(problems["greeting"]?.contains("type yes or no") == true)
        #expect(try team.workspace.database.read { try $0.first("SELECT COUNT(*) FROM disputes")?.integer(0) } == 1)

        // 15 days after release: outside the default 14-day window.
        let later = try Self.at(team, "2026-12-16T09:00:01Z")
        let request = try Self.flipRequest(team, key, ["greeting"])
        let outside = #expect(throws: WorkflowRefusal.self) {
            try DisputeDesk.raise(key, request, by: agent, in: later, templates: templates)
        }
        #expect(outside?.message.contains("14 days after release") == true)
        // The lead widens the window to 30 days: now it is taken.
        #expect(try DisputeRules.save(DisputeRules(windowDays: 30, limit: 1, arbitrator: .lead("qa-lead")),
                                      for: "inbound-customer-service", by: lead, in: team.workspace))
        guard case .done(let id)? = try DisputeDesk.raise(key, request, by: agent, in: later, templates: templates) else {
            Issue.record("the dispute should be raised")
            return
        }
        #expect(try Self.evaluationRow(team, key).status == "disputed")
        let dispute = try team.workspace.database.read { try DisputeDesk.load(id, for: lead, $0) }
        #expect(dispute?.arbitrator == "qa-lead")
        #expect(dispute?.items.first?.proposedAnswer == request.proposed["greeting"])
        // A second while one is open, then (once resolved) over the limit of one.
        #expect(throws: WorkflowRefusal.self) { try DisputeDesk.raise(key, request, by: agent, in: later, templates: templates) }
        #expect(try DisputeDesk.decide(id, items: ["greeting": .init(revised: false, reason: "Heard on the call.")],
                                       by: lead, in: later, templates: templates) == .done(id))
        let overLimit = #expect(throws: WorkflowRefusal.self) {
            try DisputeDesk.raise(key, request, by: agent, in: later, templates: templates)
        }
        #expect(overLimit?.message.contains("allows one dispute per evaluation") == true)
        #expect(try DisputeRules.save(DisputeRules(windowDays: 30, limit: 2, arbitrator: .assessor),
                                      for: "inbound-customer-service", by: lead, in: team.workspace))
        guard case .done? = try DisputeDesk.raise(key, request, by: agent, in: later, templates: templates) else {
            Issue.record("a second dispute is within a limit of two")
            return
        }
        // Rules out of range, or a lead who is not one, are refused; only a QA lead sets them.
        #expect(throws: WorkflowRefusal.self) {
            try DisputeRules.save(DisputeRules(windowDays: 400, limit: 1, arbitrator: .assessor), for: "inbound-customer-service",
                                  by: lead, in: team.workspace)
        }
        #expect(throws: WorkflowRefusal.self) {
            try DisputeRules.save(DisputeRules(windowDays: 10, limit: 1, arbitrator: .lead("assessor-2")),
                                  for: "inbound-customer-service", by: lead, in: team.workspace)
        }
        #expect(try !DisputeRules.save(DisputeRules.defaults, for: "inbound-customer-service",
                                       by: try Self.account(team, "assessor-2"), in: team.workspace))
    }

    @Test("arbitration: review, partly revised; the revision is new, the original stays, both are in the history",
          arguments: TestEngine.available)
    func revisionKeepsTheOriginal(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let agent = try Self.account(team, "agent-02")
        let lead = try Self.account(team, "qa-lead")
        let key = team.agentOwnReleased
        let templates = TemplateCache()
        let request = try Self.flipRequest(team, key, ["greeting", "summary"])
        guard case .done(let id)? = try DisputeDesk.raise(key, request, by: agent, in: team.workspace, templates: templates)
        else { Issue.record("the dispute should be raised"); return }
        // The evaluation's assessor has no account: nobody arbitrates until a QA lead takes it; the leads are told.
        var dispute = try team.workspace.database.read { try DisputeDesk.load(id, for: lead, $0) }
        #expect(dispute?.arbitrator == nil)
        #expect(try team.workspace.database.read { try Notifications.list(for: "qa-lead", now: team.workspace.now(), $0) }
            .contains { $0.kind == .disputed && $0.link == "/disputes/\(id)" })
        #expect(try DisputeDesk.startReview(id, by: lead, in: team.workspace) == false)
        #expect(try DisputeDesk.assign(id, to: "qa-lead", by: lead, in: team.workspace))
        #expect(try DisputeDesk.startReview(id, by: lead, in: team.workspace))
        #expect(try Self.evaluationRow(team, key).status == "in review")
        #expect(try DisputeDesk.state(of: key, for: agent, in: team.workspace)?.words.hasPrefix("in review") == true)
        let before = try team.workspace.database.read { try EvaluationHistory.load(key, $0) }
        // A decision without a reason, or with an answer the criterion does not take, comes back with problems.
        guard case .problems(let problems)? = try DisputeDesk.decide(
            id, items: ["greeting": .init(revised: true, answer: "perhaps", reason: "")], by: lead, in: team.workspace,
            templates: templates) else { Issue.record("expected problems"); return }
        #expect(problems["greeting"] != nil)
        #expect(problems["summary"] == "Decide: uphold the answer or revise it.")
        let newGreeting = request.proposed["greeting"] ?? ""
        #expect(try DisputeDesk.decide(id, items: [
            "greeting": .init(revised: true, answer: newGreeting, reason: "The greeting was as the agent says."),
            "summary": .init(revised: false, reason: "No summary was given."),
        ], by: lead, in: team.workspace, templates: templates) == .done(id))
        dispute = try team.workspace.database.read { try DisputeDesk.load(id, for: lead, $0) }
        #expect(dispute?.state == "resolved")
        #expect(dispute?.outcome == "partly revised")
        #expect(dispute?.items.first { $0.criterionID == "greeting" }?.outcome == "revised")
        #expect(dispute?.items.first { $0.criterionID == "summary" }?.outcome == "upheld")
        #expect(try Self.evaluationRow(team, key).status == "resolved")
        let history = try #require(try team.workspace.database.read { try EvaluationHistory.load(key, $0) })
        let original = try #require(before?.revisions.last)
        #expect(history.revisions.count == original.revision + 1)
        #expect(dispute?.resolutionRevision == Int64(original.revision + 1))
        // The original revision is unchanged; the new one differs only where revised, by the arbitrator, same version.
        #expect(history.revisions[original.revision - 1] == original)
        let revised = try #require(history.revisions.last)
        #expect(revised.author == "qa-lead")
        #expect(revised.reason == "dispute \(id) resolved")
        #expect(revised.templateRowID == original.templateRowID)
        #expect(revised.cells["greeting"] == newGreeting)
        #expect(revised.cells["summary"] == original.cells["summary"])
        #expect(EvaluationHistory.changes(from: original, to: revised).map(\.column).contains("greeting"))
        // Both revisions are on the page of everyone entitled (the agent and the team leader too).
        for name in ["agent-02", "leader-a", "qa-lead"] {
            let detail = try EvaluationDetail.load(key, for: try Self.account(team, name), in: team.workspace, templates: templates)
            #expect(detail?.history.revisions.count == history.revisions.count, "\(name)")
        }
        // The agent is told; a decided dispute cannot be decided again.
        #expect(try team.workspace.database.read { try Notifications.list(for: "agent-02", now: team.workspace.now(), $0) }
            .contains { $0.kind == .resolved && $0.link == "/disputes/\(id)" })
        #expect(throws: WorkflowRefusal.self) {
            try DisputeDesk.decide(id, items: [:], by: lead, in: team.workspace, templates: templates)
        }
        #expect(try Self.auditActions(team, subject: "evaluation:\(key)").suffix(4) == [
            "dispute.raised", "dispute.assigned", "dispute.in-review", "dispute.resolved",
        ].suffix(4))
        #expect(try Self.auditActions(team, subject: "evaluation \(key)").last == "evaluation.revised")
    }

    @Test("a dispute of the whole evaluation: the arbitrator may revise any answer, each with its reason",
          arguments: TestEngine.available)
    func wholeEvaluation(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let assessor = try Self.account(team, "assessor-2")
        let lead = try Self.account(team, "qa-lead")
        let templates = TemplateCache()
        let id = team.disputeID
        let newAnswer = try Self.flipRequest(team, team.disputedEvaluation, ["probing"]).proposed["probing"] ?? ""
        // The whole needs its reason; a revised answer needs one too.
        guard case .problems(let problems)? = try DisputeDesk.decide(
            id, items: ["probing": .init(revised: true, answer: newAnswer, reason: "")], by: assessor, in: team.workspace,
            templates: templates) else { Issue.record("expected problems"); return }
        #expect(Set(problems.keys) == ["probing", "whole"])
        #expect(try DisputeDesk.decide(id, items: ["probing": .init(revised: true, answer: newAnswer, reason: "Not asked."),
                                                   "greeting": .init(revised: false, reason: "")],
                                       wholeReason: "One answer was wrong.", by: assessor, in: team.workspace,
                                       templates: templates) == .done(id))
        let dispute = try #require(try team.workspace.database.read { try DisputeDesk.load(id, for: lead, $0) })
        #expect(dispute.outcome == "revised")
        #expect(dispute.items.map(\.criterionID) == ["*", "probing"])
        #expect(dispute.items.first { $0.criterionID == "probing" }?.outcome == "revised")
        #expect(dispute.items.first { $0.criterionID == "probing" }?.comment == "")
        #expect(dispute.items.first { $0.criterionID == "*" }?.reason == "One answer was wrong.")
        let report = try #require(try DisputeReport.build(from: nil, to: nil, for: lead, in: team.workspace, templates: templates))
        #expect(report.criteria.map(\.criterionID) == ["probing"])
        #expect(report.criteria.first?.overturned == 1)
    }

    @Test("who sees a dispute: the agent, their team leader, the assessor, the arbitrator, QA leads; nobody else",
          arguments: TestEngine.available)
    func disputeVisibility(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let expected = ["admin": false, "qa-lead": true, "assessor-2": true, "leader-a": true, "leader-b": false,
                        "agent-02": true]
        for (name, sees) in expected {
            let person = try Self.account(team, name)
            let found = try team.workspace.database.read { try DisputeDesk.load(team.disputeID, for: person, $0) }
            #expect((found != nil) == sees, "\(name)")
            let listed = try team.workspace.database.read { try DisputeDesk.list(visibleTo: person, $0) }
            #expect(listed.contains { $0.id == team.disputeID } == sees, "\(name)")
        }
    }

    @Test("the dispute report's figures, worked out by hand on a small set", arguments: TestEngine.available)
    func reportFigures(engine: TestEngine) throws {
        let team = try TeamFixture(engine)
        let agent = try Self.account(team, "agent-02")
        let lead = try Self.account(team, "qa-lead")
        let assessor = try Self.account(team, "assessor-2")
        let templates = TemplateCache()
        let keys = try team.workspace.database.read { session in
            try session.query("""
                SELECT e.evaluation_key FROM evaluations e JOIN people a ON a.id = e.agent_id JOIN people s ON s.id = e.assessor_id
                WHERE e.purpose = 'official' AND a.person_key = 'agent-02' AND s.person_key = ? ORDER BY e.id
                """, .text("assessor-2")).compactMap { $0.text(0) }
        }
        let leadKey = try #require(try team.workspace.database.read { session in
            try session.first("""
                SELECT e.evaluation_key FROM evaluations e JOIN people a ON a.id = e.agent_id JOIN people s ON s.id = e.assessor_id
                WHERE e.purpose = 'official' AND a.person_key = 'agent-02' AND s.person_key = 'qa-lead'
                """)?.text(0)
        })
        #expect(keys.count == 3)
        // Raised at 10:00 on 2 December; A revised after 2 hours, B upheld after 6, C (the lead's) partly revised after 4.
        let raisedAt = try Self.at(team, "2026-12-02T10:00:00Z")
        func raise(_ key: String, _ criteria: [String]) throws -> Int64 {
            let request = try Self.flipRequest(team, key, criteria, in: raisedAt)
            guard case .done(let id)? = try DisputeDesk.raise(key, request, by: agent, in: raisedAt, templates: templates) else {
                throw WorkspaceError("not raised")
            }
            return id
        }
        func flipped(_ key: String, _ id: String) throws -> String {
            try Self.flipRequest(team, key, [id], in: raisedAt).proposed[id] ?? ""
        }
        let a = try raise(keys[1], ["greeting"])
        let b = try raise(keys[2], ["greeting"])
        let c = try raise(leadKey, ["greeting", "probing"])
        let aAnswer = try flipped(keys[1], "greeting")
        let cAnswer = try flipped(leadKey, "greeting")
        #expect(try DisputeDesk.decide(a, items: ["greeting": .init(revised: true, answer: aAnswer, reason: "Agreed.")],
                                       by: assessor, in: try Self.at(team, "2026-12-02T12:00:00Z"), templates: templates) == .done(a))
        #expect(try DisputeDesk.decide(b, items: ["greeting": .init(revised: false, reason: "As heard.")],
                                       by: assessor, in: try Self.at(team, "2026-12-02T16:00:00Z"), templates: templates) == .done(b))
        #expect(try DisputeDesk.decide(c, items: ["greeting": .init(revised: true, answer: cAnswer, reason: "Agreed."),
                                                  "probing": .init(revised: false, reason: "As heard.")],
                                       by: lead, in: try Self.at(team, "2026-12-02T14:00:00Z"), templates: templates) == .done(c))
        // With the fixture's open dispute (assessor-2's, of the whole evaluation, raised on 1 December).
        let all = try #require(try DisputeReport.build(from: nil, to: nil, for: lead, in: team.workspace, templates: templates))
        #expect(all.raised == 4)
        #expect(all.resolved == 3)
        #expect(all.open == 1)
        #expect(all.overturned == 2)
        #expect(all.medianResolutionSeconds == 14_400.0)
        #expect(all.longestResolutionSeconds == 6 * 3600)
        #expect(all.longestDispute == b)
        let byAssessor = Dictionary(uniqueKeysWithValues: all.assessors.map { ($0.assessor, $0) })
        #expect(byAssessor["assessor-2"] == .init(assessor: "assessor-2", raised: 3, resolved: 2, overturned: 1, criteriaOverturned: 1))
        #expect(byAssessor["assessor-2"]?.overturnRate == 0.5)
        #expect(byAssessor["qa-lead"] == .init(assessor: "qa-lead", raised: 1, resolved: 1, overturned: 1, criteriaOverturned: 1))
        let byCriterion = Dictionary(uniqueKeysWithValues: all.criteria.map { ($0.criterionID, $0) })
        #expect(byCriterion["greeting"]?.disputed == 3)
        #expect(byCriterion["greeting"]?.decided == 3)
        #expect(byCriterion["greeting"]?.overturned == 2)
        #expect(byCriterion["probing"]?.disputed == 1)
        #expect(byCriterion["probing"]?.overturned == 0)
        #expect(all.criteria.first?.criterionID == "greeting")
        // Only the disputes raised on 2 December; and only for QA leads.
        let second = try #require(try DisputeReport.build(from: CalendarDay("2026-12-02"), to: CalendarDay("2026-12-02"),
                                                          for: lead, in: team.workspace, templates: templates))
        #expect(second.raised == 3)
        #expect(second.open == 0)
        #expect(try DisputeReport.build(from: nil, to: nil, for: assessor, in: team.workspace, templates: templates) == nil)
    }

    @Test("the pages: the agent's dispute form with its problems, the arbitrator's decision, the state for everyone entitled",
          arguments: TestEngine.available)
    func pages(engine: TestEngine) async throws {
        let team = try TeamFixture(engine)
        let agent = try team.session("agent-02")
        let assessor = try team.session("assessor-2")
        let leader = try team.session("leader-a")
        let lead = try team.session("qa-lead")
        let key = team.agentSecondReleased
        let request = try Self.flipRequest(team, key, ["greeting"])
        let proposed = request.proposed["greeting"] ?? ""
        try await team.withClient { client in
            let page = try await client.get("/evaluations/\(key)", cookie: agent.cookie)
            #expect(page.text.contains("released to the agent on 2026-12-01 09:00 UTC"))
            #expect(page.text.contains("Acknowledge this evaluation"))
            #expect(page.text.contains("/evaluations/\(key)/dispute"))
            let form = try await client.get("/evaluations/\(key)/dispute", cookie: agent.cookie)
            #expect(form.status == .ok)
            #expect(form.text.contains("<legend>The whole evaluation</legend>"))
            // Ticked without a comment: back with the problem listed, linked and announced.
            let refused = try await client.post("/evaluations/\(key)/dispute", cookie: agent.cookie, form: [
                ("csrf", agent.csrf), ("dispute.greeting", "yes"), ("proposed.greeting", proposed)])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("role=\"alert\" id=\"problems\""))
            #expect(refused.text.contains("href=\"#q-greeting\""))
            let raised = try await client.post("/evaluations/\(key)/dispute", cookie: agent.cookie, form: [
                ("csrf", agent.csrf), ("dispute.greeting", "yes"), ("proposed.greeting", proposed),
                ("comment.greeting", "I did greet the customer.")])
            #expect(raised.status == .seeOther)
            let location = try #require(raised.headers[.location])
            let path = String(location.prefix { $0 != "?" })
            for session in [agent, leader, lead, assessor] {
                let evaluation = try await client.get("/evaluations/\(key)", cookie: session.cookie)
                #expect(evaluation.text.contains("disputed (dispute"))
                let dispute = try await client.get(path, cookie: session.cookie)
                #expect(dispute.status == .ok)
                #expect(dispute.text.contains("I did greet the customer."))
            }
            // The arbitrator (assessor-2, who scored it) starts the review and revises it.
            let arbitrating = try await client.get(path, cookie: assessor.cookie)
            #expect(arbitrating.text.contains("Start the review"))
            #expect(arbitrating.text.contains("Record the decision"))
            _ = try await client.post(path + "/review", cookie: assessor.cookie, form: [("csrf", assessor.csrf)])
            #expect(try await client.get("/evaluations/\(key)", cookie: agent.cookie).text.contains("in review"))
            let decided = try await client.post(path + "/decide", cookie: assessor.cookie, form: [
                ("csrf", assessor.csrf), ("decision.greeting", "revised"), ("answer.greeting", proposed),
                ("reason.greeting", "Heard again: the agent is right.")])
            #expect(decided.status == .seeOther)
            let after = try await client.get("/evaluations/\(key)", cookie: leader.cookie)
            #expect(after.text.contains("resolved (dispute"))
            #expect(after.text.contains("What changed in revision 2"))
            let report = try await client.get("/dispute-report", cookie: lead.cookie)
            #expect(report.text.contains("By criterion"))
            #expect(report.text.contains("Did the agent open with the approved greeting"))
            return ()
        }
    }
}
