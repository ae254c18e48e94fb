import QAModel
import Testing

@Suite("CalendarDay")
struct CalendarDayTests {
    @Test("leap years: every fourth, not centuries, but every 400th", arguments: [
        ("2024-02-29", true), ("2023-02-29", false), ("1900-02-29", false), ("2000-02-29", true),
        ("2100-02-29", false), ("2400-02-29", true), ("0004-02-29", true),
    ])
    func leapDays(text: String, exists: Bool) {
        #expect((CalendarDay(text) != nil) == exists)
    }

    @Test("month ends", arguments: [
        ("2026-01-31", true), ("2026-01-32", false), ("2026-04-30", true), ("2026-04-31", false),
        ("2026-06-31", false), ("2026-09-31", false), ("2026-11-31", false), ("2026-12-31", true),
        ("2026-02-28", true), ("2026-13-01", false), ("2026-00-10", false), ("2026-05-00", false),
    ])
    func monthEnds(text: String, exists: Bool) {
        #expect((CalendarDay(text) != nil) == exists)
    }

    @Test("refused forms", arguments: [
        "0000-01-01", "-2026-01-01", "12026-01-01", "2026-1-01", "2026-01-1", "2026/01/01", "2026-01-01Z",
        "2026-01-01 ", " 2026-01-01", "2026-01-01T10:00:00Z", "2026-１１-01", "", "yesterday", "+2026-01-01",
    ])
    func refused(text: String) {
        #expect(CalendarDay(text) == nil)
    }

    @Test func theRangeIsYears0001To9999() throws {
        let first = try #require(CalendarDay("0001-01-01"))
        let last = try #require(CalendarDay("9999-12-31"))
        #expect(first.description == "0001-01-01")
        #expect(last.description == "9999-12-31")
        #expect(last.days(since: first) == 3_652_058)
        #expect(CalendarDay(year: 10000, month: 1, day: 1) == nil)
        #expect(CalendarDay(year: 0, month: 12, day: 31) == nil)
    }

    @Test func countsDaysLikeTheCalendar() throws {
        #expect(CalendarDay("1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDay("1969-12-31")?.daysSinceEpoch == -1)
        #expect(CalendarDay("2000-03-01")?.daysSinceEpoch == 11_017)
        // 2025-01-06 + 56 days: 25 days to 31 January, 28 in February, 3 in March → 2025-03-03.
        #expect(CalendarDay("2025-01-06")?.adding(days: 56).description == "2025-03-03")
        #expect(CalendarDay("2024-02-28")?.adding(days: 1).description == "2024-02-29")
        #expect(CalendarDay("1900-02-28")?.adding(days: 1).description == "1900-03-01")
        #expect(CalendarDay("2000-02-28")?.adding(days: 1).description == "2000-02-29")
        #expect(CalendarDay("2026-12-31")?.adding(days: 1).description == "2027-01-01")
        // Every day of 1899–2101 survives text → day → text, and consecutive days are one apart.
        var previous: CalendarDay?
        for year in 1899...2101 {
            for month in 1...12 {
                for day in 1...CalendarDay.daysIn(month: month, year: year) {
                    let date = try #require(CalendarDay(year: year, month: month, day: day))
                    #expect(date.components == (year, month, day))
                    if let previous { #expect(date.days(since: previous) == 1) }
                    previous = date
                }
            }
        }
    }

    @Test func weekdaysAndISOWeeks() throws {
        #expect(CalendarDay("1970-01-01")?.weekday == 4)   // a Thursday
        #expect(CalendarDay("2026-12-06")?.weekday == 7)   // a Sunday
        #expect(CalendarDay("1900-01-01")?.weekday == 1)   // a Monday
        #expect(CalendarDay("2025-01-06")?.isoWeekLabel == "2025-W02")
        #expect(CalendarDay("2024-12-30")?.isoWeekLabel == "2025-W01")
        #expect(CalendarDay("2021-01-03")?.isoWeekLabel == "2020-W53")
        #expect(CalendarDay("2026-12-31")?.isoWeekLabel == "2026-W53")
    }
}

@Suite("Timestamp")
struct TimestampTests {
    @Test("accepted, and written back in one form", arguments: [
        ("2026-03-03T09:15:00Z", "2026-03-03T09:15:00Z"),
        ("2026-03-03t09:15:00z", "2026-03-03T09:15:00Z"),
        ("2026-03-03T09:15Z", "2026-03-03T09:15Z"),
        ("2026-03-03T09:15:00.123+01:00", "2026-03-03T09:15:00.123+01:00"),
        ("2026-03-03T09:15:00,5-0530", "2026-03-03T09:15:00.5-05:30"),
        ("2026-03-03T23:59:59.999999999+14:00", "2026-03-03T23:59:59.999999999+14:00"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ])
    func accepted(text: String, written: String) {
        #expect(Timestamp(text)?.description == written)
    }

    @Test("refused", arguments: [
        "2026-03-03T09:15:60Z",          // no leap second
        "2026-03-03T09:15:00",           // no time zone
        "2026-03-03T09:15",
        "2026-03-03T24:00:00Z",
        "2026-03-03T09:60:00Z",
        "2026-03-03 09:15:00Z",
        "2026-03-03T09:15:00+1",
        "2026-03-03T09:15:00+24:00",
        "2026-03-03T09:15:00.Z",
        "2026-03-03T09:15:00.1234567890Z",
        "0000-01-01T00:00:00Z",
        "2023-02-29T10:00:00Z",
        "2026-03-03T09:15:00Zjunk",
        "2026-03-03",
    ])
    func refused(text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test func momentsAndOrder() throws {
        let utc = try #require(Timestamp("2026-03-03T09:15:00Z"))
        let paris = try #require(Timestamp("2026-03-03T10:15:00+01:00"))
        #expect(utc.secondsSinceEpoch == paris.secondsSinceEpoch)
        #expect(utc != paris)                       // written differently
        #expect(utc < paris || paris < utc)          // but ordered consistently
        let later = try #require(Timestamp("2026-03-03T09:15:00.5Z"))
        #expect(utc < later)
        #expect(Timestamp(secondsSinceEpoch: 0).description == "1970-01-01T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: -1).description == "1969-12-31T23:59:59Z")
        #expect(Timestamp(secondsSinceEpoch: utc.secondsSinceEpoch) == utc)
    }

    @Test("a call date is a day or a timestamp; the timestamp's day is its date as written")
    func callDates() {
        #expect(CalendarDay.parseDateOrTimestamp("2026-03-02")?.timestamp == nil)
        let late = CalendarDay.parseDateOrTimestamp("2026-03-02T23:30:00-05:00")
        #expect(late?.day.description == "2026-03-02")
        #expect(late?.timestamp?.description == "2026-03-02T23:30:00-05:00")
        #expect(CalendarDay.parseDateOrTimestamp("2026-03-02T23:30:00") == nil)
    }
}
