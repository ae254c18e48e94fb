import ArgumentParser
import Batch
import Calibration
import Diagnostics
import Foundation
import QAModel
import ScorecardFormat
import Scoring
import Records

/// Loads a template and scores the evaluation inputs for `qa calibrate` and `qa drift`, under the one
/// invalid-record policy (`RecordProblemReport`): invalid records are reported and left out, the valid ones are
/// used, and the command exits 1 once its report is written; with `--strict` it stops at the first (exit 1).
/// Unreadable files exit 3.
enum CalibrationInput {
    /// The template and scored evaluations from files, or from the workspace when no inputs are given inside
    /// one. From the workspace each evaluation is scored with its own template version and laid out as the newest
    /// version's (criteria matched by id), which is the plan returned.
    static func load(scorecard: ScorecardOption, input: EvaluationInputOptions, problems options: RecordProblemOptions,
                     purposes: Set<EvaluationPurpose>?, workspace: WorkspaceOptions, selection: StoredSelectionOptions,
                     output: String?, command: String)
        throws -> (ScoringPlan, [ScoredEvaluation], RecordProblemReport) {
        switch try EvaluationOrigin.choose(inputs: input.inputs, options: workspace) {
        case .files:
            if !selection.teams.isEmpty || !selection.agents.isEmpty || selection.versionFilter != nil {
                throw ValidationError("--team and --agent choose among a workspace's evaluations; with files, "
                    + "give the files to use (--from and --to work with both)")
            }
            let path = try scorecard.file(command: command)
            try OutputOverlap.refuse(output: output, inputs: (input.inputs.isEmpty ? ["-"] : input.inputs) + [path], command: command)
            let plan = ScoringPlan(try TemplateFile.load(path))
            let scorer = BatchScorer(plan: plan, purposes: purposes)
            let (read, problems) = try score([(scorer, try input.sources())], options: options)
            PurposeOption.noteLeftOut(scorer.leftOut, counting: "calibration compares calibration and official evaluations only")
            let scored = CallDatePeriod(selection).keep(read)
            return (plan, scored, problems)
        case .workspace(let open):
            defer { open.close() }
            let stored = try StoredInput.load(open, selection: selection, purposes: purposes, scorecard: scorecard.scorecard, command: command)
            let plans = stored.parts.map { ScoringPlan($0.template.scorecard) }
            guard let newest = plans.last else { throw Problems.exit(.problemsFound) }
            var (scored, problems) = try score(zip(plans, stored.parts).map { (BatchScorer(plan: $0), [$1.source]) },
                                               options: options)
            try stored.finish()
            if plans.count > 1 {
                scored = scored.map { ScoredEvaluation(evaluation: $0.evaluation, score: $0.score.aligned(to: newest)) }
                Problems.note(nil, "each evaluation was scored with the template version it was made with (\(stored.versionsText)); "
                    + "criteria are compared by id")
            }
            stored.noteLeftOut(counting: "calibration compares calibration and official evaluations only")
            return (newest, scored, problems)
        }
    }

    private static func score(_ parts: [(BatchScorer, [InputSource])], options: RecordProblemOptions)
        throws -> ([ScoredEvaluation], RecordProblemReport) {
        let problems = RecordProblemReport(options)
        var scored: [ScoredEvaluation] = []
        do {
            for (scorer, sources) in parts {
                try scorer.run(sources: sources) { item in
                    switch item {
                    case .scored(let evaluation, let location):
                        problems.valid(location)
                        scored.append(evaluation)
                    case .invalid(let record):
                        try problems.invalid(record)
                    }
                }
            }
        } catch is StoppedAtFirstInvalidRecord {
            throw problems.stopped()
        } catch {
            problems.finish(verb: "used")
            throw Problems.fail(error)
        }
        if let message = limitProblem(scored) {
            problems.add(Problems.runError(message, rule: "limits.calibration"))
            problems.finish(verb: "used")
            Problems.note(nil, "no report written; see docs/limits.md")
            throw Problems.exit(.problemsFound)
        }
        problems.finish(verb: "used")
        return (scored, problems)
    }

    /// Which limit of one run the evaluations are over (docs/limits.md), if any — checked after reading (which is
    /// linear) and before the comparisons, whose work grows with the square of the assessors on a call.
    static func limitProblem(_ scored: [ScoredEvaluation]) -> String? {
        var assessorsOfCall: [String: Set<String>] = [:]
        var assessors = Set<String>()
        for item in scored {
            assessorsOfCall[item.evaluation.callID, default: []].insert(item.evaluation.assessorID)
        }
        var pairs = 0
        for (_, onCall) in assessorsOfCall where onCall.count >= 2 {
            if onCall.count > Limits.assessorsPerCall {
                return "a call was scored by \(Limits.text(onCall.count)) assessors; one run compares at most "
                    + "\(Limits.assessorsPerCall) assessors on a call — calibrate with a smaller group"
            }
            assessors.formUnion(onCall)
            if assessors.count > Limits.assessors {
                return "the calibration calls were scored by more than \(Limits.assessors) assessors; one run compares at most "
                    + "\(Limits.assessors) — run it per team or per group of assessors"
            }
            pairs += onCall.count * (onCall.count - 1) / 2  // at most 4,950 a call, at most one call per evaluation
            if pairs > Limits.assessorPairs {
                return "the calibration calls hold more than \(Limits.text(Limits.assessorPairs)) pairs of assessors on the same "
                    + "call; that is more comparison than one run makes — split the evaluations by period"
            }
        }
        return nil
    }
}

/// The calls a file-input run of `qa calibrate` or `qa drift` keeps under `--from`/`--to` (call dates, both
/// ends included), with a note saying how many evaluations fell outside; the workspace applies the same
/// period in its query.
struct CallDatePeriod {
    var from: CalendarDay?
    var to: CalendarDay?

    init(_ selection: StoredSelectionOptions) {
        from = selection.from.flatMap(CalendarDay.init)
        to = selection.to.flatMap(CalendarDay.init)
    }

    func contains(_ day: CalendarDay) -> Bool {
        (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
    }

    func keep(_ scored: [ScoredEvaluation]) -> [ScoredEvaluation] {
        guard from != nil || to != nil else { return scored }
        let kept = scored.filter { contains($0.evaluation.callDate) }
        let left = scored.count - kept.count
        if left > 0 {
            let period = [from.map { "from \($0)" }, to.map { "to \($0)" }].compactMap { $0 }.joined(separator: " ")
            Problems.note(nil, "\(left) of \(scored.count) evaluations left out: their call dates are outside \(period)")
        }
        return kept
    }
}

// Lets ArgumentParser read `--format table|json|markdown|html` and `--period week|session`.
extension CalibrationOutputFormat: ExpressibleByArgument {}
extension DriftPeriod: ExpressibleByArgument {}
extension DriftSignalRule: ExpressibleByArgument {}
