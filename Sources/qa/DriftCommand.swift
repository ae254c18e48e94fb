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
            the assessor is flagged, with the period and the direction (lenient or severe). A comparison in \
            which the assessor or the reference auto-failed the call is left out of the charts. A steady lean \
            from the start is not drift: qa calibrate reports it. --from and --to keep one period's calls, from \
            files or the workspace. See docs/calibration.md.
            Invalid records are reported (grouped, at most 20 lines per file; --all-problems lists every one) \
            and left out; the report is made from the valid ones and the exit code is 1. --strict stops at the \
            first invalid record instead.
            Exit codes: 0 report written; 1 invalid template or records (reported), or nothing to chart; 3 a file \
            could not be read or written; 64 wrong or missing options.
            """
    )

    @OptionGroup var template: ScorecardOption

    @OptionGroup var referenceOption: ReferenceOption

    @Option(help: "Only calls on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(help: "Period: week (ISO week of the call date) or session (call dates with no gap of 4 days or more).")
    var period: DriftPeriod = .week

    @Option(help: "EWMA weight of the newest period (0–1).")
    var lambda: Double = DriftOptions.defaultLambda

    @Option(name: .customLong("L"), help: "EWMA control limit width, in standard errors.")
    var limitWidth: Double = DriftOptions.defaultL

    @Option(help: "CUSUM allowance, in σ.")
    var k: Double = DriftOptions.defaultK

    @Option(help: "CUSUM decision limit, in σ.")
    var h: Double = DriftOptions.defaultH

    @Option(help: "Periods at the start of each assessor's series used as their baseline (their usual level and spread).")
    var baselinePeriods: Int = 5

    @Option(help: "Flag when both charts cross their limits in the same period (both), or when either does (either: earlier, more false alarms).")
    var signal: DriftSignalRule = .both

    @Option(help: "Output: table, json, markdown or html.")
    var format: CalibrationOutputFormat = .table

    @OptionGroup var report: ReportOutputOption

    @OptionGroup var problems: RecordProblemOptions

    @OptionGroup var purpose: PurposeOption

    @OptionGroup var input: EvaluationInputOptions

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var selection: StoredSelectionOptions

    func options() -> DriftOptions {
        DriftOptions(reference: CalibrationReference(argument: referenceOption.reference), since: since, period: period, lambda: lambda,
                     L: limitWidth, k: k, h: h, baselinePeriods: baselinePeriods, signal: signal)
    }

    func validate() throws {
        var problems = options().problems
        // Upper bounds (docs/limits.md): past them the charts cannot signal, or the option is a typing slip.
        if !(limitWidth <= 10) { problems.append("--L must be at most 10 standard errors (got \(limitWidth))") }
        if !(k <= 10) { problems.append("--k must be at most 10 σ (got \(k))") }
        if !(h <= 100) { problems.append("--h must be at most 100 σ (got \(h))") }
        if baselinePeriods > Limits.baselinePeriods {
            problems.append("--baseline-periods must be at most \(Limits.text(Limits.baselinePeriods)) (got \(baselinePeriods))")
        }
        if !problems.isEmpty { throw ValidationError(problems.joined(separator: "\n")) }
    }

    func run() throws {
        let (plan, evaluations, invalidRecords) = try CalibrationInput.load(
            scorecard: template, input: input, problems: problems,
            purposes: purpose.purposes(default: [.calibration, .official]), workspace: workspaceOptions, selection: selection,
            output: report.output, command: "drift")
        let reference = CalibrationReference(argument: referenceOption.reference)
        let drift: DriftReport
        do {
            drift = try DriftAnalysis(plan: plan, reference: reference, options: options()).analyze(evaluations)
        } catch {
            Problems.report(Problems.runError(error.message, rule: "drift.nothing-to-chart"))
            throw Problems.exit(.problemsFound)
        }
        try ReportSink.emit(DriftReportRenderer.render(drift, as: format), to: report.output)
        try invalidRecords.exitIfNeeded()
    }
}
