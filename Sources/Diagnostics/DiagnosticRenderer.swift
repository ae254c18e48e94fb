import TextEscaping

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

    /// The record, criterion and field a problem is about. Each is named only when it is short and cannot be free
    /// text (`Quoting`); otherwise it is described ("a 10,000,000-character id, not shown"), so an answer or comment
    /// written where a key belongs never reaches the screen.
    private static func subject(_ location: DiagnosticLocation, withRecord: Bool) -> String {
        var text = ""
        if withRecord, let id = location.recordID { text += "evaluation " + (Quoting.isShowable(id) ? id : "(\(Quoting.described(id, kind: "id")))") + ": " }
        if let criterion = location.criterion {
            text += Quoting.isShowable(criterion)
                ? "criterion '\(criterion)': " : "criterion (\(Quoting.described(criterion, kind: "key"))): "
        }
        if let field = location.field {
            text += location.fieldsMerged ? printable(field, limit: 4 * shownLength) + ": "
                : Quoting.bare(field, kind: "field name") + ": "
        }
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
    /// characters with an ellipsis (`Escaping.terminal`).
    public static func printable(_ text: String, limit: Int?) -> String {
        Escaping.terminal(text, limit: limit)
    }
}
