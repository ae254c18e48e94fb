import QAModel

/// An evaluation together with its score: what reports, calibration and coaching work from.
public struct ScoredEvaluation: Sendable, Hashable {
    public var evaluation: Evaluation
    public var score: EvaluationScore

    public init(evaluation: Evaluation, score: EvaluationScore) {
        self.evaluation = evaluation
        self.score = score
    }
}
