import Calibration
import Evaluator
import Foundation
import QAModel
import Scoring
import Workspace

/// A blind calibration session as its pages show it: the calls, the assessors and how far each has got, the
/// reference, the deadline and where the session stands.
public struct CalibrationSessionInfo: Sendable {
    /// Where a session stands: open (assessors scoring, every answer sealed), revealed (answers side by side),
    /// closed (the answer key agreed).
    public enum State: String, Sendable {
        case open, revealed, closed

        /// The state in words.
        public var words: String {
            switch self {
            case .open: return "open: assessors are scoring; answers stay hidden until it is revealed"
            case .revealed: return "revealed: answers side by side"
            case .closed: return "closed: the answer key is agreed"
            }
        }
    }

    /// One assessor of the session.
    public struct Participant: Sendable, Hashable {
        public var personKey: String
        public var personID: Int64
        /// How many of the session's calls they have scored in it.
        public var scored: Int
        public var submittedAt: String?
    }

    public var id: Int64
    public var name: String
    public var templateRowID: Int64
    public var templateTitle: String
    public var templateVersion: String
    public var reference: CalibrationReference
    public var deadline: String?
    public var state: State
    public var openedBy: String
    public var openedAt: String
    public var revealedAt: String?
    public var calls: [String]
    public var participants: [Participant]
}

/// One call and criterion of a revealed session: every assessor's answer side by side, how much they
/// disagree, and the agreed answer once the QA lead has recorded it.
public struct CalibrationDisagreement: Sendable {
    public var call: String
    public var criterionID: String
    public var prompt: String
    /// (assessor, answer in words, answer as stored), by assessor.
    public var answers: [(assessor: String, words: String, value: String)]
    /// How many different answers were given.
    public var distinctAnswers: Int
    /// The share of assessors who gave the most common answer (1: all agree).
    public var modalShare: Double
    public var agreedAnswer: String?
    public var agreedNote: String?
}

/// What a revealed session shows: answers side by side ordered by disagreement, the agreement statistics and
/// each assessor's bias for the session (the calibration module's report), and who did not submit.
public struct CalibrationComparison: Sendable {
    public var info: CalibrationSessionInfo
    public var rows: [CalibrationDisagreement]
    public var report: CalibrationReport?
    /// Why there are no statistics (too few calls or assessors), in words.
    public var reportProblem: String?
}

/// One point of an assessor's calibration history: their bias in one revealed session.
public struct CalibrationHistoryPoint: Sendable {
    public var sessionID: Int64
    public var sessionName: String
    public var revealedAt: String
    public var calls: Int
    /// Their mean deviation from the session's reference, in points (positive: more lenient).
    public var meanDeviation: Double?
    public var withinToleranceShare: Double?
}

/// A problem with what a QA lead asked for, in words they can act on.
public struct CalibrationDeskError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Blind calibration sessions: a QA lead opens one (calls, assessors, the reference, a deadline); assessors score
/// the calls without seeing anyone else's answers — sealed by the server (`AccessPolicy.unsealed`) until the
/// session is revealed, which happens when the last assessor submits or when the lead reveals it; then answers
/// are compared side by side and the lead records the agreed answer per disputed criterion (the answer key).
/// Calibration evaluations never count in agent scores (their purpose is calibration).
public enum CalibrationDesk {
    /// What a QA lead asks for when opening a session.
    public struct Plan: Sendable {
        public var name: String
        public var templateRowID: Int64
        public var calls: [String]
        /// Assessors by person key (their id in the data).
        public var assessors: [String]
        public var reference: CalibrationReference
        public var deadline: CalendarDay?

        public init(name: String, templateRowID: Int64, calls: [String], assessors: [String],
                    reference: CalibrationReference, deadline: CalendarDay?) {
            self.name = name
            self.templateRowID = templateRowID
            self.calls = calls
            self.assessors = assessors
            self.reference = reference
            self.deadline = deadline
        }
    }

    /// Opens a session and tells each assessor; returns its id. Only a QA lead may.
    public static func open(_ plan: Plan, by account: Account, in workspace: Workspace) throws -> Int64 {
        guard account.role == .qaLead else { throw CalibrationDeskError("Only a QA lead can open a calibration session.") }
        let name = plan.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw CalibrationDeskError("Give the session a name (for example, the week it covers).") }
        let calls = unique(plan.calls.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        let assessors = unique(plan.assessors.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        guard !calls.isEmpty else { throw CalibrationDeskError("Choose at least one call to calibrate on.") }
        guard assessors.count >= 2 else { throw CalibrationDeskError("Choose at least two assessors: calibration compares them.") }
        if case .assessor(let expert) = plan.reference, !assessors.contains(expert) {
            throw CalibrationDeskError("The expert \(expert) must be one of the session's assessors: they score the calls too.")
        }
        let now = workspace.now()
        return try workspace.change { session -> Int64 in
            guard try session.first("SELECT 1 FROM templates WHERE id = ?", .integer(plan.templateRowID)) != nil else {
                throw CalibrationDeskError("That form is not in the workspace.")
            }
            var missingCalls: [String] = []
            for call in calls where try session.first("SELECT 1 FROM calls WHERE call_key = ?", .text(call)) == nil {
                missingCalls.append(call)
            }
            guard missingCalls.isEmpty else {
                throw CalibrationDeskError("These calls are not in the workspace: \(missingCalls.joined(separator: ", ")).")
            }
            var people: [(key: String, id: Int64)] = []
            for key in assessors {
                guard let id = try session.first("""
                    SELECT p.id FROM people p JOIN accounts a ON a.person_id = p.id
                    WHERE p.person_key = ? AND a.role IN ('assessor', 'qa-lead') AND a.disabled_at IS NULL
                    """, .text(key))?.integer(0) else {
                    throw CalibrationDeskError("\(key) has no assessor or QA lead account that can sign in to score.")
                }
                people.append((key, id))
            }
            var expertID: SQLValue = .null
            var referenceText = "consensus"
            if case .assessor(let expert) = plan.reference, let id = people.first(where: { $0.key == expert })?.id {
                expertID = .integer(id)
                referenceText = "expert"
            }
            try session.execute("""
                INSERT INTO calibration_sessions (name, template_id, reference, expert_id, deadline, state, opened_by, opened_at)
                VALUES (?, ?, ?, ?, ?, 'open', ?, ?)
                """, .text(name), .integer(plan.templateRowID), .text(referenceText), expertID,
                SQLValue(plan.deadline?.description), .text(account.username), .text(now.description))
            guard let id = try session.first("SELECT MAX(id) FROM calibration_sessions WHERE opened_by = ?",
                                             .text(account.username))?.integer(0) else {
                throw CalibrationDeskError("The session could not be stored.")
            }
            try session.insertMany(into: "calibration_session_calls", columns: ["session_id", "call_key"],
                                   rows: calls.map { [.integer(id), .text($0)] })
            try session.insertMany(into: "calibration_session_assessors", columns: ["session_id", "assessor_id"],
                                   rows: people.map { [.integer(id), .integer($0.id)] })
            try AuditLog.append(session, AuditEntry(
                at: now, actor: account.username, action: "calibration.opened", subject: "calibration-session:\(id)",
                details: "\(calls.count) calls, \(people.count) assessors, reference \(referenceText)"
                    + (plan.deadline.map { ", deadline \($0)" } ?? "")))
            for person in people {
                try Notifications.send(session, toPerson: person.id, kind: .calibration, subject: "calibration-session:\(id)",
                                       message: "You are in the calibration session “\(name)”: \(calls.count) "
                                           + (calls.count == 1 ? "call" : "calls") + " to score on your own"
                                           + (plan.deadline.map { " by \($0)" } ?? "") + ".",
                                       link: "/calibration/\(id)", at: now)
            }
            return id
        }
    }

    /// The sessions `account` may see: a QA lead every one, an assessor those they are in; nobody else any.
    public static func list(visibleTo account: Account, _ session: SQLSession) throws -> [CalibrationSessionInfo] {
        let ids: [Int64]
        switch account.role {
        case .qaLead:
            ids = try session.query("SELECT id FROM calibration_sessions ORDER BY id DESC").compactMap { $0.integer(0) }
        case .assessor:
            ids = try session.query("""
                SELECT session_id FROM calibration_session_assessors WHERE assessor_id = ? ORDER BY session_id DESC
                """, .integer(account.personID)).compactMap { $0.integer(0) }
        default:
            ids = []
        }
        return try ids.compactMap { try info($0, session) }
    }

    /// One session, when `account` may see it (a QA lead, or one of its assessors); nil otherwise.
    public static func session(_ id: Int64, visibleTo account: Account, _ session: SQLSession) throws -> CalibrationSessionInfo? {
        guard let info = try info(id, session) else { return nil }
        switch account.role {
        case .qaLead: return info
        case .assessor: return info.participants.contains { $0.personID == account.personID } ? info : nil
        default: return nil
        }
    }

    static func info(_ id: Int64, _ session: SQLSession) throws -> CalibrationSessionInfo? {
        guard let row = try session.first("""
            SELECT s.name, s.template_id, t.title, t.version, s.reference, x.person_key, s.deadline, s.state, s.opened_by,
                   s.opened_at, s.revealed_at
            FROM calibration_sessions s JOIN templates t ON t.id = s.template_id LEFT JOIN people x ON x.id = s.expert_id
            WHERE s.id = ?
            """, .integer(id)), let templateRowID = row.integer(1),
            let state = row.text(7).flatMap(CalibrationSessionInfo.State.init(rawValue:)) else { return nil }
        let calls = try session.query("SELECT call_key FROM calibration_session_calls WHERE session_id = ? ORDER BY call_key",
                                      .integer(id)).compactMap { $0.text(0) }
        let participants = try session.query("""
            SELECT p.person_key, p.id, a.submitted_at,
                   (SELECT COUNT(*) FROM evaluations e WHERE e.calibration_session_id = a.session_id AND e.assessor_id = p.id)
            FROM calibration_session_assessors a JOIN people p ON p.id = a.assessor_id
            WHERE a.session_id = ? ORDER BY p.person_key
            """, .integer(id)).compactMap { row -> CalibrationSessionInfo.Participant? in
            guard let key = row.text(0), let personID = row.integer(1) else { return nil }
            return .init(personKey: key, personID: personID, scored: Int(row.integer(3) ?? 0), submittedAt: row.text(2))
        }
        let reference: CalibrationReference = row.text(4) == "expert" ? .assessor(row.text(5) ?? "") : .consensus
        return CalibrationSessionInfo(
            id: id, name: row.text(0) ?? "", templateRowID: templateRowID, templateTitle: row.text(2) ?? "",
            templateVersion: row.text(3) ?? "", reference: reference, deadline: row.text(6), state: state,
            openedBy: row.text(8) ?? "", openedAt: row.text(9) ?? "", revealedAt: row.text(10), calls: calls,
            participants: participants)
    }

    /// The template `account` scores `call` with in session `id`, when they may score it there now: the session
    /// is open, they are one of its assessors, the call is one of its calls, and they have not scored it in it.
    static func scorableTemplate(session id: Int64, call: String, for account: Account,
                                 _ session: SQLSession) throws -> Int64? {
        guard account.role == .assessor || account.role == .qaLead else { return nil }
        return try session.first("""
            SELECT s.template_id FROM calibration_sessions s
            JOIN calibration_session_assessors a ON a.session_id = s.id AND a.assessor_id = ?
            JOIN calibration_session_calls c ON c.session_id = s.id AND c.call_key = ?
            WHERE s.id = ? AND s.state = 'open' AND a.submitted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.calibration_session_id = s.id AND e.call_key = c.call_key
                              AND e.assessor_id = a.assessor_id)
            """, .integer(account.personID), .text(call), .integer(id))?.integer(0)
    }

    /// Links a just-stored calibration evaluation to its session; when the assessor has now scored every call
    /// of it they have submitted, and when every assessor has, the session is revealed.
    static func recordSubmission(_ evaluationKey: String, session id: Int64, by account: Account, at now: Timestamp,
                                 _ session: SQLSession) throws {
        try session.execute("UPDATE evaluations SET calibration_session_id = ? WHERE evaluation_key = ?",
                            .integer(id), .text(evaluationKey))
        try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "calibration.scored",
                                                subject: "calibration-session:\(id)", details: "evaluation \(evaluationKey)"))
        let remaining = try session.first("""
            SELECT COUNT(*) FROM calibration_session_calls c WHERE c.session_id = ?
              AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.calibration_session_id = c.session_id
                              AND e.call_key = c.call_key AND e.assessor_id = ?)
            """, .integer(id), .integer(account.personID))?.integer(0) ?? 1
        guard remaining == 0 else { return }
        try session.execute("UPDATE calibration_session_assessors SET submitted_at = ? WHERE session_id = ? AND assessor_id = ?",
                            .text(now.description), .integer(id), .integer(account.personID))
        try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "calibration.submitted",
                                                subject: "calibration-session:\(id)"))
        let waiting = try session.first("""
            SELECT COUNT(*) FROM calibration_session_assessors WHERE session_id = ? AND submitted_at IS NULL
            """, .integer(id))?.integer(0) ?? 1
        if waiting == 0 { try reveal(id, actor: "qa (every assessor submitted)", at: now, session) }
    }

    /// Reveals an open session now (a QA lead: at the deadline, or without waiting for everyone); assessors who
    /// had not submitted can no longer score in it. False when `account` may not or it is not open.
    public static func reveal(_ id: Int64, by account: Account, in workspace: Workspace) throws -> Bool {
        guard account.role == .qaLead else { return false }
        let now = workspace.now()
        return try workspace.change { session in
            guard try session.first("SELECT 1 FROM calibration_sessions WHERE id = ? AND state = 'open'", .integer(id)) != nil
            else { return false }
            try reveal(id, actor: account.username, at: now, session)
            return true
        }
    }

    private static func reveal(_ id: Int64, actor: String, at now: Timestamp, _ session: SQLSession) throws {
        try session.execute("UPDATE calibration_sessions SET state = 'revealed', revealed_at = ? WHERE id = ? AND state = 'open'",
                            .text(now.description), .integer(id))
        try AuditLog.append(session, AuditEntry(at: now, actor: actor, action: "calibration.revealed",
                                                subject: "calibration-session:\(id)"))
        let name = try session.first("SELECT name FROM calibration_sessions WHERE id = ?", .integer(id))?.text(0) ?? ""
        for row in try session.query("SELECT assessor_id FROM calibration_session_assessors WHERE session_id = ?", .integer(id)) {
            guard let person = row.integer(0) else { continue }
            try Notifications.send(session, toPerson: person, kind: .calibration, subject: "calibration-session:\(id)",
                                   message: "The calibration session “\(name)” is revealed: see everyone's answers side by side.",
                                   link: "/calibration/\(id)", at: now)
        }
    }

    /// A revealed or closed session's answers side by side (most disagreement first), its statistics and each
    /// assessor's bias. Nil when `account` may not see it or it is still open (sealed).
    public static func comparison(_ id: Int64, visibleTo account: Account, templates: TemplateCache,
                                  _ session: SQLSession) throws -> CalibrationComparison? {
        guard let info = try self.session(id, visibleTo: account, session), info.state != .open else { return nil }
        let (stored, plan) = try templates.template(info.templateRowID, session)
        var scored: [ScoredEvaluation] = []
        var byCall: [String: [(String, Evaluation)]] = [:]
        try VisibleEvaluations.forEachScored(where: "e.calibration_session_id = ?", [.integer(id)], templates: templates,
                                             session) { item in
            byCall[item.record.callID, default: []].append((item.record.assessorID, item.record))
            if let score = item.score { scored.append(ScoredEvaluation(evaluation: item.record, score: score)) }
        }
        var agreed: [String: (String, String?)] = [:]
        for row in try session.query("""
            SELECT call_key, criterion_id, agreed_answer, note FROM calibration_answer_key WHERE session_id = ?
            """, .integer(id)) {
            agreed["\(row.text(0) ?? "")\u{1}\(row.text(1) ?? "")"] = (row.text(2) ?? "", row.text(3))
        }
        var rows: [CalibrationDisagreement] = []
        for call in info.calls {
            let scores = (byCall[call] ?? []).sorted { $0.0 < $1.0 }
            guard scores.count >= 2 else { continue }
            for section in stored.scorecard.sections {
                for criterion in section.criteria {
                    let reader = AnswerReader(criterion, in: section)
                    var answers: [(assessor: String, words: String, value: String)] = []
                    for (assessor, record) in scores {
                        let value = record.answers[criterion.id]
                        let sectionNA = record.answers[Evaluation.sectionKey(section.id)] != nil
                        answers.append((assessor, value.map(reader.display) ?? (sectionNA ? "N/A (section)" : "not asked"),
                                        value?.description ?? (sectionNA ? "na" : "")))
                    }
                    var counts: [String: Int] = [:]
                    for answer in answers { counts[answer.value, default: 0] += 1 }
                    let modal = counts.values.max() ?? 0
                    let key = agreed["\(call)\u{1}\(criterion.id)"]
                    rows.append(CalibrationDisagreement(
                        call: call, criterionID: criterion.id, prompt: criterion.prompt, answers: answers,
                        distinctAnswers: counts.count, modalShare: Double(modal) / Double(max(answers.count, 1)),
                        agreedAnswer: key?.0, agreedNote: key?.1))
                }
            }
        }
        // Most disagreement first: the lowest share on the most common answer, then the most different answers.
        rows.sort {
            ($0.modalShare, -$0.distinctAnswers, $0.call, $0.criterionID)
                < ($1.modalShare, -$1.distinctAnswers, $1.call, $1.criterionID)
        }
        var comparison = CalibrationComparison(info: info, rows: rows, report: nil, reportProblem: nil)
        do {
            comparison.report = try CalibrationSession(plan: plan, reference: info.reference).analyze(scored)
        } catch {
            comparison.reportProblem = error.message
        }
        return comparison
    }

    /// Records the agreed answer (and a note) for one criterion of one call of a revealed session: the session's
    /// answer key. Only a QA lead; false when the session is not revealed or the call or criterion is not in it.
    public static func recordAgreedAnswer(session id: Int64, call: String, criterion: String, answer: String,
                                          note: String?, by account: Account, templates: TemplateCache,
                                          in workspace: Workspace) throws -> Bool {
        guard account.role == .qaLead else { return false }
        let answer = answer.trimmingCharacters(in: .whitespaces)
        guard !answer.isEmpty else { throw CalibrationDeskError("Choose the agreed answer.") }
        let now = workspace.now()
        return try workspace.change { session in
            guard let info = try self.session(id, visibleTo: account, session), info.state == .revealed,
                  info.calls.contains(call) else { return false }
            let (stored, _) = try templates.template(info.templateRowID, session)
            guard stored.scorecard.criterion(criterion) != nil else { return false }
            try session.execute("DELETE FROM calibration_answer_key WHERE session_id = ? AND call_key = ? AND criterion_id = ?",
                                .integer(id), .text(call), .text(criterion))
            try session.execute("""
                INSERT INTO calibration_answer_key (session_id, call_key, criterion_id, agreed_answer, note, decided_by, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, .integer(id), .text(call), .text(criterion), .text(answer),
                SQLValue(note.flatMap { $0.isEmpty ? nil : $0 }), .text(account.username), .text(now.description))
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "calibration.key-recorded",
                                                    subject: "calibration-session:\(id)",
                                                    details: "call \(call), criterion \(criterion)"))
            return true
        }
    }

    /// Closes a revealed session: its answer key is final. Only a QA lead.
    public static func close(_ id: Int64, by account: Account, in workspace: Workspace) throws -> Bool {
        guard account.role == .qaLead else { return false }
        let now = workspace.now()
        return try workspace.change { session in
            guard try session.first("SELECT 1 FROM calibration_sessions WHERE id = ? AND state = 'revealed'", .integer(id)) != nil
            else { return false }
            try session.execute("UPDATE calibration_sessions SET state = 'closed', closed_at = ? WHERE id = ?",
                                .text(now.description), .integer(id))
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "calibration.closed",
                                                    subject: "calibration-session:\(id)"))
            return true
        }
    }

    /// An assessor's calibration history: their bias in each revealed or closed session they were in, oldest
    /// first. A QA lead may see anyone's; an assessor only their own; nobody else any (nil).
    public static func history(of personKey: String, visibleTo account: Account, templates: TemplateCache,
                               _ session: SQLSession) throws -> [CalibrationHistoryPoint]? {
        guard account.role == .qaLead || (account.role == .assessor && account.personKey == personKey) else { return nil }
        guard let personID = try session.first("SELECT id FROM people WHERE person_key = ?", .text(personKey))?.integer(0)
        else { return account.role == .qaLead ? nil : [] }
        let sessions = try session.query("""
            SELECT s.id FROM calibration_sessions s JOIN calibration_session_assessors a ON a.session_id = s.id
            WHERE a.assessor_id = ? AND s.state <> 'open' ORDER BY s.revealed_at, s.id
            """, .integer(personID)).compactMap { $0.integer(0) }
        let lead = Account(id: 0, username: account.username, role: .qaLead, team: nil, personKey: account.personKey,
                           personID: account.personID, disabled: false)
        return try sessions.compactMap { id -> CalibrationHistoryPoint? in
            guard let comparison = try comparison(id, visibleTo: lead, templates: templates, session) else { return nil }
            let mine = comparison.report?.assessors.first { $0.assessor == personKey }
            return CalibrationHistoryPoint(
                sessionID: id, sessionName: comparison.info.name, revealedAt: comparison.info.revealedAt ?? "",
                calls: mine?.calls ?? 0, meanDeviation: mine?.meanDeviation, withinToleranceShare: mine?.withinToleranceShare)
        }
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
