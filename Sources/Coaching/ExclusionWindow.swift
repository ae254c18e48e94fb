import QAModel
import TextEscaping
/// A stretch of days left out of a coaching plan's figures (a system outage, a call surge, a training week).
public struct ExclusionWindow: Hashable, Sendable, Codable {
    public var start: CalendarDay
    public var end: CalendarDay
    /// Why it is left out, in the team leader's words (may be empty).
    public var reason: String

    public init(start: CalendarDay, end: CalendarDay, reason: String = "") {
        self.start = start
        self.end = end
        self.reason = reason
    }

    public func contains(_ day: CalendarDay) -> Bool { start <= day && day <= end }

    /// Reads windows from a table with columns `start,end[,reason]` (dates `YYYY-MM-DD`, both ends included).
    /// Returns every window that is valid and every problem found (all rows are checked).
    public static func windows(from table: TableRows) -> (windows: [ExclusionWindow], problems: [TableProblem]) {
        let columns = table.columns()
        var problems: [TableProblem] = []
        for required in ["start", "end"] where columns[required] == nil {
            problems.append(TableProblem(
                row: 1, field: required,
                message: "missing column; an exclusion file needs the columns start,end and optionally reason"))
        }
        guard let startColumn = columns["start"], let endColumn = columns["end"] else { return ([], problems) }
        let reasonColumn = columns["reason"]
        var windows: [ExclusionWindow] = []
        for (row, fields) in table.rows {
            func field(_ i: Int) -> String { i < fields.count ? fields[i].trimmingSpaces : "" }
            let startText = field(startColumn)
            let endText = field(endColumn)
            if startText.isEmpty && endText.isEmpty && fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            let start = CalendarDay(startText)
            let end = CalendarDay(endText)
            if start == nil {
                problems.append(TableProblem(row: row, field: "start", message: "\(Quoting.quoted(startText, kind: "value")) is not a date written YYYY-MM-DD"))
            }
            if end == nil {
                problems.append(TableProblem(row: row, field: "end", message: "\(Quoting.quoted(endText, kind: "value")) is not a date written YYYY-MM-DD"))
            }
            guard let start, let end else { continue }
            if end < start {
                problems.append(TableProblem(row: row, field: "end", message: "ends (\(end)) before it starts (\(start))"))
                continue
            }
            windows.append(ExclusionWindow(start: start, end: end, reason: reasonColumn.map(field) ?? ""))
        }
        return (windows, problems)
    }
}
