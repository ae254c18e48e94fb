import QAModel

/// Where an evaluation record came from: the file (`-` for standard input), the physical line it starts on
/// (the JSON Lines line, the CSV line, or the line inside a JSON file), and for CSV the record number
/// (the header is record 1).
public struct RecordLocation: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// CSV record number (header = 1); `nil` for JSON and JSON Lines.
    public var row: Int?

    public init(file: String, line: Int, row: Int? = nil) {
        self.file = file
        self.line = line
        self.row = row
    }

    /// `file:line`, or `file:line (row N)` for CSV.
    public var description: String {
        if let row { return "\(file):\(line) (row \(row))" }
        return "\(file):\(line)"
    }
}

/// Something wrong with one evaluation record, in words a QA analyst can act on.
///
/// Never carries answer values or comments (call data is personal data); it names the field or criterion.
public struct RecordProblem: Hashable, Sendable, CustomStringConvertible {
    public var location: RecordLocation
    /// The record's evaluation id, when it could be read.
    public var evaluationID: String?
    /// The field (`callDate`, `call_date`), criterion id (`answers.greeting`) or CSV column the problem is in.
    public var field: String?
    public var message: String

    public init(location: RecordLocation, evaluationID: String? = nil, field: String? = nil, message: String) {
        self.location = location
        self.evaluationID = evaluationID
        self.field = field
        self.message = message
    }

    /// `file:line: error: evaluation E-1: field callDate: message`.
    public var description: String {
        var text = "\(location): error: "
        if let evaluationID { text += "evaluation \(evaluationID): " }
        if let field { text += "\(field): " }
        return text + message
    }
}

/// One item of a record stream: a well-formed evaluation, or the problems that made a record unreadable.
public enum RecordReadResult: Sendable {
    case evaluation(Evaluation, RecordLocation)
    /// Every problem found in one record (at least one). The stream goes on after it.
    case invalid([RecordProblem])
}

/// A file or standard input that could not be read at all (exit code 3).
public struct RecordInputError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): error: \(reason)" }
}
