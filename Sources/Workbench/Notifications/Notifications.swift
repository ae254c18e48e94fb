import QAModel
import Workspace

/// One thing a person is told inside the app: a call assigned to them, a due date near, an evaluation released
/// to them, a dispute raised or resolved. Never carries answers, comments or transcripts: only what happened,
/// to what, and the page where it is.
public struct AppNotification: Sendable, Hashable {
    /// What kind of event it is; the list page groups and words by it.
    public enum Kind: String, Sendable, CaseIterable {
        case assigned, due, released, disputed, resolved, calibration
        /// A coaching one-to-one was recorded for the person.
        case coaching
    }

    public var id: Int64
    public var kind: Kind
    /// What it is about, as `evaluation:E12` or `call:C-0001` (the audit log's spelling).
    public var subject: String
    /// One plain sentence.
    public var message: String
    /// The workbench page it points to (a path on this server), if any.
    public var link: String?
    public var createdAt: String
    public var readAt: String?
}

/// The notifications inside the app, a list per person (by account username). Sent inside the same write
/// transaction as the change they announce, so a notification exists exactly when its change does.
public enum Notifications {
    /// Tells `recipient` (an account's username) about a change. Call inside the change's transaction.
    public static func send(_ session: SQLSession, to recipient: String, kind: AppNotification.Kind, subject: String,
                            message: String, link: String? = nil, at now: Timestamp) throws {
        try session.execute("""
            INSERT INTO notifications (recipient, kind, subject, message, link, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, .text(recipient), .text(kind.rawValue), .text(subject), .text(message), SQLValue(link),
            .text(now.description))
    }

    /// Tells the account linked to a person (by `people.id`) about a change, when that person has an account
    /// that is not disabled; otherwise nobody is told.
    public static func send(_ session: SQLSession, toPerson personID: Int64, kind: AppNotification.Kind, subject: String,
                            message: String, link: String? = nil, at now: Timestamp) throws {
        for row in try session.query("SELECT username FROM accounts WHERE person_id = ? AND disabled_at IS NULL",
                                     .integer(personID)) {
            guard let username = row.text(0) else { continue }
            try send(session, to: username, kind: kind, subject: subject, message: message, link: link, at: now)
        }
    }

    /// A person's notifications whose time has come (`created_at` not after `now`: a release scheduled for a
    /// later day is announced from that day), newest first (at most `limit`).
    public static func list(for recipient: String, now: Timestamp, limit: Int = 100,
                            _ session: SQLSession) throws -> [AppNotification] {
        try session.query("""
            SELECT id, kind, subject, message, link, created_at, read_at FROM notifications
            WHERE recipient = ? AND created_at <= ? ORDER BY created_at DESC, id DESC LIMIT ?
            """, .text(recipient), .text(now.description), .integer(Int64(limit))).compactMap { row in
            guard let id = row.integer(0), let kind = row.text(1).flatMap(AppNotification.Kind.init(rawValue:)) else {
                return nil
            }
            return AppNotification(id: id, kind: kind, subject: row.text(2) ?? "", message: row.text(3) ?? "",
                                link: row.text(4), createdAt: row.text(5) ?? "", readAt: row.text(6))
        }
    }

    /// How many of a person's notifications whose time has come (as `list`) are unread.
    public static func unreadCount(for recipient: String, now: Timestamp, _ session: SQLSession) throws -> Int {
        Int(try session.first("SELECT COUNT(*) FROM notifications WHERE recipient = ? AND read_at IS NULL AND created_at <= ?",
                              .text(recipient), .text(now.description))?.integer(0) ?? 0)
    }

    /// Reminders of work coming due: for each of the person's assignments still open or claimed that is due
    /// today or tomorrow, or overdue, one `due` notification (never two for the same assignment). Made when
    /// the person's list is read (the workbench has no clock of its own). Returns how many were added. Call
    /// inside a write transaction.
    @discardableResult
    public static func remindDue(personID: Int64, recipient: String, now: Timestamp, _ session: SQLSession) throws -> Int {
        let today = CalendarDay(String(now.description.prefix(10))) ?? CalendarDay(daysSinceEpoch: 0)
        let tomorrow = CalendarDay(daysSinceEpoch: today.daysSinceEpoch + 1)
        var added = 0
        for row in try session.query("""
            SELECT a.id, a.call_key, a.due_on FROM assignments a
            WHERE a.assessor_id = ? AND a.state IN ('open', 'claimed') AND a.due_on IS NOT NULL AND a.due_on <= ?
              AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.recipient = ? AND n.kind = 'due'
                              AND n.subject = 'assignment:' || CAST(a.id AS TEXT))
            ORDER BY a.due_on, a.id
            """, .integer(personID), .text(tomorrow.description), .text(recipient)) {
            guard let id = row.integer(0), let call = row.text(1), let due = row.text(2) else { continue }
            let when = due < today.description ? "was due on \(due) and is overdue"
                : due == today.description ? "is due today (\(due))" : "is due tomorrow (\(due))"
            try send(session, to: recipient, kind: .due, subject: "assignment:\(id)",
                     message: "Call \(call) \(when).", link: "/queue", at: now)
            added += 1
        }
        return added
    }

    /// Marks all of a person's notifications read; only their own are touched.
    public static func markAllRead(for recipient: String, at now: Timestamp, _ session: SQLSession) throws {
        try session.execute("""
            UPDATE notifications SET read_at = ? WHERE recipient = ? AND read_at IS NULL AND created_at <= ?
            """, .text(now.description), .text(recipient), .text(now.description))
    }
}
