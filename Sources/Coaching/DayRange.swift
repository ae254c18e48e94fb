import QAModel

/// An inclusive range of days.
public struct DayRange: Hashable, Sendable, Codable {
    public var from: CalendarDay
    public var to: CalendarDay

    public init(from: CalendarDay, to: CalendarDay) {
        self.from = from
        self.to = to
    }

    public func contains(_ day: CalendarDay) -> Bool { from <= day && day <= to }

    /// Number of days, both ends included.
    public var length: Int { to.daysSinceEpoch - from.daysSinceEpoch + 1 }
}

extension CalendarDay {
    /// A long form for plans read by people: `2 November 2026`.
    public var longDescription: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                     "October", "November", "December"]
        let (y, m, d) = components
        return "\(d) \(names[m - 1]) \(y)"
    }
}
