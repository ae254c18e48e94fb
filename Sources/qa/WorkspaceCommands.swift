import ArgumentParser
import Batch
#if canImport(Glibc)
import Glibc
#endif
import TextEscaping
import Coaching
import DelimitedText
import Diagnostics
import FileIO
import QAModel
import Records
import ScorecardFormat
import Workspace

/// `qa init`: make a workspace.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a workspace: one shared record of templates, calls and evaluations.",
        discussion: """
            Makes the folder .qa in FOLDER (default: the current folder) with the workspace's settings and, by \
            default, its SQLite database (.qa/workspace.sqlite, readable by you only). With --database \
            postgres://user@host:port/database the workspace lives in PostgreSQL instead, for teams working on \
            several machines at once (the password goes in PGPASSWORD or QA_DATABASE_URL, never in the settings). \
            Commands run in FOLDER or any folder below it use the workspace.

            Exit codes: 0 made; 3 the folder or database could not be made or reached; 64 wrong options.
            """
    )

    @Argument(help: ArgumentHelp("Where to make the workspace (default: the current folder).", valueName: "folder"))
    var folder: String = "."

    @Option(help: ArgumentHelp("'sqlite' (the default) or postgres://user@host:port/database.", valueName: "url"))
    var database: String?

    func run() throws {
        let location = try WorkspaceProblems.run { try WorkspaceLocation.create(in: folder, database: database) }
        let workspace = try WorkspaceProblems.opening(location)
        defer { workspace.close() }
        let version = try WorkspaceProblems.run { try workspace.schemaVersion() }
        print("Made a workspace in \(location.folder) (database: \(location.database), schema version \(version)).")
        print("Next: qa import TEMPLATES.xml CALLS.csv EVALUATIONS…   then   qa score, qa coach --agent ID, qa calibrate")
    }
}

/// `qa import`: files into the workspace (the default: `qa import FILES…`), or past platform evaluations into
/// evaluation records (`qa import evaluations --from connect|genesys …`).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import templates, calls and evaluations into the workspace (qa import FILES…), or turn past Amazon "
            + "Connect / Genesys Cloud evaluations into records (qa import evaluations --from …).",
        discussion: """
            qa import FILES-OR-FOLDERS… imports into the workspace (qa import files --help tells more). \
            qa import evaluations --from connect|genesys … turns a platform's past evaluations into evaluation \
            records for qa score and qa import (qa import evaluations --help). To import a folder named \
            "evaluations" into the workspace, write ./evaluations.

            Exit codes: 0 done; 1 some inputs were invalid or scores differ (see each subcommand); 3 a file or the \
            workspace could not be read or written; 64 wrong options.
            """,
        subcommands: [ImportIntoWorkspace.self, ImportEvaluations.self],
        defaultSubcommand: ImportIntoWorkspace.self
    )
}

/// `qa import [files] FILES…`: templates, calls and evaluations from files and folders into the workspace.
struct ImportIntoWorkspace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Import templates, calls and evaluations from files and folders into the workspace.",
        discussion: """
            Takes template files (.xml), calls files (.csv with call_id and agent_id but no evaluation_id) and \
            evaluation files (.json, .jsonl, or .csv with evaluation_id), or folders of them. Templates are \
            imported first, then calls, then evaluations, all in one change: if the import stops (an error, \
            --strict, Ctrl-C) nothing of it is kept.

            Importing is idempotent: an evaluation already stored with the same content is left as it is; one \
            whose content changed gets a new revision (the earlier revisions and their scores are kept; see qa \
            history). A record equal to a revision that has since been revised is not stored again. A template \
            version, once stored, never changes. Every evaluation is checked against the template version it \
            names (which must be in the workspace or in the same import); invalid records are reported and not \
            imported.

            Personal data in assessors' comments and in call transcripts (card numbers, sort codes, account \
            numbers, phone numbers, e-mail addresses, dates of birth, postcodes) is replaced by its kind, e.g. \
            [card number], before it is stored; a transcript is stored as a redacted copy in .qa/transcripts and \
            your own file is left as it is. The import says how many of each kind it replaced, never what. \
            --no-redact stores them as they are (docs/privacy.md).

            Past evaluations from Amazon Connect or Genesys Cloud are turned into evaluation records first, with \
            qa import evaluations --from connect|genesys (see qa import evaluations --help).

            Exit codes: 0 all imported; 1 some inputs were invalid (the rest is imported) or --strict stopped the \
            import (nothing imported); 3 a file or the workspace could not be read or written; 64 wrong options.
            """
    )

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var problems: RecordProblemOptions

    @Argument(help: ArgumentHelp("Template, calls and evaluation files, or folders of them.", valueName: "input"))
    var inputs: [String]

    @Flag(name: .long, help: "Release the imported official evaluations to their agents now (past evaluations the agents have already seen).")
    var release = false

    @Flag(name: .customLong("no-redact"), help: "Store transcripts and comments as they are, without redacting personal data (docs/privacy.md).")
    var noRedact = false

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give the files or folders to import") }
        if inputs.contains("-") { throw ValidationError("qa import reads files and folders, not standard input") }
    }

    enum Kind { case template, calls, evaluations }

    func run() throws {
        let items: [InputPaths.Item]
        do {
            items = try InputPaths.expand(inputs, accepts: { path in
                ["xml", "csv", "json", "jsonl", "ndjson"].contains(extensionOf(path))
            }, otherFileReason: "qa import reads .xml templates and .csv, .json, .jsonl evaluation or calls files")
        } catch {
            throw Problems.fail(error)
        }
        var templates: [String] = [], calls: [String] = [], evaluations: [String] = []
        for case .file(let path) in items {
            switch try kind(of: path) {
            case .template: templates.append(path)
            case .calls: calls.append(path)
            case .evaluations: evaluations.append(path)
            }
        }
        let workspace = try workspaceOptions.open()
        defer { workspace.close() }
        let report = RecordProblemReport(problems)
        let redaction = noRedact ? nil : ImportRedaction(workspace: workspace)
        var templateCounts = (added: 0, unchanged: 0, invalid: 0)
        var callCounts = CallImportSummary()
        var callProblems = 0
        var summary = EvaluationImportSummary()
        do {
            try workspace.change { session in
                for path in templates {
                    let bytes: [UInt8]
                    do {
                        bytes = try readWholeFile(path)
                    } catch {
                        throw Problems.fail(error, path: path)
                    }
                    let result = ScorecardLoader.load(bytes: bytes, path: path)
                    Problems.report(result, path: path)
                    guard let card = result.scorecard else {
                        templateCounts.invalid += 1
                        report.add(Problems.fileError(path, "the template has errors and was not imported; fix them "
                            + "(qa scorecard validate \(path))", rule: "template.invalid"))
                        if problems.strict { throw StoppedAtFirstInvalidRecord() }
                        continue
                    }
                    switch try TemplateStore.add(card, xml: bytes, source: path, in: workspace, session: session) {
                    case .added: templateCounts.added += 1
                    case .unchanged: templateCounts.unchanged += 1
                    }
                }
                for path in calls {
                    let table = try TableFile.read(path, problems: report)
                    let (counts, rowProblems) = try CallStore.importTable(table, source: path, workspace: workspace, session: session,
                                                                                   transcript: redaction?.transcript(callsFile: path))
                    callCounts.added += counts.added
                    callCounts.updated += counts.updated
                    callCounts.unchanged += counts.unchanged
                    callProblems += rowProblems.count
                    for problem in rowProblems {
                        report.add(Diagnostics.Diagnostic(DiagnosticLocation(file: path, line: problem.row, field: problem.field),
                                                          rule: "import.calls", message: problem.message + "; the call was not imported"))
                    }
                    if problems.strict, !rowProblems.isEmpty { throw StoppedAtFirstInvalidRecord() }
                }
                let importer = EvaluationImporter(workspace: workspace, session: session, reason: "imported")
                if release { importer.releasedAt = workspace.now() }
                importer.invalidWhenStored = { try report.invalid($0) }
                // Read, checked and scored on a second thread while this one stores (EvaluationImporter.importRecords).
                let reading = ReadingSide(paths: evaluations, redaction: redaction)
                try importer.importRecords({ emit in
                    for path in reading.paths {
                        let format = RecordFormat(pathExtensionOf: path) ?? .jsonLines
                        var reader = try EvaluationReader(source: .file(path: path, format: format))
                        while let item = try reader.next() {
                            switch item {
                            case .evaluation(let evaluation, let location):
                                try emit(.evaluation(reading.redaction?.redact(evaluation) ?? evaluation, location))
                            case .invalid(let recordProblems):
                                try emit(.unreadable(InvalidEvaluation(
                                    location: recordProblems[0].location, evaluationID: recordProblems[0].evaluationID,
                                    diagnostics: recordProblems.map(RecordDiagnostics.diagnostic))))
                            }
                        }
                    }
                }, outcome: { outcome in
                    switch outcome {
                    case .accepted(let location): report.valid(location)
                    case .invalid(let invalid), .unreadable(let invalid): try report.invalid(invalid)
                    }
                })
                summary = importer.summary
            }
        } catch is StoppedAtFirstInvalidRecord {
            report.collector.finish()
            Terminal.error("stopped at the first invalid input (--strict); nothing was imported")
            throw Problems.exit(.problemsFound)
        } catch let error as RecordInputError {
            report.finish(verb: "imported")
            Problems.note(nil, "nothing was imported")
            throw Problems.fail(error)
        } catch let error as ExitCode {
            throw error
        } catch {
            report.finish(verb: "imported")
            throw WorkspaceProblems.fail(WorkspaceProblems.describe(error, location: workspace.location)
                + "; nothing was imported")
        }
        report.finish(verb: "imported")
        print("Imported into \(workspace.location?.folder ?? "the workspace"):")
        if !templates.isEmpty {
            print("  templates:   \(templateCounts.added) added, \(templateCounts.unchanged) already there"
                + (templateCounts.invalid > 0 ? ", \(templateCounts.invalid) invalid (not imported)" : ""))
        }
        if !calls.isEmpty {
            print("  calls:       \(callCounts.added) added, \(callCounts.updated) updated, \(callCounts.unchanged) unchanged"
                + (callProblems > 0 ? ", \(callProblems) rows with problems (not imported)" : ""))
        }
        if !evaluations.isEmpty {
            print("  evaluations: \(summary.added) added, \(summary.revised) revised (a new revision each), "
                + "\(summary.unchanged) unchanged"
                + (summary.older > 0 ? ", \(summary.older) older than the stored revision (not stored again)" : "")
                + (summary.invalid > 0 ? ", \(summary.invalid) invalid (not imported)" : ""))
            for (id, revision) in summary.revisedExamples {
                print("    \(Escaping.terminal(id)): now at revision \(revision) (qa history \(Escaping.terminal(id)))")
            }
            if summary.revised > summary.revisedExamples.count {
                print("    … and \(summary.revised - summary.revisedExamples.count) more revised")
            }
        }
        for line in redaction?.report() ?? [] { print(line) }
        try report.exitIfNeeded()
    }

    /// What a file holds, from its name and (for CSV) its header.
    private func kind(of path: String) throws -> Kind {
        switch extensionOf(path) {
        case "xml": return .template
        case "csv":
            var reader: CSVReader
            do {
                reader = try CSVReader(path: path)
            } catch {
                throw Problems.fail(error, path: path)
            }
            let header = (try? reader.next())??.fields.map { CSVWriter.removingFormulaGuard($0).lowercased() } ?? []
            if header.contains("evaluation_id") { return .evaluations }
            if header.contains("call_id") { return .calls }
            Problems.report(Problems.fileError(path, "this CSV file has neither an evaluation_id column (evaluations) nor a "
                + "call_id column (calls); nothing was imported", rule: "import.kind"))
            throw Problems.exit(.problemsFound)
        default: return .evaluations
        }
    }
}

/// What the import's reading thread uses: the evaluation files and the redaction of their comments. Handed to
/// that thread for the duration of `importRecords`; this thread reads the redaction's counts only after it returns.
private final class ReadingSide: @unchecked Sendable {
    let paths: [String]
    let redaction: ImportRedaction?

    init(paths: [String], redaction: ImportRedaction?) {
        self.paths = paths
        self.redaction = redaction
    }
}

/// Small CSV tables (calls files, exclusion windows), read the same way by every command.
enum TableFile {
    /// Reads a small CSV table (KPIs, exclusion windows); rows with a CSV problem are reported and skipped.
    static func read(_ path: String, problems: RecordProblemReport) throws -> TableRows {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw Problems.fail(error, path: path)
        }
        var header: [String]?
        var rows: [(row: Int, fields: [String])] = []
        while true {
            do {
                guard let row = try reader.next() else { break }
                // Cells the tool wrote through the CSV formula guard (e.g. `qa sample`'s calls.csv) read as they were.
                let fields = row.fields.map(CSVWriter.removingFormulaGuard)
                if header == nil { header = fields } else { rows.append((row.index, fields)) }
            } catch let error as CSVError {
                switch error {
                case .fieldCountMismatch, .invalidUTF8, .textAfterClosingQuote:
                    problems.add(Diagnostics.Diagnostic(DiagnosticLocation(file: path, line: error.line),
                                                        rule: "table.csv-row", message: error.description))
                case .unterminatedQuote, .recordTooLong:
                    problems.add(Diagnostics.Diagnostic(DiagnosticLocation(file: path, line: error.line),
                                                        rule: "table.csv-quote", message: error.description))
                    problems.finish(verb: "used")
                    throw Problems.exit(.problemsFound)
                case .cannotOpen, .readFailed:
                    problems.finish(verb: "used")
                    throw Problems.fail(error, path: path)
                }
            }
        }
        return TableRows(header: header ?? [], rows: rows)
    }
}

/// The lower-cased extension of a file name ("" when none).
func extensionOf(_ path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return name[name.index(after: dot)...].lowercased()
}

/// Reads a whole (small) file: templates.
func readWholeFile(_ path: String) throws -> [UInt8] {
    let fd = try openForReading(path)
    defer { _ = Glibc.close(fd) }
    return try readWhole(fd: fd, path: path, prefix: []) ?? []
}
