import QAModel

/// How calls are grouped into the periods a drift chart plots.
public enum DriftPeriod: String, Hashable, Sendable, Codable, CaseIterable {
    /// The ISO 8601 week of the call date (`2025-W02`).
    case week
    /// A calibration session: a run of call dates with no gap of 4 days or more, labelled by its first date.
    case session
}

/// Assigns each call date a period label, in time order.
struct PeriodAssigner {
    let period: DriftPeriod
    /// Gap in days that starts a new session.
    static let sessionGap = 4

    /// Labels for each date (same order), and the distinct labels in time order.
    func assign(_ days: [CalendarDay]) -> (labels: [String], order: [String]) {
        switch period {
        case .week:
            let labels = days.map(\.isoWeekLabel)
            var seen = Set<String>()
            let order = zip(days, labels).sorted { $0.0 < $1.0 }.compactMap { seen.insert($0.1).inserted ? $0.1 : nil }
            return (labels, order)
        case .session:
            let distinct = Set(days).sorted()
            var labelOf: [CalendarDay: String] = [:]
            var order: [String] = []
            var start: CalendarDay? = nil
            var last: CalendarDay? = nil
            for d in distinct {
                if let l = last, d.days(since: l) < Self.sessionGap, let s = start {
                    labelOf[d] = Self.label(s)
                } else {
                    start = d
                    order.append(Self.label(d))
                    labelOf[d] = Self.label(d)
                }
                last = d
            }
            return (days.map { labelOf[$0] ?? "" }, order)
        }
    }

    /// A session's label: its first date, `YYYY-MM-DD`.
    static func label(_ d: CalendarDay) -> String { d.description }
}
