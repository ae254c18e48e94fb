#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Workspace

/// PostgreSQL only: URLs, messages, and what needs a server (run when `QA_TEST_POSTGRES_URL` names one).
@Suite("PostgreSQL")
struct PostgresTests {
    static var serverURL: String? {
        ProcessEnvironment.values["QA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    @Test("a URL is read into its parts, percent-escapes decoded; the password never shown")
    func urlParts() throws {
        let s = try PostgresSettings(url: "postgres://qa%20lead:s3cr%40t@db.example.com:6543/qa%2Dteam?sslmode=require&connect_timeout=3",
                                     environment: [:])
        #expect(s.user == "qa lead" && s.password == "s3cr@t")
        #expect(s.host == "db.example.com" && s.port == 6543 && s.database == "qa-team")
        #expect(s.tls == .require && s.connectTimeoutSeconds == 3 && !s.isUnixSocket)
        #expect(!s.redacted.contains("s3cr") && s.redacted.contains("***"))
        #expect(s.serverDescription == "db.example.com:6543")

        let plain = try PostgresSettings(url: "postgresql://alice@127.0.0.1/workspace", environment: [:])
        #expect(plain.port == 5432 && plain.password == nil && plain.tls == .disable && plain.connectTimeoutSeconds == 10)
        // TLS by default away from this machine; off when asked.
        #expect(try PostgresSettings(url: "postgres://alice@db.internal/w", environment: [:]).tls == .require)
        #expect(try PostgresSettings(url: "postgres://alice@db.internal/w?sslmode=disable", environment: [:]).tls == .disable)
        #expect(try PostgresSettings(url: "postgres://alice@[::1]:7000/w", environment: [:]).serverDescription == "[::1]:7000")
        // The database defaults to the user's name.
        #expect(try PostgresSettings(url: "postgres://alice@localhost", environment: [:]).database == "alice")
    }

    @Test("the password comes from PGPASSWORD when the URL has none")
    func passwordFromEnvironment() throws {
        let fromEnvironment = try PostgresSettings(url: "postgres://alice@localhost/w", environment: ["PGPASSWORD": "envpw"])
        #expect(fromEnvironment.password == "envpw")
        let fromURL = try PostgresSettings(url: "postgres://alice:urlpw@localhost/w", environment: ["PGPASSWORD": "envpw"])
        #expect(fromURL.password == "urlpw")
    }

    @Test("a Unix socket folder, as an escaped host or a host= item")
    func unixSocket() throws {
        let escaped = try PostgresSettings(url: "postgres://bob@%2Fvar%2Frun%2Fpostgresql/qa", environment: [:])
        #expect(escaped.isUnixSocket && escaped.socketPath == "/var/run/postgresql/.s.PGSQL.5432" && escaped.tls == .disable)
        let item = try PostgresSettings(url: "postgres:///qa?host=/tmp/pg&user=bob&port=6000", environment: [:])
        #expect(item.isUnixSocket && item.socketPath == "/tmp/pg/.s.PGSQL.6000" && item.user == "bob" && item.database == "qa")
    }

    @Test("a bad URL is refused with a message that names the problem and never the password", arguments: [
        ("mysql://alice:hunter2@host/db", "postgres://"),
        ("postgres://alice:hunter2@host:99999/db", "port"),
        ("postgres://alice:hunter2@host/db?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgres://alice:hunter2@host/db?colour=blue", "'colour'"),
        ("postgres://alice:hunter2@host/db?connect_timeout=soon", "connect_timeout"),
        ("postgres://alice:hunter2@host/d%zzb", "'%'"),
        ("postgres://:hunter2@host/db", "no user"),
        ("postgres://alice@host/db?password=hunter2&colour=blue", "'colour'"),
    ])
    func badURL(url: String, expected: String) {
        do {
            _ = try PostgresSettings(url: url, environment: [:])
            Issue.record("\(PostgresSettings.redact(url)) was accepted")
        } catch {
            let message = "\(error)"
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains("hunter2"), "\(message)")
        }
    }

    @Test("placeholders are numbered outside quoted text and comments")
    func placeholders() {
        let (sql, count) = PostgresValues.numberPlaceholders(
            "SELECT ?, '?', 'it''s ?', \"a?\", E'\\'?', $$?$$, $x$ ? $x$ -- ?\n, /* ? */ ? FROM t WHERE a = ?")
        #expect(count == 3)
        #expect(sql == "SELECT $1, '?', 'it''s ?', \"a?\", E'\\'?', $$?$$, $x$ ? $x$ -- ?\n, /* ? */ $2 FROM t WHERE a = $3")
    }

    @Test("nothing listening: a plain message at once, without the password")
    func connectionRefused() throws {
        let port = try unusedPort()
        let started = Date()
        do {
            _ = try PostgresDatabase(url: "postgres://alice:hunter2@127.0.0.1:\(port)/qa?connect_timeout=5")
            Issue.record("connected to nothing")
        } catch {
            let message = "\(error)"
            #expect(message == "cannot reach the PostgreSQL server at 127.0.0.1:\(port): connection refused "
                + "(is the server running and listening on that port?)", "\(message)")
            #expect(!message.contains("hunter2"))
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("a server that never answers: given up after connect_timeout, no hang")
    func silentServer() throws {
        let (fd, port) = try silentListener()
        defer { close(fd) }
        let started = Date()
        do {
            _ = try PostgresDatabase(url: "postgres://alice:hunter2@127.0.0.1:\(port)/qa?connect_timeout=1")
            Issue.record("connected to a silent server")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("cannot reach the PostgreSQL server at 127.0.0.1:\(port): "), "\(message)")
            #expect(message.contains("no answer within 1 second"), "\(message)")
            #expect(!message.contains("hunter2"))
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.9 && elapsed < 5, "\(elapsed) s")
    }

    @Test("a database that does not exist is named plainly", .enabled(if: serverURL != nil))
    func missingDatabase() throws {
        let settings = try PostgresSettings(url: Self.serverURL ?? "")
        var url = "postgres://\(settings.user)@\(settings.host):\(settings.port)/qa_no_such_database?sslmode=disable"
        if settings.isUnixSocket { url = "postgres://\(settings.user)@/qa_no_such_database?host=\(settings.host)&port=\(settings.port)" }
        do {
            _ = try PostgresDatabase(url: url)
            Issue.record("connected to a database that does not exist")
        } catch {
            #expect("\(error)" == "the PostgreSQL server at \(settings.serverDescription) has no database "
                    + "'qa_no_such_database' (create it, e.g. createdb qa_no_such_database)")
        }
    }

    @Test("a stopped query leaves the connection usable, and a long result is not held", .enabled(if: serverURL != nil))
    func streamingStopsEarly() throws {
        let database = try PostgresDatabase.freshTestDatabase(serverURL: Self.serverURL ?? "")
        defer { database.close() }
        let count = try database.read { session -> Int in
            var seen = 0
            try session.forEachRow("SELECT g FROM generate_series(1, 200000) AS g", []) { row in
                seen += 1
                #expect(row.integer(0) == Int64(seen))
                return seen < 10
            }
            // The same transaction goes on after the stop.
            #expect(try session.first("SELECT 41 + 1")?.integer(0) == 42)
            return seen
        }
        #expect(count == 10)
    }

    @Test("result types map to SQLValue kinds", .enabled(if: serverURL != nil))
    func resultTypes() throws {
        let database = try PostgresDatabase.freshTestDatabase(serverURL: Self.serverURL ?? "")
        defer { database.close() }
        let row = try database.read { session in
            try session.first("SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.25::float8, 3.125::numeric, 'x'::varchar, "
                              + "'y'::name, true, NULL::bigint, '2026-12-01T09:00:00Z'::timestamptz, "
                              + "'6f1c1d0e-0000-4000-8000-000000000001'::uuid, COUNT(*) FROM (SELECT 1) AS one")
        }
        #expect(row?.values == [.integer(1), .integer(2), .integer(3), .real(1.5), .real(2.25), .real(3.125), .text("x"),
                                .text("y"), .integer(1), .null, .text("2026-12-01T09:00:00Z"),
                                .text("6F1C1D0E-0000-4000-8000-000000000001"), .integer(1)])
    }

    /// A measurement, not a check: `QA_BENCH_INSERTMANY=1 swift test --filter insertManyMeasure` prints the
    /// time of 100,000 evaluation-revision-shaped rows by unnest and by COPY.
    @Test("insertMany: unnest against COPY on 100,000 rows",
          .enabled(if: serverURL != nil && ProcessEnvironment.values["QA_BENCH_INSERTMANY"] == "1"))
    func insertManyMeasure() throws {
        let database = try PostgresDatabase.freshTestDatabase(serverURL: Self.serverURL ?? "")
        defer { database.close() }
        let columns = ["evaluation_id", "revision", "answers", "evaluated_at", "total_score", "passed", "band",
                       "auto_failed", "content_sha256", "author", "created_at", "reason", "source"]
        let answers = String(repeating: "yes,no,3,", count: 14) + "\"comment, \"\"quoted\"\"\""
        let rows: [[SQLValue]] = (0..<100_000).map { n -> [SQLValue] in
            let band: SQLValue = n % 4 == 0 ? .null : .text("meets")
            let score: SQLValue = .real(Double(n % 1000) / 10)
            return [.integer(Int64(n)), .integer(1), .text(answers), .text("2026-12-01T09:00:00Z"), score,
                    .integer(Int64(n % 2)), band, .integer(0), .text(Hashing.sha256("\(n)")), .text("tester"),
                    .text("2026-12-01T09:00:00Z"), .text("imported from test"), .null]
        }
        let table = "CREATE TABLE r (evaluation_id BIGINT, revision BIGINT, answers TEXT, evaluated_at TEXT, total_score DOUBLE PRECISION, "
            + "passed BIGINT, band TEXT, auto_failed BIGINT, content_sha256 TEXT, author TEXT, created_at TEXT, reason TEXT, source TEXT)"
        try database.write { try $0.execute(table) }
        for round in 1...3 {
            for method in ["unnest", "copy"] {
                try database.write { try $0.execute("TRUNCATE r") }
                let started = Date()
                try database.write { session in
                    guard let session = session as? PostgresSession else { return }
                    if method == "unnest" {
                        try session.insertManyByUnnest(into: "r", columns: columns, rows: rows)
                    } else {
                        try session.insertMany(into: "r", columns: columns, rows: rows)
                    }
                }
                let seconds = Date().timeIntervalSince(started)
                print("insertMany round \(round) \(method): 100000 rows in \(String(format: "%.3f", seconds)) s")
                #expect(try database.read { try $0.first("SELECT COUNT(*), COUNT(band), SUM(evaluation_id) FROM r")?.values }
                        == [.integer(100_000), .integer(75_000), .real(4_999_950_000)])
            }
        }
    }

    @Test("a transaction inside another is refused, not a wait for itself", .enabled(if: serverURL != nil))
    func nestedTransaction() throws {
        let database = try PostgresDatabase.freshTestDatabase(serverURL: Self.serverURL ?? "")
        defer { database.close() }
        #expect(throws: DatabaseError.self) {
            try database.write { _ in try database.read { try $0.first("SELECT 1") } }
        }
        #expect(try database.read { try $0.first("SELECT 2")?.integer(0) } == 2)
    }

    @Test("a Unix socket connection", .enabled(if: ProcessEnvironment.values["QA_TEST_POSTGRES_SOCKET_URL"].map { !$0.isEmpty } ?? false))
    func unixSocketConnection() throws {
        let database = try PostgresDatabase(url: ProcessEnvironment.values["QA_TEST_POSTGRES_SOCKET_URL"] ?? "")
        defer { database.close() }
        #expect(database.settings.isUnixSocket)
        // A Unix socket connection has no client address.
        #expect(try database.read { try $0.first("SELECT inet_client_addr() IS NULL")?.integer(0) } == 1)
    }

    @Test("a read transaction cannot change anything", .enabled(if: serverURL != nil))
    func readIsReadOnly() throws {
        let database = try PostgresDatabase.freshTestDatabase(serverURL: Self.serverURL ?? "")
        defer { database.close() }
        try database.write { try $0.execute("CREATE TABLE t (a BIGINT)") }
        #expect(throws: DatabaseError.self) { try database.read { try $0.execute("INSERT INTO t VALUES (1)") } }
        #expect(try database.read { try $0.first("SELECT COUNT(*) FROM t")?.integer(0) } == 0)
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on (bound, then released).
func unusedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw DatabaseError("socket failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw DatabaseError("bind failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A socket on 127.0.0.1 that accepts connections (the kernel does) but never says anything.
func silentListener() throws -> (Int32, Int) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw DatabaseError("socket failed") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ready = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
            bind(fd, pointer, length) == 0 && listen(fd, 8) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard ready else {
        close(fd)
        throw DatabaseError("listen failed")
    }
    return (fd, Int(UInt16(bigEndian: address.sin_port)))
}
