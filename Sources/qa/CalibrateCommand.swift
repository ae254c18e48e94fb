import ArgumentParser
import Diagnostics
import Calibration

/// `qa calibrate`: who scores above or below the reference, which criteria assessors read differently, and
/// which calls the session should discuss.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare assessors who scored the same calls: bias, agreement per criterion, calls to discuss.",
        discussion: """
            Calls scored by two or more assessors are calibration calls. Each assessor's total is compared with \
            the reference: a named expert assessor, or "consensus" (the median total of the other assessors on \
            that call, leaving out those who auto-failed it unless more than half did). An assessor is flagged lenient or severe when their average is more than the tolerance away \
            from the reference and the 95% confidence interval of that average excludes zero (3 calls at least). \
            Missed critical fails are listed first. --from and --to keep the calls of one period (one \
            session), from files or the workspace; the agenda lists the calls the assessors disagreed on most \
            first, with each question, every answer and comment, and the reference answer. See \
            docs/calibration.md for every figure.
            Invalid records are reported (grouped, at most 20 lines per file; --all-problems lists every one) \
            and left out; the report is made from the valid ones and the exit code is 1. --strict stops at the \
            first invalid record instead.
            Exit codes: 0 report written; 1 invalid template or records (reported), or no calibration calls; 3 a \
            file could not be read or written; 64 wrong or missing options.
            """
    )

    @OptionGroup var template: ScorecardOption

    @OptionGroup var referenceOption: ReferenceOption

    @Option(help: "Points within which a total counts as matching the reference.")
    var tolerance: Double = 5

    @Option(help: "Output: table, json, markdown or html.")
    var format: CalibrationOutputFormat = .table

    @OptionGroup var report: ReportOutputOption

    @OptionGroup var problems: RecordProblemOptions

    @OptionGroup var purpose: PurposeOption

    @OptionGroup var input: EvaluationInputOptions

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var selection: StoredSelectionOptions

    func validate() throws {
        guard tolerance >= 0, tolerance <= Limits.tolerancePoints else {
            throw ValidationError("--tolerance must be from 0 to \(Int(Limits.tolerancePoints)) points")
        }
    }

    func run() throws {
        let (plan, evaluations, invalidRecords) = try CalibrationInput.load(
            scorecard: template, input: input, problems: problems,
            purposes: purpose.purposes(default: [.calibration, .official]), workspace: workspaceOptions, selection: selection,
            output: report.output, command: "calibrate")
        let session: CalibrationReport
        do {
            session = try CalibrationSession(plan: plan, reference: CalibrationReference(argument: referenceOption.reference),
                                             tolerance: tolerance).analyze(evaluations)
        } catch {
            Problems.report(Problems.runError(error.message, rule: "calibration.nothing-to-compare"))
            throw Problems.exit(.problemsFound)
        }
        try ReportSink.emit(CalibrationReportRenderer.render(session, as: format), to: report.output)
        try invalidRecords.exitIfNeeded()
    }
}
