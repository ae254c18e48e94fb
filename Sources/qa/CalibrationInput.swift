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
        let result: ScorecardLoadResult
        do {
            result = try ScorecardLoader.load(path: path)
        } catch {
            standardError(error.description)
            throw ExitCode(3)
        }
        for diagnostic in result.diagnostics { standardError(diagnostic.description) }
        guard let scorecard = result.scorecard, result.isValid else { throw ExitCode(1) }
        let plan = ScoringPlan(scorecard)
        var scored: [ScoredEvaluation] = []
        var invalid = 0
        do {
            try BatchScorer(plan: plan).run(inputs: inputs.isEmpty ? ["-"] : inputs) { item in
                switch item {
                case .scored(let evaluation, _): scored.append(evaluation)
                case .invalid(let problem):
                    invalid += 1
                    standardError(problem.description)
                }
            }
        } catch {
            standardError("error: \(error)")
            throw ExitCode(3)
        }
        if invalid > 0 {
            standardError("\(invalid) evaluation\(invalid == 1 ? " is" : "s are") invalid; fix \(invalid == 1 ? "it" : "them") and run again")
            throw ExitCode(1)
        }
        return (plan, scored)
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

// Lets ArgumentParser read `--format table|json|markdown|html` and `--period week|session`.
extension CalibrationOutputFormat: ExpressibleByArgument {}
extension DriftPeriod: ExpressibleByArgument {}
extension DriftSignalRule: ExpressibleByArgument {}
