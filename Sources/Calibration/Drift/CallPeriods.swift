/// How calls are grouped into the periods a drift chart plots.
public enum DriftPeriod: String, Hashable, Sendable, Codable, CaseIterable {
    /// The ISO 8601 week of the call date (`2025-W02`).
    case week
    /// A calibration session: a run of call dates with no gap of 4 days or more, labelled by its first date.
    case session
}

/// A calendar date from `YYYY-MM-DD` (or the date part of a timestamp), as a day number for arithmetic.
struct CallDay: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01.
    let day: Int

    init(day: Int) { self.day = day }

    init?(_ text: String) {
        let parts = text.prefix(10).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= CallDay.daysInMonth(y, m) else { return nil }
        day = CallDay.daysFromCivil(y, m, d)
    }

    static func < (a: CallDay, b: CallDay) -> Bool { a.day < b.day }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    var weekday: Int { ((day % 7) + 7 + 3) % 7 + 1 }

    /// The ISO week label, e.g. `2025-W02` (the week belongs to the year of its Thursday).
    var isoWeek: String {
        let thursday = day - weekday + 4
        let year = CallDay.year(ofDay: thursday)
        let week = (thursday - CallDay.daysFromCivil(year, 1, 1)) / 7 + 1
        return "\(year)-W" + (week < 10 ? "0" : "") + String(week)
    }

    static func year(ofDay day: Int) -> Int {
        var y = 1970 + day / 366
        while daysFromCivil(y + 1, 1, 1) <= day { y += 1 }
        while daysFromCivil(y, 1, 1) > day { y -= 1 }
        return y
    }
}

/// Assigns each call date a period label, in time order.
struct PeriodAssigner {
    let period: DriftPeriod
    /// Gap in days that starts a new session.
    static let sessionGap = 4

    /// Labels for each date (same order), and the distinct labels in time order.
    func assign(_ days: [CallDay]) -> (labels: [String], order: [String]) {
        switch period {
        case .week:
            let labels = days.map(\.isoWeek)
            var seen = Set<String>()
            let order = zip(days, labels).sorted { $0.0 < $1.0 }.compactMap { seen.insert($0.1).inserted ? $0.1 : nil }
            return (labels, order)
        case .session:
            let distinct = Set(days).sorted()
            var labelOf: [CallDay: String] = [:]
            var order: [String] = []
            var start: CallDay? = nil
            var last: CallDay? = nil
            for d in distinct {
                if let l = last, d.day - l.day < Self.sessionGap, let s = start {
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

    static func label(_ d: CallDay) -> String {
        // Back from a day number to YYYY-MM-DD (Hinnant's civil_from_days).
        let z = d.day + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let dd = doy - (153 * mp + 2) / 5 + 1
        let mm = mp < 10 ? mp + 3 : mp - 9
        let yy = yoe + era * 400 + (mm <= 2 ? 1 : 0)
        func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(yy)-\(pad(mm))-\(pad(dd))"
    }
}
