#if canImport(Glibc)
import Glibc
#endif
import Foundation
import QAModel
import Records
import Testing
@testable import Workspace

/// What `SQLDatabase` promises, checked the same way on every engine.
@Suite("Database engines behave alike")
struct EngineTests {
    /// A fresh database of `engine`, and a function that opens a second connection to the same one.
    static func open(_ engine: TestEngine, in folder: TemporaryFolder) throws -> (SQLDatabase, () throws -> SQLDatabase) {
        switch engine {
        case .sqlite:
            let path = folder.path + "/engine.sqlite"
            return (try SQLiteDatabase(path: path), { try SQLiteDatabase(path: path) })
        case .postgres:
            let database = try PostgresDatabase.freshTestDatabase(
                serverURL: ProcessEnvironment.values["QA_TEST_POSTGRES_URL"] ?? "")
            let settings = database.settings
            return (database, { try PostgresDatabase(settings: settings) })
        }
    }

    @Test("values go in and come back as they were, NULL into every column type", arguments: TestEngine.available)
    func valuesRoundTrip(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let (database, _) = try Self.open(engine, in: folder)
        defer { database.close() }
        try database.write { session in
            try session.execute("CREATE TABLE v (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, t TEXT)")
            try session.execute("INSERT INTO v (id, i, r, t) VALUES (?, ?, ?, ?)",
                                .integer(1), .integer(Int64.max), .real(0.1), .text("Zoë said 'why?' \u{1F600}"))
            try session.execute("INSERT INTO v (id, i, r, t) VALUES (?, ?, ?, ?)", .integer(2), .integer(Int64.min), .real(-2.5e-300), .text(""))
            try session.execute("INSERT INTO v (id, i, r, t) VALUES (?, ?, ?, ?)", .integer(3), .null, .null, .null)
        }
        let rows = try database.read { try $0.query("SELECT id, i, r, t FROM v ORDER BY id") }
        #expect(rows.map(\.values) == [
            [.integer(1), .integer(Int64.max), .real(0.1), .text("Zoë said 'why?' \u{1F600}")],
            [.integer(2), .integer(Int64.min), .real(-2.5e-300), .text("")],
            [.integer(3), .null, .null, .null],
        ])
        // A '?' inside a literal is not a placeholder.
        let mixed = try database.read { try $0.first("SELECT '?', ? || '!'", .text("x")) }
        #expect(mixed?.values == [.text("?"), .text("x!")])
    }

    @Test("insertMany stores NULLs of each type, whole NULL columns included, in batches", arguments: TestEngine.available)
    func insertManyNulls(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let (database, _) = try Self.open(engine, in: folder)
        defer { database.close() }
        let count = 12_345
        try database.write { session in
            try session.execute("CREATE TABLE m (n BIGINT NOT NULL, i BIGINT, r DOUBLE PRECISION, t TEXT, never BIGINT, gone TEXT)")
            let rows: [[SQLValue]] = (0..<count).map { n -> [SQLValue] in
                let i: SQLValue = n % 3 == 0 ? .null : .integer(Int64(n) * 1_000_000_007)
                let r: SQLValue = n % 5 == 0 ? .null : .real(Double(n) / 8)
                let t: SQLValue = n % 7 == 0 ? .null : .text("row \(n), 'quoted'\t\\\n\r\\N")
                return [.integer(Int64(n)), i, r, t, .null, .null]
            }
            try session.insertMany(into: "m", columns: ["n", "i", "r", "t", "never", "gone"], rows: rows)
            // A batch that is NULL in every column but the key, and one whose real column holds whole numbers.
            try session.insertMany(into: "m", columns: ["n", "i", "r", "t"], rows: [[.integer(-1), .null, .null, .null]])
            try session.insertMany(into: "m", columns: ["n", "r"], rows: [[.integer(-2), .integer(4)], [.integer(-3), .real(0.5)]])
        }
        let summary = try database.read { session in
            try session.first("""
                SELECT COUNT(*), COUNT(i), COUNT(r), COUNT(t), COUNT(never), COUNT(gone), SUM(n) FROM m WHERE n >= 0
                """)
        }
        let expectedNulls = (i: (0..<count).filter { $0 % 3 == 0 }.count, r: (0..<count).filter { $0 % 5 == 0 }.count,
                             t: (0..<count).filter { $0 % 7 == 0 }.count)
        #expect(summary?.integer(0) == Int64(count))
        #expect(summary?.integer(1) == Int64(count - expectedNulls.i))
        #expect(summary?.integer(2) == Int64(count - expectedNulls.r))
        #expect(summary?.integer(3) == Int64(count - expectedNulls.t))
        #expect(summary?.integer(4) == 0 && summary?.integer(5) == 0)
        #expect(summary?.integer(6) == Int64(count * (count - 1) / 2))
        let sample = try database.read { try $0.first("SELECT i, r, t FROM m WHERE n = 11") }
        #expect(sample?.values == [.integer(11_000_000_077), .real(1.375), .text("row 11, 'quoted'\t\\\n\r\\N")])
        let edges = try database.read { try $0.query("SELECT n, i, r, t FROM m WHERE n < 0 ORDER BY n DESC") }
        #expect(edges.map(\.values) == [
            [.integer(-1), .null, .null, .null],
            [.integer(-2), .null, .real(4), .null],
            [.integer(-3), .null, .real(0.5), .null],
        ])
    }

    @Test("forEachRow stops when asked, and the transaction goes on", arguments: TestEngine.available)
    func forEachRowStops(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let (database, _) = try Self.open(engine, in: folder)
        defer { database.close() }
        try database.write { session in
            try session.execute("CREATE TABLE s (n BIGINT NOT NULL)")
            try session.insertMany(into: "s", columns: ["n"], rows: (1...20_000).map { [.integer(Int64($0))] })
        }
        var seen: [Int64] = []
        try database.read { session in
            try session.forEachRow("SELECT n FROM s ORDER BY n", []) { row in
                seen.append(row.integer(0) ?? 0)
                return seen.count < 3
            }
            #expect(try session.first("SELECT COUNT(*) FROM s")?.integer(0) == 20_000)
        }
        #expect(seen == [1, 2, 3])
        // A body that throws stops the rows too, and the database stays usable.
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try database.read { session in
                try session.forEachRow("SELECT n FROM s", []) { _ in throw Stop() }
            }
        }
        #expect(try database.read { try $0.first("SELECT MAX(n) FROM s")?.integer(0) } == 20_000)
    }

    @Test("a unique violation is a conflict without the value, and the transaction can go on", arguments: TestEngine.available)
    func conflict(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let (database, _) = try Self.open(engine, in: folder)
        defer { database.close() }
        try database.write { try $0.execute("CREATE TABLE p (person_key TEXT NOT NULL UNIQUE)") }
        try database.write { session in
            try session.execute("INSERT INTO p (person_key) VALUES (?)", .text("agent-secret-7"))
            do {
                try session.execute("INSERT INTO p (person_key) VALUES (?)", .text("agent-secret-7"))
                Issue.record("the duplicate was accepted")
            } catch let error as DatabaseError {
                #expect(error.isConflict && !error.isBusy)
                #expect(error.message.hasPrefix("the database refused a change: "), "\(error)")
                #expect(!error.message.contains("agent-secret-7"), "\(error)")
            }
            do {
                try session.insertMany(into: "p", columns: ["person_key"], rows: [[.text("agent-secret-7")], [.text("agent-new")]])
                Issue.record("the duplicate was accepted by insertMany")
            } catch let error as DatabaseError {
                #expect(error.isConflict && !error.message.contains("agent-secret-7"), "\(error)")
            }
            // As in SQLite, only the failed statement is undone.
            try session.execute("INSERT INTO p (person_key) VALUES (?)", .text("agent-8"))
        }
        #expect(try database.read { try $0.first("SELECT COUNT(*) FROM p")?.integer(0) } == 2)
        // A body that throws undoes the whole transaction.
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try database.write { session in
                try session.execute("INSERT INTO p (person_key) VALUES (?)", .text("agent-9"))
                throw Stop()
            }
        }
        #expect(try database.read { try $0.first("SELECT COUNT(*) FROM p")?.integer(0) } == 2)
    }

    @Test("two connections writing at once take turns: no lost update, one unbroken audit chain",
          arguments: TestEngine.available)
    func writersTakeTurns(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let (first, openAnother) = try Self.open(engine, in: folder)
        let second = try openAnother()
        defer {
            first.close()
            second.close()
        }
        let clock: @Sendable () -> Timestamp = { Timestamp("2026-12-01T09:00:00Z") ?? Timestamp(secondsSinceEpoch: 0) }
        let workspaces = [try Workspace(database: first, actor: "one", now: clock),
                          try Workspace(database: second, actor: "two", now: clock)]
        try first.write { try $0.execute("CREATE TABLE counter (n BIGINT NOT NULL)"); try $0.execute("INSERT INTO counter VALUES (0)") }
        let rounds = 150
        let failures = Failures()
        let threads = workspaces.map { workspace in
            let thread = Thread {
                do {
                    for i in 0..<rounds {
                        try workspace.change { session in
                            // Read, think, write: without the write lock the two would overwrite each other.
                            let n = try session.first("SELECT n FROM counter")?.integer(0) ?? -1
                            if i % 10 == 0 { usleep(200) }
                            try session.execute("UPDATE counter SET n = ?", .integer(n + 1))
                            try AuditLog.append(session, AuditEntry(at: clock(), actor: workspace.actor, action: "test.counted",
                                                                    subject: "counter", details: "to \(n + 1)"))
                        }
                    }
                } catch {
                    failures.add("\(error)")
                }
                failures.finished()
            }
            thread.start()
            return thread
        }
        _ = threads
        failures.waitForAll(threads.count)
        #expect(failures.messages.isEmpty, "\(failures.messages)")
        #expect(try first.read { try $0.first("SELECT n FROM counter")?.integer(0) } == Int64(2 * rounds))
        let verification = try second.read { try AuditLog.verify($0) }
        #expect(verification == .intact(entries: Schema.migrations.count + 2 * rounds))
    }
}

/// Errors from test threads, and a count of the threads that have finished.
final class Failures: @unchecked Sendable {
    private let condition = NSCondition()
    private var done = 0
    private var list: [String] = []

    var messages: [String] {
        condition.lock()
        defer { condition.unlock() }
        return list
    }

    func add(_ message: String) {
        condition.lock()
        list.append(message)
        condition.unlock()
    }

    func finished() {
        condition.lock()
        done += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForAll(_ count: Int) {
        condition.lock()
        while done < count { condition.wait() }
        condition.unlock()
    }
}

/// Stored evaluations streamed back on a background thread while this thread reads them, on every engine.
@Suite("Stored evaluations streamed back")
struct StreamTests {
    @Test("every stored evaluation comes back through the stream, read as records", arguments: TestEngine.available)
    func streamBack(engine: TestEngine) throws {
        let folder = TemporaryFolder()
        let workspace = try makeWorkspace(engine, in: folder)
        defer { workspace.close() }
        try importTemplate(packageRoot + "/scorecards/inbound-customer-service.xml", into: workspace)
        _ = try importEvaluations(packageRoot + "/examples/inbound/evaluations.jsonl", into: workspace)
        let filter = EvaluationFilter()
        let versions = try workspace.database.read { try StoredEvaluations.versions(filter, $0) }.versions
        #expect(versions.map(\.count) == [240])
        var ids: [String] = []
        let stream = try StoredEvaluations.stream(workspace, filter, versions: versions)
        for (_, source) in stream.parts {
            var reader = try EvaluationReader(source: source)
            while let item = try reader.next() {
                if case .evaluation(let evaluation, _) = item { ids.append(evaluation.id) }
            }
        }
        try stream.status.check()
        #expect(ids.count == 240 && Set(ids).count == 240)
        // The workspace is usable again once the stream has ended.
        #expect(try workspace.database.read { try $0.first("SELECT COUNT(*) FROM evaluations")?.integer(0) } == 240)
    }
}
