/// Turns diagnostics into the lines `qa` prints, compiler style:
/// `file:line:column: error: message` for templates, `file:line (row N): error: evaluation E: criterion 'x': message`
/// for records, `file: error: message` for a whole file and `error: message` for the run. The one place where
/// problems become text; ids, names and paths from the input are shown without control characters and cut short.
public enum DiagnosticRenderer {
    /// The longest id, name or criterion key shown in full (longer ones are cut, so free text pasted into an id
    /// column cannot fill the screen).
    public static let shownLength = 80

    /// One problem on one line.
    public static func line(_ d: Diagnostic) -> String {
        let place = placeText(d.location, line: d.location.line, row: d.location.row)
        return lead(place, d.severity) + subject(d.location, withRecord: true) + printable(d.message, limit: nil)
    }

    /// One line for a group of the same problem in several records of a file: the first place, the message, how
    /// many records and where the first few are.
    public static func line(_ group: DiagnosticGroup) -> String {
        guard group.count > 1 else { return line(group.first) }
        let d = group.first
        let first = group.places.first
        let place = placeText(d.location, line: first?.line ?? d.location.line, row: first?.row ?? d.location.row)
        if let plural = d.plural {
            return lead(place, d.severity) + "\(group.count) records " + printable(plural, limit: nil)
                + " (" + placesText(group) + ")"
        }
        let records = group.sameMessage
            ? "the same in \(group.count) records" : "\(group.count) records with a problem like this"
        return lead(place, d.severity) + subject(d.location, withRecord: false) + printable(d.message, limit: nil)
            + " (\(records): " + placesText(group) + ")"
    }

    /// The one line for a file whose records all share one problem (e.g. all written for another template).
    public static func wholeFileLine(_ group: DiagnosticGroup, recordsInFile: Int) -> String {
        let d = group.first
        let place = placeText(d.location, line: nil, row: nil)
        let count = recordsInFile == 1 ? "the only record" : "all \(recordsInFile) records"
        let text = d.plural ?? d.message
        return lead(place, d.severity) + subject(d.location, withRecord: false) + count + " " + printable(text, limit: nil)
    }

    /// The note closing a file's list when some of its problems were held back.
    public static func heldBackLine(file: String?, problems: Int, kinds: Int, hint: String) -> String {
        let what = problems == 1 ? "1 more problem" : "\(problems) more problems"
        let of = kinds > 0 ? " (\(kinds) more kind\(kinds == 1 ? "" : "s"))" : ""
        return lead(file.map(fileText) ?? "", .note) + "\(what)\(of) not shown; \(hint)"
    }

    // MARK: Parts

    private static func lead(_ place: String, _ severity: DiagnosticSeverity) -> String {
        (place.isEmpty ? "" : place + ": ") + severity.rawValue + ": "
    }

    private static func fileText(_ file: String) -> String { printable(file, limit: 4 * shownLength) }

    private static func placeText(_ location: DiagnosticLocation, line: Int?, row: Int?) -> String {
        guard let file = location.file else { return "" }
        var text = fileText(file)
        if let line {
            text += ":\(line)"
            if let column = location.column { text += ":\(column)" }
        }
        if let row { text += " (row \(row))" }
        return text
    }

    private static func subject(_ location: DiagnosticLocation, withRecord: Bool) -> String {
        var text = ""
        if withRecord, let id = location.recordID { text += "evaluation \(printable(id, limit: shownLength)): " }
        if let criterion = location.criterion { text += "criterion '\(printable(criterion, limit: shownLength))': " }
        if let field = location.field { text += "\(printable(field, limit: 2 * shownLength)): " }
        return text
    }

    private static func placesText(_ group: DiagnosticGroup) -> String {
        let usesRows = group.places.contains { $0.row != nil }
        let numbers = group.places.compactMap { usesRows ? $0.row : $0.line }
        guard !numbers.isEmpty else { return "\(group.count) in all" }
        var text = (usesRows ? "rows " : "lines ") + numbers.map(String.init).joined(separator: ", ")
        let more = group.count - numbers.count
        if more > 0 { text += " and \(more) more" }
        return text
    }

    /// `text` with control characters replaced by `?` (no terminal escapes, no forged lines), cut at `limit`
    /// characters with an ellipsis.
    public static func printable(_ text: String, limit: Int?) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                out += "…"
                break
            }
            let v = scalar.value
            if v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 {
                out += "?"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
