import QAModel
import Workspace

/// Releasing an evaluation to its agent, now or on a date, cancelling a scheduled release, and the agent's
/// acknowledgement. A release on a date sets `release_at` and `released_at` to that moment, so the agent and team
/// leader see the evaluation from then (`AccessPolicy.evaluationScope`); the agent's notification is created with
/// that moment too, and the notification list shows only those whose time has come.
public enum ReleaseDesk {
    /// Whether `account` may release (or schedule, or cancel the release of) the evaluation: a QA lead, or the
    /// assessor who scored it; official evaluations only.
    static func mayRelease(_ account: Account, _ facts: EvaluationFacts) -> Bool {
        AccessPolicy.mayRelease(account, assessorID: facts.assessorID, purpose: facts.purpose)
    }

    /// Whether `account` may release evaluation `key` (for showing the release form).
    public static func mayRelease(_ key: String, by account: Account, _ session: SQLSession) throws -> Bool {
        guard let facts = try EvaluationFacts.load(key, session) else { return false }
        return mayRelease(account, facts)
    }

    /// The moment a typed release date means: a day (`2026-12-24`, at 00:00 UTC of that day) or a timestamp
    /// with its time zone. Nil when it is neither.
    public static func moment(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingSpaces
        if let day = CalendarDay(trimmed) { return Timestamp(secondsSinceEpoch: day.daysSinceEpoch * 86_400) }
        if let t = Timestamp(trimmed) { return Timestamp(secondsSinceEpoch: t.secondsSinceEpoch) }
        return nil
    }

    /// Releases evaluation `key` to its agent at `on` (nil, or a moment not after now: now). Returns the moment
    /// it is released at, or nil when `account` may not see or release it ("not found"). Refused (with the
    /// reason) when it has already reached the agent. A scheduled release can be moved to another moment.
    @discardableResult
    public static func release(_ key: String, on: Timestamp? = nil, by account: Account,
                               in workspace: Workspace) throws -> Timestamp? {
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Timestamp? in
            guard try Listings.evaluation(key, visibleTo: account, now: now, session) != nil,
                  let facts = try EvaluationFacts.load(key, session), mayRelease(account, facts) else { return nil }
            if facts.isReleased(by: now), let at = facts.releasedAt {
                throw WorkflowRefusal("This evaluation was already released to the agent on \(WorkflowText.moment(at)).")
            }
            let moment = on.map { $0 > now ? Timestamp(secondsSinceEpoch: $0.secondsSinceEpoch) : now } ?? now
            let scheduled = moment > now
            // A release scheduled before and now moved: its notification (not yet shown) goes with it.
            try session.execute("DELETE FROM notifications WHERE subject = ? AND kind = 'released' AND created_at > ?",
                                .text(facts.subject), .text(now.description))
            try session.execute("""
                UPDATE evaluations SET release_at = ?, released_at = ?, status = 'released', updated_at = ?
                WHERE id = ?
                """, .text(moment.description), .text(moment.description), .text(now.description),
                .integer(facts.rowID))
            try AuditLog.append(session, AuditEntry(
                at: now, actor: account.username, action: scheduled ? "evaluation.release-scheduled" : "evaluation.released",
                subject: facts.subject, details: scheduled ? "on \(moment)" : ""))
            try notifyReleased(facts, at: moment, session)
            return moment
        }
    }

    /// Tells the agent that the evaluation was released (at `moment`, which may be in the future: the list shows
    /// it from then).
    static func notifyReleased(_ facts: EvaluationFacts, at moment: Timestamp, _ session: SQLSession) throws {
        try Notifications.send(session, toPerson: facts.agentID, kind: .released, subject: facts.subject,
                               message: "An evaluation of your call \(facts.callKey) has been released to you.",
                               link: facts.link, at: moment)
    }

    /// Cancels a release scheduled for later (before it happens). False when `account` may not see or release
    /// the evaluation; refused when nothing is scheduled or it has already reached the agent.
    public static func cancel(_ key: String, by account: Account, in workspace: Workspace) throws -> Bool {
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Bool in
            guard try Listings.evaluation(key, visibleTo: account, now: now, session) != nil,
                  let facts = try EvaluationFacts.load(key, session), mayRelease(account, facts) else { return false }
            guard let at = facts.releasedAt else {
                throw WorkflowRefusal("No release of this evaluation is scheduled.")
            }
            if facts.isReleased(by: now) {
                throw WorkflowRefusal("This evaluation was already released to the agent on \(WorkflowText.moment(at)); "
                    + "a release cannot be taken back.")
            }
            try session.execute("""
                UPDATE evaluations SET release_at = NULL, released_at = NULL, status = 'submitted', updated_at = ?
                WHERE id = ?
                """, .text(now.description), .integer(facts.rowID))
            try session.execute("DELETE FROM notifications WHERE subject = ? AND kind = 'released' AND created_at > ?",
                                .text(facts.subject), .text(now.description))
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "evaluation.release-cancelled",
                                                    subject: facts.subject, details: "was on \(at)"))
            return true
        }
    }

    /// The agent acknowledges their released evaluation. False when `account` is not the evaluation's agent or
    /// it has not reached them; refused when already acknowledged or while a dispute of it is open.
    public static func acknowledge(_ key: String, by account: Account, in workspace: Workspace) throws -> Bool {
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Bool in
            guard try Listings.evaluation(key, visibleTo: account, now: now, session) != nil,
                  let facts = try EvaluationFacts.load(key, session),
                  AccessPolicy.mayAcknowledgeOrDispute(account, agentID: facts.agentID, purpose: facts.purpose),
                  facts.isReleased(by: now) else { return false }
            if let at = facts.acknowledgedAt {
                throw WorkflowRefusal("You acknowledged this evaluation on \(WorkflowText.moment(at)).")
            }
            if try DisputeDesk.openDispute(facts.rowID, session) != nil {
                throw WorkflowRefusal("Your dispute of this evaluation is still open; you can acknowledge the evaluation "
                    + "once it is resolved.")
            }
            try session.execute("""
                UPDATE evaluations SET acknowledged_at = ?, status = 'acknowledged', updated_at = ? WHERE id = ?
                """, .text(now.description), .text(now.description), .integer(facts.rowID))
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "evaluation.acknowledged",
                                                    subject: facts.subject))
            return true
        }
    }
}
