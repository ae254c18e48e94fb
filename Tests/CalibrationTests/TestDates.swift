import QAModel

/// A day written in a test (a typo shows up as 1970-01-01 and fails the test's figures).
func testDay(_ text: String) -> CalendarDay { CalendarDay(text) ?? CalendarDay(daysSinceEpoch: 0) }

/// A timestamp written in a test.
func testStamp(_ text: String) -> Timestamp { Timestamp(text) ?? Timestamp(secondsSinceEpoch: 0) }
