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
        let summary = scorecard.scoring == .deduction ? summarize(&ws) : summarizeSections(&ws)
        return .success(overview(ws, summary))
    }

    /// `summarize` for the overview path, in one walk over the criteria section by section (sections are
    /// contiguous index ranges): each criterion's credit goes straight into its section's and category's sums,
    /// in the same order and with the same arithmetic as `summarize`, so every figure is bit for bit the same.
    /// It writes no per-criterion arrays (the overview needs none), so `details` cannot follow it; the
    /// deduction mode, whose total reads those arrays, keeps `summarize`.
    func summarizeSections(_ ws: inout ScoringWorkspace) -> ScoreSummary {
        let sectionCount = sectionRanges.count
        var autoFailed = false
        var failureCount = 0
        for s in 0..<sectionCount { ws.zeroed[s] = false }
        for i in criticalCriteria where ws.slots[i].failing {
            guard let scope = facts[i].critical else { continue }
            failureCount += 1
            switch scope {
            case .form: autoFailed = true
            case .section: ws.zeroed[sectionOfCriterion[i]] = true
            case .flag: break
            }
        }
        let pointsMode = scorecard.scoring == .points || scorecard.scoring == .scaledPoints
        let declaredShares = scorecard.scoring == .weighted && hasDeclaredSectionWeights
        var sumNum = 0.0, sumDen = 0.0, weightedTotal = 0.0, weightedShares = 0.0
        // The workspace's arrays are moved out and back so the loops run on raw buffers (no uniqueness or
        // bounds checks per criterion).
        var sectionScores = [Double](), categoryScores = [Double](), categoryNum = [Double](), categoryDen = [Double]()
        var zeroed = [Bool]()
        swap(&sectionScores, &ws.sectionScores); swap(&categoryScores, &ws.categoryScores)
        swap(&categoryNum, &ws.categoryNum); swap(&categoryDen, &ws.categoryDen); swap(&zeroed, &ws.zeroed)
        defer {
            swap(&sectionScores, &ws.sectionScores); swap(&categoryScores, &ws.categoryScores)
            swap(&categoryNum, &ws.categoryNum); swap(&categoryDen, &ws.categoryDen); swap(&zeroed, &ws.zeroed)
        }
        ws.slots.withUnsafeBufferPointer { slots in
        facts.withUnsafeBufferPointer { facts in
        categoryOfCriterion.withUnsafeBufferPointer { categoryOf in
        possiblePoints.withUnsafeBufferPointer { possiblePoints in
        sectionRanges.withUnsafeBufferPointer { sectionRanges in
        sectionScores.withUnsafeMutableBufferPointer { sectionScores in
        categoryScores.withUnsafeMutableBufferPointer { categoryScores in
        categoryNum.withUnsafeMutableBufferPointer { categoryNum in
        categoryDen.withUnsafeMutableBufferPointer { categoryDen in
        zeroed.withUnsafeBufferPointer { zeroed in
            for c in categoryNum.indices {
                categoryNum[c] = 0
                categoryDen[c] = 0
            }
            for s in 0..<sectionCount {
                let range = sectionRanges[s]
                let isZeroed = zeroed[s]
                var sectionNum = 0.0, sectionDen = 0.0
                for i in range {
                    let fact = facts[i]
                    guard fact.scored, slots[i].isAnswered else { continue }
                    let e = isZeroed ? 0 : slots[i].earnedPoints
                    let top = possiblePoints[i]
                    let p = fact.bonus ? 0 : top
                    let w = fact.rawWeight
                    let num: Double, den: Double
                    if pointsMode {
                        num = w * e
                        den = w * p
                    } else {
                        num = top > 0 ? w * e / top : 0
                        den = fact.bonus ? 0 : w
                    }
                    sectionNum += num
                    sectionDen += den
                    // A category's share is the criterion's den, unless declared section weights rescale it
                    // (which needs the section's whole den: the second walk below).
                    if !declaredShares, !fact.bonus, top > 0 {
                        let c = categoryOf[i]
                        categoryNum[c] += den * slots[i].earnedPoints / top
                        categoryDen[c] += den
                    }
                }
                if declaredShares {
                    let scale = sectionDen > 0 ? sectionWeights[s] / sectionDen : 0
                    for i in range {
                        let fact = facts[i]
                        let top = possiblePoints[i]
                        guard fact.scored, slots[i].isAnswered, !fact.bonus, top > 0 else { continue }
                        let den = pointsMode ? fact.rawWeight * top : fact.rawWeight
                        let share = scale * den
                        let c = categoryOf[i]
                        categoryNum[c] += share * slots[i].earnedPoints / top
                        categoryDen[c] += share
                    }
                }
                let fraction = sectionDen > 0 ? Swift.min(1, sectionNum / sectionDen) : Double.nan
                sectionScores[s] = 100 * fraction
                sumNum += sectionNum
                sumDen += sectionDen
                if sectionDen > 0 {
                    let share = hasDeclaredSectionWeights ? sectionWeights[s] : sectionDen
                    weightedTotal += share * fraction
                    weightedShares += share
                }
            }
            for c in categoryNum.indices {
                let d = categoryDen[c]
                categoryScores[c] = d > 0 ? Swift.min(100, 100 * categoryNum[c] / d) : .nan
            }
        }}}}}}}}}}
        var total: Double
        switch scorecard.scoring {
        case .weighted:
            total = weightedShares > 0 ? 100 * weightedTotal / weightedShares : 0
        case .deduction, .points, .scaledPoints, .questionOnly, .sectionOnly:  // (deduction: see above)
            total = sumDen > 0 ? Swift.min(100, 100 * sumNum / sumDen) : 0
        }
        if autoFailed { total = 0 }
        return ScoreSummary(total: total, passed: !autoFailed && total >= scorecard.passMark,
                            bandIndex: bandIndex(for: total),
                            autoFailed: autoFailed, criticalFailureCount: failureCount)
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
