/// A day of the proleptic Gregorian calendar, years 0001–9999, with no time zone: the one calendar in the
/// workbench (call dates, template effective dates, periods, weeks, review dates, sample periods).
///
/// Stored as days since 1970-01-01, so comparing and adding days is integer arithmetic. Parsed strictly from
/// `YYYY-MM-DD` (real month lengths, leap years); written back the same way.
public struct CalendarDay: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    /// The first and last years a parsed day may have.
    public static let years: ClosedRange<Int> = 1...9999

    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The day for a year (0001–9999), month (1–12) and day of the month; `nil` when no such day exists.
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysIn(month: month, year: year)
        else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * m + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = era * 146_097 + dayOfEra - 719_468
    }

    /// Parses `YYYY-MM-DD` strictly: four-digit year 0001–9999, two-digit month and day, a day that exists.
    public init?(_ text: String) {
        var text = text
        guard let day = text.withUTF8({ CalendarDay.parse(utf8: $0) }) else { return nil }
        self = day
    }

    /// Parses `YYYY-MM-DD` from UTF-8 bytes (the whole buffer).
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        guard b.count == 10 else { return nil }
        return parsePrefix(b)
    }

    /// The day of the first ten bytes (`YYYY-MM-DD`), whatever follows; `Timestamp` reads its date with it.
    static func parsePrefix(_ b: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        guard b.count >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2)
        else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }

    /// A call date as records give it: `YYYY-MM-DD`, or a full `Timestamp` whose date (as written, in its own
    /// offset) is the day.
    public static func parseDateOrTimestamp(_ text: String) -> (day: CalendarDay, timestamp: Timestamp?)? {
        if let day = CalendarDay(text) { return (day, nil) }
        if let timestamp = Timestamp(text) { return (timestamp.day, timestamp) }
        return nil
    }

    /// Year, month (1–12) and day of the month.
    public var components: (year: Int, month: Int, day: Int) {
        // Howard Hinnant's civil_from_days.
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int { components.year }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 + 1 }

    public func adding(days: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Days from `other` to this day (positive when this day is later).
    public func days(since other: CalendarDay) -> Int { daysSinceEpoch - other.daysSinceEpoch }

    /// The ISO 8601 week: the year of the week's Thursday and the week number 1–53.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        let year = thursday.year
        let january1 = CalendarDay(year: year, month: 1, day: 1)?.daysSinceEpoch ?? thursday.daysSinceEpoch
        return (year, (thursday.daysSinceEpoch - january1) / 7 + 1)
    }

    /// The ISO week label, e.g. `2025-W02`.
    public var isoWeekLabel: String {
        let (year, week) = isoWeek
        return pad(year, 4) + "-W" + pad(week, 2)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// Whether `year` has a 29 February (every fourth year, except centuries not divisible by 400).
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// Days in `month` (1–12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let day = CalendarDay(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date YYYY-MM-DD (0001–9999)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The number written in `count` ASCII digits at `at`, or `nil`.
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        guard at >= 0, at + count <= b.count else { return nil }
        var value = 0
        for i in at..<(at + count) {
            let c = b[i]
            guard c >= 0x30, c <= 0x39 else { return nil }
            value = value * 10 + Int(c - 0x30)
        }
        return value
    }
}

/// Zero-padded decimal digits.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}
