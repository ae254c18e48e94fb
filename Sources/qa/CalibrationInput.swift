import ArgumentParser
import Batch
import Calibration
import Diagnostics
import Foundation
import QAModel
import ScorecardFormat
import Scoring

/// Loads a template and scores the evaluation inputs for `qa calibrate` and `qa drift`, under the one
/// invalid-record policy (`RecordProblemReport`): invalid records are reported and left out, the valid ones are
/// used, and the command exits 1 once its report is written; with `--strict` it stops at the first (exit 1).
/// Unreadable files exit 3.
enum CalibrationInput {
    static func load(scorecard path: String, input: EvaluationInputOptions, problems options: RecordProblemOptions,
                     purposes: Set<EvaluationPurpose>?)
        throws -> (ScoringPlan, [ScoredEvaluation], RecordProblemReport) {
        let plan = ScoringPlan(try TemplateFile.load(path))
        let sources = try input.sources()
        let problems = RecordProblemReport(options)
        var scored: [ScoredEvaluation] = []
        let scorer = BatchScorer(plan: plan, purposes: purposes)
        do {
            try scorer.run(sources: sources) { item in
                switch item {
                case .scored(let evaluation, let location):
                    problems.valid(location)
                    scored.append(evaluation)
                case .invalid(let record):
                    try problems.invalid(record)
                }
            }
        } catch is StoppedAtFirstInvalidRecord {
            throw problems.stopped()
        } catch {
            problems.finish(verb: "used")
            throw Problems.fail(error)
        }
        PurposeOption.noteLeftOut(scorer.leftOut, counting: "calibration compares calibration and official evaluations only")
        if let message = limitProblem(scored) {
            problems.add(Problems.runError(message, rule: "limits.calibration"))
            problems.finish(verb: "used")
            Problems.note(nil, "no report written; see docs/limits.md")
            throw Problems.exit(.problemsFound)
        }
        problems.finish(verb: "used")
        return (plan, scored, problems)
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

// Lets ArgumentParser read `--format table|json|markdown|html` and `--period week|session`.
extension CalibrationOutputFormat: ExpressibleByArgument {}
extension DriftPeriod: ExpressibleByArgument {}
extension DriftSignalRule: ExpressibleByArgument {}
