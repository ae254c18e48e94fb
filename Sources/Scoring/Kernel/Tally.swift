import QAModel

/// A number the kernel can tally in: the public arithmetic plus a marker for "nothing applied here".
protocol KernelNumber: ScoreArithmetic {
    static var missing: Self { get }
    var isMissing: Bool { get }
}

extension Double: KernelNumber {
    static var missing: Double { .nan }
    var isMissing: Bool { isNaN }
}

extension ExactNumber: KernelNumber {}

/// A template's numbers in one arithmetic: what the kernel's formulas read.
struct KernelConstants<N: KernelNumber>: Sendable {
    /// Each criterion's weight in the template's scoring mode (`rawWeight(_:)`).
    var rawWeight: [N]
    /// Each criterion's possible points (the full-credit answer's points).
    var possible: [N]
    /// Each section's declared weight (0 when none).
    var sectionWeight: [N]
    var deductionStart: N
    var passMark: N
    var bands: [(min: N, max: N)]

    init(scorecard card: Scorecard, criteria: [Criterion], sectionOfCriterion: [Int], _ number: (Double) -> N) {
        possible = criteria.map { number($0.answerType.possiblePoints) }
        sectionWeight = card.sections.map { number($0.weight ?? 0) }
        rawWeight = criteria.indices.map { i in
            Self.rawWeight(criteria[i], in: card.sections[sectionOfCriterion[i]], scoring: card.scoring, number)
        }
        deductionStart = number(card.deductionStart)
        passMark = number(card.passMark)
        bands = card.bands.map { (number($0.min), number($0.max)) }
    }

    /// A criterion's weight in the template's scoring mode: the one place the modes' weights are defined
    /// (see `docs/scoring.md`).
    static func rawWeight(_ c: Criterion, in section: Section, scoring: ScoringMode, _ number: (Double) -> N) -> N {
        switch scoring {
        case .weighted, .deduction, .questionOnly, .points: return number(c.weight)
        case .scaledPoints: return number(section.weight ?? 1) * number(c.weight)
        case .sectionOnly:
            let n = section.criteria.filter { $0.scored && !$0.bonus }.count
            return n > 0 ? number(section.weight ?? 1) / N(n) : .zero
        }
    }

    /// The band a total falls in (`Band.contains`: min ≤ total < max, the top band also holding its max).
    func bandIndex(for total: N) -> Int? {
        let hundred = N(100)
        return bands.firstIndex { total >= $0.min && (total < $0.max || ($0.max >= hundred && total <= $0.max)) }
    }
}

/// What each criterion earned on one evaluation, in the tally's arithmetic.
protocol EarnedPoints {
    associatedtype Number: KernelNumber
    func earned(_ i: Int) -> Number
}

/// The fast path's earned points: as the answer check decided them.
struct SlotEarnedPoints: EarnedPoints {
    let slots: UnsafeBufferPointer<AnswerSlot>
    @inline(__always) func earned(_ i: Int) -> Double { slots[i].earnedPoints }
}

/// Exact earned points, from each answer by the model's one definition (`Criterion.earnedPoints(for:as:)`).
struct ExactEarnedPoints: EarnedPoints {
    let values: [ExactNumber]
    func earned(_ i: Int) -> ExactNumber { values[i] }
}

/// Where a tally writes its per-section, per-category and (optionally) per-criterion figures.
struct TallyBuffers<N: KernelNumber> {
    var sectionScores: UnsafeMutableBufferPointer<N>
    var sectionDen: UnsafeMutableBufferPointer<N>
    var categoryNum: UnsafeMutableBufferPointer<N>
    var categoryDen: UnsafeMutableBufferPointer<N>
    var categoryScores: UnsafeMutableBufferPointer<N>
    /// Each criterion's share of the total on this evaluation, when wanted.
    var shares: UnsafeMutableBufferPointer<N>?
    /// Whether to compute category scores (the critical / non-critical tallies need none).
    var categories = true
}

extension ScoringPlan {
    /// The scoring kernel: every mode's section, category and total score, and each criterion's share of the
    /// total, in one walk over the criteria section by section (sections are contiguous index ranges). Written
    /// once, generic over the arithmetic: the everyday path runs it in `Double`, the exact decision at an edge
    /// in `ExactNumber`. Returns the total (0–100) before any auto-fail, or `nil` when nothing counted.
    ///
    /// - `mode`: the template's mode, or `.points` for Genesys' plain critical/non-critical split.
    /// - `include`: the criteria to count (all when `nil`), for the critical and non-critical scores.
    /// - `zeroed`: sections a section-scope critical failure sets to 0.
    @inline(__always)
    func tally<N: KernelNumber, E: EarnedPoints>(
        _ k: KernelConstants<N>, mode: ScoringMode, slots: UnsafeBufferPointer<AnswerSlot>, earned: E,
        include: UnsafeBufferPointer<Bool>?, zeroed: UnsafeBufferPointer<Bool>, into out: TallyBuffers<N>
    ) -> N? where E.Number == N {
        /// Whether criterion `i` is counted (all are when there is no mask).
        @inline(__always) func included(_ i: Int) -> Bool {
            guard let include else { return true }
            return include[i]
        }
        let pointsMode = mode == .points || mode == .scaledPoints
        let deduction = mode == .deduction
        let declaredShares = mode == .weighted && hasDeclaredSectionWeights
        let hundred = N(100), one = N(1)
        var sumNum = N.zero, sumDen = N.zero, weightedTotal = N.zero, weightedShares = N.zero
        var deducted = N.zero, bonusPoints = N.zero, anyCounted = false
        for c in out.categoryNum.indices {
            out.categoryNum[c] = .zero
            out.categoryDen[c] = .zero
        }
        facts.withUnsafeBufferPointer { facts in
        categoryOfCriterion.withUnsafeBufferPointer { categoryOf in
        sectionRanges.withUnsafeBufferPointer { sectionRanges in
        k.rawWeight.withUnsafeBufferPointer { rawWeight in
        k.possible.withUnsafeBufferPointer { possible in
            for s in sectionRanges.indices {
                let range = sectionRanges[s]
                let isZeroed = zeroed[s]
                var sectionNum = N.zero, sectionDen = N.zero
                for i in range {
                    let fact = facts[i]
                    guard fact.scored, slots[i].isAnswered, included(i) else { continue }
                    let e = earned.earned(i)
                    let top = possible[i]
                    let w = rawWeight[i]
                    let num: N, den: N
                    if pointsMode {
                        num = isZeroed ? .zero : w * e
                        den = fact.bonus ? .zero : w * top
                    } else {
                        num = isZeroed || top <= .zero ? .zero : w * e / top
                        den = fact.bonus ? .zero : w
                    }
                    sectionNum = sectionNum + num
                    sectionDen = sectionDen + den
                    if deduction {
                        anyCounted = true
                        if fact.bonus { bonusPoints = bonusPoints + num } else { deducted = deducted + (den - Swift.min(num, den)) }
                    }
                    // A category's share is the criterion's den, unless declared section weights rescale it
                    // (which needs the section's whole den: the second walk below).
                    if out.categories, !declaredShares, !fact.bonus, top > .zero {
                        let c = categoryOf[i]
                        out.categoryNum[c] = out.categoryNum[c] + den * e / top
                        out.categoryDen[c] = out.categoryDen[c] + den
                    }
                }
                if out.categories, declaredShares {
                    let scale = sectionDen > .zero ? k.sectionWeight[s] / sectionDen : .zero
                    for i in range {
                        let fact = facts[i]
                        let top = possible[i]
                        guard fact.scored, slots[i].isAnswered, included(i), !fact.bonus,
                              top > .zero else { continue }
                        let den = pointsMode ? rawWeight[i] * top : rawWeight[i]
                        let share = scale * den
                        let c = categoryOf[i]
                        out.categoryNum[c] = out.categoryNum[c] + share * earned.earned(i) / top
                        out.categoryDen[c] = out.categoryDen[c] + share
                    }
                }
                out.sectionDen[s] = sectionDen
                if sectionDen > .zero {
                    let fraction = Swift.min(one, sectionNum / sectionDen)
                    out.sectionScores[s] = hundred * fraction
                    let share = hasDeclaredSectionWeights ? k.sectionWeight[s] : sectionDen
                    weightedTotal = weightedTotal + share * fraction
                    weightedShares = weightedShares + share
                } else {
                    out.sectionScores[s] = .missing
                }
                // A section never earns more than its possible credit, so bonus credit makes up for misses in
                // its own section only (docs/scoring.md §7), in the pooled modes as in the weighted one — except
                // `points`, where bonus points are added to the form's total and only the total is capped (Amazon
                // Connect's points-based scoring, admin guide step 5.2: "The earned points from a bonus question
                // are added to the total, but the question's maximum points are not counted in the base total").
                sumNum = sumNum + (mode == .points ? sectionNum : Swift.min(sectionNum, sectionDen))
                sumDen = sumDen + sectionDen
            }
            for c in out.categoryNum.indices where out.categories {
                let d = out.categoryDen[c]
                out.categoryScores[c] = d > .zero ? Swift.min(hundred, hundred * out.categoryNum[c] / d) : .missing
            }
            if let shares = out.shares {
                // Each criterion's share of the total: what one unit of its earned fraction moves the total by,
                // over 100. Deduction forms take points off a 100-point total directly.
                var sum = N.zero
                for s in sectionRanges.indices {
                    let scale = declaredShares && out.sectionDen[s] > .zero ? k.sectionWeight[s] / out.sectionDen[s] : one
                    for i in sectionRanges[s] {
                        let fact = facts[i]
                        guard fact.scored, !fact.bonus, slots[i].isAnswered, included(i) else {
                            shares[i] = .zero
                            continue
                        }
                        let den = pointsMode ? rawWeight[i] * possible[i] : rawWeight[i]
                        shares[i] = declaredShares ? scale * den : den
                        sum = sum + shares[i]
                    }
                }
                let divisor = deduction ? hundred : sum
                if divisor > .zero { for i in shares.indices { shares[i] = shares[i] / divisor } }
            }
        }}}}}
        switch mode {
        case .weighted:
            return weightedShares > .zero ? hundred * weightedTotal / weightedShares : nil
        case .deduction:
            return anyCounted ? Swift.min(hundred, Swift.max(.zero, k.deductionStart - deducted + bonusPoints)) : nil
        case .points, .scaledPoints, .questionOnly, .sectionOnly:
            return sumDen > .zero ? Swift.min(hundred, hundred * sumNum / sumDen) : nil
        }
    }
}
