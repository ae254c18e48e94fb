import QAModel

extension ScoringPlan {
    /// Scores a checked answer sheet by the template's scoring mode (see `docs/scoring.md`).
    public func score(_ sheet: AnswerSheet) -> EvaluationScore {
        let slots = sheet.slots
        let sections = scorecard.sections

        // Critical failures, and which sections they zero.
        var failures: [CriticalFailure] = []
        var zeroed = [Bool](repeating: false, count: sections.count)
        var autoFailed = false
        for i in criteria.indices where slots[i].failing {
            guard let rule = criteria[i].critical, case .answered(let answer) = slots[i].state else { continue }
            let s = sectionOfCriterion[i]
            failures.append(CriticalFailure(criterion: criteria[i].id, section: sections[s].id, scope: rule.scope,
                                            answer: answer, comment: sheet.comments[i]))
            switch rule.scope {
            case .form: autoFailed = true
            case .section: zeroed[s] = true
            case .flag: break
            }
        }

        // Per-criterion credit: earned and possible points, counting only scored, applicable criteria.
        var earned = [Double](repeating: 0, count: criteria.count)
        var possible = [Double](repeating: 0, count: criteria.count)
        var counts = [Bool](repeating: false, count: criteria.count)  // applicable and scored
        for i in criteria.indices {
            guard criteria[i].scored, case .answered = slots[i].state else { continue }
            counts[i] = true
            earned[i] = zeroed[sectionOfCriterion[i]] ? 0 : slots[i].earnedPoints
            possible[i] = criteria[i].bonus ? 0 : possiblePoints[i]
        }

        let (num, den) = credits(earned: earned, possible: possible, counts: counts)
        let total = autoFailed ? 0 : (totalScore(num: num, den: den, counts: counts, include: { _ in true }) ?? 0)
        let weights = shares(den: den, counts: counts)

        var sectionScores: [SectionScore] = []
        sectionScores.reserveCapacity(sections.count)
        for (s, section) in sections.enumerated() {
            let score = sectionFraction(s, num: num, den: den, counts: counts, include: { _ in true }).map { 100 * $0 }
            sectionScores.append(SectionScore(id: section.id, score: score, zeroedByCriticalFailure: zeroed[s],
                                              threshold: score.flatMap { Self.threshold(section.thresholds, $0) }))
        }

        var categorySums = [(Double, Double)](repeating: (0, 0), count: categoryIndex.count)
        var criterionScores: [CriterionScore] = []
        criterionScores.reserveCapacity(criteria.count)
        for i in criteria.indices {
            var fraction: Double? = nil
            if counts[i], possiblePoints[i] > 0 {
                fraction = slots[i].earnedPoints / possiblePoints[i]
            }
            if counts[i], !criteria[i].bonus, let f = fraction {
                let c = categoryOfCriterion[i]
                categorySums[c].0 += weights[i] * f
                categorySums[c].1 += weights[i]
            }
            let answer: AnswerValue?
            switch slots[i].state {
            case .answered(let v): answer = v
            case .notApplicable: answer = .notApplicable
            case .inapplicable: answer = nil
            }
            criterionScores.append(CriterionScore(
                id: criteria[i].id, answer: answer, earned: fraction,
                applicable: slots[i].state != .inapplicable && slots[i].state != .notApplicable,
                effectiveWeight: criteria[i].bonus ? 0 : weights[i],
                threshold: fraction.flatMap { Self.threshold(criteria[i].thresholds, 100 * $0) }))
        }
        let categories = categoryIDs.enumerated().map { c, id in
            CategoryScore(id: id, score: categorySums[c].1 > 0 ? Swift.min(100, 100 * categorySums[c].0 / categorySums[c].1) : nil)
        }

        // Genesys reports its critical score as plain points (earned over possible, group weights not applied).
        let (splitNum, splitDen) = scorecard.scoring == .scaledPoints
            ? (earned, possible) : (num, den)
        let splitMode = scorecard.scoring == .scaledPoints ? ScoringMode.points : scorecard.scoring
        let criticalScore = totalScore(num: splitNum, den: splitDen, counts: counts, mode: splitMode,
                                       include: { self.criteria[$0].critical != nil })
        let nonCriticalScore = totalScore(num: splitNum, den: splitDen, counts: counts, mode: splitMode,
                                          include: { self.criteria[$0].critical == nil })
        return EvaluationScore(
            total: total, passed: !autoFailed && total >= scorecard.passMark, band: scorecard.band(for: total),
            autoFailed: autoFailed, criticalFailures: failures, sections: sectionScores, categories: categories,
            criteria: criterionScores, criticalScore: criticalScore, nonCriticalScore: nonCriticalScore)
    }

    /// Checks and scores in one step.
    public func score(_ evaluation: Evaluation) -> Result<EvaluationScore, CheckFailure> {
        check(evaluation).map(score)
    }

    /// A criterion's raw weight in the mode: its declared weight; under `section-only` the section's weight
    /// spread evenly over the section's scored questions; under `scaled-points` times its section's weight.
    private func rawWeight(_ i: Int) -> Double {
        let section = scorecard.sections[sectionOfCriterion[i]]
        switch scorecard.scoring {
        case .weighted, .deduction, .questionOnly, .points:
            return criteria[i].weight
        case .scaledPoints:
            return (section.weight ?? 1) * criteria[i].weight
        case .sectionOnly:
            let n = sectionRanges[sectionOfCriterion[i]].filter { criteria[$0].scored && !criteria[$0].bonus }.count
            return n > 0 ? (section.weight ?? 1) / Double(n) : 0
        }
    }

    /// Each criterion's contribution to a ratio score: `num / den` summed over criteria is the score.
    /// Share modes use weight × earned fraction over weight; points modes weight × points over weight ×
    /// possible points. Bonus criteria add to `num` only.
    private func credits(earned: [Double], possible: [Double], counts: [Bool]) -> ([Double], [Double]) {
        var num = [Double](repeating: 0, count: criteria.count)
        var den = [Double](repeating: 0, count: criteria.count)
        let pointsMode = scorecard.scoring == .points || scorecard.scoring == .scaledPoints
        for i in criteria.indices where counts[i] {
            let w = rawWeight(i)
            if pointsMode {
                num[i] = w * earned[i]
                den[i] = w * possible[i]
            } else {
                let p = possiblePoints[i]
                num[i] = p > 0 ? w * earned[i] / p : 0
                den[i] = criteria[i].bonus ? 0 : w
            }
        }
        return (num, den)
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
                if criteria[i].bonus { bonus += num[i] } else { deducted += den[i] - Swift.min(num[i], den[i]) }
            }
            guard any else { return nil }
            return Swift.min(100, Swift.max(0, scorecard.deductionStart - deducted + bonus))
        case .weighted:
            // Weighted mean of the applicable sections, by declared weights or else by their applicable weight.
            let declared = sections.contains { $0.weight != nil }
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
    private func shares(den: [Double], counts: [Bool]) -> [Double] {
        var raw = [Double](repeating: 0, count: criteria.count)
        if scorecard.scoring == .weighted, scorecard.sections.contains(where: { $0.weight != nil }) {
            for (s, range) in sectionRanges.enumerated() {
                let sum = range.reduce(0.0) { counts[$1] ? $0 + den[$1] : $0 }
                guard sum > 0 else { continue }
                for i in range where counts[i] { raw[i] = (scorecard.sections[s].weight ?? 0) * den[i] / sum }
            }
        } else {
            for i in criteria.indices where counts[i] { raw[i] = den[i] }
        }
        let total = raw.reduce(0, +)
        return total > 0 ? raw.map { $0 / total } : raw
    }

    static func threshold(_ thresholds: [Threshold], _ score: Double) -> String? {
        thresholds.filter { score < $0.below }.min { $0.below < $1.below }?.title
    }
}
