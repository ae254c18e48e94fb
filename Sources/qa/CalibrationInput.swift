import ArgumentParser
import Batch
import Calibration
import Foundation
import QAModel
import ScorecardFormat
import Scoring

/// Loads a template and scores the evaluation inputs for `qa calibrate` and `qa drift`: template errors and
/// invalid records are printed to standard error (exit 1), unreadable files exit 3.
enum CalibrationInput {
    static func load(scorecard path: String, inputs: [String]) throws -> (ScoringPlan, [ScoredEvaluation]) {
        let plan = ScoringPlan(try TemplateFile.load(path))
        var scored: [ScoredEvaluation] = []
        var invalid = 0
        do {
            try BatchScorer(plan: plan).run(inputs: EvaluationInputs.resolve(inputs)) { item in
                switch item {
                case .scored(let evaluation, _): scored.append(evaluation)
                case .invalid(let problem):
                    invalid += 1
                    Terminal.error(problem.description)
                }
            }
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(3)
        }
        if invalid > 0 {
            Terminal.error("\(invalid) evaluation\(invalid == 1 ? " is" : "s are") invalid; fix \(invalid == 1 ? "it" : "them") and run again")
            throw ExitCode(1)
        }
        return (plan, scored)
    }
}

// Lets ArgumentParser read `--format table|json|markdown|html` and `--period week|session`.
extension CalibrationOutputFormat: ExpressibleByArgument {}
extension DriftPeriod: ExpressibleByArgument {}
extension DriftSignalRule: ExpressibleByArgument {}
