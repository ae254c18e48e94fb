import ArgumentParser
import Calibration

/// `qa drift`: whether an assessor's scoring has moved away from their own usual level over time.
struct Drift: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Track each assessor's difference from the reference over time and flag drift.",
        discussion: """
            Each period (ISO week of the call date, or calibration session) every assessor's average \
            difference from the reference is compared with what their own baseline (their first periods) \
            expects for calls scoring like these. When the EWMA chart and the CUSUM both cross their limits \
            the assessor is flagged, with the period and the direction (lenient or severe). Calls with an \
            auto-fail are left out of the charts. A steady lean from the start is not drift: qa calibrate \
            reports it. See docs/calibration.md.
            Exit codes: 0 report written; 1 invalid template or records, or nothing to chart; 3 a file could \
            not be read or written; 64 wrong or missing options.
            """
    )

    @Option(help: "The scorecard template (XML) the evaluations were scored against.")
    var scorecard: String

    @Option(help: "An expert assessor id, or 'consensus'.")
    var reference: String = "consensus"

    @Option(help: "Only calls on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "Period: week (ISO week of the call date) or session (call dates with no gap of 4 days or more).")
    var period: DriftPeriod = .week

    @Option(help: "EWMA weight of the newest period (0–1).")
    var lambda: Double = 0.2

    @Option(name: .customLong("L"), help: "EWMA control limit width, in standard errors.")
    var limitWidth: Double = 3

    @Option(help: "CUSUM allowance, in σ.")
    var k: Double = 0.5

    @Option(help: "CUSUM decision limit, in σ.")
    var h: Double = 4

    @Option(help: "Periods at the start of each assessor's series used as their baseline (their usual level and spread).")
    var baselinePeriods: Int = 5

    @Option(help: "Flag when both charts cross their limits in the same period (both), or when either does (either: earlier, more false alarms).")
    var signal: DriftSignalRule = .both

    @Option(help: "Output: table, json, markdown or html.")
    var format: CalibrationOutputFormat = .table

    @Option(help: "Write the report to this file (written in full or not at all) instead of standard output.")
    var output: String?

    @Argument(help: "Evaluation files or folders (CSV, JSON, JSON Lines); '-' or nothing reads standard input.")
    var inputs: [String] = []

    func options() -> DriftOptions {
        DriftOptions(reference: CalibrationReference(argument: reference), since: since, period: period, lambda: lambda,
                     L: limitWidth, k: k, h: h, baselinePeriods: baselinePeriods, signal: signal)
    }

    func validate() throws {
        let problems = options().problems
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() throws {
        let (plan, evaluations) = try CalibrationInput.load(scorecard: scorecard, inputs: inputs)
        let reference = CalibrationReference(argument: reference)
        let report: DriftReport
        do {
            report = try DriftAnalysis(plan: plan, reference: reference, options: options()).analyze(evaluations)
        } catch {
            Terminal.error("error: \(error.message)")
            throw ExitCode(1)
        }
        try ReportSink.emit(DriftReportRenderer.render(report, as: format), to: output)
    }
}
