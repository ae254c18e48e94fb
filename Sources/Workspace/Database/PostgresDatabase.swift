#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import PostgresNIO

/// A workspace database on a PostgreSQL server (through postgres-nio), behaving as `SQLiteDatabase` does.
///
/// - One connection per object, used by one thread at a time (any thread: transactions from two threads take
///   turns on a lock). The synchronous API runs postgres-nio's async calls through `BlockingBridge`.
/// - `write` is `BEGIN ISOLATION LEVEL READ COMMITTED` and then the workspace's write lock, a transaction-level
///   advisory lock (`pg_advisory_xact_lock(writeLockKey)`), so writers take turns exactly as SQLite's `BEGIN
///   IMMEDIATE` makes them (the audit log's hash chain depends on it), and each statement after the lock sees
///   every change committed before it. A writer waits up to `lockWaitSeconds` for another (then `isBusy`).
///   Inside a write, each change (`execute`, `insertMany`) is undone alone when it fails (a savepoint around
///   it), so the transaction can go on as in SQLite. `COMMIT`, or `ROLLBACK` when the body throws.
/// - `read` is `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`: one snapshot, writers not held up.
/// - `forEachRow` streams (a few rows, then up to 1,024, at a time; a query stopped early is ended on the
///   server's side without its rest being kept).
/// - `insertMany` streams the rows with `COPY … FROM STDIN` (measured faster than arrays unnested by the
///   server, which `insertManyByUnnest` keeps for comparison).
/// - Errors are `DatabaseError`s in plain words, with the password and bound values never shown.
public final class PostgresDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.postgres
    /// The server, user and database (the password is kept only for reconnecting).
    public let settings: PostgresSettings

    /// The key of the workspace's write lock ("qa-wlock" in ASCII); advisory locks are per database, so two
    /// workspaces on one server do not hold each other up.
    public static let writeLockKey: Int64 = 0x7161_2D77_6C6F_636B
    /// How long a writer waits for another before giving up (PostgreSQL's `lock_timeout`), as SQLite's busy
    /// timeout.
    public static let lockWaitSeconds = Int(SQLiteDatabase.busyTimeout)
    /// Rows per `INSERT … SELECT FROM unnest(…)` statement.
    static let insertBatchSize = 5_000

    static let logger = Logger(label: "qa.workspace.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Held for a whole transaction (and guards `connection`): one transaction at a time.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    /// The thread in a transaction, to refuse a nested one (which would wait for itself), under `ownerLock`.
    private let ownerLock = NSLock()
    private var owner: pthread_t?

    /// Connects to the server the URL names (see `PostgresSettings` for the URL and its settings).
    public convenience init(url: String) throws {
        try self.init(settings: PostgresSettings(url: url))
    }

    public func openAnother() throws -> SQLDatabase {
        try PostgresDatabase(settings: settings)
    }

    /// Connects with settings already read.
    public init(settings: PostgresSettings) throws {
        self.settings = settings
        self.connection = try Self.connect(settings)
    }

    deinit {
        // Not waited for: whichever thread lets go of the last reference must not block.
        if let connection, !connection.isClosed {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
        }
    }

    static func connect(_ settings: PostgresSettings) throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if settings.isUnixSocket {
            configuration = .init(unixSocketPath: settings.socketPath, username: settings.user,
                                  password: settings.password, database: settings.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch settings.tls {
            case .disable:
                tls = .disable
            case .prefer, .require:
                var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
                if let root = settings.rootCertificate { tlsConfiguration.trustRoots = .file(root) }
                let context: NIOSSLContext
                do {
                    context = try NIOSSLContext(configuration: tlsConfiguration)
                } catch {
                    throw DatabaseError("cannot set up TLS for the PostgreSQL server at \(settings.serverDescription): "
                        + PostgresErrors.describe(error))
                }
                tls = settings.tls == .require ? .require(context) : .prefer(context)
            }
            configuration = .init(host: settings.host, port: settings.port, username: settings.user,
                                  password: settings.password, database: settings.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeoutSeconds))
        configuration.options.additionalStartupParameters = [
            ("application_name", "qa"),
            ("lock_timeout", "\(lockWaitSeconds)s"),
        ]
        let finalConfiguration = configuration
        let logger = Self.logger
        do {
            return try BlockingBridge.shared.run {
                try await PostgresConnection.connect(configuration: finalConfiguration,
                                                     id: Int.random(in: 1...Int(Int32.max)), logger: logger)
            }
        } catch {
            throw PostgresErrors.translate(error, settings, connecting: true)
        }
    }

    public func write<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", write: true, body)
    }

    public func read<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", write: false, body)
    }

    public func readWithoutTransaction<T>(_ body: (SQLSession) throws -> T) throws -> T {
        try transaction(begin: nil, write: false, body)
    }

    /// `begin` nil: no transaction (`readWithoutTransaction`), the body's one statement runs on its own.
    private func transaction<T>(begin: String?, write: Bool, _ body: (SQLSession) throws -> T) throws -> T {
        ownerLock.lock()
        let nested = owner.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        ownerLock.unlock()
        if nested {
            throw DatabaseError("a workspace transaction was started inside another (a bug in qa: report it)")
        }
        lock.lock()
        ownerLock.lock()
        owner = pthread_self()
        ownerLock.unlock()
        defer {
            ownerLock.lock()
            owner = nil
            ownerLock.unlock()
            lock.unlock()
        }
        let connection = try openConnection()
        guard let begin else {
            return try body(PostgresSession(database: self, connection: connection, inWrite: false))
        }
        try command(connection, begin)
        do {
            if write { try command(connection, "SELECT pg_advisory_xact_lock(\(Self.writeLockKey))") }
            let result = try body(PostgresSession(database: self, connection: connection, inWrite: write))
            let tag = try command(connection, "COMMIT")
            guard tag == "COMMIT" else {
                // PostgreSQL answers COMMIT with ROLLBACK when a statement of the transaction failed.
                throw DatabaseError("the change was not saved: a statement in it failed")
            }
            return result
        } catch {
            if !connection.isClosed { _ = try? command(connection, "ROLLBACK") }
            throw error
        }
    }

    /// The connection, made again when the server closed it (after a restart, say) between transactions.
    private func openConnection() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        guard connection != nil else { throw DatabaseError("the workspace database was closed") }
        let fresh = try Self.connect(settings)
        connection = fresh
        return fresh
    }

    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if let connection, !connection.isClosed {
            _ = try? BlockingBridge.shared.run { try await connection.close() }
        }
        connection = nil
    }

    // MARK: Statements (called by PostgresSession within a transaction)

    /// Runs a statement without values and returns its command tag (`COMMIT`, `INSERT 0 5`, …).
    @discardableResult
    func command(_ connection: PostgresConnection, _ sql: String) throws -> String {
        let logger = Self.logger
        return try bridged {
            let future: EventLoopFuture<PostgresQueryResult> = connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            return try await future.get().metadata.command
        }
    }

    /// Runs a statement and reads (and drops) any rows it returns.
    func perform(_ connection: PostgresConnection, _ query: PostgresQuery) throws {
        let logger = Self.logger
        try bridged {
            let rows = try await connection.query(query, logger: logger)
            for try await _ in rows {}
        }
    }

    /// Streams a query's rows to `body` a batch at a time; stops when `body` returns false. The query is sent
    /// and its first batch (up to 16 rows: all of a page's usual queries) read in one bridged call; every hop
    /// between the caller's thread and the event loop costs CPU a busy server does not have (measured under
    /// load, Benchmarks/load). Later batches grow to 1,024 rows.
    func forEachRow(_ connection: PostgresConnection, _ query: PostgresQuery, _ body: (SQLRow) throws -> Bool) throws {
        let logger = Self.logger
        let cursor = RowCursor()
        // Dropping the iterator ends the query: at its end nothing is left; stopped early, postgres-nio reads
        // and discards the rest before the next statement runs.
        defer { cursor.iterator = nil }
        var batchSize = 16
        var started = false
        while true {
            let limit = batchSize
            let start = !started
            let (rows, finished) = try bridged { () -> ([SQLRow], Bool) in
                if start { cursor.iterator = try await connection.query(query, logger: logger).makeAsyncIterator() }
                guard var iterator = cursor.iterator else { return ([], true) }
                var rows: [SQLRow] = []
                rows.reserveCapacity(limit)
                var finished = false
                while rows.count < limit {
                    guard let row = try await iterator.next() else {
                        finished = true
                        break
                    }
                    rows.append(PostgresValues.row(row))
                }
                cursor.iterator = iterator
                return (rows, finished)
            }
            started = true
            for row in rows {
                if try !body(row) { return }
            }
            if finished { return }
            batchSize = min(batchSize * 8, 1_024)
        }
    }

    /// `COPY … FROM STDIN` of `rows`, written in chunks of about 256 KiB.
    func copy(_ connection: PostgresConnection, table: String, columns: [String], rows: [[SQLValue]]) throws {
        let logger = Self.logger
        let width = columns.count
        try bridged {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                var buffer = ByteBuffer()
                buffer.reserveCapacity(1 << 18)
                for row in rows {
                    for c in 0..<width {
                        if c > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                        Self.copyText(c < row.count ? row[c] : .null, into: &buffer)
                    }
                    buffer.writeInteger(UInt8(ascii: "\n"))
                    if buffer.readableBytes >= 1 << 18 {
                        try await writer.write(buffer)
                        buffer.clear()
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
        }
    }

    /// One value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func copyText(_ value: SQLValue, into buffer: inout ByteBuffer) {
        switch value {
        case .null:
            buffer.writeStaticString("\\N")
        case .integer(let i):
            buffer.writeString(String(i))
        case .real(let d):
            if d.isNaN { buffer.writeStaticString("NaN") } else if d.isInfinite { buffer.writeString(d < 0 ? "-Infinity" : "Infinity") } else { buffer.writeString("\(d)") }
        case .text(let t):
            guard t.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                buffer.writeString(t)
                return
            }
            for byte in t.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
    }

    /// Runs bridged work, turning its errors into `DatabaseError`s.
    private func bridged<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        do {
            return try BlockingBridge.shared.run(operation)
        } catch {
            throw PostgresErrors.translate(error, settings)
        }
    }
}

/// The iterator of a query being streamed, between the bridged calls that read it (only one at a time).
private final class RowCursor: @unchecked Sendable {
    var iterator: PostgresRowSequence.AsyncIterator?
}

/// Statements of one PostgreSQL transaction.
struct PostgresSession: SQLSession {
    let database: PostgresDatabase
    let connection: PostgresConnection
    /// In a write transaction each change runs under a savepoint (see `guarded`).
    let inWrite: Bool
    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ bindings: [SQLValue]) throws {
        let query = try PostgresValues.query(sql, bindings)
        try guarded { try database.perform(connection, query) }
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
        try database.forEachRow(connection, PostgresValues.query(sql, bindings), body)
    }

    /// `COPY table (columns) FROM STDIN` in the text format, streamed in chunks of about 256 KiB: measured
    /// faster than `insertManyByUnnest` (100,000 revision-shaped rows of 13 columns, release build, loopback:
    /// 0.26–0.31 s against 0.36–0.44 s). The server reads each value as its column's type, so NULLs of every
    /// type and whole numbers in a real column need nothing special.
    func insertMany(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        try guarded {
            try database.copy(connection, table: table, columns: columns, rows: rows)
        }
    }

    /// `INSERT INTO t (a, b, …) SELECT v1, v2, … FROM unnest($1::int8[], $2::text[], …) AS u(v1, v2, …)`, up
    /// to `insertBatchSize` rows at a time (kept for the comparison with COPY). Each column's array type
    /// follows its values (text if any is text, else float8 if any is real, else int8); a column whose values
    /// are all NULL is an untyped `NULL` in the select list, which PostgreSQL gives the column's own type.
    func insertManyByUnnest(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty, !columns.isEmpty else { return }
        try guarded {
            var start = 0
            while start < rows.count {
                let end = min(start + PostgresDatabase.insertBatchSize, rows.count)
                try database.perform(connection, Self.unnestInsert(table, columns, rows[start..<end]))
                start = end
            }
        }
    }

    static func unnestInsert(_ table: String, _ columns: [String], _ rows: ArraySlice<[SQLValue]>) -> PostgresQuery {
        var selectList: [String] = []
        var arrays: [String] = []
        var names: [String] = []
        var binds = PostgresBindings(capacity: columns.count)
        for c in columns.indices {
            let values = rows.map { c < $0.count ? $0[c] : .null }
            guard let element = PostgresValueArray.Element(values) else {
                selectList.append("NULL")
                continue
            }
            names.append("v\(arrays.count + 1)")
            selectList.append("u.v\(arrays.count + 1)")
            arrays.append("$\(arrays.count + 1)::\(element.sqlName)[]")
            binds.append(PostgresValueArray(element: element, values: values))
        }
        let source = arrays.isEmpty
            ? "generate_series(1, \(rows.count))"
            : "unnest(\(arrays.joined(separator: ", "))) AS u(\(names.joined(separator: ", ")))"
        return PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) SELECT "
                             + selectList.joined(separator: ", ") + " FROM " + source, binds: binds)
    }

    /// In a write transaction, runs a change under a savepoint and undoes only it when it fails: in PostgreSQL
    /// a failed statement would otherwise end the whole transaction, where SQLite undoes just that statement.
    private func guarded(_ change: () throws -> Void) throws {
        guard inWrite else { return try change() }
        try database.command(connection, "SAVEPOINT qa_statement")
        do {
            try change()
        } catch {
            _ = try? database.command(connection, "ROLLBACK TO SAVEPOINT qa_statement")
            _ = try? database.command(connection, "RELEASE SAVEPOINT qa_statement")
            throw error
        }
        try database.command(connection, "RELEASE SAVEPOINT qa_statement")
    }
}

extension PostgresDatabase {
    /// A new, empty database on the server `serverURL` names (for tests: each test its own database): connects
    /// to the URL's database, runs `CREATE DATABASE qa_test_<random hex>`, and returns a connection to it.
    public static func freshTestDatabase(serverURL: String) throws -> PostgresDatabase {
        let admin = try PostgresDatabase(url: serverURL)
        defer { admin.close() }
        var name = "qa_test_"
        for _ in 0..<16 { name.append(String(Int.random(in: 0..<16), radix: 16)) }
        guard let connection = admin.connection else { throw DatabaseError("the test server connection is closed") }
        try admin.command(connection, "CREATE DATABASE \(name)")
        var settings = admin.settings
        settings.database = name
        return try PostgresDatabase(settings: settings)
    }
}
