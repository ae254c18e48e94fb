import QAModel

/// The score of one evaluation: total, pass/fail, band, critical failures, and section, category and
/// criterion breakdowns. Scores are on 0–100 and not rounded.
public struct EvaluationScore: Sendable, Hashable {
    /// The total, 0–100 (0 when a form-level critical item failed).
    public var total: Double
    public var passed: Bool
    public var band: Band?
    /// Whether a form-scope critical item failed.
    public var autoFailed: Bool
    public var criticalFailures: [CriticalFailure]
    public var sections: [SectionScore]
    /// Category id → score over the applicable criteria of that category, in reporting order; `nil` when none
    /// of its criteria applied.
    public var categories: [CategoryScore]
    public var criteria: [CriterionScore]
    /// Score over the applicable criteria that carry a critical rule (Genesys' critical score), if any applied.
    public var criticalScore: Double?
    /// Score over the other applicable scored criteria.
    public var nonCriticalScore: Double?
}

/// A critical item that failed on this evaluation.
public struct CriticalFailure: Sendable, Hashable {
    public var criterion: String
    public var section: String
    public var scope: CriticalScope
    public var answer: AnswerValue
    public var comment: String?
}

/// A section's score; `score` is `nil` when the section dropped out (nothing in it applied).
public struct SectionScore: Sendable, Hashable {
    public var id: String
    public var score: Double?
    /// Whether a section-scope critical failure set it to 0.
    public var zeroedByCriticalFailure: Bool
    /// The lowest named threshold the score is under, if any.
    public var threshold: String?
}

/// A category's score over its applicable criteria, weighted by their share of the total.
public struct CategoryScore: Sendable, Hashable {
    public var id: String
    public var score: Double?
}

/// One criterion's outcome on an evaluation.
public struct CriterionScore: Sendable, Hashable {
    public var id: String
    /// The answer as recorded (or defaulted); `nil` when the criterion did not apply and was not answered.
    public var answer: AnswerValue?
    /// Share of the criterion's credit earned, 0–1 (bonus answers may exceed 1); `nil` when not applicable.
    public var earned: Double?
    public var applicable: Bool
    /// The criterion's share of this evaluation's total, 0–1 (0 for unscored, bonus and inapplicable criteria).
    public var effectiveWeight: Double
    /// The lowest named threshold the criterion's score (earned × 100) is under, if any.
    public var threshold: String?
}

extension EvaluationScore {
    /// This score with its section, category and criterion lists laid out as `plan`'s, matched by id: what a
    /// report or plan over several versions of a template needs to compare like with like. A criterion, section or
    /// category the evaluation's version lacks appears as not applicable (no answer, no score); one only the
    /// evaluation's version has is left out. Totals, pass/fail, band and critical failures stay as scored.
    public func aligned(to plan: ScoringPlan) -> EvaluationScore {
        var copy = self
        let criteriaByID = Dictionary(criteria.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        copy.criteria = plan.scorecard.criteria.map { criterion in
            criteriaByID[criterion.id] ?? CriterionScore(id: criterion.id, answer: nil, earned: nil, applicable: false,
                                                         effectiveWeight: 0, threshold: nil)
        }
        let sectionsByID = Dictionary(sections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        copy.sections = plan.scorecard.sections.map { section in
            sectionsByID[section.id] ?? SectionScore(id: section.id, score: nil, zeroedByCriticalFailure: false, threshold: nil)
        }
        let categoriesByID = Dictionary(categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        copy.categories = plan.categoryIDs.map { categoriesByID[$0] ?? CategoryScore(id: $0, score: nil) }
        return copy
    }
}
