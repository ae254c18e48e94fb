import ArgumentParser
import Batch
import DelimitedText
import Diagnostics
import FileIO
import Foundation
import Records
import ScorecardFormat

/// Writing to the terminal's standard error.
enum Terminal {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// The one way every command reports a problem and picks its exit code: a `Diagnostics.Diagnostic` printed by
/// `DiagnosticRenderer`, and the status chosen by `ExitStatus.for` (0 success; 1 problems found and reported;
/// 3 a file could not be read or written; 64 a wrong command line).
enum Problems {
    /// Prints one problem on standard error.
    static func report(_ diagnostic: Diagnostics.Diagnostic) {
        Terminal.error(diagnostic.text)
    }

    /// A problem of the whole run (no file): `error: message`.
    static func runError(_ message: String, rule: String) -> Diagnostics.Diagnostic {
        Diagnostics.Diagnostic(DiagnosticLocation(), rule: rule, message: message)
    }

    /// Prints a closing note (`file: note: message`, or `note: message`): what the problems above mean for the run.
    static func note(_ file: String?, _ message: String) {
        report(Diagnostics.Diagnostic(DiagnosticLocation(file: file), .note, rule: "note", message: message))
    }

    /// A problem with one file (no line): `path: error: message`.
    static func fileError(_ path: String?, _ message: String, rule: String) -> Diagnostics.Diagnostic {
        Diagnostics.Diagnostic(DiagnosticLocation(file: path), rule: rule, message: message)
    }

    /// Reports a file that could not be read or written and gives the exit code to throw (3).
    static func fail(_ error: Error, path: String? = nil, writing: Bool = false) -> ExitCode {
        report(fileFailure(error, path: path, writing: writing))
        return exit(.cannotReadOrWrite)
    }

    /// The exit code for a status.
    static func exit(_ status: ExitStatus) -> ExitCode { ExitCode(status.rawValue) }

    /// Throws the status's exit code unless it is success.
    static func finish(_ status: ExitStatus) throws {
        if status != .success { throw exit(status) }
    }

    /// A file failure (exit 3) as a diagnostic: `path: error: reason`.
    static func fileFailure(_ error: Error, path: String? = nil, writing: Bool = false) -> Diagnostics.Diagnostic {
        let rule = writing ? Rule.unwritableFile : Rule.unreadableFile
        switch error {
        case let e as RecordInputError:
            return .init(DiagnosticLocation(file: e.path), rule: rule, message: e.reason)
        case let e as FileError:
            return .init(DiagnosticLocation(file: e.path), rule: rule, message: e.reason)
        case let e as ScorecardFileError:
            return .init(DiagnosticLocation(file: e.path), rule: rule, message: "cannot read the file: \(e.reason)")
        case let e as CSVError:
            if case .cannotOpen(_, let reason) = e {
                return .init(DiagnosticLocation(file: path), rule: rule, message: "cannot open the file: \(reason)")
            }
            return .init(DiagnosticLocation(file: path, line: e.line), rule: rule, message: e.description)
        default:
            // Never a Swift error's own description (type names, debug text): say what failed.
            return .init(DiagnosticLocation(file: path), rule: rule,
                         message: writing ? "the file could not be written" : "the file could not be read")
        }
    }
}

extension ScorecardFormat.Diagnostic {
    /// The template diagnostic in the shared model (rule `template.<check>`).
    var shared: Diagnostics.Diagnostic {
        Diagnostics.Diagnostic(
            DiagnosticLocation(file: path, line: position.line, column: position.column),
            severity == .error ? .error : .warning, rule: "template." + (rule.isEmpty ? "check" : rule),
            message: message)
    }
}

/// Stops a run at its first invalid record (`--strict`).
struct StoppedAtFirstInvalidRecord: Error {}

/// The invalid-record policy of every command that reads evaluations, in one place: each invalid record is
/// reported (grouped and capped per file, or every problem with `--all-problems`), the valid ones are used, and
/// the exit status is 1; with `--strict` the run stops at the first invalid record, writes no report, exit 1.
final class RecordProblemReport {
    let collector: DiagnosticCollector
    let strict: Bool

    /// `progress`, when given, is cleared before each line so that problems and the progress counter do not mix.
    init(_ options: RecordProblemOptions, progress: ProgressLine? = nil) {
        strict = options.strict
        collector = DiagnosticCollector(limits: options.allProblems ? .everything : DiagnosticLimits()) { line in
            progress?.finish()
            Terminal.error(line)
        }
    }

    /// Reports an invalid record; under `--strict` throws `StoppedAtFirstInvalidRecord`.
    func invalid(_ record: InvalidEvaluation) throws {
        collector.recordInvalid(record.diagnostics)
        if strict { throw StoppedAtFirstInvalidRecord() }
    }

    /// Counts a valid record.
    func valid(_ location: RecordLocation) {
        collector.recordValid(file: location.file)
    }

    /// Reports a problem that is not one record's (a table row, a whole-run problem).
    func add(_ diagnostic: Diagnostics.Diagnostic) {
        collector.add(diagnostic)
    }

    /// Prints what is still held, then the summary line when records were invalid. `verb` says what became of the
    /// valid records ("scored", "used").
    func finish(verb: String) {
        collector.finish()
        if let summary = collector.summary(verb: verb) { Terminal.error(summary) }
    }

    /// After `--strict` stopped the run: what is held, and why nothing was written. Gives the exit code (1).
    func stopped() -> ExitCode {
        collector.finish()
        Terminal.error("stopped at the first invalid record (--strict); no report written")
        return Problems.exit(.problemsFound)
    }

    /// Throws the exit code the policy gives for everything reported (nothing when it is 0).
    func exitIfNeeded() throws {
        try Problems.finish(collector.exitStatus)
    }
}
