import QAModel
import Workspace

/// One evaluation as lists show it: whose call, who scored it, the current revision's result, where it stands.
public struct EvaluationSummary: Sendable, Hashable {
    public var key: String
    public var callKey: String
    public var agent: String
    public var assessor: String
    public var team: String?
    public var callDate: String
    public var purpose: String
    public var status: String
    public var releasedAt: String?
    public var templateRowID: Int64
    public var templateTitle: String
    public var templateVersion: String
    public var revision: Int64
    public var total: Double?
    public var passed: Bool
    public var band: String?
    public var autoFailed: Bool
}

/// A call as the workbench lists it.
public struct CallSummary: Sendable, Hashable {
    public var key: String
    public var agent: String
    public var team: String?
    public var callDate: String
    public var queue: String?
    public var direction: String?
    public var durationSeconds: Int64?
    public var transcriptPath: String?
    /// Official evaluations of the call.
    public var evaluations: Int
}

/// A call assigned to an assessor to score.
public struct AssignedCall: Sendable, Hashable {
    public var assignmentID: Int64
    public var call: CallSummary
    public var templateRowID: Int64
    public var templateTitle: String
    public var dueOn: String?
    public var hasDraft: Bool
}

/// The lists the workbench's pages show, each limited to what the signed-in person may see (`AccessPolicy`).
public enum Listings {
    static let evaluationColumns = """
        e.evaluation_key, e.call_key, ag.person_key, asr.person_key, e.team, e.call_date, e.purpose, e.status,
        e.released_at, e.template_id, t.title, t.version, e.current_revision, r.total_score, r.passed, r.band,
        r.auto_failed
        FROM evaluations e
        JOIN people ag ON ag.id = e.agent_id
        JOIN people asr ON asr.id = e.assessor_id
        JOIN templates t ON t.id = e.template_id
        JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.current_revision
        """

    static func summary(_ row: SQLRow) -> EvaluationSummary? {
        guard let key = row.text(0), let call = row.text(1), let agent = row.text(2), let assessor = row.text(3),
              let date = row.text(5), let purpose = row.text(6), let status = row.text(7), let template = row.integer(9)
        else { return nil }
        return EvaluationSummary(
            key: key, callKey: call, agent: agent, assessor: assessor, team: row.text(4), callDate: date,
            purpose: purpose, status: status, releasedAt: row.text(8), templateRowID: template,
            templateTitle: row.text(10) ?? "", templateVersion: row.text(11) ?? "", revision: row.integer(12) ?? 1,
            total: row.real(13), passed: (row.integer(14) ?? 0) != 0, band: row.text(15),
            autoFailed: (row.integer(16) ?? 0) != 0)
    }

    /// The newest evaluations `account` may see (by call date), at most `limit`; optionally one agent's or team's.
    public static func evaluations(visibleTo account: Account, agent: String? = nil, team: String? = nil,
                                   limit: Int = 50, now: Timestamp, _ session: SQLSession) throws -> [EvaluationSummary] {
        let scope = AccessPolicy.evaluationScope(account, now: now.description)
        var sql = "SELECT \(evaluationColumns) WHERE \(scope.sql)"
        var bindings = scope.bindings
        if let agent {
            sql += " AND ag.person_key = ?"
            bindings.append(.text(agent))
        }
        if let team {
            sql += " AND e.team = ?"
            bindings.append(.text(team))
        }
        sql += " ORDER BY e.call_date DESC, e.evaluation_key LIMIT \(max(1, limit))"
        return try session.query(sql, bindings).compactMap(summary)
    }

    /// One evaluation, when `account` may see it (nil otherwise, exactly as when it does not exist).
    public static func evaluation(_ key: String, visibleTo account: Account, now: Timestamp,
                                  _ session: SQLSession) throws -> EvaluationSummary? {
        let scope = AccessPolicy.evaluationScope(account, now: now.description)
        return try session.first("SELECT \(evaluationColumns) WHERE e.evaluation_key = ? AND \(scope.sql)",
                                 [.text(key)] + scope.bindings).flatMap(summary)
    }

    static let callSelect = """
        c.call_key, p.person_key, c.team, c.call_date, c.queue, c.direction, c.duration_seconds, c.transcript_path,
        (SELECT COUNT(*) FROM evaluations e WHERE e.call_key = c.call_key AND e.purpose = 'official')
        """
    static let callFrom = "FROM calls c JOIN people p ON p.id = c.agent_id"
    static let callColumns = callSelect + " " + callFrom

    /// One call with, in the same statement, what choosing its scoring form needs: whether template `requested`
    /// exists, the template of the call's open assignment to `account`, and the template the call's team was
    /// last scored with (each nil when there is none).
    static func callForScoring(_ key: String, requested: Int64?, for account: Account, _ session: SQLSession) throws
        -> (call: CallSummary, requested: Int64?, assigned: Int64?, usual: Int64?)? {
        guard let row = try session.first("""
            SELECT \(callSelect), (SELECT id FROM templates WHERE id = ?),
                (SELECT template_id FROM assignments WHERE call_key = c.call_key AND assessor_id = ?
                 AND state IN ('open', 'claimed') ORDER BY id DESC LIMIT 1),
                (SELECT template_id FROM evaluations WHERE team = c.team ORDER BY call_date DESC, id DESC LIMIT 1)
            \(callFrom) WHERE c.call_key = ?
            """, requested.map { SQLValue.integer($0) } ?? .null, .integer(account.personID), .text(key)), let call = call(row) else { return nil }
        return (call, row.integer(9), row.integer(10), row.integer(11))
    }

    static func call(_ row: SQLRow, offset: Int = 0) -> CallSummary? {
        guard let key = row.text(offset), let agent = row.text(offset + 1), let date = row.text(offset + 3) else { return nil }
        return CallSummary(key: key, agent: agent, team: row.text(offset + 2), callDate: date, queue: row.text(offset + 4),
                           direction: row.text(offset + 5), durationSeconds: row.integer(offset + 6),
                           transcriptPath: row.text(offset + 7), evaluations: Int(row.integer(offset + 8) ?? 0))
    }

    /// Calls, newest first; only those nobody has evaluated yet when `unevaluatedOnly`.
    public static func calls(unevaluatedOnly: Bool = false, team: String? = nil, limit: Int = 100,
                             _ session: SQLSession) throws -> [CallSummary] {
        var sql = "SELECT \(callColumns) WHERE 1 = 1"
        var bindings: [SQLValue] = []
        if unevaluatedOnly { sql += " AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.call_key = c.call_key)" }
        if let team {
            sql += " AND c.team = ?"
            bindings.append(.text(team))
        }
        sql += " ORDER BY c.call_date DESC, c.call_key LIMIT \(max(1, limit))"
        return try session.query(sql, bindings).compactMap { call($0) }
    }

    /// One call.
    public static func call(_ key: String, _ session: SQLSession) throws -> CallSummary? {
        try session.first("SELECT \(callColumns) WHERE c.call_key = ?", .text(key)).flatMap { call($0) }
    }

    /// The calls assigned to the assessor and not yet done, soonest due first.
    public static func assignedCalls(_ account: Account, _ session: SQLSession) throws -> [AssignedCall] {
        try session.query("""
            SELECT a.id, a.template_id, t.title, a.due_on, \(callColumns.replacingOccurrences(of: "FROM calls c", with: ", t.scorecard_id FROM calls c"))
            JOIN assignments a ON a.call_key = c.call_key
            JOIN templates t ON t.id = a.template_id
            WHERE a.assessor_id = ? AND a.state IN ('open', 'claimed')
            ORDER BY a.due_on, c.call_date, c.call_key
            """, .integer(account.personID)).compactMap { row -> AssignedCall? in
            guard let id = row.integer(0), let template = row.integer(1), let call = call(row, offset: 4) else { return nil }
            return AssignedCall(assignmentID: id, call: call, templateRowID: template, templateTitle: row.text(2) ?? "",
                                dueOn: row.text(3), hasDraft: false)
        }
    }

    /// The teams that have calls or evaluations.
    public static func teams(_ session: SQLSession) throws -> [String] {
        try session.query("""
            SELECT DISTINCT team FROM evaluations WHERE team IS NOT NULL
            UNION SELECT DISTINCT team FROM calls WHERE team IS NOT NULL ORDER BY 1
            """).compactMap { $0.text(0) }
    }

    /// Every template version, newest first.
    public static func templates(_ session: SQLSession) throws -> [(rowID: Int64, scorecardID: String, version: String, title: String)] {
        try TemplateStore.list(session).reversed().map { ($0.rowID, $0.scorecardID, $0.version, $0.title) }
    }

    /// Assessors (accounts with that role or the QA lead's), by username, with their person keys.
    public static func assessors(_ session: SQLSession) throws -> [Account] {
        try AccountStore.list(session).filter { ($0.role == .assessor || $0.role == .qaLead) && !$0.disabled }
    }
}
