import QAModel

/// One evaluation's headline figures, section and category scores and failed critical items, without the
/// per-criterion breakdown: what the table and CSV score reports need, at a fraction of the cost of building
/// an `EvaluationScore` (40 criterion results and more per evaluation).
public struct ScoreOverview: Sendable, Hashable {
    /// The total, 0–100 (0 when a form-level critical item failed).
    public var total: Double
    public var passed: Bool
    public var band: Band?
    /// Whether a form-scope critical item failed.
    public var autoFailed: Bool
    /// The critical items that failed, in template order.
    public var criticalFailures: [FailedCriticalItem]
    /// Each section's score in template order; `.nan` when nothing in the section applied.
    public var sectionScores: [Double]
    /// Each category's score in the plan's `categoryIDs` order; `.nan` when none of its criteria applied.
    public var categoryScores: [Double]

    /// The overview of a full score (the same figures).
    public init(_ score: EvaluationScore) {
        total = score.total
        passed = score.passed
        band = score.band
        autoFailed = score.autoFailed
        criticalFailures = score.criticalFailures.map {
            FailedCriticalItem(criterion: $0.criterion, section: $0.section, scope: $0.scope)
        }
        sectionScores = score.sections.map { $0.score ?? .nan }
        categoryScores = score.categories.map { $0.score ?? .nan }
    }

    init(total: Double, passed: Bool, band: Band?, autoFailed: Bool, criticalFailures: [FailedCriticalItem],
         sectionScores: [Double], categoryScores: [Double]) {
        self.total = total
        self.passed = passed
        self.band = band
        self.autoFailed = autoFailed
        self.criticalFailures = criticalFailures
        self.sectionScores = sectionScores
        self.categoryScores = categoryScores
    }
}

/// A critical item that failed, named without its answer or comment.
public struct FailedCriticalItem: Sendable, Hashable {
    public var criterion: String
    public var section: String
    public var scope: CriticalScope
}

extension ScoringPlan {
    /// Checks and scores the answers placed in `ws.input` (see `place`), after earlier `problems`, giving only
    /// the overview: the bulk path for reports that need no per-criterion detail.
    public func overviewInput(in ws: inout ScoringWorkspace, problems: [AnswerProblem]) -> Result<ScoreOverview, CheckFailure> {
        var problems = problems
        problems += checkInput(&ws)
        if !problems.isEmpty { return .failure(CheckFailure(problems: problems)) }
        let summary = summarize(&ws)
        return .success(overview(ws, summary))
    }

    /// The overview of the evaluation `summarize` just scored in the workspace. The score arrays are shared
    /// with the workspace (no copy) until it scores the next evaluation.
    func overview(_ ws: ScoringWorkspace, _ summary: ScoreSummary) -> ScoreOverview {
        var failures: [FailedCriticalItem] = []
        if summary.criticalFailureCount > 0 {
            for i in criteria.indices where ws.slots[i].failing && ws.slots[i].isAnswered {
                guard let scope = facts[i].critical else { continue }
                failures.append(FailedCriticalItem(criterion: criteria[i].id,
                                                   section: scorecard.sections[sectionOfCriterion[i]].id, scope: scope))
            }
        }
        return ScoreOverview(total: summary.total, passed: summary.passed,
                             band: summary.bandIndex.map { scorecard.bands[$0] }, autoFailed: summary.autoFailed,
                             criticalFailures: failures, sectionScores: ws.sectionScores,
                             categoryScores: ws.categoryScores)
    }
}
