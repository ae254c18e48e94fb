#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import GRDB
import GRDBSQLite

/// A workspace database in one SQLite file (through GRDB and the system's libsqlite3).
///
/// The file is created readable and writable by its owner only (SQLite gives its `-wal` and `-shm` files the
/// same permissions). It runs in WAL mode, so readers never wait for a writer; writers take turns (`BEGIN
/// IMMEDIATE`) and wait up to `busyTimeout` seconds for one another instead of failing at once.
public final class SQLiteDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.sqlite
    private let queue: DatabaseQueue
    public let path: String

    /// How long a writer waits for another process's write to finish before giving up.
    public static let busyTimeout: Double = 60

    /// Opens (creating when missing, with mode 0600) the database file at `path`.
    public init(path: String) throws {
        self.path = path
        let previous = umask(0o077)
        defer { umask(previous) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DatabaseError("cannot open the workspace database \(path): \(String(cString: strerror(errno)))")
        }
        _ = Glibc.close(fd)
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "workspace"
        configuration.prepareDatabase { db in
            // WAL: readers see a snapshot while a writer works; NORMAL sync is durable across a process crash.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as GRDB.DatabaseError {
            throw Self.translate(error)
        }
    }

    public func write<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try run(.immediate, body)
    }

    public func read<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try run(.deferred, body)
    }

    public func readWithoutTransaction<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try run(.deferred, body)
    }

    private func run<T>(_ kind: Database.TransactionKind, _ body: (SQLSession) throws -> T) throws -> T {
        do {
            return try queue.inDatabase { db in
                var result: T?
                try db.inTransaction(kind) {
                    result = try body(SQLiteSession(db: db))
                    return .commit
                }
                guard let result else { throw DatabaseError("the transaction ended without a result") }
                return result
            }
        } catch let error as GRDB.DatabaseError {
            throw Self.translate(error)
        }
    }

    public func close() {
        try? queue.close()
    }

    /// Moves everything out of the WAL into the file, rebuilds the file (VACUUM, with `secure_delete` on, so the
    /// free pages that held removed text are gone) and empties the WAL again: after an erasure, text that was
    /// replaced is no longer anywhere in the database's files. Returns false when another connection (a running
    /// `qa serve`) kept the WAL from being emptied; running it again when nobody is reading finishes it.
    public func compact() throws -> Bool {
        do {
            return try queue.inDatabase { db in
                try db.execute(sql: "PRAGMA secure_delete = ON")
                try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                try db.execute(sql: "VACUUM")
                let busy = try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") ?? 1
                return busy == 0
            }
        } catch let error as GRDB.DatabaseError {
            throw Self.translate(error)
        }
    }

    public func openAnother() throws -> SQLDatabase {
        try SQLiteDatabase(path: path)
    }

    /// A GRDB error in words, without the statement's arguments (GRDB's own description would include the SQL,
    /// which is fine, but never show bound values: they may be personal data).
    static func translate(_ error: GRDB.DatabaseError) -> DatabaseError {
        let code = error.resultCode
        if code == .SQLITE_CONSTRAINT {
            return DatabaseError("the database refused a change: \(error.message ?? "a constraint failed")", isConflict: true)
        }
        if code == .SQLITE_BUSY || code == .SQLITE_LOCKED {
            return DatabaseError("the workspace database stayed busy with another process's change for over "
                + "\(Int(busyTimeout)) seconds; try again", isBusy: true)
        }
        if code == .SQLITE_NOTADB || code == .SQLITE_CORRUPT {
            return DatabaseError("the workspace database file is not a database or is damaged")
        }
        if code == .SQLITE_READONLY || code == .SQLITE_CANTOPEN || code == .SQLITE_PERM {
            return DatabaseError("the workspace database cannot be opened for writing (check the file's permissions)")
        }
        if code == .SQLITE_FULL || code == .SQLITE_IOERR {
            return DatabaseError("the workspace database could not be written (is the disk full?)")
        }
        return DatabaseError("the workspace database reported: \(error.message ?? "an error")")
    }
}

/// Statements of one SQLite transaction.
struct SQLiteSession: SQLSession {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ bindings: [SQLValue]) throws {
        try translatingErrors {
            let statement = try db.cachedStatement(sql: sql)
            try statement.execute(arguments: Self.arguments(bindings))
        }
    }

    /// GRDB's errors as `DatabaseError`s already inside the transaction (as PostgreSQL's are), so a caller can
    /// see `isConflict` where it can still go on.
    private func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as GRDB.DatabaseError {
            throw SQLiteDatabase.translate(error)
        }
    }

    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow] {
        var rows: [SQLRow] = []
        try forEachRow(sql, bindings) { row in
            rows.append(row)
            return true
        }
        return rows
    }

    func forEachRow(_ sql: String, _ bindings: [SQLValue], _ body: (SQLRow) throws -> Bool) throws {
        let statement = try translatingErrors { try db.cachedStatement(sql: sql) }
        let cursor = try translatingErrors { try Row.fetchCursor(statement, arguments: Self.arguments(bindings)) }
        let width = statement.columnCount
        var values = [SQLValue](repeating: .null, count: width)
        while let row = try translatingErrors({ try cursor.next() }) {
            for i in 0..<width {
                let value: DatabaseValue = row[i]
                switch value.storage {
                case .null: values[i] = .null
                case .int64(let v): values[i] = .integer(v)
                case .double(let v): values[i] = .real(v)
                case .string(let v): values[i] = .text(v)
                case .blob(let v): values[i] = .text(String(decoding: v, as: UTF8.self))
                }
            }
            if try !body(SQLRow(values)) { break }
        }
    }

    func insertMany(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        _ = try insert(into: table, columns: columns, count: rows.count, collectingRowIDs: false) { rows[$0][$1] }
    }

    func insertRows(into table: String, columns: [String], count: Int,
                    cell: (_ row: Int, _ column: Int) -> SQLValue) throws -> [Int64]? {
        try insert(into: table, columns: columns, count: count, collectingRowIDs: true, cell: cell)
    }

    /// The new rows' ids when `collectingRowIDs`, else none.
    private func insert(into table: String, columns: [String], count: Int, collectingRowIDs: Bool,
                        cell: (_ row: Int, _ column: Int) -> SQLValue) throws -> [Int64] {
        var rowIDs: [Int64] = []
        if collectingRowIDs { rowIDs.reserveCapacity(count) }
        let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let statement = try translatingErrors {
            try db.cachedStatement(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))")
        }
        // Bound and stepped through SQLite's own API: the statement is GRDB's (prepared and cached once), the
        // per-row work is the C calls alone (measured: GRDB's argument boxing was a tenth of an import).
        let handle = statement.sqliteStatement
        for row in 0..<count {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            for i in columns.indices {
                let value = cell(row, i)
                let index = Int32(i + 1)
                let code: Int32
                switch value {
                case .null: code = sqlite3_bind_null(handle, index)
                case .integer(let v): code = sqlite3_bind_int64(handle, index, v)
                case .real(let v): code = sqlite3_bind_double(handle, index, v)
                case .text(let v):
                    code = v.utf8.withContiguousStorageIfAvailable { bytes in
                        sqlite3_bind_text(handle, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                          Int32(bytes.count), Self.transient)
                    } ?? {
                        var copy = v
                        return copy.withUTF8 { bytes in
                            sqlite3_bind_text(handle, index, bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                                              Int32(bytes.count), Self.transient)
                        }
                    }()
                }
                guard code == SQLITE_OK else { throw Self.failure(db, code) }
            }
            let step = sqlite3_step(handle)
            guard step == SQLITE_DONE else {
                sqlite3_reset(handle)
                throw Self.failure(db, step)
            }
            if collectingRowIDs { rowIDs.append(sqlite3_last_insert_rowid(db.sqliteConnection)) }
        }
        sqlite3_reset(handle)
        return rowIDs
    }

    /// SQLite copies bound text (the Swift string may not outlive the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// A failed step or bind, in the workspace's words.
    private static func failure(_ db: Database, _ code: Int32) -> DatabaseError {
        let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) } ?? "error \(code)"
        switch code & 0xFF {
        case SQLITE_CONSTRAINT: return DatabaseError("the database refused a change: \(message)", isConflict: true)
        case SQLITE_BUSY, SQLITE_LOCKED:
            return DatabaseError("the workspace database stayed busy with another process's change; try again", isBusy: true)
        case SQLITE_FULL, SQLITE_IOERR: return DatabaseError("the workspace database could not be written (is the disk full?)")
        default: return DatabaseError("the workspace database reported: \(message)")
        }
    }

    static func arguments(_ bindings: [SQLValue]) -> StatementArguments {
        StatementArguments(bindings.map { value -> DatabaseValue in
            switch value {
            case .null: return .null
            case .integer(let i): return i.databaseValue
            case .real(let d): return d.databaseValue
            case .text(let t): return t.databaseValue
            }
        })
    }
}
