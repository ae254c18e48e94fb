import PostgresNIO

/// A workspace database on a PostgreSQL server (through postgres-nio). (Being built: see issue 10.)
public final class PostgresDatabase: SQLDatabase, @unchecked Sendable {
    public let dialect = SQLDialect.postgres

    public init(url: String) throws {
        throw DatabaseError("PostgreSQL workspaces are not available in this build yet")
    }

    public func write<T>(_ body: (SQLSession) throws -> T) throws -> T {
        throw DatabaseError("PostgreSQL workspaces are not available in this build yet")
    }

    public func read<T>(_ body: (SQLSession) throws -> T) throws -> T {
        throw DatabaseError("PostgreSQL workspaces are not available in this build yet")
    }

    public func close() {}
}

extension PostgresDatabase {
    /// A new, empty database on the server `serverURL` names (for tests: each test its own database).
    public static func freshTestDatabase(serverURL: String) throws -> PostgresDatabase {
        throw DatabaseError("PostgreSQL workspaces are not available in this build yet")
    }
}
