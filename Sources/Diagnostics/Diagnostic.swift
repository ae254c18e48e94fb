/// How serious a problem is. Only errors change the exit status (see `ExitStatus`).
public enum DiagnosticSeverity: String, Hashable, Sendable, Comparable {
    case note
    case warning
    case error

    public static func < (a: Self, b: Self) -> Bool {
        let order: [Self] = [.note, .warning, .error]
        return (order.firstIndex(of: a) ?? 0) < (order.firstIndex(of: b) ?? 0)
    }
}

/// Where a problem was found: a file with a line and column (templates) or a line and CSV row (records), the
/// record's evaluation id, and the criterion or field it is about. Every part is optional: a problem of the
/// whole run has no file.
public struct DiagnosticLocation: Hashable, Sendable {
    /// The file, `-` for standard input.
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// CSV record number (the header is row 1).
    public var row: Int?
    /// The evaluation id of the record, when it could be read.
    public var recordID: String?
    /// The criterion (or `section:<id>` key) the problem is about.
    public var criterion: String?
    /// The record field or CSV column the problem is about (`callDate`, `answers.greeting`, `agent_id`).
    public var field: String?
    /// Whether `field` lists several fields already made showable (`a, b, c and 14 more fields`), rather than
    /// being one name from the input.
    public var fieldsMerged = false

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, row: Int? = nil, recordID: String? = nil,
                criterion: String? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.row = row
        self.recordID = recordID
        self.criterion = criterion
        self.field = field
    }
}

/// One problem found in any input — a template, an evaluation record, a ratings or KPI table, an option — in
/// words a QA analyst can act on. Never carries answers, comments or other free text from the input.
public struct Diagnostic: Hashable, Sendable {
    public var location: DiagnosticLocation
    public var severity: DiagnosticSeverity
    /// A stable id of the rule that found it (see docs/diagnostics.md), for grouping, tests and tools.
    public var rule: String
    public var message: String
    /// When many records of a file share this very problem, the words after "all N records" / "N records"
    /// (e.g. "are for template 'a' version '1', …"): the problem is then said once for them all.
    public var plural: String?

    public init(_ location: DiagnosticLocation, _ severity: DiagnosticSeverity = .error, rule: String, message: String,
                plural: String? = nil) {
        self.location = location
        self.severity = severity
        self.rule = rule
        self.message = message
        self.plural = plural
    }

    /// Whether this problem means a file could not be read or written at all (exit status 3).
    public var isFileFailure: Bool { rule == Rule.unreadableFile || rule == Rule.unwritableFile }

    /// The compiler-style line (see `DiagnosticRenderer`).
    public var text: String { DiagnosticRenderer.line(self) }
}

/// The rule ids shared across modules. Others are named where their problems are found (templates keep the
/// rule of the check that found them, prefixed `template.`).
public enum Rule {
    /// A file or standard input could not be opened or read at all.
    public static let unreadableFile = "file.unreadable"
    /// A report or output file could not be written.
    public static let unwritableFile = "file.unwritable"
    /// A record written for another template or version than the one given.
    public static let templateMismatch = "record.template-mismatch"
}

/// The exit status of every `qa` command, chosen by one policy (`ExitStatus.for`): 3 when a file could not be
/// read or written; otherwise 1 when any error was reported (an invalid template, invalid records — the valid ones
/// are still used —, bad table rows, nothing to report, an unfinished evaluation); otherwise 0. Warnings and notes
/// never change it. 64 is the option parser's, for a wrong command line.
public enum ExitStatus: Int32, Sendable {
    case success = 0
    case problemsFound = 1
    case cannotReadOrWrite = 3
    case usage = 64

    /// The policy: the most serious outcome wins.
    public static func `for`(errors: Int, fileFailures: Int) -> ExitStatus {
        if fileFailures > 0 { return .cannotReadOrWrite }
        if errors > 0 { return .problemsFound }
        return .success
    }
}
