import ArgumentParser
import Batch
import QAModel
import Records

// The options several commands share, declared once and included with @OptionGroup, so they are spelled,
// explained and checked the same way everywhere.

/// `--scorecard FILE`: the template a command works with.
struct ScorecardOption: ParsableArguments {
    @Option(help: ArgumentHelp("The scorecard template (XML). With a workspace: a template id or file, to choose among "
                               + "the workspace's templates.", valueName: "file"))
    var scorecard: String?

    /// The template file, which reading files needs.
    func file(command: String) throws -> String {
        guard let scorecard else {
            Terminal.error("Error: Missing expected argument '--scorecard <file>' (a template file; or run 'qa \(command)' "
                + "without input files inside a workspace)\n  See 'qa \(command) --help' for more information.")
            throw ExitCode.validationFailure
        }
        return scorecard
    }

    /// A second `--scorecard` would silently replace the first (the option parser keeps the last value), so it is
    /// refused. The parser gives no count of repeats; the command line itself is read for it.
    func validate() throws {
        let given = CommandLine.arguments.prefix { $0 != "--" }
            .filter { $0 == "--scorecard" || $0.hasPrefix("--scorecard=") }.count
        if given > 1 {
            throw ValidationError("--scorecard was given \(given) times; give it once (one template version a run: score "
                + "each version's evaluations with its own template)")
        }
    }
}

/// The evaluation inputs: files, folders or `-`, and `--input-format` for standard input.
struct EvaluationInputOptions: ParsableArguments {
    @Option(name: .customLong("input-format"),
            help: "Format of standard input (json, jsonl or csv) when it cannot be told from the data.")
    var inputFormat: RecordFormat?

    @Argument(help: ArgumentHelp(
        "Evaluation files (.json, .jsonl, .csv), folders of them, or - for standard input (the default).",
        valueName: "input"))
    var inputs: [String] = []

    /// The inputs expanded into files (folders walked, each file once); every one must exist before any work is
    /// done. A missing or unreadable input is reported and exits 3.
    func sources() throws -> [InputSource] {
        do {
            return try InputSources.expand(EvaluationInputs.resolve(inputs), standardInputFormat: inputFormat)
        } catch {
            throw Problems.fail(error)
        }
    }
}

/// `--strict` and `--all-problems`: what happens to invalid records and how much of them is shown.
struct RecordProblemOptions: ParsableArguments {
    @Flag(help: "Stop at the first invalid record (exit 1, no report) instead of reporting it and going on with the valid ones.")
    var strict = false

    @Flag(name: .customLong("all-problems"),
          help: "List every problem on its own line, instead of grouping repeated ones and showing at most 20 lines per file.")
    var allProblems = false
}

/// `--output PATH`: where a report goes instead of standard output.
struct ReportOutputOption: ParsableArguments {
    @Option(help: ArgumentHelp("Write the report to this file (written in full or not at all) instead of standard output.",
                               valueName: "path"))
    var output: String?
}

/// `--reference ASSESSOR|consensus` of the calibration commands.
struct ReferenceOption: ParsableArguments {
    @Option(help: ArgumentHelp("An expert assessor id, or 'consensus' (the median of the other assessors on each call).",
                               valueName: "id"))
    var reference: String = "consensus"
}

extension RecordFormat: ExpressibleByArgument {}

/// `--purpose`: which evaluations a command counts, by what they are for (docs/evaluations.md, "Purpose").
/// Each command has its own default: agent scores and coaching count official evaluations only; calibration and
/// drift count calibration and official ones.
struct PurposeOption: ParsableArguments {
    @Option(help: ArgumentHelp("Which evaluations to count: official, calibration, self-assessment, automated, or all "
                               + "(default: official for scores and coaching plans; calibration and official for calibrate and drift).",
                               valueName: "purpose"))
    var purpose: String?

    func validate() throws {
        if let purpose, purpose != "all", EvaluationPurpose(rawValue: purpose) == nil {
            throw ValidationError("--purpose must be one of \(EvaluationPurpose.spellings) or all")
        }
    }

    /// The purposes to count (`nil`: all of them).
    func purposes(default fallback: Set<EvaluationPurpose>) -> Set<EvaluationPurpose>? {
        guard let purpose else { return fallback }
        if purpose == "all" { return nil }
        return EvaluationPurpose(rawValue: purpose).map { [$0] } ?? fallback
    }

    /// The note a command prints when records were left out because of their purpose.
    static func noteLeftOut(_ leftOut: LeftOutByPurpose, counting: String) {
        guard let what = leftOut.summary else { return }
        Problems.note(nil, "\(what) not counted: \(counting) (--purpose all counts every evaluation)")
    }
}
