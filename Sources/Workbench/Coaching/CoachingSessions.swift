import Coaching
import Foundation
import JSON
import QAModel
import Scoring
import Workspace

/// A coaching one-to-one as stored: whose, when, by whom, the development areas discussed (criterion ids), the
/// actions agreed, the SMART target, and when to follow up.
public struct CoachingSession: Sendable, Hashable {
    public var id: Int64
    /// The agent's id as the data names them (`person_key`).
    public var agent: String
    public var heldOn: CalendarDay
    /// The username (or, from the command line, the name) of whoever recorded it.
    public var heldBy: String
    public var areas: [String]
    public var actions: String
    public var target: String
    public var followUpOn: CalendarDay
    public var createdAt: String

    /// The plain facts the follow-up is computed from.
    public var facts: CoachingSessionFacts {
        CoachingSessionFacts(agentID: agent, heldOn: heldOn, areas: areas, followUpOn: followUpOn)
    }
}

/// What a person fills in to record a one-to-one (text as typed; checked by `CoachingSessions.record`).
public struct CoachingSessionDraft: Sendable, Hashable {
    public var agent: String
    public var heldOn: String
    public var areas: [String]
    public var actions: String
    public var target: String
    public var followUpOn: String

    public init(agent: String, heldOn: String, areas: [String], actions: String, target: String, followUpOn: String) {
        self.agent = agent
        self.heldOn = heldOn
        self.areas = areas
        self.actions = actions
        self.target = target
        self.followUpOn = followUpOn
    }
}

/// A problem with a one-to-one as filled in, in plain words, and the field it is about (`held`, `areas`,
/// `actions`, `target`, `followUp`, or `agent`).
public struct CoachingSessionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { message }
}

/// Who records or reads one-to-ones: a signed-in account (checked by `AccessPolicy`), or the command line, which
/// may do anything to the workspace already and sees every official evaluation, as a QA lead does.
public enum CoachingActor: Sendable {
    case account(Account)
    case commandLine(String)

    /// The name the audit log and the session record.
    public var name: String {
        switch self {
        case .account(let account): return account.username
        case .commandLine(let name): return name
        }
    }

    /// The account whose view of the evaluations counts (the command line sees what a QA lead sees).
    var viewer: Account {
        switch self {
        case .account(let account): return account
        case .commandLine(let name):
            return Account(id: 0, username: name, role: .qaLead, team: nil, personKey: name, personID: -1, disabled: false)
        }
    }
}

/// Coaching one-to-ones: recorded from an agent's plan by a team leader of the agent's team or a QA lead, listed
/// with the plan, and followed up on and after the follow-up date (see `docs/coaching.md`).
public enum CoachingSessions {
    /// The longest an actions or target text may be, in characters.
    public static let maximumTextLength = 2000
    /// The furthest a follow-up may be after the session, in days.
    public static let maximumFollowUpDays = 366

    /// Records a one-to-one and returns its id; nil when `actor` may not record one for this agent (or the agent is
    /// not known), which the caller shows as "not found". The areas must be development areas of the agent's
    /// plan as `actor` sees it. Appends an audit entry and tells the agent, in the same transaction.
    public static func record(_ draft: CoachingSessionDraft, by actor: CoachingActor, in workspace: Workspace,
                              templates: TemplateCache, today: CalendarDay) throws -> Int64? {
        guard let team = try PeopleDirectory.team(of: draft.agent, workspace),
              AccessPolicy.mayRecordCoachingSession(actor.viewer, agentTeam: team) else { return nil }
        try warm(templates, workspace)
        let plan = try CoachingPlans.plan(agent: draft.agent, for: actor.viewer, in: workspace, templates: templates,
                                          today: today)
        let offered = plan?.developmentAreas.map(\.criterionID) ?? []
        guard let heldOn = CalendarDay(draft.heldOn.trimmingSpaces) else {
            throw CoachingSessionError(field: "held", "Give the day the one-to-one was held, written YYYY-MM-DD.")
        }
        guard heldOn <= today else {
            throw CoachingSessionError(field: "held", "The one-to-one is recorded after it is held: \(heldOn) is after today (\(today)).")
        }
        let areas = draft.areas.map(\.trimmingSpaces).filter { !$0.isEmpty }.reduce(into: [String]()) { list, id in
            if !list.contains(id) { list.append(id) }
        }
        guard !areas.isEmpty else {
            throw CoachingSessionError(field: "areas", offered.isEmpty
                ? "The agent's plan has no development areas to discuss yet."
                : "Choose at least one development area discussed (\(offered.joined(separator: ", "))).")
        }
        for area in areas where !offered.contains(area) {
            throw CoachingSessionError(field: "areas", offered.isEmpty
                ? "The agent's plan has no development areas to discuss yet."
                : "'\(area)' is not one of the plan's development areas (\(offered.joined(separator: ", "))).")
        }
        let actions = clean(draft.actions)
        let target = clean(draft.target)
        guard !actions.isEmpty else { throw CoachingSessionError(field: "actions", "Write down the actions agreed.") }
        guard actions.count <= maximumTextLength else {
            throw CoachingSessionError(field: "actions", "The actions are too long: at most \(maximumTextLength) characters.")
        }
        guard !target.isEmpty else {
            throw CoachingSessionError(field: "target", "Write down the SMART target agreed (what, how much, by when).")
        }
        guard target.count <= maximumTextLength else {
            throw CoachingSessionError(field: "target", "The target is too long: at most \(maximumTextLength) characters.")
        }
        guard let followUpOn = CalendarDay(draft.followUpOn.trimmingSpaces) else {
            throw CoachingSessionError(field: "followUp", "Give the follow-up day, written YYYY-MM-DD.")
        }
        guard followUpOn > heldOn else {
            throw CoachingSessionError(field: "followUp", "The follow-up must be after the one-to-one (\(heldOn)).")
        }
        guard followUpOn.daysSinceEpoch - heldOn.daysSinceEpoch <= maximumFollowUpDays else {
            throw CoachingSessionError(field: "followUp", "The follow-up must be within a year of the one-to-one.")
        }
        let now = workspace.now()
        let areasText = "[" + areas.map { JSONWriter.string($0) }.joined(separator: ",") + "]"
        let agent = draft.agent
        return try workspace.change { session -> Int64? in
            guard let personID = try session.first("SELECT id FROM people WHERE person_key = ?", .text(agent))?.integer(0)
            else { return nil }
            try session.execute("""
                INSERT INTO coaching_sessions (agent_id, held_on, held_by, areas, actions, target, follow_up_on, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, .integer(personID), .text(heldOn.description), .text(actor.name), .text(areasText), .text(actions),
                .text(target), .text(followUpOn.description), .text(now.description))
            guard let id = try session.first("SELECT MAX(id) FROM coaching_sessions WHERE agent_id = ?",
                                             .integer(personID))?.integer(0) else {
                throw CoachingSessionError(field: "agent", "The one-to-one could not be stored.")
            }
            try AuditLog.append(session, AuditEntry(
                at: now, actor: actor.name, action: "coaching.session.recorded", subject: "coaching-session:\(id)",
                details: "agent \(agent), held \(heldOn), \(areas.count) area\(areas.count == 1 ? "" : "s") "
                    + "(\(areas.joined(separator: ", "))), follow-up \(followUpOn)"))
            try Notifications.send(session, toPerson: personID, kind: .coaching, subject: "coaching-session:\(id)",
                                   message: "Your one-to-one of \(heldOn.longDescription) was recorded; "
                                       + "the follow-up is on \(followUpOn.longDescription).",
                                   link: "/agents/\(pathSegment(agent))/plan#one-to-ones", at: now)
            return id
        }
    }

    /// The one-to-ones of `agent` (newest first) when `actor` may see the agent's plan; nil otherwise.
    public static func list(agent: String, for actor: CoachingActor, in workspace: Workspace) throws -> [CoachingSession]? {
        if case .account(let account) = actor {
            guard AccessPolicy.may(account.role, .seeCoachingPlans),
                  AccessPolicy.seesAgent(account, agentKey: agent, agentTeam: try PeopleDirectory.team(of: agent, workspace))
            else { return nil }
        }
        return try workspace.database.read { try load("p.person_key = ?", [.text(agent)], $0) }
    }

    /// Every one-to-one (the command line's list), newest first.
    public static func all(in workspace: Workspace) throws -> [CoachingSession] {
        try workspace.database.read { try load("1 = 1", [], $0) }
    }

    /// One one-to-one by id, when `actor` may see its agent's plan.
    public static func find(_ id: Int64, for actor: CoachingActor, in workspace: Workspace) throws -> CoachingSession? {
        guard let found = try workspace.database.read({ try load("cs.id = ?", [.integer(id)], $0).first }) else {
            return nil
        }
        if case .account(let account) = actor {
            guard AccessPolicy.may(account.role, .seeCoachingPlans),
                  AccessPolicy.seesAgent(account, agentKey: found.agent,
                                         agentTeam: try PeopleDirectory.team(of: found.agent, workspace))
            else { return nil }
        }
        return found
    }

    /// The follow-up of `session` on `today` from the official evaluations `actor` may see (an agent and a team
    /// leader the released ones), nil before the day after the session. Evaluations whose call day falls in one
    /// of `exclusions` are left out of both sides.
    public static func followUp(_ session: CoachingSession, for actor: CoachingActor, in workspace: Workspace,
                                templates: TemplateCache, exclusions: [ExclusionWindow] = [], today: CalendarDay,
                                rules: FollowUpRules = FollowUpRules()) throws -> SessionFollowUp? {
        guard let (before, after) = FollowUpCalculator.windows(heldOn: session.heldOn, today: today, rules: rules),
              let team = try PeopleDirectory.team(of: session.agent, workspace) else { return nil }
        let viewer = AccessPolicy.planViewer(actor.viewer, team: team)
        let now = workspace.now()
        try warm(templates, workspace)
        return try workspace.database.read { sql -> SessionFollowUp? in
            let scope = AccessPolicy.evaluationScope(viewer, now: now.description)
            var scored: [ScoredEvaluation] = []
            var newest: (Int64, Scorecard)?
            try VisibleEvaluations.forEachScored(
                where: "ag.person_key = ? AND e.purpose = 'official' AND e.call_date >= ? AND e.call_date < ? AND \(scope.sql)",
                [.text(session.agent), .text(before.from.description), .text(after.to.adding(days: 1).description)]
                    + scope.bindings,
                templates: templates, sql) { item in
                guard let score = item.score else { return }
                scored.append(ScoredEvaluation(evaluation: item.record, score: score))
                if item.templateRowID > (newest?.0 ?? Int64.min) { newest = (item.templateRowID, item.template) }
            }
            var scorecard = newest?.1
            if scorecard == nil, let latest = try TemplateStore.list(sql).last {
                scorecard = try templates.template(latest.rowID, sql).0.scorecard
            }
            guard let scorecard else { return nil }
            let kpis = try CallStore.kpiTable(agents: [session.agent], sql)
            return FollowUpCalculator.followUp(session.facts, evaluations: scored, scorecard: scorecard,
                                               kpis: kpis.calls.isEmpty ? nil : kpis, exclusions: exclusions,
                                               today: today, rules: rules)
        }
    }

    /// Loads every template version into the cache before evaluations are streamed: on PostgreSQL a query made
    /// on the same connection while a long result is still being read would wait for that result forever.
    static func warm(_ templates: TemplateCache, _ workspace: Workspace) throws {
        try workspace.database.read { session in
            for stored in try TemplateStore.list(session) { _ = try templates.template(stored.rowID, session) }
        }
    }

    private static func load(_ condition: String, _ bindings: [SQLValue], _ session: SQLSession) throws -> [CoachingSession] {
        try session.query("""
            SELECT cs.id, p.person_key, cs.held_on, cs.held_by, cs.areas, cs.actions, cs.target, cs.follow_up_on,
                   cs.created_at
            FROM coaching_sessions cs JOIN people p ON p.id = cs.agent_id
            WHERE \(condition) ORDER BY cs.held_on DESC, cs.id DESC
            """, bindings).compactMap { row in
            guard let id = row.integer(0), let agent = row.text(1),
                  let held = row.text(2).flatMap({ CalendarDay(String($0.prefix(10))) }) else { return nil }
            return CoachingSession(
                id: id, agent: agent, heldOn: held, heldBy: row.text(3) ?? "", areas: areas(row.text(4) ?? ""),
                actions: row.text(5) ?? "", target: row.text(6) ?? "",
                followUpOn: row.text(7).flatMap { CalendarDay(String($0.prefix(10))) } ?? held,
                createdAt: row.text(8) ?? "")
        }
    }

    /// The stored areas: a JSON array of criterion ids (`["verify","greet"]`).
    static func areas(_ text: String) -> [String] {
        guard case .array(let items)? = try? JSONReader.read(text, limits: JSONLimits(maximumBytes: 1 << 16)) else {
            return []
        }
        return items.compactMap { if case .string(let id) = $0 { return id } else { return nil } }
    }

    private static func clean(_ text: String) -> String {
        String(text.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.filter { $0 == "\n" || $0.value >= 0x20 })
            .trimmingSpaces
    }

    /// A path segment for an agent id (as the web pages write it).
    private static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }
}
