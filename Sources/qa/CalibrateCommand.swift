import ArgumentParser
import Calibration

/// `qa calibrate`: who scores above or below the reference, which criteria assessors read differently, and
/// which calls the session should discuss.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare assessors who scored the same calls: bias, agreement per criterion, calls to discuss.",
        discussion: """
            Calls scored by two or more assessors are calibration calls. Each assessor's total is compared with \
            the reference: a named expert assessor, or "consensus" (the average of the other assessors on that \
            call). An assessor is flagged lenient or severe when their average is more than the tolerance away \
            from the reference and the 95% confidence interval of that average excludes zero (3 calls at least). \
            Missed critical fails are listed first. See docs/calibration.md for every figure.
            Exit codes: 0 report written; 1 invalid template or records, or no calibration calls; 3 a file \
            could not be read or written; 64 wrong or missing options.
            """
    )

    @Option(help: "The scorecard template (XML) the evaluations were scored against.")
    var scorecard: String

    @Option(help: "An expert assessor id, or 'consensus'.")
    var reference: String = "consensus"

    @Option(help: "Points within which a total counts as matching the reference.")
    var tolerance: Double = 5

    @Option(help: "Output: table, json, markdown or html.")
    var format: CalibrationOutputFormat = .table

    @Option(help: "Write the report to this file (written in full or not at all) instead of standard output.")
    var output: String?

    @Argument(help: "Evaluation files or folders (CSV, JSON, JSON Lines); '-' or nothing reads standard input.")
    var inputs: [String] = []

    func validate() throws {
        guard tolerance >= 0, tolerance.isFinite else { throw ValidationError("--tolerance must be 0 or more points") }
    }

    func run() throws {
        let (plan, evaluations) = try CalibrationInput.load(scorecard: scorecard, inputs: inputs)
        let report: CalibrationReport
        do {
            report = try CalibrationSession(plan: plan, reference: CalibrationReference(argument: reference),
                                            tolerance: tolerance).analyze(evaluations)
        } catch {
            Terminal.error("error: \(error.message)")
            throw ExitCode(1)
        }
        try ReportSink.emit(CalibrationReportRenderer.render(report, as: format), to: output)
    }
}
