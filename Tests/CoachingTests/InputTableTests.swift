import QAModel
import Coaching
import Testing

@Test func calendarDaysParseAndCount() throws {
    let day = try #require(CalendarDay("2026-11-29"))
    #expect(day.adding(days: 30).description == "2026-12-29")
    #expect(day.adding(days: 33).description == "2027-01-01")
    #expect(CalendarDay("2024-02-29")?.description == "2024-02-29")   // leap year
    #expect(CalendarDay("2026-02-29") == nil)
    #expect(CalendarDay("2026-11-02T10:00:00Z") == nil)   // a day is a day; timestamps go through parseDateOrTimestamp
    #expect(CalendarDay.parseDateOrTimestamp("2026-11-02T10:00:00Z")?.day.description == "2026-11-02")
    #expect(CalendarDay("02/11/2026") == nil)
    #expect(CalendarDay("1970-01-01")?.daysSinceEpoch == 0)
    #expect(CalendarDay("2000-03-01")?.daysSinceEpoch == 11017)    // 30 years incl. 7 leap days + Jan + Feb 2000 (31 + 29)
    #expect(day.longDescription == "29 November 2026")
}

@Test func exclusionWindowsReportEveryBadRow() {
    let table = TableRows(header: ["start", "end", "reason"], rows: [
        (2, ["2026-11-16", "2026-11-17", "Telephony outage"]),
        (3, ["2026-11-20", "2026-11-18", "backwards"]),
        (4, ["16/11/2026", "2026-11-17", ""]),
        (5, ["2026-11-25", "", ""]),
    ])
    let (windows, problems) = ExclusionWindow.windows(from: table)
    #expect(windows == [ExclusionWindow(start: CalendarDay(year: 2026, month: 11, day: 16) ?? CalendarDay(daysSinceEpoch: 0),
                                        end: CalendarDay(year: 2026, month: 11, day: 17) ?? CalendarDay(daysSinceEpoch: 0),
                                        reason: "Telephony outage")])
    #expect(problems.map(\.description) == [
        "3: field 'end': ends (2026-11-18) before it starts (2026-11-20)",
        "4: field 'start': '16/11/2026' is not a date written YYYY-MM-DD",
        "5: field 'end': '' is not a date written YYYY-MM-DD",
    ])
}

@Test func exclusionFileNeedsItsColumns() {
    let (_, problems) = ExclusionWindow.windows(from: TableRows(header: ["from", "until"], rows: []))
    #expect(problems.map(\.field) == ["start", "end"])
}

@Test func kpiTableReadsKnownAndExtraColumns() {
    let (table, problems) = KPITable.read(HandBuiltSet.kpiRows)
    #expect(problems.isEmpty)
    #expect(table.calls.count == 14)
    #expect(table.otherColumns == ["transfers"])     // notes is text, so it is left out
    #expect(table.calls[1] == CallKPIs(callID: "c01", agentID: "agent-a", teamID: "t1", date: CalendarDay("2026-11-02"),
                                       handleTimeSeconds: 300, firstContactResolution: true, csat: 5,
                                       other: ["transfers": 0]))
}

@Test func kpiTableReportsEveryBadField() {
    let rows = TableRows(header: ["call_id", "agent_id", "handle_time_seconds", "first_contact_resolution", "csat"], rows: [
        (2, ["c1", "", "-3", "maybe", "4"]),
        (3, ["c2", "a", "", "", ""]),
    ])
    let (table, problems) = KPITable.read(rows)
    #expect(table.calls.map(\.callID) == ["c2"])
    #expect(problems.map(\.description) == [
        "2: field 'agent_id': empty; every call needs its agent",
        "2: field 'handle_time_seconds': '-3' is not a number of seconds from 0 to 1,000,000",
        "2: field 'first_contact_resolution': 'maybe' is not yes/no (true/false, 1/0)",
    ])
}

@Test func settingsTellWhichEvaluationsCanMatter() {
    let settings = HandBuiltSet.settings()   // 2026-11-02 … 2026-11-29, outage 16–17 November
    #expect(!settings.mayInclude(callDate: testDay("2026-10-20")))
    #expect(settings.mayInclude(callDate: testDay("2026-11-02")))
    #expect(settings.mayInclude(callDate: testDay("2026-11-16")))   // excluded windows are still counted
    #expect(settings.mayInclude(callDate: testDay("2026-11-29")))
    #expect(!settings.mayInclude(callDate: testDay("2026-11-30")))
}
