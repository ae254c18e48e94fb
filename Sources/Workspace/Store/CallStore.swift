import Coaching
import JSON
import QAModel

/// What an import of calls did.
public struct CallImportSummary: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public init() {}
}

/// Calls in the workspace: who took each call, when, its metadata (queue, direction, channel, duration,
/// transcript) and KPIs (handle time, first-contact resolution, CSAT, transfers, other numeric columns).
///
/// A call export is read with the coaching plan's calls-file rules (`KPITable.read`: the same columns mean the
/// same everywhere); the metadata columns are read beside them. Importing a call again replaces its row when
/// something changed (a call's metadata is not scored work: no revisions), and says so in the audit log.
public enum CallStore {
    /// Metadata columns read as text besides the KPI columns.
    public static let metadataColumns = ["queue", "direction", "channel", "duration_seconds", "transcript_path", "started_at"]

    /// Stores the readable rows of a calls table; returns the summary and the rows' problems (rows with problems
    /// are not stored).
    ///
    /// `transcript`, when given, is called with each call's id and `transcript_path` and returns the path to store
    /// instead (the import's redaction writes a redacted copy inside the workspace and stores its path).
    public static func importTable(_ table: TableRows, source: String, workspace: Workspace, session: SQLSession,
                                   transcript: ((_ callID: String, _ path: String) throws -> String)? = nil) throws
        -> (CallImportSummary, [TableProblem]) {
        let (kpis, problems) = KPITable.read(table)
        var columnIndex: [String: Int] = [:]
        for (i, name) in table.header.enumerated() {
            let key = name.trimmingSpaces.lowercased()
            if columnIndex[key] == nil { columnIndex[key] = i }
        }
        var fieldsByCall: [String: [String]] = [:]
        if let callColumn = columnIndex["call_id"] {
            for (_, fields) in table.rows where callColumn < fields.count {
                fieldsByCall[fields[callColumn].trimmingSpaces] = fields
            }
        }
        var summary = CallImportSummary()
        var people: [String: Int64] = [:]
        var teams: [String: String?] = [:]
        for call in kpis.calls { teams[call.agentID] = call.teamID }
        try PeopleStore.resolve(Array(teams.keys), teams: teams, into: &people, session: session, now: workspace.now())
        let now = workspace.now()
        var audit: [AuditEntry] = []
        for call in kpis.calls {
            let fields = fieldsByCall[call.callID] ?? []
            func text(_ name: String) -> String? {
                guard let i = columnIndex[name], i < fields.count else { return nil }
                let value = fields[i].trimmingSpaces
                return value.isEmpty ? nil : value
            }
            let other = JSONValue.object(JSONObject(call.other.sorted { $0.key < $1.key }.map {
                JSONObject.Member(key: $0.key, value: .number($0.value))
            }))
            let otherText = call.other.isEmpty ? nil : (try? JSONWriter.write(other))
            let transcriptPath = try text("transcript_path").map { path in try transcript?(call.callID, path) ?? path }
            let values: [SQLValue] = [
                .integer(people[call.agentID] ?? 0), SQLValue(call.teamID), .text(call.date?.description ?? ""),
                SQLValue(text("started_at")), SQLValue(text("queue")), SQLValue(text("direction")), SQLValue(text("channel")),
                SQLValue(text("duration_seconds").flatMap { Int($0) }),
                SQLValue(call.handleTimeSeconds), SQLValue(call.firstContactResolution.map { $0 ? 1 : 0 }),
                SQLValue(call.csat), SQLValue(text("transfers").flatMap { Int($0) }), SQLValue(transcriptPath),
                SQLValue(otherText),
            ]
            if let existing = try session.first("""
                SELECT id, agent_id, team, call_date, started_at, queue, direction, channel, duration_seconds,
                       handle_time_seconds, first_contact_resolution, csat, transfers, transcript_path, other_columns
                FROM calls WHERE call_key = ?
                """, .text(call.callID)) {
                let stored = Array(existing.values.dropFirst())
                if zip(stored, values).allSatisfy({ same($0, $1) }) {
                    summary.unchanged += 1
                    continue
                }
                try session.execute("""
                    UPDATE calls SET agent_id = ?, team = ?, call_date = ?, started_at = ?, queue = ?, direction = ?,
                        channel = ?, duration_seconds = ?, handle_time_seconds = ?, first_contact_resolution = ?, csat = ?,
                        transfers = ?, transcript_path = ?, other_columns = ? WHERE call_key = ?
                    """, values + [.text(call.callID)])
                summary.updated += 1
                audit.append(AuditEntry(at: now, actor: workspace.actor, action: "call.updated", subject: "call \(call.callID)",
                                        details: "from \(source)"))
            } else {
                try session.execute("""
                    INSERT INTO calls (agent_id, team, call_date, started_at, queue, direction, channel, duration_seconds,
                        handle_time_seconds, first_contact_resolution, csat, transfers, transcript_path, other_columns,
                        call_key, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, values + [.text(call.callID), .text(now.description)])
                summary.added += 1
                audit.append(AuditEntry(at: now, actor: workspace.actor, action: "call.imported", subject: "call \(call.callID)",
                                        details: "from \(source)"))
            }
        }
        if !audit.isEmpty { try AuditLog.append(session, audit) }
        return (summary, problems)
    }

    /// Stored values compare equal across engines (a whole number may come back as a real).
    private static func same(_ a: SQLValue, _ b: SQLValue) -> Bool {
        if a == b { return true }
        if let x = a.real, let y = b.real { return x == y }
        return false
    }

    /// The stored calls (optionally one agent's, or a team's) as a KPI table for coaching plans.
    public static func kpiTable(agents: [String] = [], teams: [String] = [], _ session: SQLSession) throws -> KPITable {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if !agents.isEmpty { conditions.append("p.person_key IN (\(placeholders(agents.count)))"); values += agents.map(SQLValue.text) }
        if !teams.isEmpty { conditions.append("c.team IN (\(placeholders(teams.count)))"); values += teams.map(SQLValue.text) }
        var calls: [CallKPIs] = []
        var otherNames = Set<String>()
        try session.forEachRow("""
            SELECT c.call_key, p.person_key, c.team, c.call_date, c.handle_time_seconds, c.first_contact_resolution, c.csat,
                   c.other_columns
            FROM calls c JOIN people p ON p.id = c.agent_id
            WHERE \(conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "))
            ORDER BY c.id
            """, values) { row in
            var other: [String: Double] = [:]
            if let text = row.text(7),
               case .object(let object)? = try? JSONReader.read(text, limits: JSONLimits(maximumBytes: 1 << 20)) {
                for member in object.members {
                    switch member.value {
                    case .number(let n): other[member.key] = n
                    case .integer(let n): other[member.key] = Double(n.description)
                    default: break
                    }
                }
            }
            otherNames.formUnion(other.keys)
            calls.append(CallKPIs(callID: row.text(0) ?? "", agentID: row.text(1) ?? "", teamID: row.text(2),
                                  date: row.text(3).flatMap(CalendarDay.init), handleTimeSeconds: row.real(4),
                                  firstContactResolution: row.integer(5).map { $0 != 0 }, csat: row.real(6), other: other))
            return true
        }
        return KPITable(calls: calls, otherColumns: otherNames.sorted())
    }
}


/// People as the workspace knows them.
public enum PeopleDirectory {
    /// The team an agent was last recorded in (from their evaluations and calls), or nil when the workspace does
    /// not know the agent or their team.
    public static func team(of agent: String, _ workspace: Workspace) throws -> String? {
        try workspace.database.read { session in
            if let row = try session.first("""
                SELECT e.team FROM evaluations e JOIN people p ON p.id = e.agent_id
                WHERE p.person_key = ? AND e.team IS NOT NULL ORDER BY e.call_date DESC, e.id DESC LIMIT 1
                """, .text(agent)), let team = row.text(0) {
                return team
            }
            return try session.first("SELECT team FROM people WHERE person_key = ?", .text(agent))?.text(0)
        }
    }
}

extension CallStore {
    /// The stored calls as the rows of a calls file (header first): the KPI columns, then the metadata columns.
    public static func exportRows(teams: [String] = [], agents: [String] = [], _ session: SQLSession) throws -> [[String]] {
        var conditions: [String] = []
        var values: [SQLValue] = []
        if !agents.isEmpty { conditions.append("p.person_key IN (\(placeholders(agents.count)))"); values += agents.map(SQLValue.text) }
        if !teams.isEmpty { conditions.append("c.team IN (\(placeholders(teams.count)))"); values += teams.map(SQLValue.text) }
        var rows: [[String]] = [["call_id", "agent_id", "team_id", "date", "handle_time_seconds", "first_contact_resolution",
                                 "csat", "transfers"] + metadataColumns]
        func number(_ value: SQLValue) -> String {
            switch value {
            case .integer(let i): return String(i)
            case .real(let d): return formatNumber(d)
            default: return ""
            }
        }
        try session.forEachRow("""
            SELECT c.call_key, p.person_key, c.team, c.call_date, c.handle_time_seconds, c.first_contact_resolution, c.csat,
                   c.transfers, c.queue, c.direction, c.channel, c.duration_seconds, c.transcript_path, c.started_at
            FROM calls c JOIN people p ON p.id = c.agent_id
            WHERE \(conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "))
            ORDER BY c.id
            """, values) { row in
            let resolved = row.integer(5).map { $0 != 0 ? "true" : "false" } ?? ""
            rows.append([row.text(0) ?? "", row.text(1) ?? "", row.text(2) ?? "", row.text(3) ?? "", number(row[4]), resolved,
                         number(row[6]), number(row[7]), row.text(8) ?? "", row.text(9) ?? "", row.text(10) ?? "",
                         number(row[11]), row.text(12) ?? "", row.text(13) ?? ""])
            return true
        }
        return rows
    }
}
