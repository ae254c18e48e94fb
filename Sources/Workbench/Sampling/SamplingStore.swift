import Foundation
import QAModel
import Workspace

/// A problem with a sampling policy or a queue action the person can act on (an unknown assessor, a template
/// that is not there, an assignment that is not theirs).
public struct SamplingError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    /// A short code for the kind of problem (pages word it from the code): `not-open`, `not-claimed`,
    /// `not-waiting`, `by-hand`, `reason-missing`, `reason-long`; nil for the others.
    public var code: String?
    public init(_ message: String, code: String? = nil) {
        self.message = message
        self.code = code
    }
    public var description: String { message }
}

/// What a draw would give, before (or as) it is recorded: the seed, the candidates, the draw and its plan.
public struct SamplingPreview: Sendable {
    public var policy: SamplingPolicy
    public var filter: SamplingFilter
    public var seed: UInt64
    public var candidateCount: Int
    /// SHA-256 of the candidates' call keys in order, one a line: the same calls give the same fingerprint.
    public var candidateFingerprint: String
    public var draw: SamplingDraw
    public var plan: SamplingPlan
    /// The day the calls are due (nil when the policy has no due date).
    public var dueOn: CalendarDay?
    /// Assessors named who have no account to be told in (they still get the calls).
    public var withoutAccount: [String]
}

/// A recorded draw: its run id and what was drawn.
public struct SamplingRunResult: Sendable {
    public var runID: Int64
    public var preview: SamplingPreview
}

/// The filter as recorded with a run: the filter, and how many calls it admitted with their fingerprint, so an
/// auditor can check that a repeat draw starts from the same calls.
struct RecordedFilter: Codable {
    var filter: SamplingFilter
    var candidates: Int
    var candidatesSHA256: String
    var excluded: String
}

/// Sampling in the workspace: reading the candidates and history, recording a run with its assignments, audit
/// entries and notifications in one change.
public enum SamplingStore {
    /// Calls already waiting in someone's queue (open or claimed) are not drawn again.
    static let excludedNote = "calls with an open or claimed assignment at the time of the draw"

    /// The template version `spec` names: `ID` (its newest version) or `ID@VERSION`; or a row id as digits.
    public static func template(_ spec: String, _ session: SQLSession) throws -> (rowID: Int64, id: String, version: String)? {
        let list = try TemplateStore.list(session)
        if let row = Int64(spec), let found = list.first(where: { $0.rowID == row }) {
            return (found.rowID, found.scorecardID, found.version)
        }
        let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
        guard let id = parts.first else { return nil }
        let versions = list.filter { $0.scorecardID == id }
        let chosen = parts.count == 2 ? versions.first { $0.version == parts[1] } : versions.last
        return chosen.map { ($0.rowID, $0.scorecardID, $0.version) }
    }

    /// The assessors named (account usernames, else person ids in the data), in the order given, each once.
    public static func assessors(_ names: [String], _ session: SQLSession) throws -> (assessors: [SamplingAssessor], withoutAccount: [String]) {
        var result: [SamplingAssessor] = []
        var withoutAccount: [String] = []
        func add(_ assessor: SamplingAssessor) {
            // The same person named twice (by account and by person id) is one assessor.
            if !result.contains(where: { $0.personID == assessor.personID }) { result.append(assessor) }
        }
        for name in names where !result.contains(where: { $0.name == name }) {
            if let account = try AccountStore.find(username: name, session) {
                guard !account.disabled, account.role == .assessor || account.role == .qaLead else {
                    throw SamplingError("\(name) cannot be given calls to score: the account is "
                        + (account.disabled ? "disabled" : "a \(account.role.title.lowercased())'s, not an assessor's or QA lead's"))
                }
                add(SamplingAssessor(personID: account.personID, name: name))
            } else if let person = try session.first("SELECT id FROM people WHERE person_key = ?", .text(name))?.integer(0) {
                if try session.first("SELECT 1 FROM accounts WHERE person_id = ?", .integer(person)) == nil {
                    withoutAccount.append(name)
                }
                add(SamplingAssessor(personID: person, name: name))
            } else {
                throw SamplingError("there is no assessor '\(name)': name an account (qa user list) or a person id in the data")
            }
        }
        return (result, withoutAccount)
    }

    /// The calls the filter admits, in call-key order, leaving out those already in an open or claimed assignment.
    public static func candidates(_ filter: SamplingFilter, _ session: SQLSession) throws -> [SamplingCandidate] {
        var sql = """
            SELECT c.call_key, c.agent_id, p.person_key, c.team, c.call_date, c.queue, c.direction, c.duration_seconds,
                CASE WHEN EXISTS (SELECT 1 FROM evaluations e WHERE e.call_key = c.call_key AND e.purpose = 'official')
                    THEN 1 ELSE 0 END
            FROM calls c JOIN people p ON p.id = c.agent_id
            WHERE c.call_date >= ? AND c.call_date < ?
              AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.call_key = c.call_key AND a.state IN ('open', 'claimed'))
            """
        var bindings: [SQLValue] = [.text(filter.from.description), .text(filter.to.adding(days: 1).description)]
        if let team = filter.team { sql += " AND c.team = ?"; bindings.append(.text(team)) }
        if let queue = filter.queue { sql += " AND c.queue = ?"; bindings.append(.text(queue)) }
        if let direction = filter.direction { sql += " AND c.direction = ?"; bindings.append(.text(direction)) }
        if let low = filter.minDurationSeconds { sql += " AND c.duration_seconds >= ?"; bindings.append(.integer(Int64(low))) }
        if let high = filter.maxDurationSeconds { sql += " AND c.duration_seconds <= ?"; bindings.append(.integer(Int64(high))) }
        if filter.notEvaluated {
            sql += " AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.call_key = c.call_key AND e.purpose = 'official')"
        }
        sql += " ORDER BY c.call_key"
        return try session.query(sql, bindings).compactMap(candidate)
    }

    static func candidate(_ row: SQLRow) -> SamplingCandidate? {
        guard let key = row.text(0), let agent = row.integer(1), let agentKey = row.text(2), let date = row.text(4) else {
            return nil
        }
        let evaluated = (row.integer(8) ?? 0) != 0
        return SamplingCandidate(callKey: key, agentID: agent, agentKey: agentKey, team: row.text(3), callDate: date,
                                 queue: row.text(5), direction: row.text(6), durationSeconds: row.integer(7).map { Int($0) },
                                 evaluatedOfficially: evaluated)
    }

    /// The margins' assumptions from the template version's official evaluations.
    public static func assumptions(template rowID: Int64, _ session: SQLSession) throws -> SamplingAssumptions {
        let rows = try session.query("""
            SELECT p.person_key, r.total_score, r.passed FROM evaluations e
            JOIN people p ON p.id = e.agent_id
            JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.current_revision
            WHERE e.template_id = ? AND e.purpose = 'official'
            ORDER BY e.id
            """, .integer(rowID))
        return SamplingAssumptions(history: rows.map { ($0.text(0) ?? "", $0.real(1), ($0.integer(2) ?? 0) != 0) })
    }

    /// What the policy would draw now with `seed`, read in `session` (nothing is written).
    public static func preview(_ policy: SamplingPolicy, filter: SamplingFilter, seed: UInt64, today: CalendarDay,
                               _ session: SQLSession) throws -> SamplingPreview {
        if let problem = filter.problem ?? policy.quota.problem { throw SamplingError(problem) }
        guard !policy.assessors.isEmpty else { throw SamplingError("name at least one assessor to give the calls to") }
        guard try session.first("SELECT 1 FROM templates WHERE id = ?", .integer(policy.templateRowID)) != nil else {
            throw SamplingError("there is no such form version in the workspace")
        }
        let (assessors, withoutAccount) = try Self.assessors(policy.assessors, session)
        let candidates = try Self.candidates(filter, session)
        let draw = SamplingDraw(candidates: candidates, quota: policy.quota, assessors: assessors, seed: seed)
        let assumptions = try Self.assumptions(template: policy.templateRowID, session)
        let fingerprint = Hashing.sha256(candidates.map(\.callKey).joined(separator: "\n"))
        return SamplingPreview(policy: policy, filter: filter, seed: seed, candidateCount: candidates.count,
                               candidateFingerprint: fingerprint, draw: draw,
                               plan: SamplingPlan(draw: draw, precision: policy.precision, assumptions: assumptions),
                               dueOn: policy.due?.day(drawnOn: today), withoutAccount: withoutAccount)
    }

    /// A fresh seed from the system's random source (printed and recorded, so the draw can be repeated).
    public static func newSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next() >> 11
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Draws and records the run: the policy, the filter, the seed, who drew it and when; one open assignment per
    /// drawn call; audit entries; one notification per assessor — all in one change. Nothing is recorded when
    /// nothing is drawn.
    public static func draw(_ policy: SamplingPolicy, filter: SamplingFilter, seed: UInt64, by actor: String,
                            in workspace: Workspace) throws -> SamplingRunResult {
        let now = workspace.now()
        return try workspace.change { session -> SamplingRunResult in
            let preview = try Self.preview(policy, filter: filter, seed: seed, today: now.day, session)
            guard !preview.draw.drawn.isEmpty else {
                throw SamplingError(preview.candidateCount == 0
                    ? "no call matches the filter in that period (or every one is already waiting in a queue); nothing was drawn"
                    : "no drawn call could be given to an assessor; nothing was drawn")
            }
            let recorded = RecordedFilter(filter: filter, candidates: preview.candidateCount,
                                          candidatesSHA256: preview.candidateFingerprint, excluded: excludedNote)
            try session.execute("""
                INSERT INTO sampling_runs (policy, filter, seed, drawn_by, drawn_at) VALUES (?, ?, ?, ?, ?)
                """, .text(try json(policy)), .text(try json(recorded)), .text(String(seed)), .text(actor),
                .text(now.description))
            guard let runID = try session.first("SELECT MAX(id) FROM sampling_runs")?.integer(0) else {
                throw WorkspaceError("the sampling run could not be recorded")
            }
            let due = preview.dueOn.map { SQLValue.text($0.description) } ?? .null
            try session.insertMany(into: "assignments",
                                   columns: ["sampling_run_id", "call_key", "assessor_id", "template_id", "due_on", "state", "created_at"],
                                   rows: preview.draw.drawn.map { drawn in
                                       [.integer(runID), .text(drawn.call.callKey), .integer(drawn.assessor.personID),
                                        .integer(policy.templateRowID), due, .text("open"), .text(now.description)]
                                   })
            var entries = [AuditEntry(at: now, actor: actor, action: "sampling.drawn", subject: "sampling-run:\(runID)",
                                      details: "seed \(seed); \(preview.draw.drawn.count) of \(preview.candidateCount) calls; "
                                          + "\(policy.quota.description); form \(policy.scorecardID) \(policy.scorecardVersion)")]
            for drawn in preview.draw.drawn {
                entries.append(AuditEntry(at: now, actor: actor, action: "assignment.added", subject: "call:\(drawn.call.callKey)",
                                          details: "run \(runID), to \(drawn.assessor.name)" + (preview.dueOn.map { ", due \($0)" } ?? "")))
            }
            try AuditLog.append(session, entries)
            var perAssessor: [Int64: Int] = [:]
            for drawn in preview.draw.drawn { perAssessor[drawn.assessor.personID, default: 0] += 1 }
            for (person, count) in perAssessor.sorted(by: { $0.key < $1.key }) {
                try Notifications.send(session, toPerson: person, kind: .assigned, subject: "sampling-run:\(runID)",
                                       message: "\(count) call\(count == 1 ? " was" : "s were") assigned to you to score"
                                           + (preview.dueOn.map { ", due \($0)." } ?? "."),
                                       link: "/queue", at: now)
            }
            return SamplingRunResult(runID: runID, preview: preview)
        }
    }
}
