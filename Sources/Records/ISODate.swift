/// Checks of the ISO 8601 forms evaluation records use. Pure byte checks: no calendars, no time zones.
/// They read the text's UTF-8 bytes in place (no array per call: two checks run on every CSV row).
enum ISODate {
    /// Bytes read in place; every index is checked against `count` before use.
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// `YYYY-MM-DD` with a real month and day (leap years included).
    static func isDate(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isDate)
    }

    /// `YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh:mm|±hhmm]`.
    static func isTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8(isTimestamp)
    }

    /// A call date: `YYYY-MM-DD` or a full timestamp.
    static func isDateOrTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isDate($0) || isTimestamp($0) }
    }

    private static func isDate(_ b: Bytes) -> Bool {
        b.count == 10 && checkDate(b)
    }

    private static func isTimestamp(_ b: Bytes) -> Bool {
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

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private static func number(_ b: Bytes, _ at: Int, _ count: Int) -> Int? {
        guard at + count <= b.count else { return nil }
        var value = 0
        for i in at..<(at + count) {
            guard isDigit(b[i]) else { return nil }
            value = value * 10 + Int(b[i] - 0x30)
        }
        return value
    }

    private static func checkDate(_ b: Bytes) -> Bool {
        guard let year = number(b, 0, 4), b.count >= 10, b[4] == UInt8(ascii: "-"),
            let month = number(b, 5, 2), b[7] == UInt8(ascii: "-"), let day = number(b, 8, 2),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        switch month {
        case 2: return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }
}
