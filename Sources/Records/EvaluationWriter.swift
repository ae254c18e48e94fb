import DelimitedText
import JSON
import QAModel

/// Turns evaluations into text in one of the three record formats (the inverse of `EvaluationReader`).
///
/// JSON writes one pretty-printed record; JSON Lines one compact record per line; CSV a header (see
/// `csvHeader`) and one row per evaluation. Keys are written in a fixed order so output is repeatable.
public struct EvaluationWriter: Sendable {
    /// A CSV column layout that cannot hold an answer or comment of the evaluation being written.
    public struct MissingColumn: Error, Hashable, Sendable, CustomStringConvertible {
        public var evaluationID: String
        public var column: String
        public var description: String {
            "evaluation \(evaluationID): no CSV column for \(column) (it is not in the template)"
        }
    }

    public let format: RecordFormat
    private let answerColumns: [String]
    /// The same columns as sets, for checking that every answer and comment has a column.
    private let answerColumnSet: Set<String>
    private let commentColumnSet: Set<String>
    private let commentColumns: [String]
    private let csv = CSVWriter()

    /// A writer for `format`; CSV columns come from `scorecard` (required for CSV, ignored otherwise).
    public init(format: RecordFormat, scorecard: Scorecard? = nil) {
        self.format = format
        var answers: [String] = []
        var comments: [String] = []
        if let scorecard {
            answers = scorecard.criteria.map(\.id)
            answers += scorecard.sections.filter(\.allowsNotApplicable).map { Evaluation.sectionKey($0.id) }
            comments = scorecard.criteria.map(\.id)
        }
        answerColumns = answers
        commentColumns = comments
        answerColumnSet = Set(answers)
        commentColumnSet = Set(comments)
    }

    /// The CSV header: the seven fixed columns, `scorecard_id`, `scorecard_version`, one column per criterion
    /// in template order, `section:<id>` for sections that allow N/A, then `comment:<criterion id>` columns.
    public var csvHeader: String {
        csv.record(CSVEvaluationReader.fixedColumns + CSVEvaluationReader.templateColumns + ["purpose"] + answerColumns
            + commentColumns.map { "comment:\($0)" })
    }

    /// The answer and comment columns of the CSV layout, in order (what follows `purpose` in `csvHeader`).
    public var answerColumnNames: [String] { answerColumns + commentColumns.map { "comment:\($0)" } }

    /// The identifying columns of the CSV layout, in order (what precedes the answer columns).
    public static let identityColumnNames = CSVEvaluationReader.fixedColumns + CSVEvaluationReader.templateColumns + ["purpose"]

    /// The answer and comment cells of an evaluation as CSV text, without a line end — the part of its CSV row
    /// after `purpose`, how the workspace stores answers — from answers by position: `answer(k)` is the k-th
    /// answer column's value (the template's criteria in order, then its sections that allow N/A), `comment(k)` the
    /// k-th criterion's comment. For callers that already hold the answers by index (the workspace's import).
    public func answerCells(answer: (Int) -> AnswerValue?, comment: (Int) -> String?, hasComments: Bool) -> String {
        var out = ""
        out.reserveCapacity(4 * (answerColumns.count + commentColumns.count))
        var first = true
        for k in answerColumns.indices {
            if !first { out += "," }
            first = false
            if let value = answer(k) { out += CSVWriter.escape(Self.csvCell(value)) }
        }
        if !hasComments {
            out += String(repeating: ",", count: first ? max(commentColumns.count - 1, 0) : commentColumns.count)
            return out
        }
        for k in commentColumns.indices {
            if !first { out += "," }
            first = false
            if let text = comment(k) { out += CSVWriter.escape(text) }
        }
        return out
    }

    /// The identifying cells of a CSV row (in `identityColumnNames` order), escaped, followed by a comma: with
    /// stored answer cells after it, a whole CSV row of this layout.
    public static func identityCells(_ fields: [String]) -> String {
        var out = ""
        for field in fields {
            out += CSVWriter.escape(field)
            out += ","
        }
        return out
    }

    /// What goes before the first record: the CSV header, or nothing.
    public var prologue: String { format == .csv ? csvHeader : "" }

    /// One evaluation as text, ending with a line break. For CSV, throws `MissingColumn` when the evaluation
    /// has an answer or comment the template has no column for (nothing is dropped silently).
    public func encode(_ evaluation: Evaluation) throws -> String {
        switch format {
        case .json: return try Self.json(evaluation, pretty: true) + "\n"
        case .jsonLines: return try Self.json(evaluation, pretty: false) + "\n"
        case .csv: return try csvRow(evaluation)
        }
    }

    private func csvRow(_ e: Evaluation) throws -> String {
        for key in e.answers.keys where !answerColumnSet.contains(key) {
            throw MissingColumn(evaluationID: e.id, column: key)
        }
        for key in e.comments.keys where !commentColumnSet.contains(key) {
            throw MissingColumn(evaluationID: e.id, column: "comment:\(key)")
        }
        var fields = [e.id, e.callID, e.agentID, e.teamID ?? "", e.assessorID, e.callDateText, e.evaluatedAt.description,
                      e.scorecardID, e.scorecardVersion, e.purpose.rawValue]
        for key in answerColumns {
            fields.append(e.answers[key].map(Self.csvCell) ?? "")
        }
        for key in commentColumns {
            fields.append(e.comments[key] ?? "")
        }
        return csv.record(fields)
    }

    private static func csvCell(_ value: AnswerValue) -> String {
        value.description
    }

    /// The JSON text of one evaluation (keys in documented order; answers and comments sorted by id), every
    /// value written by `JSONWriter`; the pretty layout is the record's own (the `scorecard` object and answer
    /// lists on one line, as `docs/evaluations.md` shows). Throws `JSONWriteError` for an answer that is not a
    /// finite number.
    public static func json(_ e: Evaluation, pretty: Bool) throws(JSONWriteError) -> String {
        let nl = pretty ? "\n" : ""
        let i1 = pretty ? "  " : ""
        let i2 = pretty ? "    " : ""
        let colon = pretty ? ": " : ":"
        var members: [String] = [
            "\(i1)\"id\"\(colon)\(quoted(e.id))",
            "\(i1)\"callId\"\(colon)\(quoted(e.callID))",
            "\(i1)\"agentId\"\(colon)\(quoted(e.agentID))",
        ]
        if let team = e.teamID { members.append("\(i1)\"teamId\"\(colon)\(quoted(team))") }
        members.append("\(i1)\"assessorId\"\(colon)\(quoted(e.assessorID))")
        members.append("\(i1)\"scorecard\"\(colon){\"id\"\(colon)\(quoted(e.scorecardID)),\(pretty ? " " : "")\"version\"\(colon)\(quoted(e.scorecardVersion))}")
        members.append("\(i1)\"callDate\"\(colon)\(quoted(e.callDateText))")
        members.append("\(i1)\"evaluatedAt\"\(colon)\(quoted(e.evaluatedAt.description))")
        // `official` is the default and is left out, so records written before purposes existed are unchanged.
        if e.purpose != .official { members.append("\(i1)\"purpose\"\(colon)\(quoted(e.purpose.rawValue))") }
        var answers: [String] = []
        for key in e.answers.keys.sorted() {
            let value = try JSONWriter.write(e.answers[key]?.jsonValue ?? .null, style: pretty ? .line : .compact)
            answers.append("\(i2)\(quoted(key))\(colon)\(value)")
        }
        members.append("\(i1)\"answers\"\(colon)" + object(answers, pretty: pretty, closingIndent: i1))
        if !e.comments.isEmpty {
            let comments = e.comments.keys.sorted().map { "\(i2)\(quoted($0))\(colon)\(quoted(e.comments[$0] ?? ""))" }
            members.append("\(i1)\"comments\"\(colon)" + object(comments, pretty: pretty, closingIndent: i1))
        }
        return "{" + nl + members.joined(separator: "," + nl) + nl + "}"
    }

    private static func object(_ members: [String], pretty: Bool, closingIndent: String) -> String {
        if members.isEmpty { return "{}" }
        let nl = pretty ? "\n" : ""
        return "{" + nl + members.joined(separator: "," + nl) + nl + closingIndent + "}"
    }

    static func quoted(_ text: String) -> String { JSONWriter.string(text) }
}
