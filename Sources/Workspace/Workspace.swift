#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import QAModel

/// An open workspace: its database, at the newest schema, and who is making changes.
///
/// Opening applies the migrations the database lacks (each in its own transaction), so a workspace made by an
/// older `qa` is brought up to date; one made by a newer `qa` is refused. Every change goes through `change`,
/// which runs it in one write transaction together with its audit-log entries: a change and its record in
/// the log land together or not at all.
public final class Workspace: @unchecked Sendable {
    public let database: SQLDatabase
    public let location: WorkspaceLocation?
    /// Who the changes are made by (recorded in revisions and the audit log).
    public let actor: String
    /// The clock (tests pass a fixed one).
    public let now: @Sendable () -> Timestamp

    public init(database: SQLDatabase, location: WorkspaceLocation? = nil, actor: String,
                now: @escaping @Sendable () -> Timestamp = Workspace.systemNow) throws {
        self.database = database
        self.location = location
        self.actor = actor
        self.now = now
        try migrate()
    }

    private init(sharing other: Workspace, actor: String) {
        database = other.database
        location = other.location
        self.actor = actor
        now = other.now
    }

    /// The same open workspace (the same connection), with changes recorded as made by `actor`: the browser
    /// workbench records each change under the signed-in person's name.
    public func acting(as actor: String) -> Workspace {
        Workspace(sharing: self, actor: actor)
    }

    /// Opens the workspace at `location` (its database must exist, or be creatable for SQLite).
    public static func open(_ location: WorkspaceLocation, actor: String = Workspace.loginName()) throws -> Workspace {
        let database: SQLDatabase
        switch location.database {
        case .sqlite(let path): database = try SQLiteDatabase(path: path)
        case .postgres(let url): database = try PostgresDatabase(url: url)
        }
        return try Workspace(database: database, location: location, actor: actor)
    }

    public func close() { database.close() }

    /// The current time in UTC, to the second.
    public static let systemNow: @Sendable () -> Timestamp = {
        Timestamp(secondsSinceEpoch: Int(time(nil)))
    }

    /// The login name of the person running the command (`USER`, else the account database), for the audit log.
    public static func loginName() -> String {
        if let user = ProcessEnvironment.values["USER"], !user.isEmpty { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid \(geteuid())"
    }

    /// The schema version the database is at (0 for a new, empty database).
    public func schemaVersion() throws -> Int {
        try database.read { session in
            guard try Self.hasMigrationTable(session) else { return 0 }
            return Int(try session.first("SELECT MAX(version) FROM schema_migrations")?.integer(0) ?? 0)
        }
    }

    private static func hasMigrationTable(_ session: SQLSession) throws -> Bool {
        switch session.dialect {
        case .sqlite:
            return try session.first("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") != nil
        case .postgres:
            return try session.first("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                + "AND table_name = 'schema_migrations'") != nil
        }
    }

    private func migrate() throws {
        try database.write { session in
            if !(try Self.hasMigrationTable(session)) {
                try session.execute("""
                    CREATE TABLE schema_migrations (
                        version BIGINT PRIMARY KEY,
                        name TEXT NOT NULL,
                        applied_at TEXT NOT NULL)
                    """)
                if session.dialect == .postgres {
                    for statement in Schema.postgresPrelude { try session.execute(statement) }
                }
            }
        }
        for migration in Schema.migrations {
            try database.write { session in
                // Read inside the write transaction: two processes opening a new workspace at once apply each
                // migration once (the second waits for the first, then sees it done).
                let current = Int(try session.first("SELECT MAX(version) FROM schema_migrations")?.integer(0) ?? 0)
                if current > Schema.currentVersion {
                    throw WorkspaceError("this workspace was made by a newer qa (schema version \(current); this qa knows "
                        + "\(Schema.currentVersion)): upgrade qa to use it")
                }
                guard migration.version > current else { return }
                for statement in migration.statements(for: session.dialect) {
                    try session.execute(statement)
                }
                try session.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                    .integer(Int64(migration.version)), .text(migration.name), .text(now().description))
                try AuditLog.append(session, AuditEntry(at: now(), actor: actor, action: "workspace.migrated",
                                                        subject: "schema", details: "version \(migration.version): \(migration.name)"))
            }
        }
    }

    /// Runs `body` as one change: a write transaction, committed with the audit entries it appended.
    public func change<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try database.write(body)
    }
}
