import QAModel
import Workspace

/// What erasing a person did (counts and places only; never the erased id).
public struct ErasureReport: Sendable, Hashable {
    /// The pseudonym that now stands for the person everywhere.
    public var pseudonym: String
    /// Rows changed, by table.
    public var rowsByTable: [String: Int] = [:]
    /// Audit entries rewritten (the id replaced in their text) and entries re-hashed from the first rewritten one on.
    public var auditEntriesRewritten = 0
    public var auditEntriesRehashed = 0
    /// The first audit entry whose hash changed, when any did.
    public var firstRehashedEntry: Int64?
    /// Accounts disabled (their password removed, their sessions ended).
    public var accountsClosed = 0
    /// Notifications to the person deleted.
    public var notificationsDeleted = 0

    public var rowsChanged: Int { rowsByTable.values.reduce(0, +) }
}

/// Why an erasure was refused.
public enum ErasureError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPerson(String)
    case alreadyPseudonym
    case auditLogBroken(seq: Int64, reason: String)

    public var description: String {
        switch self {
        case .unknownPerson:
            return "nobody with that id is in this workspace (no person in the records and no account); check the spelling"
        case .alreadyPseudonym:
            return "that id is already a pseudonym: the person was erased before"
        case .auditLogBroken(let seq, let reason):
            return "the audit log is already broken at entry \(seq) (\(reason)); an erasure re-hashes the log and would hide "
                + "that, so nothing was changed. Find out what happened first (qa audit verify)"
        }
    }
}

/// Erasure by pseudonymisation of a person who has left: their id is replaced by `Pseudonym.of(id)` in every text
/// column of every table (records, revisions, drafts, disputes, notifications, calibration, sampling, the audit log,
/// and tables added later: the columns are read from the database, not listed here), as a whole id only. Records keep
/// pointing at the same `people` row, so every score, count and aggregate is unchanged; only the name differs.
///
/// The append-only tables (`evaluation_revisions`, `audit_log`) are changed by this one operation, their guard
/// triggers set aside inside the same transaction and put back before it commits. The audit log is verified first
/// (a broken log is refused: re-hashing would hide the break), the rewritten entries and every entry after the first
/// of them are re-hashed so the chain verifies again, and an entry `person.erased` records how many entries were
/// rewritten from which one — without the erased id or any hash of it. docs/privacy.md explains the design and its
/// limits. The person's accounts are disabled, their password hash removed and their sessions and notifications
/// deleted; their display name is removed.
public enum Erasure {
    /// Counts of the rows that name `id` (a dry run), by table.
    public static func preview(_ id: String, in workspace: Workspace) throws -> [String: Int] {
        try workspace.database.read { session in
            var counts: [String: Int] = [:]
            for (table, columns) in try textColumns(session) {
                let rows = try matchingRows(id, table: table, columns: columns, session)
                if !rows.isEmpty { counts[table] = rows.count }
            }
            return counts
        }
    }

    /// Erases `id` in one transaction; then checkpoints the WAL and vacuums the file (SQLite), or rewrites the
    /// changed tables (PostgreSQL `VACUUM FULL`), so the old text leaves the database's files. Returns what was done
    /// and whether the compaction finished.
    public static func erase(_ id: String, in workspace: Workspace) throws -> (ErasureReport, compacted: Bool?) {
        if Pseudonym.isPseudonym(id) { throw ErasureError.alreadyPseudonym }
        let now = workspace.now()
        let report = try workspace.change { session -> ErasureReport in
            let person = try session.first("SELECT id FROM people WHERE person_key = ?", .text(id))?.integer(0)
            let accounts = try session.query("SELECT id FROM accounts WHERE username = ?"
                + (person == nil ? "" : " OR person_id = ?"), [.text(id)] + (person.map { [SQLValue.integer($0)] } ?? []))
                .compactMap { $0.integer(0) }
            guard person != nil || !accounts.isEmpty else { throw ErasureError.unknownPerson(id) }
            if case .broken(let seq, let reason) = try AuditLog.verify(session) {
                throw ErasureError.auditLogBroken(seq: seq, reason: reason)
            }
            let pseudonym = Pseudonym.of(id, secret: try Pseudonym.secret(session))
            var report = ErasureReport(pseudonym: pseudonym)

            // Accounts: closed for good; their sessions, sign-in attempts and notifications go.
            for account in accounts {
                let username = try session.first("SELECT username FROM accounts WHERE id = ?", .integer(account))?.text(0) ?? ""
                try session.execute("DELETE FROM web_sessions WHERE account_id = ?", .integer(account))
                try session.execute("DELETE FROM sign_in_attempts WHERE username_hash = ?",
                                    .text(Hashing.sha256(fields: [username], domain: "sign-in name")))
                let notes = try session.first("SELECT COUNT(*) FROM notifications WHERE recipient = ?", .text(username))?
                    .integer(0) ?? 0
                try session.execute("DELETE FROM notifications WHERE recipient = ?", .text(username))
                report.notificationsDeleted += Int(notes)
                try session.execute("UPDATE accounts SET password_hash = ?, disabled_at = COALESCE(disabled_at, ?) WHERE id = ?",
                                    .text("!erased"), .text(now.description), .integer(account))
                report.accountsClosed += 1
            }
            let notes = try session.first("SELECT COUNT(*) FROM notifications WHERE recipient = ?", .text(id))?.integer(0) ?? 0
            try session.execute("DELETE FROM notifications WHERE recipient = ?", .text(id))
            report.notificationsDeleted += Int(notes)
            if let person {
                try session.execute("UPDATE people SET display_name = NULL, pseudonymised_at = ? WHERE id = ?",
                                    .text(now.description), .integer(person))
                // Retention may already have made a row for the same pseudonym (the rule is the same): the
                // person's records join it, and their own row goes, so the id is not renamed onto a taken key.
                if let existing = try session.first("SELECT id FROM people WHERE person_key = ?", .text(pseudonym))?
                    .integer(0), existing != person {
                    for (table, column) in Self.personReferences {
                        try withoutGuards(table, session) {
                            try session.execute("UPDATE \(table) SET \(column) = ? WHERE \(column) = ?",
                                                .integer(existing), .integer(person))
                        }
                    }
                    try session.execute("DELETE FROM people WHERE id = ?", .integer(person))
                    report.rowsByTable["people", default: 0] += 1
                }
            }

            // Every text column of every table: the id replaced as a whole id.
            for (table, columns) in try textColumns(session) {
                let rows = try matchingRows(id, table: table, columns: columns, session)
                guard !rows.isEmpty else { continue }
                try withoutGuards(table, session) {
                    for row in rows {
                        var sets: [String] = []
                        var values: [SQLValue] = []
                        for (i, column) in columns.enumerated() {
                            guard let text = row.text(i + 1) else { continue }
                            let replaced = Pseudonym.replacingWholeID(id, with: pseudonym, in: text)
                            if replaced != text {
                                sets.append("\"\(column)\" = ?")
                                values.append(.text(replaced))
                            }
                        }
                        guard !sets.isEmpty else { continue }
                        try session.execute("UPDATE \"\(table)\" SET \(sets.joined(separator: ", ")) WHERE \(rowKey(session)) = "
                                            + (session.dialect == .postgres ? "CAST(? AS tid)" : "?"), values + [row[0]])
                        report.rowsByTable[table, default: 0] += 1
                    }
                }
            }
            report.auditEntriesRewritten = report.rowsByTable["audit_log"] ?? 0
            if report.auditEntriesRewritten > 0 {
                (report.auditEntriesRehashed, report.firstRehashedEntry) = try rehashAuditLog(session)
            }
            func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
            var details = "replaced by a pseudonym in \(count(report.rowsChanged, "row")) of \(count(report.rowsByTable.count, "table"))"
            details += "; \(count(report.accountsClosed, "account")) closed; \(count(report.notificationsDeleted, "notification")) deleted"
            if let first = report.firstRehashedEntry {
                details += "; \(report.auditEntriesRewritten) audit entries rewritten and entries \(first) on re-hashed by this erasure"
            }
            try AuditLog.append(session, AuditEntry(at: now, actor: workspace.actor, action: "person.erased",
                                                    subject: "person \(pseudonym)", details: details))
            return report
        }
        var compacted: Bool?
        if let sqlite = workspace.database as? SQLiteDatabase {
            compacted = try sqlite.compact()
        } else if workspace.database.dialect == .postgres {
            // Rewrite the changed tables so the replaced rows' old versions leave the table files (the server's
            // write-ahead log and backups still hold them until they expire: docs/privacy.md).
            compacted = true
            let tables = Set(report.rowsByTable.keys).union(["people", "accounts", "notifications", "web_sessions",
                                                              "sign_in_attempts"])
            for table in tables.sorted() {
                do {
                    try workspace.database.readWithoutTransaction { try $0.execute("VACUUM FULL \"\(table)\"", []) }
                } catch {
                    compacted = false
                }
            }
        }
        return (report, compacted)
    }

    /// Every table's text columns, from the database itself.
    public static func textColumns(_ session: SQLSession) throws -> [(String, [String])] {
        var result: [(String, [String])] = []
        switch session.dialect {
        case .sqlite:
            let tables = try session.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                .compactMap { $0.text(0) }
            for table in tables {
                let columns = try session.query("SELECT name, type FROM pragma_table_info(?)", [.text(table)])
                    .filter { ($0.text(1) ?? "").uppercased().contains("TEXT") }.compactMap { $0.text(0) }
                if !columns.isEmpty { result.append((table, columns)) }
            }
        case .postgres:
            var byTable: [String: [String]] = [:]
            var order: [String] = []
            for row in try session.query("""
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                  AND c.data_type IN ('text', 'character varying')
                ORDER BY c.table_name, c.ordinal_position
                """, []) {
                guard let table = row.text(0), let column = row.text(1) else { continue }
                if byTable[table] == nil { order.append(table) }
                byTable[table, default: []].append(column)
            }
            result = order.map { ($0, byTable[$0] ?? []) }
        }
        return result
    }

    private static func rowKey(_ session: SQLSession) -> String {
        session.dialect == .postgres ? "ctid" : "rowid"
    }

    /// Every column that refers to a person by `people.id` (the schema's `REFERENCES people(id)`).
    static let personReferences: [(String, String)] = [
        ("calls", "agent_id"), ("evaluations", "agent_id"), ("evaluations", "assessor_id"), ("accounts", "person_id"),
        ("assignments", "assessor_id"), ("calibration_sessions", "expert_id"),
        ("calibration_session_assessors", "assessor_id"), ("coaching_sessions", "agent_id"),
    ]

    /// The rows of `table` with `id` as a whole id in any of `columns`: the row key first, then the columns.
    public static func matchingRows(_ id: String, table: String, columns: [String], _ session: SQLSession) throws -> [SQLRow] {
        let key = session.dialect == .postgres ? "ctid::text" : "rowid"
        let quoted = columns.map { "\"\($0)\"" }
        let condition = quoted.map { "\($0) LIKE ?" }.joined(separator: " OR ")
        let pattern = SQLValue.text("%" + id + "%")
        return try session.query("SELECT \(key), \(quoted.joined(separator: ", ")) FROM \"\(table)\" WHERE \(condition)",
                                 Array(repeating: pattern, count: columns.count))
            .filter { row in
                columns.indices.contains { index in
                    guard let text = row.text(index + 1) else { return false }
                    return Pseudonym.mentions(id, in: text)
                }
            }
    }

    /// Runs `body` with the table's guard triggers (append-only, immutable columns) set aside, inside the
    /// transaction; they are back before it commits.
    private static func withoutGuards(_ table: String, _ session: SQLSession, _ body: () throws -> Void) throws {
        switch session.dialect {
        case .sqlite:
            let triggers = try session.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                             [.text(table)])
            for trigger in triggers { if let name = trigger.text(0) { try session.execute("DROP TRIGGER \"\(name)\"", []) } }
            try body()
            for trigger in triggers { if let sql = trigger.text(1) { try session.execute(sql, []) } }
        case .postgres:
            try session.execute("ALTER TABLE \"\(table)\" DISABLE TRIGGER USER", [])
            try body()
            try session.execute("ALTER TABLE \"\(table)\" ENABLE TRIGGER USER", [])
        }
    }

    /// Re-hashes the audit chain from its first entry whose stored hash no longer matches; returns how many entries
    /// were re-hashed and the first. (The log was verified intact before the rewrite.)
    private static func rehashAuditLog(_ session: SQLSession) throws -> (Int, Int64?) {
        var previous = AuditLog.genesis
        var count = 0
        var first: Int64?
        var updates: [(Int64, String, String)] = []
        try session.forEachRow("SELECT seq, at, actor, action, subject, details, previous_hash, hash FROM audit_log ORDER BY seq",
                               []) { row in
            let seq = row.integer(0) ?? 0
            let hash = AuditLog.hash(seq: seq, at: row.text(1) ?? "", actor: row.text(2) ?? "", action: row.text(3) ?? "",
                                     subject: row.text(4) ?? "", details: row.text(5) ?? "", previous: previous)
            if hash != row.text(7) || previous != row.text(6) {
                updates.append((seq, previous, hash))
                first = first ?? seq
                count += 1
            }
            previous = hash
            return true
        }
        guard !updates.isEmpty else { return (0, nil) }
        try withoutGuards("audit_log", session) {
            for (seq, previousHash, hash) in updates {
                try session.execute("UPDATE audit_log SET previous_hash = ?, hash = ? WHERE seq = ?",
                                    .text(previousHash), .text(hash), .integer(seq))
            }
        }
        return (count, first)
    }
}
