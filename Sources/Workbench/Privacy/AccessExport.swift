import Coaching
import Foundation
import Workspace

/// A subject access export: everything the workspace holds about one agent, as a set of readable files (JSON with
/// indentation, CSV, plain text) with a README.txt index in plain words.
///
/// What it holds: the person and their accounts (never a password hash), every evaluation of their calls with every
/// revision (answers, comments, scores, who made it, when and why), disputes of those evaluations with their items,
/// coaching sessions, their calls, their notifications, and the audit entries that name them, their evaluations or
/// their calls. Assessors, team leaders and arbitrators are named: who assessed an agent's work is part of that
/// data's context, and an agent may know it. No other agent is named: every other agent's id (and display name) is
/// replaced by "another agent" in every file, after the files are made, so no path can leak one.
public struct AccessExport: Sendable {
    /// One file of the export: its name and its text.
    public struct File: Sendable, Hashable {
        public var name: String
        public var contents: String
    }

    public var agent: String
    public var files: [File]
    /// The agent's own account names (kept, not replaced).
    var usernames: [String] = []

    /// What stands for another agent in the export.
    public static let otherAgent = "another agent"

    /// Everything held about `agent`; nil when the workspace does not know them.
    public static func make(agent: String, in workspace: Workspace) throws -> AccessExport? {
        guard var export = try gather(agent: agent, in: workspace) else { return nil }
        // The coaching plan as the agent sees it in the workbench (worked out, not stored): their released
        // evaluations against their team's figures.
        if let (personID, team) = try workspace.database.read({ session -> (Int64, String?)? in
            guard let row = try session.first("SELECT id, team FROM people WHERE person_key = ?", .text(agent)),
                  let id = row.integer(0) else { return nil }
            return (id, row.text(1))
        }) {
            let viewer = Account(id: 0, username: agent, role: .agent, team: try PeopleDirectory.team(of: agent, workspace) ?? team,
                                 personKey: agent, personID: personID, disabled: false)
            if let plan = try CoachingPlans.plan(agent: agent, for: viewer, in: workspace, templates: TemplateCache(),
                                                 today: workspace.now().day) {
                export.files.append(File(name: "coaching-plan.md", contents: MarkdownRenderer.render(plan)))
            }
        }
        // Other agents: never named.
        let others = try workspace.database.read { session in
            try otherAgents(except: agent, also: export.usernames, session)
        }
        export.files = export.files.map { file in
            var text = file.contents
            for other in others.ids { text = Pseudonym.replacingWholeID(other, with: otherAgent, in: text) }
            for name in others.names where name.count >= 3 { text = text.replacingOccurrences(of: name, with: otherAgent) }
            return File(name: file.name, contents: text)
        }
        return export
    }

    /// The files made from the stored records (not yet cleared of other agents).
    private static func gather(agent: String, in workspace: Workspace) throws -> AccessExport? {
        try workspace.database.read { session in
            let personRow = try session.first("SELECT id, display_name, team, created_at, pseudonymised_at FROM people WHERE person_key = ?",
                                              .text(agent))
            let accountRows = try session.query("""
                SELECT a.username, a.role, a.team, a.created_at, a.disabled_at FROM accounts a
                LEFT JOIN people p ON p.id = a.person_id WHERE a.username = ? OR p.person_key = ? ORDER BY a.id
                """, [.text(agent), .text(agent)])
            guard let personRow, let personID = personRow.integer(0) else {
                return try accountRows.isEmpty ? nil : make(agent, personID: nil, personRow: nil, accountRows: accountRows, session)
            }
            return try make(agent, personID: personID, personRow: personRow, accountRows: accountRows, session)
        }
    }

    private static func make(_ agent: String, personID: Int64?, personRow: SQLRow?, accountRows: [SQLRow],
                             _ session: SQLSession) throws -> AccessExport {
        let usernames = accountRows.compactMap { $0.text(0) }
        var files: [File] = []

        // The person and their accounts.
        var person: [String: Any] = ["id": agent]
        if let personRow {
            person["display_name"] = orNull(personRow.text(1))
            person["team"] = orNull(personRow.text(2))
            person["first_recorded"] = orNull(personRow.text(3))
        }
        person["accounts"] = accountRows.map { row -> [String: Any] in
            ["username": row.text(0) ?? "", "role": row.text(1) ?? "", "team": orNull(row.text(2)),
             "created": row.text(3) ?? "", "disabled": orNull(row.text(4))]
        }
        files.append(File(name: "person.json", contents: json(person)))

        // Evaluations with every revision.
        var evaluationKeys: [String] = []
        var evaluations: [[String: Any]] = []
        var evaluationRowIDs: [Int64] = []
        if let personID {
            let rows = try session.query("""
                SELECT e.id, e.evaluation_key, e.call_date, e.released_at, e.acknowledged_at, e.release_at
                FROM evaluations e WHERE e.agent_id = ? AND \(CalibrationSeal.unsealed) ORDER BY e.call_date, e.id
                """, [.integer(personID)])
            for row in rows {
                guard let key = row.text(1), let history = try EvaluationHistory.load(key, session) else { continue }
                evaluationKeys.append(key)
                evaluationRowIDs.append(row.integer(0) ?? 0)
                evaluations.append([
                    "evaluation": key, "call": history.callID, "call_date": row.text(2) ?? "",
                    "scorecard": history.scorecardID, "purpose": history.purpose, "status": history.status,
                    "assessor": history.assessorID, "released": orNull(row.text(3)),
                    "acknowledged": orNull(row.text(4)),
                    "revisions": history.revisions.map { revision -> [String: Any] in
                        [
                            "revision": revision.revision, "scorecard_version": revision.scorecardVersion,
                            "made": revision.createdAt, "made_by": revision.author, "reason": revision.reason,
                            "evaluated": revision.evaluatedAt, "total_score": orNull(revision.total),
                            "passed": revision.passed, "band": orNull(revision.band), "auto_failed": revision.autoFailed,
                            "answers_and_comments": revision.cells,
                        ]
                    },
                ])
            }
        }
        files.append(File(name: "evaluations.json", contents: json(evaluations)))

        // Disputes of those evaluations.
        var disputes: [[String: Any]] = []
        for (rowID, key) in zip(evaluationRowIDs, evaluationKeys) {
            for row in try session.query("""
                SELECT id, revision, raised_by, raised_at, whole_evaluation, state, arbitrator, resolved_at, outcome,
                       resolution_revision FROM disputes WHERE evaluation_id = ? ORDER BY id
                """, [.integer(rowID)]) {
                let items = try session.query("""
                    SELECT criterion_id, comment, proposed_answer, outcome, reason FROM dispute_items WHERE dispute_id = ?
                    ORDER BY criterion_id
                    """, [row[0]]).map { item -> [String: Any] in
                    ["criterion": item.text(0) ?? "", "comment": item.text(1) ?? "", "proposed_answer": orNull(item.text(2)),
                     "outcome": orNull(item.text(3)), "reason": orNull(item.text(4))]
                }
                disputes.append([
                    "evaluation": key, "revision": Int(row.integer(1) ?? 0), "raised_by": row.text(2) ?? "",
                    "raised": row.text(3) ?? "", "whole_evaluation": (row.integer(4) ?? 0) != 0, "state": row.text(5) ?? "",
                    "arbitrator": orNull(row.text(6)), "resolved": orNull(row.text(7)),
                    "outcome": orNull(row.text(8)), "resolution_revision": orNull(row.integer(9)), "items": items,
                ])
            }
        }
        files.append(File(name: "disputes.json", contents: json(disputes)))

        // Coaching sessions.
        var coaching: [[String: Any]] = []
        if let personID {
            for row in try session.query("""
                SELECT held_on, held_by, areas, actions, target, follow_up_on, created_at FROM coaching_sessions
                WHERE agent_id = ? ORDER BY held_on, id
                """, [.integer(personID)]) {
                coaching.append(["held_on": row.text(0) ?? "", "held_by": row.text(1) ?? "", "areas": row.text(2) ?? "",
                                 "actions": row.text(3) ?? "", "target": orNull(row.text(4)),
                                 "follow_up_on": orNull(row.text(5)), "recorded": row.text(6) ?? ""])
            }
        }
        files.append(File(name: "coaching-sessions.json", contents: json(coaching)))

        // Calls.
        let callRows = personID == nil ? [] : try CallStore.exportRows(agents: [agent], session)
        let callKeys = callRows.dropFirst().compactMap(\.first)
        files.append(File(name: "calls.csv", contents: callRows.map { $0.map(csvField).joined(separator: ",") }
            .joined(separator: "\n") + "\n"))

        // Notifications.
        let recipients = Array(Set([agent] + usernames))
        let notifications = try session.query("""
            SELECT created_at, kind, subject, message, link, read_at FROM notifications
            WHERE recipient IN (\(recipients.map { _ in "?" }.joined(separator: ", "))) ORDER BY created_at, id
            """, recipients.map(SQLValue.text)).map { row -> [String: Any] in
            ["sent": row.text(0) ?? "", "kind": row.text(1) ?? "", "subject": row.text(2) ?? "", "message": row.text(3) ?? "",
             "link": orNull(row.text(4)), "read": orNull(row.text(5))]
        }
        files.append(File(name: "notifications.json", contents: json(notifications)))

        // Audit entries that name them, their evaluations or their calls.
        let names = Set([agent] + usernames + evaluationKeys + callKeys)
        var audit = ""
        var auditCount = 0
        try session.forEachRow("SELECT seq, at, actor, action, subject, details FROM audit_log ORDER BY seq", []) { row in
            let text = [row.text(2), row.text(4), row.text(5)].compactMap { $0 }.joined(separator: " ")
            if !names.isDisjoint(with: tokens(text)) {
                audit += "#\(row.integer(0) ?? 0)  \(row.text(1) ?? "")  \(row.text(2) ?? "")  \(row.text(3) ?? "")  "
                    + "\(row.text(4) ?? "")\((row.text(5) ?? "").isEmpty ? "" : "  — \(row.text(5) ?? "")")\n"
                auditCount += 1
            }
            return true
        }
        files.append(File(name: "audit-entries.txt", contents: audit.isEmpty ? "No audit entries name this person.\n" : audit))

        files.insert(File(name: "README.txt", contents: readme(agent, evaluations: evaluations.count, disputes: disputes.count,
                                                             coaching: coaching.count, calls: callKeys.count,
                                                             notifications: notifications.count, audit: auditCount)), at: 0)

        return AccessExport(agent: agent, files: files, usernames: usernames)
    }

    /// Every other agent's id and display name the workspace holds.
    static func otherAgents(except agent: String, also own: [String], _ session: SQLSession) throws -> (ids: [String], names: [String]) {
        let rows = try session.query("""
            SELECT person_key, display_name FROM people WHERE id IN (
                SELECT agent_id FROM evaluations UNION SELECT agent_id FROM calls UNION SELECT agent_id FROM coaching_sessions
                UNION SELECT person_id FROM accounts WHERE role = 'agent' AND person_id IS NOT NULL)
            """, [])
        let usernames = try session.query("SELECT username FROM accounts WHERE role = 'agent'", []).compactMap { $0.text(0) }
        let mine = Set([agent] + own)
        let ids = Set(rows.compactMap { $0.text(0) } + usernames).subtracting(mine)
        // Longest first, so that one id inside another is replaced whole.
        return (ids.sorted { $0.count > $1.count }, Set(rows.compactMap { $0.text(1) }).sorted { $0.count > $1.count })
    }

    static func tokens(_ text: String) -> Set<String> {
        Set(text.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }.flatMap { token -> [String] in
            let whole = String(token)
            let trimmed = whole.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            return [whole, trimmed]
        })
    }

    /// The value, or JSON's null.
    static func orNull<T>(_ value: T?) -> Any {
        guard let value else { return NSNull() }
        if let number = value as? Int64 { return Int(number) }
        return value
    }

    static func json(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "[]\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func csvField(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        if value.contains(where: { ",\"\n\r".contains($0) }) { return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return value
    }

    static func readme(_ agent: String, evaluations: Int, disputes: Int, coaching: Int, calls: Int, notifications: Int,
                       audit: Int) -> String {
        """
        What this workspace holds about \(agent)
        ==========================================

        This folder is a subject access export: everything the QA workspace holds about you, in files you can open
        with any text editor or spreadsheet.

        person.json             Your id, name and team as recorded, and your sign-in accounts (never a password).
        evaluations.json        \(evaluations) evaluations of your calls. Each has every version ("revisions"): the
                                answers and comments, the score, pass or fail, who made the change, when and why.
                                "assessor" is the person who scored the call. Scores given in a blind calibration
                                session that is still open are left out until the session is revealed.
        disputes.json           \(disputes) disputes of those evaluations, each question disputed and its outcome.
        coaching-sessions.json  \(coaching) coaching sessions recorded with you.
        calls.csv               \(calls) calls recorded as yours (date, length, measures such as handle time).
        notifications.json      \(notifications) messages the workbench sent you.
        audit-entries.txt       \(audit) entries of the workspace's change log that name you, your evaluations or your
                                calls: who changed what, and when.

        Other agents are never named here: where a record mentions another agent it says "\(otherAgent)".
        coaching-plan.md        Your coaching plan as you see it in the workbench (when there is one): it is not
                                stored, but worked out from your released evaluations each time it is shown.
        Transcripts of calls are not included: they are the customer's data as much as yours; ask your QA team.

        """
    }
}
