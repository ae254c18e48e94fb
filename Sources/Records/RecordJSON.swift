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
