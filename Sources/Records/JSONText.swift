import QAModel
import TextEscaping

/// Small pieces of JSON text for writers that stream their output rather than build a whole document.
public enum JSONText {
    /// A JSON string literal.
    public static func quoted(_ text: String) -> String { Escaping.jsonString(text) }

    /// A JSON number (`null` for NaN or infinity, which JSON cannot hold); whole numbers without `.0`.
    public static func number(_ value: Double) -> String {
        value.isFinite ? formatNumber(value) : "null"
    }

    /// A JSON number or `null`.
    public static func number(_ value: Double?) -> String {
        value.map(number) ?? "null"
    }

    /// An answer value as JSON: a string, a number, or an array of option ids.
    public static func answer(_ value: AnswerValue) -> String {
        switch value {
        case .token(let t): return quoted(t)
        case .number(let n): return number(n)
        case .tokens(let ts): return "[" + ts.map(quoted).joined(separator: ",") + "]"
        }
    }
}
