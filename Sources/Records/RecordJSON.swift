import JSON
import QAModel

extension AnswerValue {
    /// The answer as JSON: a string, a number, or a list of option ids.
    public var jsonValue: JSONValue {
        switch self {
        case .token(let t): return .string(t)
        case .number(let n): return .number(n)
        case .tokens(let ts): return .array(ts.map(JSONValue.string))
        }
    }
}

/// What a record's date fields must be, in the words every reader uses.
enum RecordDates {
    static let callDateMessage =
        "must be a date YYYY-MM-DD (e.g. 2026-03-14, years 0001–9999) or an ISO 8601 timestamp with a time zone"
    static let evaluatedAtMessage =
        "must be an ISO 8601 timestamp with a time zone, such as 2026-03-14T10:30:00Z (seconds 00–59)"
}
