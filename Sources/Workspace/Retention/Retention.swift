import QAModel

/// The workspace's retention policy: evaluations of calls older than `months` months are pseudonymised (their
/// agent and assessor replaced by stable pseudonyms) or purged (removed with their revisions, disputes and
/// drafts). Kept in `settings` (`retention.months`, `retention.action`), with the last run beside it.
public struct RetentionPolicy: Sendable, Equatable {
    /// What happens to evaluations past the cutoff.
    public enum Action: String, Sendable, CaseIterable {
        case pseudonymise
        case purge
    }

    public var months: Int
    public var action: Action

    public init(months: Int, action: Action) {
        self.months = months
        self.action = action
    }

    /// The policy in words: "evaluations of calls older than 24 months are purged".
    public var words: String {
        "evaluations of calls older than \(months) month\(months == 1 ? "" : "s") are "
            + (action == .purge ? "purged (removed with their revisions, disputes and drafts)"
                                : "pseudonymised (agent and assessor replaced by stable pseudonyms)")
    }

    /// The first call date kept: `today` minus `months` months (the day clamped to the month's length).
    public func cutoff(today: CalendarDay) -> CalendarDay {
        let (year, month, day) = today.components
        let total = year * 12 + (month - 1) - months
        let y = total / 12
        let m = total % 12 + 1
        let d = min(day, CalendarDay.daysIn(month: m, year: y))
        return CalendarDay(year: y, month: m, day: d) ?? today
    }
}

/// What one run of the policy did (or, dry, would do): counts only, never who.
public struct RetentionOutcome: Sendable, Equatable {
    public var policy: RetentionPolicy
    public var cutoff: CalendarDay
    public var evaluations = 0
    public var revisions = 0
    public var disputes = 0
    public var drafts = 0
    public var calls = 0
    public var people = 0
    public var dryRun = false

    /// The outcome in words, without any personal data.
    public var words: String {
        let verb = dryRun ? "would be" : "were"
        switch policy.action {
        case .purge:
            return "\(evaluations) evaluation\(evaluations == 1 ? "" : "s") of calls before \(cutoff) \(verb) purged "
                + "(\(revisions) revision\(revisions == 1 ? "" : "s"), \(disputes) dispute\(disputes == 1 ? "" : "s"), "
                + "\(drafts) draft\(drafts == 1 ? "" : "s"))"
        case .pseudonymise:
            return "\(evaluations) evaluation\(evaluations == 1 ? "" : "s") and \(calls) call\(calls == 1 ? "" : "s") "
                + "before \(cutoff) \(verb) pseudonymised (\(people) \(people == 1 ? "person" : "people") replaced by "
                + "pseudonyms)"
        }
    }
}

/// The last run of the policy, as kept in `settings`.
public struct RetentionRun: Sendable, Equatable {
    public var at: String
    public var by: String
    public var summary: String
}

/// Reading, setting and running the retention policy. Every change is audited (counts only).
public enum Retention {
    static let monthsKey = "retention.months"
    static let actionKey = "retention.action"
    static let lastRunAtKey = "retention.last_run_at"
    static let lastRunByKey = "retention.last_run_by"
    static let lastRunSummaryKey = "retention.last_run_summary"

    /// The longest policy accepted (100 years).
    public static let maximumMonths = 1200

    public static func policy(_ session: SQLSession) throws -> RetentionPolicy? {
        guard let months = try WorkspaceSettings.value(monthsKey, session).flatMap({ Int($0) }),
              let action = try WorkspaceSettings.value(actionKey, session).flatMap(RetentionPolicy.Action.init)
        else { return nil }
        return RetentionPolicy(months: months, action: action)
    }

    public static func lastRun(_ session: SQLSession) throws -> RetentionRun? {
        guard let at = try WorkspaceSettings.value(lastRunAtKey, session) else { return nil }
        return RetentionRun(at: at, by: try WorkspaceSettings.value(lastRunByKey, session) ?? "",
                            summary: try WorkspaceSettings.value(lastRunSummaryKey, session) ?? "")
    }

    /// Sets the policy (audited as `settings.changed`).
    public static func set(_ policy: RetentionPolicy, in workspace: Workspace, session: SQLSession) throws {
        guard (1...maximumMonths).contains(policy.months) else {
            throw WorkspaceError("the retention period must be between 1 and \(maximumMonths) months")
        }
        try WorkspaceSettings.set(monthsKey, String(policy.months), session)
        try WorkspaceSettings.set(actionKey, policy.action.rawValue, session)
        try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: workspace.actor, action: "settings.changed",
                                                subject: "retention policy",
                                                details: "\(policy.months) months, \(policy.action.rawValue)"))
    }

    /// Runs the policy (or, with `dryRun`, counts what it would do and changes nothing). Throws when no policy is
    /// set.
    public static func run(in workspace: Workspace, session: SQLSession, dryRun: Bool) throws -> RetentionOutcome {
        guard let policy = try policy(session) else {
            throw WorkspaceError("no retention policy is set; set one with 'qa retention set --months N --action "
                + "pseudonymise|purge'")
        }
        let today = workspace.now().day
        let cutoff = policy.cutoff(today: today)
        var outcome = RetentionOutcome(policy: policy, cutoff: cutoff, dryRun: dryRun)
        switch policy.action {
        case .purge: try purge(cutoff, &outcome, session)
        case .pseudonymise: try pseudonymise(cutoff, &outcome, workspace: workspace, session: session)
        }
        guard !dryRun else { return outcome }
        try WorkspaceSettings.set(lastRunAtKey, workspace.now().description, session)
        try WorkspaceSettings.set(lastRunByKey, workspace.actor, session)
        try WorkspaceSettings.set(lastRunSummaryKey, outcome.words, session)
        try AuditLog.append(session, AuditEntry(
            at: workspace.now(), actor: workspace.actor,
            action: policy.action == .purge ? "retention.purged" : "retention.pseudonymised",
            subject: "retention policy",
            details: "\(policy.months) months, calls before \(cutoff): \(outcome.evaluations) evaluations, "
                + "\(outcome.revisions) revisions, \(outcome.disputes) disputes, \(outcome.drafts) drafts, "
                + "\(outcome.calls) calls, \(outcome.people) people"))
        return outcome
    }

    private static func count(_ session: SQLSession, _ sql: String, _ cutoff: CalendarDay) throws -> Int {
        Int(try session.first(sql, .text(cutoff.description))?.integer(0) ?? 0)
    }

    private static let old = "SELECT id FROM evaluations WHERE call_date < ?"

    private static func purge(_ cutoff: CalendarDay, _ outcome: inout RetentionOutcome, _ session: SQLSession) throws {
        let disputes = "SELECT id FROM disputes WHERE evaluation_id IN (\(old))"
        let drafts = "FROM drafts WHERE evaluation_key IN (SELECT evaluation_key FROM evaluations WHERE call_date < ?) "
            + "OR call_key IN (SELECT call_key FROM calls WHERE call_date < ?)"
        let day = SQLValue.text(cutoff.description)
        outcome.evaluations = try count(session, "SELECT COUNT(*) FROM evaluations WHERE call_date < ?", cutoff)
        outcome.revisions = try count(session, "SELECT COUNT(*) FROM evaluation_revisions WHERE evaluation_id IN (\(old))", cutoff)
        outcome.disputes = try count(session, "SELECT COUNT(*) FROM disputes WHERE evaluation_id IN (\(old))", cutoff)
        outcome.drafts = Int(try session.first("SELECT COUNT(*) " + drafts, day, day)?.integer(0) ?? 0)
        guard !outcome.dryRun, outcome.evaluations + outcome.drafts > 0 else { return }
        try session.execute("DELETE FROM dispute_items WHERE dispute_id IN (\(disputes))", day)
        try session.execute("DELETE FROM disputes WHERE evaluation_id IN (\(old))", day)
        try session.execute("DELETE " + drafts, day, day)
        try session.execute("UPDATE assignments SET evaluation_id = NULL WHERE evaluation_id IN (\(old))", day)
        try withRevisionDeletesAllowed(session) {
            try session.execute("DELETE FROM evaluation_revisions WHERE evaluation_id IN (\(old))", day)
        }
        try session.execute("DELETE FROM evaluations WHERE call_date < ?", day)
    }

    /// Revisions are append-only (a trigger refuses deletes). Retention is the one change allowed to remove
    /// them: it lifts the delete guard inside its own write transaction and puts the same trigger back before
    /// the transaction ends, so no other connection ever sees the table unguarded (SQLite and PostgreSQL both
    /// make trigger changes part of the transaction; if anything fails, the rollback restores the trigger).
    static func withRevisionDeletesAllowed(_ session: SQLSession, _ body: () throws -> Void) throws {
        let table = "evaluation_revisions"
        let guardStatements = Migration(version: 0, name: "", statements: ["{append_only \(table)}"])
            .statements(for: session.dialect)
        switch session.dialect {
        case .sqlite:
            let deleteGuard = guardStatements.filter { $0.contains("\(table)_no_delete") }
            try session.execute("DROP TRIGGER \(table)_no_delete")
            try body()
            for statement in deleteGuard { try session.execute(statement) }
        case .postgres:
            try session.execute("DROP TRIGGER \(table)_append_only ON \(table)")
            try body()
            for statement in guardStatements { try session.execute(statement) }
        }
    }

    private static func pseudonymise(_ cutoff: CalendarDay, _ outcome: inout RetentionOutcome, workspace: Workspace,
                                     session: SQLSession) throws {
        let day = SQLValue.text(cutoff.description)
        // The people named by old evaluations or calls who are not pseudonyms already.
        let named = try session.query("""
            SELECT p.id, p.person_key, p.team FROM people p WHERE p.pseudonymised_at IS NULL AND (
                p.id IN (SELECT agent_id FROM evaluations WHERE call_date < ?)
                OR p.id IN (SELECT assessor_id FROM evaluations WHERE call_date < ?)
                OR p.id IN (SELECT agent_id FROM calls WHERE call_date < ?))
            """, day, day, day)
        outcome.evaluations = try count(session, """
            SELECT COUNT(*) FROM evaluations e WHERE e.call_date < ? AND (
                e.agent_id IN (SELECT id FROM people WHERE pseudonymised_at IS NULL)
                OR e.assessor_id IN (SELECT id FROM people WHERE pseudonymised_at IS NULL))
            """, cutoff)
        outcome.calls = try count(session, "SELECT COUNT(*) FROM calls WHERE call_date < ? AND agent_id IN "
                                  + "(SELECT id FROM people WHERE pseudonymised_at IS NULL)", cutoff)
        outcome.people = named.count
        guard !outcome.dryRun, !named.isEmpty else { return }
        let secret = try existingOrNewSecret(workspace: workspace, session: session)
        let now = workspace.now().description
        for row in named {
            guard let id = row.integer(0), let key = row.text(1) else { continue }
            let pseudonym = StablePseudonym.of(key, secret: secret)
            var pseudonymID = try session.first("SELECT id FROM people WHERE person_key = ?", .text(pseudonym))?.integer(0)
            if pseudonymID == nil {
                try session.execute("INSERT INTO people (person_key, team, created_at, pseudonymised_at) VALUES (?, ?, ?, ?)",
                                    .text(pseudonym), SQLValue(row.text(2)), .text(now), .text(now))
                pseudonymID = try session.first("SELECT id FROM people WHERE person_key = ?", .text(pseudonym))?.integer(0)
            }
            guard let pseudonymID else { throw WorkspaceError("a pseudonym could not be recorded") }
            try session.execute("UPDATE evaluations SET agent_id = ? WHERE agent_id = ? AND call_date < ?",
                                .integer(pseudonymID), .integer(id), day)
            try session.execute("UPDATE evaluations SET assessor_id = ? WHERE assessor_id = ? AND call_date < ?",
                                .integer(pseudonymID), .integer(id), day)
            try session.execute("UPDATE calls SET agent_id = ? WHERE agent_id = ? AND call_date < ?",
                                .integer(pseudonymID), .integer(id), day)
        }
    }

    private static func existingOrNewSecret(workspace: Workspace, session: SQLSession) throws -> String {
        if let stored = try WorkspaceSettings.value(StablePseudonym.secretKey, session) { return stored }
        let secret = try StablePseudonym.secret(session)
        try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: workspace.actor, action: "settings.changed",
                                                subject: "pseudonym secret", details: "made (the secret is not logged)"))
        return secret
    }
}
