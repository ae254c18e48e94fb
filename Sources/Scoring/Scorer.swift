import QAModel

/// Reusable buffers for scoring many evaluations one after another without allocating per evaluation.
/// Make one per thread of work with `ScoringWorkspace(plan)` and pass it `inout`.
public struct ScoringWorkspace: Sendable {
    /// The answers of the evaluation being scored, placed by criterion.
    public var input: IndexedAnswers
    var slots: [AnswerSlot]
    var sectionState: [UInt8]
    var earned: [Double]
    var possible: [Double]
    var num: [Double]
    var den: [Double]
    var shares: [Double]
    var counts: [Bool]
    var zeroed: [Bool]
    var categoryNum: [Double]
    var categoryDen: [Double]
    var sectionNum: [Double]
    var sectionDen: [Double]
    /// Section scores (0–100) of the last evaluation; NaN where the section dropped out.
    public internal(set) var sectionScores: [Double]
    /// Category scores (0–100) of the last evaluation, in `plan.categoryIDs` order; NaN where none applied.
    public internal(set) var categoryScores: [Double]

    public init(_ plan: ScoringPlan) {
        let n = plan.criteria.count
        input = IndexedAnswers(criteria: n, sections: plan.sectionRanges.count)
        slots = Array(repeating: .inapplicable, count: n)
        sectionState = Array(repeating: 0, count: plan.sectionRanges.count)
        earned = Array(repeating: 0, count: n)
        possible = earned
        num = earned
        den = earned
        shares = earned
        categoryNum = Array(repeating: 0, count: plan.categoryIDs.count)
        categoryDen = categoryNum
        sectionNum = Array(repeating: 0, count: plan.sectionRanges.count)
        sectionDen = sectionNum
        counts = Array(repeating: false, count: n)
        zeroed = Array(repeating: false, count: plan.sectionRanges.count)
        sectionScores = Array(repeating: .nan, count: plan.sectionRanges.count)
        categoryScores = Array(repeating: .nan, count: plan.categoryIDs.count)
    }
}

/// The headline figures of one evaluation, without per-criterion detail: what bulk scoring needs.
public struct ScoreSummary: Sendable, Hashable {
    public var total: Double
    public var passed: Bool
    /// Index into the template's bands, if the total falls in one.
    public var bandIndex: Int?
    public var autoFailed: Bool
    public var criticalFailureCount: Int
}

extension ScoringPlan {
    /// Scores a checked answer sheet by the template's scoring mode (see `docs/scoring.md`).
    public func score(_ sheet: AnswerSheet) -> EvaluationScore {
        var workspace = ScoringWorkspace(self)
        workspace.slots = sheet.slots
        workspace.input.answers = sheet.answers
        workspace.input.comments = sheet.comments
        let summary = summarize(&workspace)
        return details(workspace, summary)
    }

    /// Checks and scores in one step.
    public func score(_ evaluation: Evaluation) -> Result<EvaluationScore, CheckFailure> {
        check(evaluation).map(score)
    }

    /// Scores the answers `check(_:into:)` left in the workspace: the headline figures are returned, section
    /// and category scores left in the workspace. No allocation per call.
    public func summarize(_ ws: inout ScoringWorkspace) -> ScoreSummary {
        let n = criteria.count
        let sectionCount = sectionRanges.count
        var autoFailed = false
        var failureCount = 0
        // Work on local arrays (moved out of the workspace and back) through raw buffers, so the loops run
        // without copies, uniqueness checks or bounds checks.
        var num = [Double](), den = [Double](), earned = [Double](), possible = [Double](), counts = [Bool]()
        var sectionNum = [Double](), sectionDen = [Double](), zeroed = [Bool]()
        swap(&num, &ws.num); swap(&den, &ws.den); swap(&earned, &ws.earned); swap(&possible, &ws.possible)
        swap(&counts, &ws.counts); swap(&sectionNum, &ws.sectionNum); swap(&sectionDen, &ws.sectionDen)
        swap(&zeroed, &ws.zeroed)
        defer {
            swap(&num, &ws.num); swap(&den, &ws.den); swap(&earned, &ws.earned); swap(&possible, &ws.possible)
            swap(&counts, &ws.counts); swap(&sectionNum, &ws.sectionNum); swap(&sectionDen, &ws.sectionDen)
            swap(&zeroed, &ws.zeroed)
        }
        let pointsMode = scorecard.scoring == .points || scorecard.scoring == .scaledPoints
        ws.slots.withUnsafeBufferPointer { slots in
        facts.withUnsafeBufferPointer { facts in
        sectionOfCriterion.withUnsafeBufferPointer { sectionOf in
        possiblePoints.withUnsafeBufferPointer { possiblePoints in
        num.withUnsafeMutableBufferPointer { num in
        den.withUnsafeMutableBufferPointer { den in
        earned.withUnsafeMutableBufferPointer { earned in
        possible.withUnsafeMutableBufferPointer { possible in
        counts.withUnsafeMutableBufferPointer { counts in
        sectionNum.withUnsafeMutableBufferPointer { sectionNum in
        sectionDen.withUnsafeMutableBufferPointer { sectionDen in
        zeroed.withUnsafeMutableBufferPointer { zeroed in
            for s in 0..<sectionCount {
                zeroed[s] = false
                sectionNum[s] = 0
                sectionDen[s] = 0
            }
            for i in 0..<n where slots[i].failing {
                guard let scope = facts[i].critical else { continue }
                failureCount += 1
                switch scope {
                case .form: autoFailed = true
                case .section: zeroed[sectionOf[i]] = true
                case .flag: break
                }
            }
            // Per-criterion credit (scored, applicable criteria only), summed per section as we go.
            for i in 0..<n {
                let fact = facts[i]
                guard fact.scored, slots[i].isAnswered else {
                    counts[i] = false
                    num[i] = 0; den[i] = 0; earned[i] = 0; possible[i] = 0
                    continue
                }
                let s = sectionOf[i]
                let e = zeroed[s] ? 0 : slots[i].earnedPoints
                let top = possiblePoints[i]
                let p = fact.bonus ? 0 : top
                let w = fact.rawWeight
                counts[i] = true
                earned[i] = e
                possible[i] = p
                if pointsMode {
                    num[i] = w * e
                    den[i] = w * p
                } else {
                    num[i] = top > 0 ? w * e / top : 0
                    den[i] = fact.bonus ? 0 : w
                }
                sectionNum[s] += num[i]
                sectionDen[s] += den[i]
            }
        }}}}}}}}}}}}
        // Section scores, then the total by the mode.
        var sumNum = 0.0, sumDen = 0.0, weightedTotal = 0.0, weightedShares = 0.0
        for s in 0..<sectionCount {
            let d = sectionDen[s]
            let fraction = d > 0 ? Swift.min(1, sectionNum[s] / d) : Double.nan
            ws.sectionScores[s] = 100 * fraction
            sumNum += sectionNum[s]
            sumDen += d
            if d > 0 {
                let share = hasDeclaredSectionWeights ? sectionWeights[s] : d
                weightedTotal += share * fraction
                weightedShares += share
            }
        }
        var total: Double
        switch scorecard.scoring {
        case .weighted:
            total = weightedShares > 0 ? 100 * weightedTotal / weightedShares : 0
        case .deduction:
            var deducted = 0.0, bonus = 0.0
            for i in 0..<n where counts[i] {
                if facts[i].bonus { bonus += num[i] } else { deducted += den[i] - Swift.min(num[i], den[i]) }
            }
            total = counts.contains(true) ? Swift.min(100, Swift.max(0, scorecard.deductionStart - deducted + bonus)) : 0
        case .points, .scaledPoints, .questionOnly, .sectionOnly:
            total = sumDen > 0 ? Swift.min(100, 100 * sumNum / sumDen) : 0
        }
        if autoFailed { total = 0 }
        // Category scores: fractions weighted by each criterion's share of the total. A criterion's share is
        // proportional to its `den`, scaled by its section's declared weight over the section's applicable
        // weight when sections declare weights; the common normalising factor cancels within a category.
        let declaredShares = scorecard.scoring == .weighted && hasDeclaredSectionWeights
        var categoryNum = [Double](), categoryDen = [Double]()
        swap(&categoryNum, &ws.categoryNum); swap(&categoryDen, &ws.categoryDen)
        defer { swap(&categoryNum, &ws.categoryNum); swap(&categoryDen, &ws.categoryDen) }
        ws.slots.withUnsafeBufferPointer { slots in
        facts.withUnsafeBufferPointer { facts in
        sectionOfCriterion.withUnsafeBufferPointer { sectionOf in
        categoryOfCriterion.withUnsafeBufferPointer { categoryOf in
        possiblePoints.withUnsafeBufferPointer { possiblePoints in
        sectionWeights.withUnsafeBufferPointer { sectionWeights in
        counts.withUnsafeBufferPointer { counts in
        den.withUnsafeBufferPointer { den in
        sectionDen.withUnsafeBufferPointer { sectionDen in
        categoryNum.withUnsafeMutableBufferPointer { categoryNum in
        categoryDen.withUnsafeMutableBufferPointer { categoryDen in
            for c in categoryNum.indices {
                categoryNum[c] = 0
                categoryDen[c] = 0
            }
            for i in 0..<n where counts[i] && !facts[i].bonus && possiblePoints[i] > 0 {
                let s = sectionOf[i]
                let scale = declaredShares ? (sectionDen[s] > 0 ? sectionWeights[s] / sectionDen[s] : 0) : 1
                let share = scale * den[i]
                let c = categoryOf[i]
                categoryNum[c] += share * slots[i].earnedPoints / possiblePoints[i]
                categoryDen[c] += share
            }
        }}}}}}}}}}}
        for c in ws.categoryScores.indices {
            let d = categoryDen[c]
            ws.categoryScores[c] = d > 0 ? Swift.min(100, 100 * categoryNum[c] / d) : .nan
        }
        return ScoreSummary(total: total, passed: !autoFailed && total >= scorecard.passMark,
                            bandIndex: bandIndex(for: total),
                            autoFailed: autoFailed, criticalFailureCount: failureCount)
    }

    /// The full breakdown of the evaluation `summarize` just scored in the workspace.
    func details(_ ws: ScoringWorkspace, _ summary: ScoreSummary) -> EvaluationScore {
        let sections = scorecard.sections
        var shareOfTotal = [Double](repeating: 0, count: criteria.count)
        shares(den: ws.den, counts: ws.counts, into: &shareOfTotal)
        var failures: [CriticalFailure] = []
        for i in criteria.indices where ws.slots[i].failing {
            guard let scope = facts[i].critical, let answer = ws.answer(i, self) else { continue }
            failures.append(CriticalFailure(criterion: criteria[i].id, section: sections[sectionOfCriterion[i]].id,
                                            scope: scope, answer: answer, comment: ws.input.comments[i]))
        }
        let sectionScores = sections.indices.map { s in
            let score: Double? = ws.sectionScores[s].isNaN ? nil : ws.sectionScores[s]
            return SectionScore(id: sections[s].id, score: score, zeroedByCriticalFailure: ws.zeroed[s],
                                threshold: score.flatMap { Self.threshold(sections[s].thresholds, $0) })
        }
        let criterionScores = criteria.indices.map { i in
            let slot = ws.slots[i]
            let fraction: Double? = ws.counts[i] && possiblePoints[i] > 0 ? slot.earnedPoints / possiblePoints[i] : nil
            let answer: AnswerValue?
            switch slot.state {
            case .answered: answer = ws.answer(i, self)
            case .notApplicable: answer = .notApplicable
            case .inapplicable: answer = nil
            }
            return CriterionScore(
                id: criteria[i].id, answer: answer, earned: fraction, applicable: slot.isAnswered,
                effectiveWeight: facts[i].bonus ? 0 : shareOfTotal[i],
                threshold: facts[i].hasThresholds ? fraction.flatMap { Self.threshold(criteria[i].thresholds, 100 * $0) } : nil)
        }
        let categories = categoryIDs.indices.map { c in
            CategoryScore(id: categoryIDs[c], score: ws.categoryScores[c].isNaN ? nil : ws.categoryScores[c])
        }
        // Genesys reports its critical score as plain points (earned over possible, group weights not applied).
        let split = scorecard.scoring == .scaledPoints
        let (splitNum, splitDen) = split ? (ws.earned, ws.possible) : (ws.num, ws.den)
        let splitMode = split ? ScoringMode.points : scorecard.scoring
        let criticalScore = totalScore(num: splitNum, den: splitDen, counts: ws.counts, mode: splitMode,
                                       include: { self.facts[$0].critical != nil })
        let nonCriticalScore = totalScore(num: splitNum, den: splitDen, counts: ws.counts, mode: splitMode,
                                          include: { self.facts[$0].critical == nil })
        return EvaluationScore(
            total: summary.total, passed: summary.passed, band: summary.bandIndex.map { scorecard.bands[$0] },
            autoFailed: summary.autoFailed, criticalFailures: failures, sections: sectionScores,
            categories: categories, criteria: criterionScores, criticalScore: criticalScore,
            nonCriticalScore: nonCriticalScore)
    }

    /// A section's score as a fraction, or `nil` when nothing in it applied.
    private func sectionFraction(_ s: Int, num: [Double], den: [Double], counts: [Bool],
                                 include: (Int) -> Bool) -> Double? {
        var n = 0.0, d = 0.0
        for i in sectionRanges[s] where counts[i] && include(i) {
            n += num[i]
            d += den[i]
        }
        return d > 0 ? Swift.min(1, n / d) : nil
    }

    /// The mode's total (0–100) over the criteria `include` admits, or `nil` when none of them applied.
    private func totalScore(num: [Double], den: [Double], counts: [Bool], mode: ScoringMode? = nil,
                            include: (Int) -> Bool) -> Double? {
        let sections = scorecard.sections
        switch mode ?? scorecard.scoring {
        case .deduction:
            var deducted = 0.0, bonus = 0.0, any = false
            for i in criteria.indices where counts[i] && include(i) {
                any = true
                if facts[i].bonus { bonus += num[i] } else { deducted += den[i] - Swift.min(num[i], den[i]) }
            }
            guard any else { return nil }
            return Swift.min(100, Swift.max(0, scorecard.deductionStart - deducted + bonus))
        case .weighted:
            // Weighted mean of the applicable sections, by declared weights or else by their applicable weight.
            let declared = hasDeclaredSectionWeights
            var total = 0.0, shares = 0.0
            for s in sections.indices {
                guard let fraction = sectionFraction(s, num: num, den: den, counts: counts, include: include) else { continue }
                let share = declared ? (sections[s].weight ?? 0)
                    : sectionRanges[s].reduce(0.0) { counts[$1] && include($1) ? $0 + den[$1] : $0 }
                total += share * fraction
                shares += share
            }
            return shares > 0 ? 100 * total / shares : nil
        case .points, .scaledPoints, .questionOnly, .sectionOnly:
            var n = 0.0, d = 0.0
            for i in criteria.indices where counts[i] && include(i) {
                n += num[i]
                d += den[i]
            }
            return d > 0 ? Swift.min(100, 100 * n / d) : nil
        }
    }

    /// Each applicable criterion's share of the total (summing to 1 over the criteria that carry weight).
    private func shares(den: [Double], counts: [Bool], into out: inout [Double]) {
        var total = 0.0
        if scorecard.scoring == .weighted, hasDeclaredSectionWeights {
            for (s, range) in sectionRanges.enumerated() {
                var sum = 0.0
                for i in range where counts[i] { sum += den[i] }
                let weight = sum > 0 ? sectionWeights[s] / sum : 0
                for i in range {
                    out[i] = counts[i] ? weight * den[i] : 0
                    total += out[i]
                }
            }
        } else {
            for i in den.indices {
                out[i] = counts[i] ? den[i] : 0
                total += out[i]
            }
        }
        if total > 0 { for i in out.indices { out[i] /= total } }
    }

    static func threshold(_ thresholds: [Threshold], _ score: Double) -> String? {
        thresholds.filter { score < $0.below }.min { $0.below < $1.below }?.title
    }
}
