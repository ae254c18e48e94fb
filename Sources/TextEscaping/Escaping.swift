/// Escaping text for the media the reports are written in — JSON string literals, HTML, Markdown and the
/// terminal — in one place, so every renderer escapes the same way. Text from the input (ids, names, comments)
/// must pass through the function of its medium before it is written.
public enum Escaping {
    /// Whether `scalar` is a control character: C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F), or the Unicode line
    /// and paragraph separators (which some terminals and viewers treat as line breaks).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029
    }

    /// Text safe to print on a terminal: every control character (escape sequences, OSC, BEL, NUL, carriage
    /// return, backspace) is replaced by `?`, so input cannot move the cursor, retitle the window or forge a line.
    /// With `keepingLineBreaks`, newlines and tabs are kept (for text whose lines are its structure, such as a
    /// transcript); otherwise they are replaced too. With `limit`, the text is cut after that many characters
    /// (Unicode scalars) with an ellipsis.
    public static func terminal(_ text: String, keepingLineBreaks: Bool = false, limit: Int? = nil) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                out += "…"
                break
            }
            if isControl(scalar) && !(keepingLineBreaks && (scalar == "\n" || scalar == "\t")) {
                out += "?"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// Text safe in Markdown, on one line and in a table cell: `&`, `<` and `>` become HTML entities (no raw
    /// markup such as `<script>` or `<img onerror>` survives a Markdown viewer), the characters that start
    /// Markdown formatting (`\`, backtick, `|`, `*`, `_`, `[`, `]`) are backslash-escaped, line breaks become
    /// spaces and other control characters are dropped.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "|", "*", "_", "[", "]":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\n", "\r", "\t", "\u{2028}", "\u{2029}": out += " "
            case let s where isControl(s): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A JSON string literal, quotes included: `"`, `\` and control characters escaped (`\n`, `\r`, `\t`,
    /// `\u00XX` for the rest).
    public static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let s where s.value < 0x20:
                let hex = String(s.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Text safe in HTML element content and attribute values: `&`, `<`, `>`, quotes escaped; control
    /// characters other than tab and newline (ESC, BEL, NUL, DEL, C1) dropped.
    public static func html(_ text: String) -> String {
        // Most values need nothing escaped: one pass over the bytes finds that without building a new string
        // (a page escapes thousands of values; measured as a fifth of the scoring form's rendering time).
        // Any byte that might need work (markup characters, controls, the lead bytes of C1 controls and of
        // the line and paragraph separators) takes the full path below.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 || $0 == UInt8(ascii: "&")
            || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\t": out.unicodeScalars.append(scalar)
            case let s where isControl(s): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// Numbers as plain text, the one way every writer spells them: whole numbers below 10^15 without `.0`
/// (`85`, `-3`), others in Swift's shortest round-trip form (`84.5`, `1e+16`, `5e-324`).
public enum NumberText {
    public static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
