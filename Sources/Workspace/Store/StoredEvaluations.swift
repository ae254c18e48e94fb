#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import QAModel
import Records

/// Which stored evaluations a command works on. Empty lists mean "all".
public struct EvaluationFilter: Sendable, Hashable {
    /// First and last call day (inclusive).
    public var from: CalendarDay?
    public var to: CalendarDay?
    public var teams: [String] = []
    public var agents: [String] = []
    public var assessors: [String] = []
    /// The purposes counted (all when nil).
    public var purposes: Set<EvaluationPurpose>?
    /// Only this template (any version).
    public var scorecardID: String?
    /// Only this version of the template.
    public var scorecardVersion: String?
    /// Only the evaluations of this blind calibration session.
    public var calibrationSession: Int64?

    public init(from: CalendarDay? = nil, to: CalendarDay? = nil, teams: [String] = [], agents: [String] = [],
                assessors: [String] = [], purposes: Set<EvaluationPurpose>? = nil, scorecardID: String? = nil) {
        self.from = from
        self.to = to
        self.teams = teams
        self.agents = agents
        self.assessors = assessors
        self.purposes = purposes
        self.scorecardID = scorecardID
    }

    /// The WHERE conditions (on `e` evaluations, `t` templates, `a` agent, `s` assessor) and their values.
    func conditions(includingPurpose: Bool = true) -> (String, [SQLValue]) {
        // Sealed answers of open calibration sessions are never read back (`CalibrationSeal`).
        var parts: [String] = [CalibrationSeal.unsealed]
        var values: [SQLValue] = []
        if let calibrationSession { parts.append("e.calibration_session_id = ?"); values.append(.integer(calibrationSession)) }
        if let from { parts.append("e.call_date >= ?"); values.append(.text(from.description)) }
        if let to { parts.append("e.call_date <= ?"); values.append(.text(to.description)) }
        if !teams.isEmpty { parts.append("e.team IN (\(placeholders(teams.count)))"); values += teams.map(SQLValue.text) }
        if !agents.isEmpty { parts.append("a.person_key IN (\(placeholders(agents.count)))"); values += agents.map(SQLValue.text) }
        if !assessors.isEmpty {
            parts.append("s.person_key IN (\(placeholders(assessors.count)))")
            values += assessors.map(SQLValue.text)
        }
        if includingPurpose, let purposes {
            let list = EvaluationPurpose.allCases.filter(purposes.contains)
            parts.append("e.purpose IN (\(placeholders(list.count)))")
            values += list.map { .text($0.rawValue) }
            if list.isEmpty { parts.append("1 = 0") }
        }
        if let scorecardID { parts.append("t.scorecard_id = ?"); values.append(.text(scorecardID)) }
        if let scorecardVersion { parts.append("t.version = ?"); values.append(.text(scorecardVersion)) }
        return (parts.joined(separator: " AND "), values)
    }
}

/// A template version and how many of the chosen evaluations were made with it.
public struct VersionShare: Sendable, Hashable {
    public var templateRowID: Int64
    public var scorecardID: String
    public var version: String
    public var count: Int
}

/// Stored evaluations read back as records: each template version's evaluations as CSV text in that version's
/// layout (the record format `qa score` reads), so every command reads the workspace through the same record
/// reader and checks as it reads files.
public enum StoredEvaluations {
    static let joins = """
        FROM evaluations e
        JOIN templates t ON t.id = e.template_id
        JOIN people a ON a.id = e.agent_id
        JOIN people s ON s.id = e.assessor_id
        """

    /// The template versions the chosen evaluations were made with, oldest import first, with counts; and how
    /// many of each purpose the filter's purpose left out.
    public static func versions(_ filter: EvaluationFilter, _ session: SQLSession) throws
        -> (versions: [VersionShare], leftOut: [EvaluationPurpose: Int]) {
        // One pass over the chosen rows, counted by version and purpose: the versions are those of the purposes
        // chosen, the rest is what the purpose left out. (Two queries read every row twice, which on a large
        // workspace is most of a one-agent report's time.)
        let (condition, values) = filter.conditions(includingPurpose: false)
        var versions: [VersionShare] = []
        var leftOut: [EvaluationPurpose: Int] = [:]
        for row in try session.query(
            "SELECT t.id, t.scorecard_id, t.version, e.purpose, COUNT(*) \(joins) WHERE \(condition) "
                + "GROUP BY t.id, t.scorecard_id, t.version, e.purpose ORDER BY t.id", values) {
            let count = Int(row.integer(4) ?? 0)
            let purpose = row.text(3).flatMap(EvaluationPurpose.init(rawValue:))
            if let purposes = filter.purposes, !(purpose.map(purposes.contains) ?? false) {
                if let purpose { leftOut[purpose, default: 0] += count }
                continue
            }
            let rowID = row.integer(0) ?? 0
            if let last = versions.last, last.templateRowID == rowID {
                versions[versions.count - 1].count += count
            } else {
                versions.append(VersionShare(templateRowID: rowID, scorecardID: row.text(1) ?? "", version: row.text(2) ?? "",
                                             count: count))
            }
        }
        return (versions, leftOut)
    }

    /// The CSV header of a stored version's records.
    public static func csvHeader(_ template: StoredTemplate) -> String {
        (EvaluationWriter.identityColumnNames + template.answerColumns).map(csvEscape).joined(separator: ",") + "\n"
    }

    /// Hands each chosen evaluation of one template version to `body` as a CSV row (with its line end): in the
    /// order they were stored, or — for chosen agents or teams — by call date, which lets the database read them
    /// through its agent or team index instead of every evaluation; `body` returns false to stop.
    public static func forEachRow(version templateRowID: Int64, _ filter: EvaluationFilter, _ session: SQLSession,
                                  _ body: (String) throws -> Bool) throws {
        let (condition, values) = filter.conditions()
        try session.forEachRow("""
            SELECT e.evaluation_key, e.call_key, a.person_key, e.team, s.person_key,
                   COALESCE(e.call_timestamp, e.call_date), e.evaluated_at, t.scorecard_id, t.version, e.purpose, r.answers
            \(joins)
            JOIN evaluation_revisions r ON r.evaluation_id = e.id AND r.revision = e.current_revision
            WHERE e.template_id = ? AND \(condition)
            ORDER BY \(filter.agents.isEmpty && filter.teams.isEmpty ? "e.id" : "e.call_date, e.id")
            """, [.integer(templateRowID)] + values) { row in
            var line = EvaluationWriter.identityCells((0..<10).map { row.text($0) ?? "" })
            line += row.text(10) ?? ""
            line += "\n"
            return try body(line)
        }
    }

    private static func csvEscape(_ s: String) -> String { EvaluationWriter.identityCells([s]).dropLastComma }

    /// Streams the chosen evaluations of each version into its own socket (in the background, one version after
    /// another), and returns one `InputSource` per version to read them from, with the stored template. The
    /// reading side must read the sources in the order given.
    public static func stream(_ workspace: Workspace, _ filter: EvaluationFilter, versions: [VersionShare]) throws
        -> (parts: [(template: StoredTemplate, source: InputSource)], status: StreamStatus) {
        var result: [(StoredTemplate, InputSource)] = []
        var writers: [(Int64, Int32, String)] = []
        let templates = try workspace.database.read { session in
            try versions.map { try TemplateStore.load(rowID: $0.templateRowID, session) }
        }
        for (share, template) in zip(versions, templates) {
            var fds: [Int32] = [0, 0]
            #if canImport(Glibc)
            let kind = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
            #else
            let kind = SOCK_STREAM
            #endif
            guard socketpair(AF_UNIX, kind, 0, &fds) == 0 else {
                for (_, fd, _) in writers { close(fd) }
                throw WorkspaceError("cannot stream from the workspace: \(String(cString: strerror(errno)))")
            }
            let name = "workspace (\(share.scorecardID) \(share.version))"
            result.append((template, .descriptor(fd: fds[0], name: name, format: .csv)))
            writers.append((share.templateRowID, fds[1], csvHeader(template)))
        }
        // The stream reads on a connection of its own, so the command can go on using the workspace meanwhile (a
        // query on the same connection would wait for the stream, which waits for the command to read: a deadlock).
        let database: SQLDatabase
        do {
            database = try workspace.database.openAnother()
        } catch {
            for (_, fd, _) in writers { close(fd) }
            for (_, source) in result { if case .descriptor(let fd, _, _) = source { close(fd) } }
            throw error
        }
        let jobs = writers
        let status = StreamStatus()
        Thread.detachNewThread {
            defer { database.close() }
            var failure: Error?
            for (rowID, fd, header) in jobs {
                var out = SocketWriter(fd: fd)
                if failure == nil, out.write(header) {
                    do {
                        try database.read { session in
                            try forEachRow(version: rowID, filter, session) { line in out.write(line) }
                        }
                    } catch {
                        failure = error
                    }
                }
                out.finish()
                close(fd)
            }
            status.done(failure)
        }
        return (result, status)
    }
}

/// Whether the background reading of stored evaluations finished, and how: check it once the sources have been
/// read, so that a database failure half-way is never taken for the end of the data.
public final class StreamStatus: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var failure: Error?

    func done(_ failure: Error?) {
        self.failure = failure
        finished.signal()
    }

    /// Waits for the background reading to end; throws what stopped it, if anything did.
    public func check() throws {
        finished.wait()
        finished.signal()
        if let failure { throw failure }
    }
}

/// Buffered writes to a socket, without SIGPIPE when the reader has gone.
struct SocketWriter {
    let fd: Int32
    var buffer: [UInt8] = []
    var failed = false

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) -> Bool {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
        return !failed
    }

    mutating func flush() {
        guard !failed else { buffer.removeAll(keepingCapacity: true); return }
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func finish() { flush() }
}

extension String {
    fileprivate var dropLastComma: String { hasSuffix(",") ? String(dropLast()) : self }
}

extension StoredEvaluations {
    /// The latest call date of the stored evaluations of `teams` (all when empty), on or before `to`.
    public static func latestCallDate(teams: [String], to: CalendarDay?, _ session: SQLSession) throws -> CalendarDay? {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if !teams.isEmpty { conditions.append("team IN (\(placeholders(teams.count)))"); values += teams.map(SQLValue.text) }
        if let to { conditions.append("call_date <= ?"); values.append(.text(to.description)) }
        let row = try session.first("SELECT MAX(call_date) FROM evaluations"
                                    + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")), values)
        return row?.text(0).flatMap(CalendarDay.init)
    }
}
