/// Formats CSV records (RFC 4180) that `CSVReader` and spreadsheets read back unchanged.
///
/// A field is quoted only when it must be: when it holds a comma, a quote, CR or LF, or when it is the only
/// field of its record and empty (an unquoted empty line would be skipped as blank). Quotes inside are doubled.
public struct CSVWriter: Sendable {
    /// What ends each record: `"\n"` (the default) or `"\r\n"`.
    public var lineEnding: String

    public init(lineEnding: String = "\n") {
        self.lineEnding = lineEnding
    }

    /// One record with its line ending.
    public func record(_ fields: [String]) -> String {
        var out = ""
        append(fields, to: &out)
        return out
    }

    /// Appends one record with its line ending to `out`.
    public func append(_ fields: [String], to out: inout String) {
        if fields.count == 1, fields[0].isEmpty {
            out += "\"\""
            out += lineEnding
            return
        }
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            out += Self.escape(field)
        }
        out += lineEnding
    }

    /// The field as it must be written: unchanged, or in quotes with inner quotes doubled.
    public static func escape(_ field: String) -> String {
        var needsQuotes = false
        for byte in field.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return field }
        var quoted = "\""
        for ch in field.unicodeScalars {
            if ch == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(ch) }
        }
        quoted += "\""
        return quoted
    }
}
