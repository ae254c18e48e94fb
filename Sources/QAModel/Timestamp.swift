/// A moment written in ISO 8601 with its time zone: `2026-03-03T09:15:00Z`, `2026-03-02T14:05:00+01:00`,
/// `2026-03-02T14:05:30.250-0500`, `2026-03-02T14:05Z` (seconds may be left out).
///
/// Parsing is strict: a real `CalendarDay` (years 0001–9999), hours 00–23, minutes and seconds 00–59 (no leap
/// second `:60`), at most nine fractional digits after `.` or `,`, and a required `Z` or `±hh:mm` / `±hhmm`
/// offset (a time without a zone names no moment). Written back in one form: `T`, `Z` or `±hh:mm`, seconds and
/// fraction as given. Ordered by the moment, then by how it was written (so `<` agrees with `==`).
public struct Timestamp: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The date as written (in the timestamp's own offset, not in UTC).
    public var day: CalendarDay
    public var hour: Int
    public var minute: Int
    /// The seconds, or `nil` when the text gave only hours and minutes.
    public var second: Int?
    /// The fractional-second digits as written (`"250"` for `.250`), empty when there are none.
    public var fraction: String
    /// Offset from UTC in minutes (`+01:00` = 60).
    public var offsetMinutes: Int
    /// Whether the offset was written `Z`.
    public var isUTCDesignator: Bool

    /// A UTC timestamp with seconds, `Z`, for a count of seconds since 1970-01-01T00:00:00Z.
    public init(secondsSinceEpoch: Int) {
        let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86_400 : -((-secondsSinceEpoch + 86_399) / 86_400)
        let rest = secondsSinceEpoch - days * 86_400
        day = CalendarDay(daysSinceEpoch: days)
        hour = rest / 3600
        minute = rest / 60 % 60
        second = rest % 60
        fraction = ""
        offsetMinutes = 0
        isUTCDesignator = true
    }

    /// Parses the text strictly (see the type's description); `nil` when it is not such a timestamp.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Timestamp.parse(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses UTF-8 bytes (the whole buffer).
    public static func parse(utf8 b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        typealias D = CalendarDay
        guard b.count >= 17, let day = D.parsePrefix(b), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = D.digits(b, 11, 2), hour <= 23, b[13] == UInt8(ascii: ":"),
              let minute = D.digits(b, 14, 2), minute <= 59
        else { return nil }
        var i = 16
        var second: Int?
        var fraction = ""
        if b[i] == UInt8(ascii: ":") {
            guard let s = D.digits(b, i + 1, 2), s <= 59 else { return nil }
            second = s
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
                guard i > start, i - start <= 9 else { return nil }
                fraction = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            }
        }
        guard i < b.count else { return nil }  // no time zone
        var offset = 0
        var zulu = false
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.count else { return nil }
            zulu = true
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let hours = D.digits(b, i + 1, 2), hours <= 23 else { return nil }
            var j = i + 3
            if j < b.count, b[j] == UInt8(ascii: ":") { j += 1 }
            guard let minutes = D.digits(b, j, 2), minutes <= 59, j + 2 == b.count else { return nil }
            offset = (hours * 60 + minutes) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        default:
            return nil
        }
        return Timestamp(day: day, hour: hour, minute: minute, second: second, fraction: fraction,
                         offsetMinutes: offset, isUTCDesignator: zulu)
    }

    private init(day: CalendarDay, hour: Int, minute: Int, second: Int?, fraction: String, offsetMinutes: Int,
                 isUTCDesignator: Bool) {
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.fraction = fraction
        self.offsetMinutes = offsetMinutes
        self.isUTCDesignator = isUTCDesignator
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (the fraction left out).
    public var secondsSinceEpoch: Int {
        day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + (second ?? 0) - offsetMinutes * 60
    }

    /// The fraction of a second as nanoseconds.
    public var nanoseconds: Int {
        var value = 0
        for c in fraction.utf8.prefix(9) { value = value * 10 + Int(c - 0x30) }
        for _ in fraction.utf8.count..<9 { value *= 10 }
        return value
    }

    /// The ISO 8601 text: `YYYY-MM-DDThh:mm[:ss[.fff]]` then `Z` or `±hh:mm`.
    public var description: String {
        var out = day.description + "T" + pad(hour, 2) + ":" + pad(minute, 2)
        if let second {
            out += ":" + pad(second, 2)
            if !fraction.isEmpty { out += "." + fraction }
        }
        if isUTCDesignator { return out + "Z" }
        let magnitude = abs(offsetMinutes)
        return out + (offsetMinutes < 0 ? "-" : "+") + pad(magnitude / 60, 2) + ":" + pad(magnitude % 60, 2)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool {
        if a.secondsSinceEpoch != b.secondsSinceEpoch { return a.secondsSinceEpoch < b.secondsSinceEpoch }
        if a.nanoseconds != b.nanoseconds { return a.nanoseconds < b.nanoseconds }
        return a.description < b.description
    }
}
