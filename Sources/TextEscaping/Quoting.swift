/// How a message names something taken from the input (an id, a field name, a column, a key): quoted when it is
/// short and cannot be free text, described otherwise — so answers, comments or a pasted transcript written where
/// a key belongs never reach the screen. The one rule used by every message, like `messageText` for answers.
public enum Quoting {
    /// The longest text quoted in full.
    public static let longestQuoted = 64
    /// The most spaces a quoted name may hold (a name of up to three words); more reads as free text.
    public static let mostSpaces = 2

    /// Whether `text` may be shown: 1 to 64 characters, no control characters, at most two spaces.
    public static func isShowable(_ text: String) -> Bool {
        var count = 0, spaces = 0
        for scalar in text.unicodeScalars {
            count += 1
            if count > longestQuoted || Escaping.isControl(scalar) { return false }
            if scalar == " " {
                spaces += 1
                if spaces > mostSpaces { return false }
            }
        }
        return count > 0
    }

    /// `text` as it appears in a message: `'greeting'` when showable, else a description such as
    /// `a 10,000,000-character id, not shown` (`kind` names what it is: "id", "field", "column", "value").
    public static func quoted(_ text: String, kind: String) -> String {
        text.isEmpty || isShowable(text) ? "'\(text)'" : described(text, kind: kind)
    }

    /// `text` bare (no quotes) when showable, else its description: for places that put their own punctuation
    /// around a name (`criterion 'x':`).
    public static func bare(_ text: String, kind: String) -> String {
        isShowable(text) ? text : described(text, kind: kind)
    }

    /// A description that says what the text is without showing it.
    public static func described(_ text: String, kind: String) -> String {
        let count = text.unicodeScalars.count
        if count == 0 { return "an empty \(kind)" }
        let controls = text.unicodeScalars.contains(where: Escaping.isControl)
        let length = "\(grouped(count))-character"
        let lead = grouped(count).split(separator: ",").first.map(String.init) ?? ""
        let article = lead.hasPrefix("8") || lead == "11" || lead == "18" ? "an" : "a"
        return controls
            ? "\(article) \(length) \(kind) with control characters, not shown"
            : "\(article) \(length) \(kind), not shown"
    }

    /// A count with thousands separators: 10,000,000.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
