import DelimitedText
import QAModel

/// Which template a record is for when its file does not say (CSV without `scorecard_id`/`scorecard_version`).
public struct TemplateIdentity: Hashable, Sendable {
    public var id: String
    public var version: String

    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}

/// Reads evaluations from CSV: one row per evaluation under a header (see `docs/evaluations.md`).
///
/// Uses `CSVReader`'s raw fast path: the seven id/date cells become Strings, answer cells are classified
/// straight from their bytes (`yes`/`no`/`na` and numbers without building a String first).
struct CSVEvaluationReader {
    private var csv: CSVReader
    private let file: String
    private let assumedTemplate: TemplateIdentity?
    private var layout: Layout?
    private var finished = false

    /// Column positions, found once from the header.
    private struct Layout {
        var evaluationID = -1, callID = -1, agentID = -1, teamID = -1, assessorID = -1
        var callDate = -1, evaluatedAt = -1, scorecardID = -1, scorecardVersion = -1, purpose = -1
        /// (column, answer key) for criterion and `section:` columns.
        var answers: [(Int, String)] = []
        /// (column, criterion id) for `comment:` columns.
        var comments: [(Int, String)] = []
        var names: [String] = []
        /// The columns of `answers` and of `comments` alone, for the per-row loops.
        var answerColumns: [Int] = []
        var commentColumns: [Int] = []
    }

    static let fixedColumns = ["evaluation_id", "call_id", "agent_id", "team_id", "assessor_id", "call_date", "evaluated_at"]
    static let templateColumns = ["scorecard_id", "scorecard_version"]

    init(csv: CSVReader, file: String, assumedTemplate: TemplateIdentity?) {
        self.csv = csv
        self.file = file
        self.assumedTemplate = assumedTemplate
    }

    mutating func next() throws -> RecordReadResult? {
        var unused = PositionalAnswers()
        return try next(positional: &unused, usePositional: false)
    }

    /// The answer and comment column names, once the header has been read.
    var columns: (answers: [String], comments: [String])? {
        layout.map { ($0.answers.map(\.1), $0.comments.map(\.1)) }
    }

    /// Like `next()`, but answers and comments go into `positional` in column order and the evaluation
    /// returned carries none.
    mutating func next(positional: inout PositionalAnswers) throws -> RecordReadResult? {
        try next(positional: &positional, usePositional: true)
    }

    // `positional` is filled in place (not through an optional, which would copy it and its arrays per row).
    private mutating func next(positional: inout PositionalAnswers, usePositional: Bool) throws -> RecordReadResult? {
        if finished { return nil }
        if layout == nil {
            let headerResult = try readHeader()
            if let headerResult { return headerResult }
            if finished { return nil }
        }
        guard let layout else { return nil }
        do {
            guard let row = try csv.nextRaw() else {
                finished = true
                return nil
            }
            return decode(row, layout, positional: &positional, usePositional: usePositional)
        } catch let error as CSVError {
            return problemFor(error)
        }
    }

    private mutating func problemFor(_ error: CSVError) -> RecordReadResult {
        switch error {
        case .unterminatedQuote(let line, _), .recordTooLong(let line, _):
            finished = true
            return .invalid([RecordProblem(location: RecordLocation(file: file, line: line), message: error.description)])
        case .textAfterClosingQuote(let line, let record), .fieldCountMismatch(let line, let record, _, _):
            return .invalid([RecordProblem(location: RecordLocation(file: file, line: line, row: record), message: error.description)])
        case .invalidUTF8(let line, let record, let field):
            let name = layout.flatMap { field < $0.names.count ? $0.names[field] : nil }
            return .invalid([RecordProblem(
                location: RecordLocation(file: file, line: line, row: record), field: name,
                message: "not valid UTF-8 text (save the file as UTF-8)")])
        case .cannotOpen, .readFailed:
            finished = true
            return .invalid([RecordProblem(location: RecordLocation(file: file, line: 0), message: error.description)])
        }
    }

    /// Reads the header; returns problems if it is unusable (the file is then skipped).
    private mutating func readHeader() throws -> RecordReadResult? {
        let header: CSVRow
        do {
            guard let row = try csv.next() else {
                finished = true
                return nil
            }
            header = row
        } catch let error as CSVError {
            finished = true
            return problemFor(error)
        }
        var l = Layout()
        l.names = header.fields
        var problems: [RecordProblem] = []
        var seen = Set<String>()
        let location = RecordLocation(file: file, line: header.line, row: 1)
        for (index, raw) in header.fields.enumerated() {
            let name = raw.trimmingSpaces()
            if name.isEmpty {
                problems.append(RecordProblem(location: location, field: "column \(index + 1)", message: "the header cell is empty; every column needs a name"))
                continue
            }
            if !seen.insert(name).inserted {
                problems.append(RecordProblem(location: location, field: name, message: "this column appears twice in the header"))
                continue
            }
            switch name {
            case "evaluation_id": l.evaluationID = index
            case "call_id": l.callID = index
            case "agent_id": l.agentID = index
            case "team_id": l.teamID = index
            case "assessor_id": l.assessorID = index
            case "call_date": l.callDate = index
            case "evaluated_at": l.evaluatedAt = index
            case "scorecard_id": l.scorecardID = index
            case "scorecard_version": l.scorecardVersion = index
            case "purpose": l.purpose = index
            default:
                if name.hasPrefix("comment:") {
                    let id = String(name.dropFirst("comment:".count))
                    if id.isEmpty {
                        problems.append(RecordProblem(location: location, field: name, message: "a comment column must name its criterion: comment:<criterion id>"))
                    } else {
                        l.comments.append((index, id))
                    }
                } else {
                    l.answers.append((index, name))
                }
            }
        }
        let required: [(String, Int)] = [
            ("evaluation_id", l.evaluationID), ("call_id", l.callID), ("agent_id", l.agentID),
            ("assessor_id", l.assessorID), ("call_date", l.callDate), ("evaluated_at", l.evaluatedAt),
        ]
        for (name, index) in required where index < 0 {
            problems.append(RecordProblem(location: location, field: name, message: "the header has no \(name) column (required)"))
        }
        if (l.scorecardID < 0) != (l.scorecardVersion < 0) {
            problems.append(RecordProblem(location: location, field: l.scorecardID < 0 ? "scorecard_id" : "scorecard_version",
                message: "scorecard_id and scorecard_version go together: give both columns or neither"))
        } else if l.scorecardID < 0 && assumedTemplate == nil {
            problems.append(RecordProblem(location: location, field: "scorecard_id",
                message: "the file has no scorecard_id and scorecard_version columns and no template was given to assume"))
        }
        if !problems.isEmpty {
            finished = true
            return .invalid(problems)
        }
        l.answerColumns = l.answers.map(\.0)
        l.commentColumns = l.comments.map(\.0)
        layout = l
        return nil
    }

    private func decode(_ row: CSVRawRow, _ l: Layout, positional p: inout PositionalAnswers, usePositional: Bool) -> RecordReadResult {
        let location = RecordLocation(file: file, line: row.line, row: row.index)
        var problems: [RecordProblem] = []

        func text(_ column: Int) -> String {
            do {
                // Ids and comments the tool wrote through CSVWriter's formula guard come back as they were.
                return CSVWriter.removingFormulaGuard(try row.string(at: column))
            } catch {
                problems.append(RecordProblem(location: location, field: l.names[column], message: "not valid UTF-8 text (save the file as UTF-8)"))
                return ""
            }
        }
        func required(_ column: Int) -> String {
            let value = text(column)
            if value.isEmpty, !problems.contains(where: { $0.field == l.names[column] }) {
                problems.append(RecordProblem(location: location, field: l.names[column], message: "is empty (required)"))
            } else if let message = RecordIdentifiers.problem(value) {
                problems.append(RecordProblem(location: location, field: l.names[column], message: message))
            }
            return value
        }
        let id = required(l.evaluationID)
        let callID = required(l.callID)
        let agentID = required(l.agentID)
        let teamText = l.teamID >= 0 ? text(l.teamID) : ""
        if let message = RecordIdentifiers.problem(teamText) {
            problems.append(RecordProblem(location: location, field: l.names[l.teamID], message: message))
        }
        let assessorID = required(l.assessorID)
        let callDateText = required(l.callDate)
        let callDate = callDateText.isEmpty ? nil : CalendarDay.parseDateOrTimestamp(callDateText)
        if !callDateText.isEmpty, callDate == nil {
            problems.append(RecordProblem(location: location, field: "call_date", message: RecordDates.callDateMessage))
        }
        let evaluatedAtText = required(l.evaluatedAt)
        let evaluatedAt = evaluatedAtText.isEmpty ? nil : Timestamp(evaluatedAtText)
        if !evaluatedAtText.isEmpty, evaluatedAt == nil {
            problems.append(RecordProblem(location: location, field: "evaluated_at", message: RecordDates.evaluatedAtMessage))
        }
        var scorecardID = assumedTemplate?.id ?? ""
        var scorecardVersion = assumedTemplate?.version ?? ""
        if l.scorecardID >= 0 {
            scorecardID = required(l.scorecardID)
            scorecardVersion = required(l.scorecardVersion)
        }

        var answers: [String: AnswerValue] = [:]
        if usePositional {
            // Filled in place through raw buffers: the per-cell loop of bulk scoring.
            p.resize(answers: l.answers.count, comments: l.comments.count)
            let table = p.table
            // Column numbers from a flat [Int] (not the (column, name) pairs): no String retained per cell.
            row.withFields { fields in
            table.withLookup { table in
            l.answerColumns.withUnsafeBufferPointer { columns in
            p.answers.withUnsafeMutableBufferPointer { values in
            p.codes.withUnsafeMutableBufferPointer { codes in
                for k in 0..<columns.count {
                    let bytes = fields[columns[k]]
                    // A cell spelled exactly as one of its column's coded answers is handed back as the code.
                    if let code = table.code(column: k, bytes) {
                        // Written only when set: storing nil over nil still costs a release call.
                        if values[k] != nil { values[k] = nil }
                        codes[k] = code
                        continue
                    }
                    codes[k] = -1
                    if bytes.isEmpty {
                        values[k] = nil
                    } else if let answer = CSVCell.answer(bytes) {
                        values[k] = answer
                    } else {
                        problems.append(RecordProblem(location: location, field: l.answers[k].1, message: "not valid UTF-8 text (save the file as UTF-8)"))
                    }
                }
            }}}}
            // Comment cells are nearly always blank: checked from their bytes before any String is made, and
            // a blank one written only when the slot held a comment (through a raw buffer: no uniqueness check
            // or release per cell).
            l.commentColumns.withUnsafeBufferPointer { columns in
            p.comments.withUnsafeMutableBufferPointer { comments in
                for k in 0..<Swift.min(columns.count, comments.count) {
                    let column = columns[k]
                    if !fields[column].isEmpty {
                        comments[k] = text(column)
                    } else if comments[k] != nil {
                        comments[k] = nil
                    }
                }
            }}
            }
        } else {
            answers.reserveCapacity(l.answers.count)
            for (column, key) in l.answers {
                let bytes = row.bytes(at: column)
                if bytes.isEmpty { continue }
                if let answer = CSVCell.answer(bytes) {
                    answers[key] = answer
                } else {
                    problems.append(RecordProblem(location: location, field: key, message: "not valid UTF-8 text (save the file as UTF-8)"))
                }
            }
        }
        var comments: [String: String] = [:]
        if !usePositional {
            for (column, criterion) in l.comments {
                let comment = text(column)
                if !comment.isEmpty { comments[criterion] = comment }
            }
        }
        var purpose = EvaluationPurpose.official
        if l.purpose >= 0 {
            let purposeText = text(l.purpose)
            if !purposeText.isEmpty {
                if let value = EvaluationPurpose(rawValue: purposeText) {
                    purpose = value
                } else {
                    problems.append(RecordProblem(location: location, field: "purpose",
                                                  message: "must be one of \(EvaluationPurpose.spellings) (or empty: official)"))
                }
            }
        }
        guard problems.isEmpty, let callDate, let evaluatedAt else {
            return .invalid(problems.map { var p = $0; p.evaluationID = id.isEmpty ? nil : id; return p })
        }
        return .evaluation(
            Evaluation(
                id: id, callID: callID, agentID: agentID, teamID: teamText.isEmpty ? nil : teamText,
                assessorID: assessorID, scorecardID: scorecardID, scorecardVersion: scorecardVersion,
                callDate: callDate.day, callTimestamp: callDate.timestamp, evaluatedAt: evaluatedAt, answers: answers,
                comments: comments, purpose: purpose),
            location)
    }
}

/// A CSV row's answers and comments in column order, for callers that map columns to criteria once per
/// file instead of building a dictionary per record (see `EvaluationReader.next(positional:)`).
public struct PositionalAnswers: Sendable {
    /// One entry per answer column (`nil` = blank), in `EvaluationReader.csvColumns` order.
    public internal(set) var answers: [AnswerValue?] = []
    /// One entry per `comment:` column (`nil` = blank).
    public internal(set) var comments: [String?] = []
    /// One entry per answer column: the code of the cell's answer when it matched one of `spellings`
    /// (its `answers` entry is then `nil`), −1 otherwise.
    public internal(set) var codes: [Int32] = []
    /// Set by the caller, once per file: per answer column, the exact cell texts that stand for coded answers.
    public var spellings: [AnswerSpellings?] = [] {
        didSet { table = SpellingTable(spellings) }
    }
    /// `spellings` packed for the reader's per-cell loop.
    private(set) var table = SpellingTable()

    public init() {}

    mutating func resize(answers a: Int, comments c: Int) {
        if answers.count != a { answers = Array(repeating: nil, count: a) }
        if codes.count != a { codes = Array(repeating: -1, count: a) }
        if comments.count != c { comments = Array(repeating: nil, count: c) }
    }
}

/// Every column's spellings in flat arrays, each spelling of up to 8 bytes packed into one integer, so matching
/// a cell is a few integer compares with no reference counting. Longer spellings are left out (their cells
/// take the general path, with the same result).
struct SpellingTable: Sendable {
    /// Per column k, its entries are `first[k]..<first[k + 1]` (empty: no column has spellings).
    private var first: [Int] = []
    private var keys: [UInt64] = []
    private var lengths: [Int] = []
    private var codes: [Int32] = []

    /// The empty table (no allocation: `PositionalAnswers()` is made once per row on some paths).
    init() {}

    init(_ columns: [AnswerSpellings?]) {
        first.append(0)
        for column in columns {
            guard let column else {
                first.append(keys.count)
                continue
            }
            for (text, code) in column.entries where text.count <= 8 {
                keys.append(Self.key(text))
                lengths.append(text.count)
                codes.append(code)
            }
            first.append(keys.count)
        }
    }

    @inline(__always)
    static func key<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var key: UInt64 = 0
        var shift: UInt64 = 0
        for b in bytes {
            key |= UInt64(b) << shift
            shift &+= 8
        }
        return key
    }

    /// Calls `body` with the table's arrays as raw buffers: the per-cell loop of a row then looks cells up with
    /// no retain, release or bounds check per cell.
    func withLookup<R>(_ body: (Lookup) -> R) -> R {
        first.withUnsafeBufferPointer { first in
        keys.withUnsafeBufferPointer { keys in
        lengths.withUnsafeBufferPointer { lengths in
        codes.withUnsafeBufferPointer { codes in
            body(Lookup(first: first, keys: keys, lengths: lengths, codes: codes))
        }}}}
    }

    /// The table as raw buffers, valid only inside `withLookup`. Every entry index it reads lies in
    /// `first[k]..<first[k + 1]`, which `init` builds within `keys`, `lengths` and `codes` (all the same length).
    struct Lookup {
        let first: UnsafeBufferPointer<Int>
        let keys: UnsafeBufferPointer<UInt64>
        let lengths: UnsafeBufferPointer<Int>
        let codes: UnsafeBufferPointer<Int32>

        /// The code the cell's bytes spell exactly in answer column `k`, if any.
        @inline(__always)
        func code(column k: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
            guard k >= 0, k + 1 < first.count, bytes.count <= 8 else { return nil }
            var e = first[k]
            let end = first[k + 1]
            if e >= end { return nil }
            let key = SpellingTable.key(bytes)
            while e < end {
                if keys[e] == key && lengths[e] == bytes.count { return codes[e] }
                e += 1
            }
            return nil
        }
    }
}

/// The exact cell texts of one column's coded answers (index = code), so the CSV reader can hand back a code
/// instead of building an `AnswerValue` and the scorer can skip working the code out again.
public struct AnswerSpellings: Sendable {
    private var texts: [[UInt8]] = []
    private var codes: [Int32] = []

    /// Spellings for `answers` (index = code). An answer is left out (so its cells take the general path)
    /// unless its text reads back from a CSV cell as exactly that answer: `na`, numbers and `|` lists in a
    /// choice's option ids, say, keep their usual meaning.
    public init(answers: [AnswerValue]) {
        for (code, answer) in answers.enumerated() {
            let text = Array(answer.description.utf8)
            let readBack = text.withUnsafeBufferPointer { CSVCell.answer($0) }
            guard !text.isEmpty, !answer.isNotApplicable, readBack == answer, !texts.contains(text) else { continue }
            texts.append(text)
            codes.append(Int32(code))
        }
    }

    /// Whether no answer has a spelling.
    public var isEmpty: Bool { texts.isEmpty }

    /// Each spelling with its code.
    var entries: Zip2Sequence<[[UInt8]], [Int32]> { zip(texts, codes) }

}

/// How a CSV answer cell's text becomes an `AnswerValue` (its type preserved as read; nothing coerced).
enum CSVCell {
    private static let yes = AnswerValue.yes
    private static let no = AnswerValue.no
    private static let na = AnswerValue.notApplicable

    /// A cell that is a decimal number in full (`3`, `-2.5`, `1e3`) is a number; one holding `|` is a list
    /// of option ids; anything else is a token. `nil` when the bytes are not UTF-8.
    static func answer(_ bytes: UnsafeBufferPointer<UInt8>) -> AnswerValue? {
        let n = bytes.count
        if n == 3, bytes[0] == 0x79, bytes[1] == 0x65, bytes[2] == 0x73 { return yes }
        if n == 2, bytes[0] == 0x6E, bytes[1] == 0x6F { return no }
        if n == 2, bytes[0] == 0x6E, bytes[1] == 0x61 { return na }
        if let number = number(bytes) { return .number(number) }
        guard let text = UTF8Text.string(bytes) else { return nil }
        if bytes.contains(0x7C) {
            return .tokens(text.split(separator: "|", omittingEmptySubsequences: false).map(String.init))
        }
        return .token(text)
    }

    /// The value when `bytes` are a decimal number: `-?digits[.digits][(e|E)[+-]digits]`; otherwise `nil`
    /// (so `nan`, `inf`, `0x1F`, ` 3` and `3 ` stay text).
    static func number(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = bytes.count
        var i = 0
        var negative = false
        if i < n, bytes[i] == 0x2D { negative = true; i += 1 }
        var integer: Int64 = 0
        let digitsStart = i
        while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            if i - digitsStart < 18 { integer = integer * 10 + Int64(bytes[i] - 0x30) }
            i += 1
        }
        let digits = i - digitsStart
        guard digits > 0 else { return nil }
        if i == n, digits <= 15 { return negative ? -Double(integer) : Double(integer) }
        if i < n, bytes[i] == 0x2E {
            i += 1
            let fractionStart = i
            while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > fractionStart else { return nil }
        }
        if i < n, bytes[i] == 0x65 || bytes[i] == 0x45 {
            i += 1
            if i < n, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
            let exponentStart = i
            while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 { i += 1 }
            guard i > exponentStart else { return nil }
        }
        guard i == n else { return nil }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// A stored answer cell read back as the CSV reader reads it (the workspace keeps answers as CSV cells).
public enum StoredAnswerCell {
    /// The answer the cell's text stands for (nil for text that is not UTF-8, which a String never is).
    public static func answer(_ text: String) -> AnswerValue? {
        var text = text
        return text.withUTF8 { CSVCell.answer($0) }
    }
}
