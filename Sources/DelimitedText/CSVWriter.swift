/// Formats CSV records (RFC 4180) that `CSVReader` and spreadsheets read back unchanged.
///
/// A field is quoted only when it must be: when it holds a comma, a quote, CR or LF, or when it is the only
/// field of its record and empty (an unquoted empty line would be skipped as blank). Quotes inside are doubled.
///
/// **Formula guard.** Every CSV the tool writes goes through `escape`, which is also the one guard against
/// spreadsheet formula injection: a field that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would
/// be run as a formula by Excel, LibreOffice or Google Sheets when the file is opened, so it is written with an
/// apostrophe in front (`'=HYPERLINK(…)`), which spreadsheets show as text. A field that already begins with
/// apostrophes followed by one of those characters gets one more, so `removingFormulaGuard` restores every
/// field exactly. A negative number (`-12.5`, `-3e2`: an optional minus, digits, an optional fraction and
/// exponent) is a value, not a formula, and is written as it is, so score columns stay numbers.
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

    /// The field as it must be written: unchanged, guarded with an apostrophe (see the formula guard above),
    /// and/or in quotes with inner quotes doubled.
    public static func escape(_ field: String) -> String {
        if needsFormulaGuard(field) { return quoted("'" + field) }
        return quoted(field)
    }

    /// Whether a spreadsheet could take `field` for a formula (see the formula guard above).
    public static func needsFormulaGuard(_ field: String) -> Bool {
        var bytes = field.utf8.makeIterator()
        var first = bytes.next()
        while first == 0x27 { first = bytes.next() }  // leading apostrophes: keep the guard reversible
        guard let first, first == 0x3D || first == 0x2B || first == 0x2D || first == 0x40 || first == 0x09 || first == 0x0D
        else { return false }
        if first == 0x2D, field.utf8.first == 0x2D, isNegativeNumber(field.utf8.dropFirst()) { return false }
        return true
    }

    /// The field as it was before the formula guard: one leading apostrophe removed when a guarded character
    /// follows the apostrophes (the exact inverse of `escape`'s guard, for reading back the tool's own CSV).
    public static func removingFormulaGuard(_ field: String) -> String {
        guard field.utf8.first == 0x27 else { return field }
        let rest = String(field.dropFirst())
        return needsFormulaGuard(rest) ? rest : field
    }

    /// `digits[.digits][(e|E)[+-]digits]` (what follows the minus of a negative number).
    private static func isNegativeNumber(_ bytes: Substring.UTF8View) -> Bool {
        var i = bytes.startIndex
        func digits() -> Int {
            var count = 0
            while i < bytes.endIndex, bytes[i] >= 0x30, bytes[i] <= 0x39 { i = bytes.index(after: i); count += 1 }
            return count
        }
        guard digits() > 0 else { return false }
        if i < bytes.endIndex, bytes[i] == 0x2E {
            i = bytes.index(after: i)
            guard digits() > 0 else { return false }
        }
        if i < bytes.endIndex, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i = bytes.index(after: i)
            if i < bytes.endIndex, bytes[i] == 0x2B || bytes[i] == 0x2D { i = bytes.index(after: i) }
            guard digits() > 0 else { return false }
        }
        return i == bytes.endIndex
    }

    /// In quotes with inner quotes doubled when the field holds a comma, quote, CR or LF; otherwise unchanged.
    private static func quoted(_ field: String) -> String {
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
