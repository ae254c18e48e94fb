import QAModel
import TextEscaping
/// One call's operational figures (KPIs) as read from a calls file: handle time, first-contact resolution,
/// customer satisfaction, and any other numeric column, keyed by the column name.
///
/// Any of the figures may be missing for a call (not every customer answers a survey).
public struct CallKPIs: Hashable, Sendable {
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var date: CalendarDay?
    public var handleTimeSeconds: Double?
    public var firstContactResolution: Bool?
    public var csat: Double?
    /// Other numeric columns (e.g. `transfers`, `hold_seconds`): column name → value.
    public var other: [String: Double]

    public init(
        callID: String, agentID: String, teamID: String? = nil, date: CalendarDay? = nil,
        handleTimeSeconds: Double? = nil, firstContactResolution: Bool? = nil, csat: Double? = nil,
        other: [String: Double] = [:]
    ) {
        self.callID = callID
        self.agentID = agentID
        self.teamID = teamID
        self.date = date
        self.handleTimeSeconds = handleTimeSeconds
        self.firstContactResolution = firstContactResolution
        self.csat = csat
        self.other = other
    }
}

/// The calls of a KPI file, with the names of its extra numeric columns in file order.
public struct KPITable: Hashable, Sendable {
    public var calls: [CallKPIs]
    /// Columns beyond the known ones whose every non-empty value is a number, in file order.
    public var otherColumns: [String]

    public init(calls: [CallKPIs], otherColumns: [String] = []) {
        self.calls = calls
        self.otherColumns = otherColumns
    }

    /// The known columns; every other column is reported when all its values are numbers.
    public static let knownColumns = [
        "call_id", "agent_id", "team_id", "date", "handle_time_seconds", "first_contact_resolution", "csat",
    ]

    /// Reads a calls table (`call_id,agent_id,team_id,date,handle_time_seconds,first_contact_resolution,csat,…`).
    /// `call_id` and `agent_id` are required; the other known columns may be absent or empty on a row.
    /// Returns the calls that could be read and every problem found.
    public static func read(_ table: TableRows) -> (table: KPITable, problems: [TableProblem]) {
        let columns = table.columns()
        var problems: [TableProblem] = []
        for required in ["call_id", "agent_id"] where columns[required] == nil {
            problems.append(TableProblem(
                row: 1, field: required,
                message: "missing column; a calls file needs at least call_id and agent_id "
                    + "(and usually team_id,date,handle_time_seconds,first_contact_resolution,csat)"))
        }
        guard let callColumn = columns["call_id"], let agentColumn = columns["agent_id"] else {
            return (KPITable(calls: []), problems)
        }
        // Extra columns, in file order, that hold only numbers.
        var extra: [(name: String, index: Int)] = []
        var seen = Set(knownColumns)
        for (i, raw) in table.header.enumerated() {
            let name = raw.trimmingSpaces
            guard !name.isEmpty, !seen.contains(name.lowercased()) else { continue }
            seen.insert(name.lowercased())
            let numeric = table.rows.allSatisfy { _, fields in
                let value = i < fields.count ? fields[i].trimmingSpaces : ""
                return value.isEmpty || Double(value)?.isFinite == true
            }
            if numeric { extra.append((name, i)) }
        }
        var calls: [CallKPIs] = []
        calls.reserveCapacity(table.rows.count)
        for (row, fields) in table.rows {
            func field(_ name: String) -> String? {
                guard let i = columns[name], i < fields.count else { return nil }
                let value = fields[i].trimmingSpaces
                return value.isEmpty ? nil : value
            }
            if fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            var rowProblems: [TableProblem] = []
            let callID = callColumn < fields.count ? fields[callColumn].trimmingSpaces : ""
            let agentID = agentColumn < fields.count ? fields[agentColumn].trimmingSpaces : ""
            if callID.isEmpty { rowProblems.append(TableProblem(row: row, field: "call_id", message: "empty; every call needs its id")) }
            if agentID.isEmpty { rowProblems.append(TableProblem(row: row, field: "agent_id", message: "empty; every call needs its agent")) }
            var date: CalendarDay?
            if let text = field("date") {
                date = CalendarDay.parseDateOrTimestamp(text)?.day
                if date == nil { rowProblems.append(TableProblem(row: row, field: "date", message: "\(Quoting.quoted(text, kind: "value")) is not a date written YYYY-MM-DD")) }
            }
            func number(_ name: String, _ valid: (Double) -> Bool, _ expected: String) -> Double? {
                guard let text = field(name) else { return nil }
                guard let value = Double(text), value.isFinite, valid(value) else {
                    rowProblems.append(TableProblem(row: row, field: name, message: "\(Quoting.quoted(text, kind: "value")) is not \(expected)"))
                    return nil
                }
                return value
            }
            let handleTime = number("handle_time_seconds", { $0 >= 0 && $0 <= 1_000_000 },
                                    "a number of seconds from 0 to 1,000,000")
            let csat = number("csat", { $0.magnitude <= 1_000_000 }, "a number from -1,000,000 to 1,000,000 (the survey score)")
            var resolved: Bool?
            if let text = field("first_contact_resolution") {
                switch text.lowercased() {
                case "true", "yes", "y", "1": resolved = true
                case "false", "no", "n", "0": resolved = false
                default:
                    rowProblems.append(TableProblem(row: row, field: "first_contact_resolution",
                                                    message: "\(Quoting.quoted(text, kind: "value")) is not yes/no (true/false, 1/0)"))
                }
            }
            var other: [String: Double] = [:]
            for (name, i) in extra where i < fields.count {
                if let value = Double(fields[i].trimmingSpaces), value.magnitude <= 1e12 { other[name] = value }
            }
            if !rowProblems.isEmpty {
                problems += rowProblems
                continue
            }
            calls.append(CallKPIs(callID: callID, agentID: agentID, teamID: field("team_id"), date: date,
                                  handleTimeSeconds: handleTime, firstContactResolution: resolved, csat: csat,
                                  other: other))
        }
        return (KPITable(calls: calls, otherColumns: extra.map(\.name)), problems)
    }
}
