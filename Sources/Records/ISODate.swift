/// Checks of the ISO 8601 forms evaluation records use. Pure byte checks: no calendars, no time zones.
enum ISODate {
    /// `YYYY-MM-DD` with a real month and day (leap years included).
    static func isDate(_ text: String) -> Bool {
        let b = Array(text.utf8)
        return b.count == 10 && checkDate(b)
    }

    /// `YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh:mm|±hhmm]`.
    static func isTimestamp(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 16, checkDate(b), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let hour = number(b, 11, 2), hour <= 23, b[13] == UInt8(ascii: ":"),
            let minute = number(b, 14, 2), minute <= 59
        else { return false }
        var i = 16
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let second = number(b, i + 1, 2), second <= 60 else { return false }
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                let digitsStart = i
                while i < b.count, isDigit(b[i]) { i += 1 }
                if i == digitsStart { return false }
            }
        }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") { return i + 1 == b.count }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
            let offsetHours = number(b, i + 1, 2), offsetHours <= 23
        else { return false }
        i += 3
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        guard let offsetMinutes = number(b, i, 2), offsetMinutes <= 59 else { return false }
        return i + 2 == b.count
    }

    /// A call date: `YYYY-MM-DD` or a full timestamp.
    static func isDateOrTimestamp(_ text: String) -> Bool {
        isDate(text) || isTimestamp(text)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func number(_ b: [UInt8], _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var value = 0
        for i in at..<(at + count) {
            guard isDigit(b[i]) else { return nil }
            value = value * 10 + Int(b[i] - 0x30)
        }
        return value
    }

    private static func checkDate(_ b: [UInt8]) -> Bool {
        guard let year = number(b, 0, 4), b.count >= 10, b[4] == UInt8(ascii: "-"),
            let month = number(b, 5, 2), b[7] == UInt8(ascii: "-"), let day = number(b, 8, 2),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }
}
