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
    static func load(scorecard path: String, input: EvaluationInputOptions, problems options: RecordProblemOptions)
        throws -> (ScoringPlan, [ScoredEvaluation], RecordProblemReport) {
        let plan = ScoringPlan(try TemplateFile.load(path))
        let sources = try input.sources()
        let problems = RecordProblemReport(options)
        var scored: [ScoredEvaluation] = []
        do {
            try BatchScorer(plan: plan).run(sources: sources) { item in
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
        problems.finish(verb: "used")
        return (plan, scored, problems)
    }
}

// Lets ArgumentParser read `--format table|json|markdown|html` and `--period week|session`.
extension CalibrationOutputFormat: ExpressibleByArgument {}
extension DriftPeriod: ExpressibleByArgument {}
extension DriftSignalRule: ExpressibleByArgument {}
