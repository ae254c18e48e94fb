import Foundation
import QAModel
import Workspace

/// Who acts on a queue: a signed-in person (checked against `AccessPolicy`), or the workspace's owner at the
/// command line (`qa assign`), who may do anything to the workspace already.
public enum QueueActor: Sendable {
    case account(Account)
    case commandLine(String)

    /// The name the audit log records.
    public var name: String {
        switch self {
        case .account(let account): return account.username
        case .commandLine(let name): return name
        }
    }

    func may(_ action: AccessPolicy.QueueAction, assessorID: Int64) -> Bool {
        switch self {
        case .account(let account): return AccessPolicy.mayHandleAssignment(account, assessorID: assessorID, action)
        case .commandLine: return true
        }
    }
}

/// One assignment as a queue shows it.
public struct QueueAssignment: Sendable, Hashable {
    public var id: Int64
    public var runID: Int64?
    public var callKey: String
    public var agentKey: String
    public var callDate: String
    public var assessorID: Int64
    public var assessorKey: String
    public var templateRowID: Int64
    public var templateTitle: String
    public var templateVersion: String
    public var dueOn: String?
    /// open, claimed, done or replaced.
    public var state: String
    public var reason: String?
    public var replacedBy: Int64?

    /// Due before `today` and not done (nor replaced).
    public func isOverdue(today: CalendarDay) -> Bool {
        guard state == "open" || state == "claimed", let due = dueOn.flatMap({ CalendarDay(String($0.prefix(10))) }) else {
            return false
        }
        return due < today
    }

    /// Still waiting to be scored (open or claimed).
    public var isWaiting: Bool { state == "open" || state == "claimed" }
}

/// Counts of a run's assignments for one assessor: live ones (open, claimed, done), overdue ones and replaced
/// ones.
public struct QueueProgress: Sendable, Hashable {
    public var runID: Int64?
    public var assessor: String
    public var assigned: Int
    public var open: Int
    public var claimed: Int
    public var done: Int
    public var overdue: Int
    public var replaced: Int

    public init(runID: Int64?, assessor: String, assigned: Int, open: Int, claimed: Int, done: Int, overdue: Int,
                replaced: Int) {
        self.runID = runID
        self.assessor = assessor
        self.assigned = assigned
        self.open = open
        self.claimed = claimed
        self.done = done
        self.overdue = overdue
        self.replaced = replaced
    }
}

/// A recorded sampling run as the lists show it.
public struct SamplingRunSummary: Sendable, Hashable {
    public var id: Int64
    public var seed: String
    public var drawnBy: String
    public var drawnAt: String
    public var policy: SamplingPolicy?
    public var filter: SamplingFilter?
}

/// How a replacement went.
public enum Replacement: Sendable, Hashable {
    /// The call was replaced by this new assignment (same assessor, form and due date).
    case replaced(by: QueueAssignment)
    /// The call was taken out, but no other call of the agent in the run's filter was eligible.
    case noneEligible
}

/// An assessor's queue and the lead's progress: claim an open assignment, release a claimed one, replace a call
/// with a reason (a new call of the same agent drawn from the run's filter, reproducibly), and counts per run and
/// assessor. Every change appends an audit entry in its transaction.
public enum AssignmentQueue {
    static let columns = """
        a.id, a.sampling_run_id, a.call_key, ag.person_key, c.call_date, a.assessor_id, asr.person_key, a.template_id,
        t.title, t.version, a.due_on, a.state, a.reason, a.replaced_by
        FROM assignments a
        JOIN calls c ON c.call_key = a.call_key
        JOIN people ag ON ag.id = c.agent_id
        JOIN people asr ON asr.id = a.assessor_id
        JOIN templates t ON t.id = a.template_id
        """

    static func assignment(_ row: SQLRow) -> QueueAssignment? {
        guard let id = row.integer(0), let call = row.text(2), let agent = row.text(3), let date = row.text(4),
              let assessor = row.integer(5), let template = row.integer(7), let state = row.text(11) else { return nil }
        return QueueAssignment(id: id, runID: row.integer(1), callKey: call, agentKey: agent, callDate: date,
                               assessorID: assessor, assessorKey: row.text(6) ?? "", templateRowID: template,
                               templateTitle: row.text(8) ?? "", templateVersion: row.text(9) ?? "", dueOn: row.text(10),
                               state: state, reason: row.text(12), replacedBy: row.integer(13))
    }

    /// Assignments, soonest due first: one assessor's (by `people.id`) and/or one run's; only waiting ones
    /// (open, claimed) unless `all`.
    public static func list(assessorID: Int64? = nil, runID: Int64? = nil, all: Bool = false,
                            _ session: SQLSession) throws -> [QueueAssignment] {
        var sql = "SELECT \(columns) WHERE 1 = 1"
        var bindings: [SQLValue] = []
        if let assessorID { sql += " AND a.assessor_id = ?"; bindings.append(.integer(assessorID)) }
        if let runID { sql += " AND a.sampling_run_id = ?"; bindings.append(.integer(runID)) }
        if !all { sql += " AND a.state IN ('open', 'claimed')" }
        sql += " ORDER BY CASE WHEN a.due_on IS NULL THEN 1 ELSE 0 END, a.due_on, c.call_date, a.call_key, a.id"
        return try session.query(sql, bindings).compactMap(assignment)
    }

    /// One assignment, or nil.
    public static func assignment(_ id: Int64, _ session: SQLSession) throws -> QueueAssignment? {
        try session.first("SELECT \(columns) WHERE a.id = ?", .integer(id)).flatMap(assignment)
    }

    /// The assignment `id` when `actor` may `action` it (nil otherwise, exactly as when it does not exist).
    static func permitted(_ id: Int64, _ action: AccessPolicy.QueueAction, _ actor: QueueActor,
                          _ session: SQLSession) throws -> QueueAssignment? {
        guard let found = try assignment(id, session), actor.may(action, assessorID: found.assessorID) else { return nil }
        return found
    }

    static func notFound(_ id: Int64) -> SamplingError {
        SamplingError("there is no assignment \(id) (or it is not yours)")
    }

    /// Claims an open assignment ("I am scoring this one"). Nil when there is no such assignment for `actor`.
    public static func claim(_ id: Int64, by actor: QueueActor, in workspace: Workspace) throws -> QueueAssignment? {
        let now = workspace.now()
        return try workspace.change { session -> QueueAssignment? in
            guard var found = try permitted(id, .claim, actor, session) else { return nil }
            guard found.state == "open" else {
                throw SamplingError("assignment \(id) is \(found.state), not open: only an open assignment can be claimed", code: "not-open")
            }
            try session.execute("UPDATE assignments SET state = 'claimed', claimed_at = ? WHERE id = ? AND state = 'open'",
                                .text(now.description), .integer(id))
            try AuditLog.append(session, [AuditEntry(at: now, actor: actor.name, action: "assignment.claimed",
                                                     subject: "assignment:\(id)", details: "call \(found.callKey)")])
            found.state = "claimed"
            return found
        }
    }

    /// Releases a claimed assignment back to open. Nil when there is no such assignment for `actor`.
    public static func release(_ id: Int64, by actor: QueueActor, in workspace: Workspace) throws -> QueueAssignment? {
        let now = workspace.now()
        return try workspace.change { session -> QueueAssignment? in
            guard var found = try permitted(id, .release, actor, session) else { return nil }
            guard found.state == "claimed" else {
                throw SamplingError("assignment \(id) is \(found.state), not claimed: only a claimed assignment can be released", code: "not-claimed")
            }
            try session.execute("UPDATE assignments SET state = 'open', claimed_at = NULL WHERE id = ? AND state = 'claimed'",
                                .integer(id))
            try AuditLog.append(session, [AuditEntry(at: now, actor: actor.name, action: "assignment.released",
                                                     subject: "assignment:\(id)", details: "call \(found.callKey)")])
            found.state = "open"
            return found
        }
    }

    /// The longest reason kept.
    public static let maximumReasonLength = 500

    /// Replaces the call of an open or claimed assignment, with a reason: the assignment becomes 'replaced' (the
    /// reason kept on it) and, when another call of the same agent passes the run's filter and is not yet in the
    /// run, a new open assignment of that call goes to the same assessor with the same form and due date. Which
    /// call follows from the run's seed and how many replacements the run has had. Nil when there is no such
    /// assignment for `actor`.
    public static func replace(_ id: Int64, reason: String, by actor: QueueActor,
                               in workspace: Workspace) throws -> Replacement? {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw SamplingError("say why the call is replaced (a reason is required)", code: "reason-missing") }
        guard reason.count <= maximumReasonLength else {
            throw SamplingError("the reason may have at most \(maximumReasonLength) characters", code: "reason-long")
        }
        let now = workspace.now()
        return try workspace.change { session -> Replacement? in
            guard let found = try permitted(id, .replace, actor, session) else { return nil }
            guard found.isWaiting else {
                throw SamplingError("assignment \(id) is \(found.state): only an open or claimed assignment can be replaced", code: "not-waiting")
            }
            guard let runID = found.runID,
                  let run = try session.first("SELECT filter, seed FROM sampling_runs WHERE id = ?", .integer(runID)),
                  let filterText = run.text(0), let seed = run.text(1).flatMap({ UInt64($0) }),
                  let recorded = try? JSONDecoder().decode(RecordedFilter.self, from: Data(filterText.utf8)) else {
                throw SamplingError("assignment \(id) was assigned by hand, not drawn by a sampling run, so there is no "
                    + "filter to draw a replacement from: ask the QA lead to assign another call", code: "by-hand")
            }
            let replacedSoFar = Int(try session.first("""
                SELECT COUNT(*) FROM assignments WHERE sampling_run_id = ? AND state = 'replaced'
                """, .integer(runID))?.integer(0) ?? 0)
            let inRun = Set(try session.query("SELECT call_key FROM assignments WHERE sampling_run_id = ?", .integer(runID))
                .compactMap { $0.text(0) })
            let eligible = try SamplingStore.candidates(recorded.filter, session).filter {
                $0.agentKey == found.agentKey && !inRun.contains($0.callKey) && $0.agentID != found.assessorID
            }
            let chosen = SamplingDraw.replacement(from: eligible, seed: seed, agentKey: found.agentKey,
                                                  replacementNumber: replacedSoFar)
            var newID: Int64?
            if let chosen {
                try session.execute("""
                    INSERT INTO assignments (sampling_run_id, call_key, assessor_id, template_id, due_on, state, created_at)
                    VALUES (?, ?, ?, ?, ?, 'open', ?)
                    """, .integer(runID), .text(chosen.callKey), .integer(found.assessorID), .integer(found.templateRowID),
                    SQLValue(found.dueOn), .text(now.description))
                newID = try session.first("SELECT MAX(id) FROM assignments")?.integer(0)
            }
            try session.execute("""
                UPDATE assignments SET state = 'replaced', reason = ?, replaced_by = ?, claimed_at = NULL WHERE id = ?
                """, .text(reason), newID.map { .integer($0) } ?? .null, .integer(id))
            try AuditLog.append(session, [AuditEntry(
                at: now, actor: actor.name, action: "assignment.replaced", subject: "assignment:\(id)",
                details: "call \(found.callKey), run \(runID); "
                    + (chosen.map { "replaced by assignment \(newID ?? 0) (call \($0.callKey))" } ?? "no other call eligible")
                    + "; reason kept on the assignment")])
            if let newID, let made = try assignment(newID, session) { return .replaced(by: made) }
            return .noneEligible
        }
    }

    /// Counts per run and assessor (one run's, or every run's; assignments made by hand are under run nil).
    public static func progress(runID: Int64? = nil, today: CalendarDay, _ session: SQLSession) throws -> [QueueProgress] {
        var sql = """
            SELECT a.sampling_run_id, p.person_key,
                SUM(CASE WHEN a.state IN ('open', 'claimed', 'done') THEN 1 ELSE 0 END),
                SUM(CASE WHEN a.state = 'open' THEN 1 ELSE 0 END),
                SUM(CASE WHEN a.state = 'claimed' THEN 1 ELSE 0 END),
                SUM(CASE WHEN a.state = 'done' THEN 1 ELSE 0 END),
                SUM(CASE WHEN a.state IN ('open', 'claimed') AND a.due_on IS NOT NULL AND a.due_on < ? THEN 1 ELSE 0 END),
                SUM(CASE WHEN a.state = 'replaced' THEN 1 ELSE 0 END)
            FROM assignments a JOIN people p ON p.id = a.assessor_id
            """
        var bindings: [SQLValue] = [.text(today.description)]
        if let runID { sql += " WHERE a.sampling_run_id = ?"; bindings.append(.integer(runID)) }
        sql += " GROUP BY a.sampling_run_id, p.person_key ORDER BY a.sampling_run_id, p.person_key"
        return try session.query(sql, bindings).map { row in
            QueueProgress(runID: row.integer(0), assessor: row.text(1) ?? "", assigned: Int(row.integer(2) ?? 0),
                          open: Int(row.integer(3) ?? 0), claimed: Int(row.integer(4) ?? 0), done: Int(row.integer(5) ?? 0),
                          overdue: Int(row.integer(6) ?? 0), replaced: Int(row.integer(7) ?? 0))
        }
    }

    /// The recorded sampling runs, newest first (or one).
    public static func runs(id: Int64? = nil, _ session: SQLSession) throws -> [SamplingRunSummary] {
        var sql = "SELECT id, seed, drawn_by, drawn_at, policy, filter FROM sampling_runs"
        var bindings: [SQLValue] = []
        if let id { sql += " WHERE id = ?"; bindings.append(.integer(id)) }
        sql += " ORDER BY id DESC"
        let decoder = JSONDecoder()
        return try session.query(sql, bindings).compactMap { row in
            guard let id = row.integer(0) else { return nil }
            return SamplingRunSummary(
                id: id, seed: row.text(1) ?? "", drawnBy: row.text(2) ?? "", drawnAt: row.text(3) ?? "",
                policy: row.text(4).flatMap { try? decoder.decode(SamplingPolicy.self, from: Data($0.utf8)) },
                filter: row.text(5).flatMap { try? decoder.decode(RecordedFilter.self, from: Data($0.utf8)).filter })
        }
    }
}
