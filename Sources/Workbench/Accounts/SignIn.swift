import HummingbirdBcrypt
import QAModel
import Workspace

/// A signed-in person: their account and the session's anti-forgery token.
public struct SignedIn: Sendable, Hashable {
    public var account: Account
    /// The session's row id.
    public var sessionID: Int64
    /// The token every form of this session carries back (CSRF).
    public var csrfToken: String

    public init(account: Account, sessionID: Int64, csrfToken: String) {
        self.account = account
        self.sessionID = sessionID
        self.csrfToken = csrfToken
    }
}

/// How a sign-in went.
public enum SignInOutcome: Sendable, Equatable {
    /// Signed in: the session token goes in the cookie (only its hash is stored).
    case signedIn(token: String, SignedIn)
    /// Wrong name or password (the page never says which).
    case refused
    /// Too many failed attempts for this name lately: wait before trying again.
    case tooManyAttempts
}

/// Sign-in sessions kept in the workspace database, so that several servers on one PostgreSQL share them.
/// A session's token is random (256 bits), given to the browser once and stored only as its SHA-256.
public enum SignInSessions {
    /// A session ends this long after sign-in, whatever happens (a working day and a half).
    public static let lifetimeSeconds = 12 * 3600
    /// A session ends after this long without a request.
    public static let idleSeconds = 2 * 3600
    /// Failed attempts for one name within `attemptWindowSeconds` that lock further attempts for that name.
    public static let maximumFailedAttempts = 5
    public static let attemptWindowSeconds = 15 * 60

    /// A bcrypt hash of no password, checked when the name is unknown so that an unknown name takes as long as a
    /// wrong password (names cannot be found by timing).
    static let decoyHash = Bcrypt.hash("qa-workbench decoy password", cost: AccountStore.defaultCost)

    /// Checks a name and password and, when right, opens a session. Slow (bcrypt): call it off request threads.
    public static func signIn(username: String, password: String, in workspace: Workspace) throws -> SignInOutcome {
        let now = workspace.now()
        let nameHash = Hashing.sha256(fields: [username], domain: "sign-in name")
        let since = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch - attemptWindowSeconds).description
        let (failures, stored) = try workspace.database.read { session in
            let failures = try session.first("""
                SELECT COUNT(*) FROM sign_in_attempts WHERE username_hash = ? AND at >= ? AND succeeded = 0
                """, .text(nameHash), .text(since))?.integer(0) ?? 0
            return (failures, try AccountStore.passwordHash(username: username, session))
        }
        if failures >= maximumFailedAttempts { return .tooManyAttempts }
        let passwordRight = password.utf8.count <= AccountStore.maximumPasswordBytes
            && Bcrypt.verify(password, hash: stored?.1 ?? decoyHash) && stored != nil
        return try workspace.change { session in
            try session.execute("INSERT INTO sign_in_attempts (username_hash, at, succeeded) VALUES (?, ?, ?)",
                                .text(nameHash), .text(now.description), SQLValue(passwordRight))
            guard passwordRight, let account = stored?.0 else { return .refused }
            let token = randomToken()
            let csrf = randomToken()
            let expires = Timestamp(secondsSinceEpoch: now.secondsSinceEpoch + lifetimeSeconds)
            try session.execute("""
                INSERT INTO web_sessions (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, .text(tokenHash(token)), .integer(account.id), .text(csrf), .text(now.description),
                .text(now.description), .text(expires.description))
            guard let id = try session.first("SELECT id FROM web_sessions WHERE token_hash = ?", .text(tokenHash(token)))?
                .integer(0) else { throw WorkspaceError("the session was not stored") }
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "account.signed-in",
                                                    subject: "account:\(account.username)"))
            return .signedIn(token: token, SignedIn(account: account, sessionID: id, csrfToken: csrf))
        }
    }

    /// The live session of `token`: not signed out, not expired, not idle too long, its account enabled.
    /// Refreshes the session's last-seen time at most once a minute.
    public static func find(token: String, in workspace: Workspace) throws -> SignedIn? {
        guard token.utf8.count == 64 else { return nil }
        let now = workspace.now()
        let found = try workspace.database.readWithoutTransaction { session -> (SignedIn, String)? in
            // The account's columns first (as AccountStore reads them), then the session's: one query a request.
            guard let row = try session.first("""
                SELECT \(AccountStore.columnList), s.id, s.csrf_token, s.last_seen_at, s.expires_at, s.revoked_at
                FROM web_sessions s JOIN accounts a ON a.id = s.account_id JOIN people p ON p.id = a.person_id
                WHERE s.token_hash = ?
                """, .text(tokenHash(token))),
                let account = AccountStore.account(row), !account.disabled,
                let id = row.integer(7), let csrf = row.text(8),
                let lastSeen = row.text(9).flatMap(Timestamp.init), let expires = row.text(10).flatMap(Timestamp.init),
                row.text(11) == nil, now < expires, now.secondsSinceEpoch - lastSeen.secondsSinceEpoch <= idleSeconds
            else { return nil }
            return (SignedIn(account: account, sessionID: id, csrfToken: csrf), row.text(9) ?? "")
        }
        guard let (signedIn, lastSeenText) = found else { return nil }
        if let lastSeen = Timestamp(lastSeenText), now.secondsSinceEpoch - lastSeen.secondsSinceEpoch >= 60 {
            try workspace.change { session in
                try session.execute("UPDATE web_sessions SET last_seen_at = ? WHERE id = ?", .text(now.description),
                                    .integer(signedIn.sessionID))
            }
        }
        return signedIn
    }

    /// Ends one session (sign out).
    public static func signOut(_ signedIn: SignedIn, in workspace: Workspace) throws {
        try workspace.change { session in
            try session.execute("UPDATE web_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                                .text(workspace.now().description), .integer(signedIn.sessionID))
            try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: signedIn.account.username,
                                                    action: "account.signed-out", subject: "account:\(signedIn.account.username)"))
        }
    }

    /// Ends every session of the account, on every machine (sign out everywhere).
    public static func signOutEverywhere(_ signedIn: SignedIn, in workspace: Workspace) throws {
        try workspace.change { session in
            try session.execute("UPDATE web_sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL",
                                .text(workspace.now().description), .integer(signedIn.account.id))
            try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: signedIn.account.username,
                                                    action: "account.signed-out-everywhere",
                                                    subject: "account:\(signedIn.account.username)"))
        }
    }

    /// A new random token: 32 bytes from the system's secure generator, as 64 hex digits.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }

    static func tokenHash(_ token: String) -> String { Hashing.sha256(fields: [token], domain: "web session") }

    /// Compares two secrets in time that does not depend on where they differ.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
