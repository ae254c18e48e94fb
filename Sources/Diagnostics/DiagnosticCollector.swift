import TextEscaping

/// The same problem found in several records of one file: the first one in full, how many there were, and
/// where the first few are. Holds a bounded number of places however many records share the problem.
public struct DiagnosticGroup: Sendable {
    /// A line and, for CSV, a row.
    public struct Place: Hashable, Sendable {
        public var line: Int?
        public var row: Int?
    }

    public internal(set) var first: Diagnostic
    public internal(set) var count: Int
    /// Whether every problem of the group had exactly the first one's message (not only the same kind).
    public internal(set) var sameMessage: Bool
    /// The first places, at most `DiagnosticLimits.placesPerGroup`.
    public internal(set) var places: [Place]
}

/// How much of a run's problems `DiagnosticCollector` prints and keeps.
public struct DiagnosticLimits: Sendable {
    /// Group lines printed per file before the rest is held back (`nil`: no limit).
    public var linesPerFile: Int?
    /// Places (line or row numbers) kept and shown per group.
    public var placesPerGroup: Int
    /// Kinds of problem kept per file; problems of further kinds are only counted.
    public var groupsPerFile: Int
    /// `false` prints every problem on its own line as it is found, ungrouped and unlimited.
    public var grouped: Bool
    /// What the held-back note tells the user to do to see everything.
    public var heldBackHint: String

    public init(linesPerFile: Int? = 20, placesPerGroup: Int = 5, groupsPerFile: Int = 200, grouped: Bool = true,
                heldBackHint: String = "add --all-problems to list every one") {
        self.linesPerFile = linesPerFile
        self.placesPerGroup = placesPerGroup
        self.groupsPerFile = groupsPerFile
        self.grouped = grouped
        self.heldBackHint = heldBackHint
    }

    /// Every problem on its own line (`--all-problems`).
    public static let everything = DiagnosticLimits(linesPerFile: nil, grouped: false)
}

/// Collects a run's problems file by file and prints them through `DiagnosticRenderer`: repeated problems of a
/// file grouped with a count and their first places, at most a screenful per file with a count of what was held
/// back, and one line for a file whose records all share one cause. Keeps counts and a bounded sample only, so
/// its memory does not grow with the number of problems. Also counts what the exit status and the summary need.
public final class DiagnosticCollector {
    public let limits: DiagnosticLimits
    private let write: (String) -> Void

    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var fileFailures = 0
    public private(set) var validRecords = 0
    public private(set) var invalidRecords = 0
    public private(set) var filesWithInvalidRecords = 0

    private struct FileState {
        var file: String?
        var records = 0
        var invalidRecords = 0
        var groups: [DiagnosticGroup] = []
        var index: [GroupKey: Int] = [:]
        /// Problems of kinds beyond `groupsPerFile`, counted only.
        var overflow = 0
    }
    private var current = FileState()

    /// `write` receives each finished line (without its line end), e.g. to print it on standard error.
    public init(limits: DiagnosticLimits = DiagnosticLimits(), write: @escaping (String) -> Void) {
        self.limits = limits
        self.write = write
    }

    /// The exit status for what has been collected (see `ExitStatus.for`).
    public var exitStatus: ExitStatus { .for(errors: errors, fileFailures: fileFailures) }

    /// Notes a record that was valid and used.
    public func recordValid(file: String) {
        switchTo(file)
        current.records += 1
        validRecords += 1
    }

    /// Adds the problems of one invalid record (at least one; all in the same file).
    public func recordInvalid(_ diagnostics: [Diagnostic]) {
        guard let first = diagnostics.first else { return }
        switchTo(first.location.file)
        current.records += 1
        current.invalidRecords += 1
        if current.invalidRecords == 1 { filesWithInvalidRecords += 1 }
        invalidRecords += 1
        if limits.grouped {
            for d in Self.mergingFields(diagnostics) { take(d) }
        } else {
            for d in diagnostics { take(d) }
        }
    }

    /// One record's problems with those that differ only in their field said once, naming the fields
    /// (`a, b, c and 14 more fields: unknown field`): a file of another kind reads as a few lines, not dozens.
    static func mergingFields(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard diagnostics.count > 2 else { return diagnostics }
        var order: [GroupKey] = []
        var fields: [GroupKey: [String]] = [:]
        var seen: [GroupKey: Set<String>] = [:]
        var total: [GroupKey: Int] = [:]
        var firsts: [GroupKey: Diagnostic] = [:]
        var out: [Diagnostic] = []
        for d in diagnostics {
            guard let field = d.location.field, d.location.criterion == nil else {
                out.append(d)
                continue
            }
            var withoutField = d
            withoutField.location.field = nil
            let key = groupKey(withoutField)
            if firsts[key] == nil {
                firsts[key] = d
                order.append(key)
            }
            total[key, default: 0] += 1
            if seen[key, default: []].insert(field).inserted { fields[key, default: []].append(field) }
        }
        for key in order {
            guard var d = firsts[key], let names = fields[key], let count = total[key] else { continue }
            if count == 2 && names.count == 2 {
                out.append(d)
                d.location.field = names[1]
            } else if count > 1 {
                let cut = names.prefix(4).map { Quoting.bare($0, kind: "field name") }
                var text = cut.joined(separator: ", ")
                if names.count > 4 { text += " and \(names.count - 4) more fields" }
                if count > names.count { text += names.count == 1 ? " (\(count) times)" : " (\(count) in all)" }
                d.location.field = text
                d.location.fieldsMerged = true
            }
            out.append(d)
        }
        return out
    }

    /// Adds a problem that is not one record's: a template's, a table row's, a file's, the run's.
    public func add(_ diagnostic: Diagnostic) {
        if diagnostic.location.file == nil {
            finishFile()
            count(diagnostic)
            write(DiagnosticRenderer.line(diagnostic))
            return
        }
        switchTo(diagnostic.location.file)
        take(diagnostic)
    }

    /// Prints what is held for the current file (done when the file changes and by `finish`).
    public func finishFile() {
        defer { current = FileState() }
        guard limits.grouped, !current.groups.isEmpty || current.overflow > 0 else { return }
        let state = current
        if state.groups.count == 1, state.overflow == 0, let group = state.groups.first, group.first.plural != nil,
           state.records > 1, group.count == state.records, state.invalidRecords == state.records {
            write(DiagnosticRenderer.wholeFileLine(group, recordsInFile: state.records))
            return
        }
        let shown = limits.linesPerFile.map { min($0, state.groups.count) } ?? state.groups.count
        for group in state.groups.prefix(shown) { write(DiagnosticRenderer.line(group)) }
        let held = state.groups.dropFirst(shown)
        let heldProblems = held.reduce(0) { $0 + $1.count } + state.overflow
        if heldProblems > 0 {
            write(DiagnosticRenderer.heldBackLine(file: state.file, problems: heldProblems, kinds: held.count,
                                                  hint: limits.heldBackHint))
        }
    }

    /// Prints everything still held. Call once at the end of the run.
    public func finish() { finishFile() }

    /// One closing line for a run that found invalid records — `N evaluations scored; M invalid records in K files
    /// not scored` — or nil when every record was valid. `verb` says what happened to the valid ones.
    public func summary(verb: String = "scored") -> String? {
        guard invalidRecords > 0 else { return nil }
        let valid = "\(validRecords) evaluation\(validRecords == 1 ? "" : "s") \(verb)"
        let invalid = "\(invalidRecords) invalid record\(invalidRecords == 1 ? "" : "s") in \(filesWithInvalidRecords) "
            + "file\(filesWithInvalidRecords == 1 ? "" : "s") not \(verb)"
        return "summary: \(valid); \(invalid)"
    }

    /// How many problems and places are held in memory now (bounded by the limits, whatever was fed in).
    public var retainedCount: Int {
        current.groups.count + current.groups.reduce(0) { $0 + $1.places.count }
    }

    // MARK: Inside

    private func switchTo(_ file: String?) {
        if current.file != file {
            finishFile()
            current.file = file
        }
    }

    private func count(_ d: Diagnostic) {
        switch d.severity {
        case .error: errors += 1
        case .warning: warnings += 1
        case .note: break
        }
        if d.isFileFailure { fileFailures += 1 }
    }

    private func take(_ diagnostic: Diagnostic) {
        count(diagnostic)
        guard limits.grouped else {
            write(DiagnosticRenderer.line(diagnostic))
            return
        }
        let d = diagnostic
        let key = Self.groupKey(d)
        let place = DiagnosticGroup.Place(line: d.location.line, row: d.location.row)
        if let i = current.index[key] {
            current.groups[i].count += 1
            if current.groups[i].sameMessage, current.groups[i].first.message != d.message {
                current.groups[i].sameMessage = false
            }
            if current.groups[i].places.count < limits.placesPerGroup { current.groups[i].places.append(place) }
        } else if current.groups.count < limits.groupsPerFile {
            current.index[key] = current.groups.count
            current.groups.append(DiagnosticGroup(first: Self.bounded(d), count: 1, sameMessage: true,
                                                  places: limits.placesPerGroup > 0 ? [place] : []))
        } else {
            current.overflow += 1
        }
    }

    /// The same problem: rule, criterion, field, and the message with its quoted values and numbers left out
    /// (`'6' is not a valid answer` and `'9' is not a valid answer` are one kind). A problem meant to be said
    /// once for many records (`plural`) keeps its whole message.
    static func groupKey(_ d: Diagnostic) -> GroupKey {
        GroupKey(severity: d.severity, rule: d.rule, criterion: d.location.criterion, field: d.location.field,
                 shape: d.plural != nil ? d.message : shape(of: d.message))
    }

    /// What identifies a kind of problem within a file.
    struct GroupKey: Hashable {
        var severity: DiagnosticSeverity
        var rule: String
        var criterion: String?
        var field: String?
        var shape: String
    }

    /// The message without its quoted values and digits.
    static func shape(of message: String) -> String {
        let utf8 = message.utf8
        // Most messages quote nothing and hold no digit: keep them as they are.
        guard utf8.contains(where: { $0 == UInt8(ascii: "'") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) })
        else { return message }
        var quoted = false
        var shape: [UInt8] = []
        shape.reserveCapacity(utf8.count)
        for c in utf8 {
            if c == UInt8(ascii: "'") { quoted.toggle(); continue }
            if quoted || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) { continue }
            shape.append(c)
        }
        return String(decoding: shape, as: UTF8.self)
    }

    /// A copy whose input-derived texts are cut short, so what is kept per group stays small.
    static func bounded(_ d: Diagnostic) -> Diagnostic {
        var d = d
        func cut(_ s: String?, _ n: Int) -> String? {
            guard let s, s.utf8.count > n else { return s }
            return String(s.prefix(n))
        }
        d.location.criterion = cut(d.location.criterion, 2 * DiagnosticRenderer.shownLength)
        d.location.field = cut(d.location.field, 2 * DiagnosticRenderer.shownLength)
        d.location.recordID = cut(d.location.recordID, 2 * DiagnosticRenderer.shownLength)
        d.location.file = cut(d.location.file, 4096)
        d.message = cut(d.message, 1000) ?? ""
        return d
    }
}
