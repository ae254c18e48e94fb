/// A value bound to, or read from, a SQL statement. The workspace stores only these four kinds, so that one
/// schema means the same on SQLite and PostgreSQL: whole numbers, real numbers, text (timestamps are ISO 8601
/// text in UTC), and null.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public var text: String? {
        if case .text(let t) = self { return t }
        return nil
    }

    public var integer: Int64? {
        switch self {
        case .integer(let i): return i
        case .real(let d): return Int64(exactly: d)
        default: return nil
        }
    }

    public var real: Double? {
        switch self {
        case .real(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }

    public init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }
    public init(_ integer: Int?) { self = integer.map { .integer(Int64($0)) } ?? .null }
    public init(_ real: Double?) { self = real.map(SQLValue.real) ?? .null }
    public init(_ flag: Bool) { self = .integer(flag ? 1 : 0) }
}

/// One result row: its values in the order the query selected them.
public struct SQLRow: Sendable {
    public var values: [SQLValue]

    public init(_ values: [SQLValue]) { self.values = values }

    public subscript(_ i: Int) -> SQLValue { i < values.count ? values[i] : .null }
    public func text(_ i: Int) -> String? { self[i].text }
    public func integer(_ i: Int) -> Int64? { self[i].integer }
    public func real(_ i: Int) -> Double? { self[i].real }
}

/// Which database engine a workspace lives in. SQL is written once, in the subset both engines read the same
/// way, with `?` placeholders; the few places that differ (identity columns, triggers, locking) ask this.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// A problem the database reported, in words for a person (never the statement's values, which may be personal
/// data). `isConflict` marks a uniqueness violation, which callers turn into "already there" or a retry.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var isConflict: Bool
    /// The other writer held the database for longer than the wait allowed.
    public var isBusy: Bool

    public init(_ message: String, isConflict: Bool = false, isBusy: Bool = false) {
        self.message = message
        self.isConflict = isConflict
        self.isBusy = isBusy
    }

    public var description: String { message }
}

/// Statements run inside one transaction (see `SQLDatabase.transaction`).
public protocol SQLSession {
    var dialect: SQLDialect { get }
    /// Runs a statement that returns no rows (or whose rows are not wanted).
    func execute(_ sql: String, _ bindings: [SQLValue]) throws
    /// Runs a query and returns every row.
    func query(_ sql: String, _ bindings: [SQLValue]) throws -> [SQLRow]
    /// Runs a query and hands each row to `body` as it is read, without holding the result; `body` returns
    /// false to stop early.
    func forEachRow(_ sql: String, _ bindings: [SQLValue], _ body: (SQLRow) throws -> Bool) throws
    /// Inserts many rows into `table` at once (the columns in order, one `[SQLValue]` per row); each engine does
    /// it its fastest way (a prepared statement per row in SQLite, arrays unnested by the server in PostgreSQL).
    func insertMany(into table: String, columns: [String], rows: [[SQLValue]]) throws
    /// `insertMany` with each value given by `cell(row, column)` as it is needed, so that no row is built first
    /// (SQLite binds each value as it comes). Returns each new row's id in order where the engine gives it for free
    /// (SQLite's row id), nil where it does not (PostgreSQL's `COPY`): the caller then looks the rows up.
    func insertRows(into table: String, columns: [String], count: Int,
                    cell: (_ row: Int, _ column: Int) -> SQLValue) throws -> [Int64]?
}

extension SQLSession {
    public func insertRows(into table: String, columns: [String], count: Int,
                           cell: (_ row: Int, _ column: Int) -> SQLValue) throws -> [Int64]? {
        let rows = (0..<count).map { row in columns.indices.map { cell(row, $0) } }
        try insertMany(into: table, columns: columns, rows: rows)
        return nil
    }

    public func execute(_ sql: String, _ bindings: SQLValue...) throws { try execute(sql, bindings) }
    public func query(_ sql: String, _ bindings: SQLValue...) throws -> [SQLRow] { try query(sql, bindings) }

    /// The first row of a query, or nil.
    public func first(_ sql: String, _ bindings: [SQLValue]) throws -> SQLRow? {
        var found: SQLRow?
        try forEachRow(sql, bindings) { row in
            found = row
            return false
        }
        return found
    }

    public func first(_ sql: String, _ bindings: SQLValue...) throws -> SQLRow? { try first(sql, bindings) }
}

/// A workspace database: SQLite (a file) or PostgreSQL (a server). Every change happens in a transaction that
/// is either committed whole or not at all.
public protocol SQLDatabase: AnyObject, Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in a transaction that writers take in turn (SQLite `BEGIN IMMEDIATE`; in PostgreSQL the
    /// workspace's write lock): committed when `body` returns, rolled back when it throws.
    func write<T>(_ body: (SQLSession) throws -> T) throws -> T
    /// Runs `body` in a read-only transaction: one consistent snapshot, other writers not held up.
    func read<T>(_ body: (SQLSession) throws -> T) throws -> T
    /// Runs `body` with no transaction around its statements where the engine allows: on PostgreSQL each
    /// statement runs on its own and sees its own snapshot. For one query (a statement always sees one
    /// snapshot), or reads that need no common snapshot (a page's independent facts), it saves the
    /// `BEGIN`/`COMMIT` round trips; and it runs what PostgreSQL refuses inside a transaction (`VACUUM`).
    /// SQLite runs it as `read`.
    func readWithoutTransaction<T>(_ body: (SQLSession) throws -> T) throws -> T
    /// Closes the connection; nothing may be run after it.
    func close()
    /// A second connection to the same database, for reading on another thread while this one stays free (the
    /// workspace streams stored evaluations on one while the command goes on using the other).
    func openAnother() throws -> SQLDatabase
}
