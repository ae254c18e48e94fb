import HummingbirdBcrypt
import QAModel
import Workspace

/// A sign-in account of the workbench.
public struct Account: Sendable, Hashable {
    public var id: Int64
    public var username: String
    public var role: Role
    /// The team a team leader leads (or an agent belongs to).
    public var team: String?
    /// The id the data uses for this person (an agent's or assessor's id in evaluations); the username unless
    /// given otherwise.
    public var personKey: String
    public var personID: Int64
    public var disabled: Bool

    public init(id: Int64, username: String, role: Role, team: String?, personKey: String, personID: Int64,
                disabled: Bool) {
        self.id = id
        self.username = username
        self.role = role
        self.team = team
        self.personKey = personKey
        self.personID = personID
        self.disabled = disabled
    }
}

/// A problem with an account the person can act on (a name taken, a password too short, …).
public struct AccountError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The workspace's accounts: added, listed, disabled, their passwords set and checked. Passwords are kept only
/// as bcrypt hashes; every change is in the audit log (never the password or its hash).
public enum AccountStore {
    /// bcrypt's cost: 2^cost rounds (cost 12 takes about a second on this machine kind; 10 about a quarter).
    public static let defaultCost: UInt8 = 11
    /// The shortest password accepted (NIST SP 800-63B's floor for a chosen password is 8).
    public static let minimumPasswordLength = 10
    /// bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut.
    public static let maximumPasswordBytes = 72

    /// Checks a username: what it may contain.
    public static func checkUsername(_ name: String) throws(AccountError) {
        let allowed = name.unicodeScalars.allSatisfy {
            ($0.value >= 0x30 && $0.value <= 0x39) || ($0.value >= 0x41 && $0.value <= 0x5A)
                || ($0.value >= 0x61 && $0.value <= 0x7A) || "-_.@".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed else {
            throw AccountError("a username is 1 to 64 letters, digits, '-', '_', '.' or '@'")
        }
    }

    /// Checks a new password's length.
    public static func checkPassword(_ password: String) throws(AccountError) {
        guard password.count >= minimumPasswordLength else {
            throw AccountError("a password needs at least \(minimumPasswordLength) characters")
        }
        guard password.utf8.count <= maximumPasswordBytes else {
            throw AccountError("a password may have at most \(maximumPasswordBytes) bytes (bcrypt reads no more)")
        }
    }

    /// The bcrypt hash of `password` (slow on purpose: call it off any request-serving thread).
    public static func hash(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Adds an account. `passwordHash` comes from `hash(_:)`; `personKey` defaults to the username.
    @discardableResult
    public static func add(username: String, role: Role, team: String?, personKey: String?, passwordHash: String,
                           in workspace: Workspace) throws -> Account {
        try checkUsername(username)
        if role == .teamLeader, team == nil {
            throw AccountError("a team leader needs a team (--team)")
        }
        return try workspace.change { session in
            if try session.first("SELECT 1 FROM accounts WHERE username = ?", .text(username)) != nil {
                throw AccountError("there is already an account named \(username)")
            }
            let key = personKey ?? username
            let personID = try PeopleStore.id(of: key, team: role == .agent || role == .teamLeader ? team : nil,
                                              session: session, now: workspace.now())
            try session.execute("""
                INSERT INTO accounts (username, person_id, role, team, password_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, .text(username), .integer(personID), .text(role.rawValue), SQLValue(team), .text(passwordHash),
                .text(workspace.now().description))
            try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: workspace.actor, action: "account.added",
                                                    subject: "account:\(username)",
                                                    details: "role \(role.rawValue)" + (team.map { ", team \($0)" } ?? "")))
            guard let account = try find(username: username, session) else { throw AccountError("the account was not stored") }
            return account
        }
    }

    /// The columns `account(_:)` reads, in its order (`a` accounts, `p` people).
    static let columnList = "a.id, a.username, a.role, a.team, p.person_key, a.person_id, a.disabled_at"
    static let columns = columnList + " FROM accounts a JOIN people p ON p.id = a.person_id"

    static func account(_ row: SQLRow) -> Account? {
        guard let id = row.integer(0), let username = row.text(1), let role = Role(rawValue: row.text(2) ?? ""),
              let personKey = row.text(4), let personID = row.integer(5) else { return nil }
        return Account(id: id, username: username, role: role, team: row.text(3), personKey: personKey,
                       personID: personID, disabled: row.text(6) != nil)
    }

    /// The account named `username`, if any.
    public static func find(username: String, _ session: SQLSession) throws -> Account? {
        try session.first("SELECT \(columns) WHERE a.username = ?", .text(username)).flatMap(account)
    }

    /// The account with row id `id`, if any.
    public static func find(id: Int64, _ session: SQLSession) throws -> Account? {
        try session.first("SELECT \(columns) WHERE a.id = ?", .integer(id)).flatMap(account)
    }

    /// Every account, by username.
    public static func list(_ session: SQLSession) throws -> [Account] {
        try session.query("SELECT \(columns) ORDER BY a.username").compactMap(account)
    }

    /// The stored hash of an enabled account's password (nil when there is no such enabled account).
    public static func passwordHash(username: String, _ session: SQLSession) throws -> (Account, String)? {
        guard let row = try session.first("""
            SELECT \(columnList), a.password_hash FROM accounts a JOIN people p ON p.id = a.person_id
            WHERE a.username = ?
            """, .text(username)),
              let account = account(row), !account.disabled, let hash = row.text(7) else { return nil }
        return (account, hash)
    }

    /// Disables an account and ends its sessions; its records stay.
    public static func disable(username: String, in workspace: Workspace) throws {
        try workspace.change { session in
            guard let account = try find(username: username, session) else {
                throw AccountError("there is no account named \(username)")
            }
            let now = workspace.now().description
            try session.execute("UPDATE accounts SET disabled_at = ? WHERE id = ?", .text(now), .integer(account.id))
            try session.execute("UPDATE web_sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                                .text(now), .integer(account.id))
            try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: workspace.actor, action: "account.disabled",
                                                    subject: "account:\(username)"))
        }
    }

    /// Sets a new password hash and ends the account's sessions (everyone signed in as it signs in again).
    public static func setPassword(username: String, passwordHash: String, in workspace: Workspace) throws {
        try workspace.change { session in
            guard let account = try find(username: username, session) else {
                throw AccountError("there is no account named \(username)")
            }
            let now = workspace.now().description
            try session.execute("UPDATE accounts SET password_hash = ?, disabled_at = NULL WHERE id = ?",
                                .text(passwordHash), .integer(account.id))
            try session.execute("UPDATE web_sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                                .text(now), .integer(account.id))
            try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: workspace.actor,
                                                    action: "account.password-set", subject: "account:\(username)"))
        }
    }
}
