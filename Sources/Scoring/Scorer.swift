import QAModel

/// Reusable buffers for scoring many evaluations one after another without allocating per evaluation.
/// Make one per thread of work with `ScoringWorkspace(plan)` and pass it `inout`.
public struct ScoringWorkspace: Sendable {
    /// The answers of the evaluation being scored, placed by criterion.
    public var input: IndexedAnswers
    var slots: [AnswerSlot]
    var sectionState: [UInt8]
    /// Whether each criterion applies (its section and its condition hold), as the last check decided.
    var applies: [Bool]
    var zeroed: [Bool]
    var categoryNum: [Double]
    var categoryDen: [Double]
    var sectionDen: [Double]
    /// Scratch buffers for the full breakdown (`details`): shares and the critical / non-critical tallies.
    var shares: [Double]
    var scratchSections: [Double]
    var scratchDen: [Double]
    var scratchCategories: [Double]
    var scratchNum: [Double]
    var scratchCategoryDen: [Double]
    /// Section scores (0–100) of the last evaluation; NaN where the section dropped out.
    public internal(set) var sectionScores: [Double]
    /// Category scores (0–100) of the last evaluation, in `plan.categoryIDs` order; NaN where none applied.
    public internal(set) var categoryScores: [Double]

    public init(_ plan: ScoringPlan) {
        let n = plan.criteria.count
        input = IndexedAnswers(criteria: n, sections: plan.sectionRanges.count)
        slots = Array(repeating: .inapplicable, count: n)
        sectionState = Array(repeating: 0, count: plan.sectionRanges.count)
        applies = Array(repeating: false, count: n)
        categoryNum = Array(repeating: 0, count: plan.categoryIDs.count)
        categoryDen = categoryNum
        sectionDen = Array(repeating: 0, count: plan.sectionRanges.count)
        shares = Array(repeating: 0, count: n)
        scratchSections = sectionDen
        scratchDen = sectionDen
        scratchCategories = categoryNum
        scratchNum = categoryNum
        scratchCategoryDen = categoryNum
        zeroed = Array(repeating: false, count: plan.sectionRanges.count)
        sectionScores = Array(repeating: .nan, count: plan.sectionRanges.count)
        categoryScores = Array(repeating: .nan, count: plan.categoryIDs.count)
    }
}

/// The headline figures of one evaluation, without per-criterion detail: what bulk scoring needs.
public struct ScoreSummary: Sendable, Hashable {
    /// The total as reported: the exact total's nearest `Double` when it was decided exactly, otherwise the
    /// computed total rounded to `ScoringPlan.reportedDigits` decimals (no binary-floating artefacts).
    public var total: Double
    public var passed: Bool
    /// Index into the template's bands, if the total falls in one.
    public var bandIndex: Int?
    public var autoFailed: Bool
    public var criticalFailureCount: Int
}

extension ScoringPlan {
    /// Reported scores are rounded to this many decimal places, which removes binary-floating artefacts
    /// (85, not 84.99999999999999) and is far finer than any decision needs; decisions never read the
    /// rounded figure (see `docs/scoring.md`, "Exact decisions").
    public static let reportedDigits = 9

    /// A computed score as reported.
    @inline(__always)
    static func reported(_ value: Double) -> Double {
        value.isNaN ? value : (value * 1e9).rounded() / 1e9
    }

    /// How close to an edge (pass mark, band bound, threshold; on the 0–100 scale) a computed figure must be
    /// for the decision to be taken again in exact arithmetic. `Double` totals are off by far less (about
    /// 1e-13), so a decision outside this distance cannot change.
    static let edgeTolerance = 1e-7

    @inline(__always)
    static func isNear(_ value: Double, _ edge: Double) -> Bool { abs(value - edge) <= edgeTolerance }

    /// Scores a checked answer sheet by the template's scoring mode (see `docs/scoring.md`).
    public func score(_ sheet: AnswerSheet) -> EvaluationScore {
        var workspace = ScoringWorkspace(self)
        workspace.slots = sheet.slots
        workspace.input.answers = sheet.answers
        workspace.input.comments = sheet.comments
        let summary = summarize(&workspace, withShares: true)
        return details(&workspace, summary)
    }

    /// Checks and scores in one step.
    public func score(_ evaluation: Evaluation) -> Result<EvaluationScore, CheckFailure> {
        check(evaluation).map(score)
    }

    /// Scores the answers `check(_:into:)` left in the workspace: the headline figures are returned, section
    /// and category scores left in the workspace. No allocation per call (unless a total lands on an edge and
    /// is decided exactly).
    public func summarize(_ ws: inout ScoringWorkspace) -> ScoreSummary {
        summarize(&ws, withShares: false)
    }

    /// `summarize`, also leaving each criterion's share of the total in `ws.shares` when `withShares` (what the
    /// full breakdown reports as effective weights), in the same walk.
    func summarize(_ ws: inout ScoringWorkspace, withShares: Bool) -> ScoreSummary {
        var autoFailed = false
        var failureCount = 0
        for s in ws.zeroed.indices { ws.zeroed[s] = false }
        for i in criticalCriteria where ws.slots[i].failing && ws.slots[i].isAnswered {
            guard let scope = facts[i].critical else { continue }
            failureCount += 1
            switch scope {
            case .form: autoFailed = true
            case .section: ws.zeroed[sectionOfCriterion[i]] = true
            case .flag: break
            }
        }
        // The workspace's arrays are moved out and back so the kernel runs on raw buffers (no uniqueness or
        // bounds checks per criterion).
        var sectionScores = [Double](), categoryScores = [Double](), categoryNum = [Double](), categoryDen = [Double]()
        var sectionDen = [Double](), shares = [Double]()
        swap(&sectionScores, &ws.sectionScores); swap(&categoryScores, &ws.categoryScores)
        swap(&categoryNum, &ws.categoryNum); swap(&categoryDen, &ws.categoryDen); swap(&sectionDen, &ws.sectionDen)
        swap(&shares, &ws.shares)
        defer {
            swap(&sectionScores, &ws.sectionScores); swap(&categoryScores, &ws.categoryScores)
            swap(&categoryNum, &ws.categoryNum); swap(&categoryDen, &ws.categoryDen); swap(&sectionDen, &ws.sectionDen)
            swap(&shares, &ws.shares)
        }
        let computed: Double? = ws.slots.withUnsafeBufferPointer { slots in
        ws.zeroed.withUnsafeBufferPointer { zeroed in
        sectionScores.withUnsafeMutableBufferPointer { sectionScores in
        sectionDen.withUnsafeMutableBufferPointer { sectionDen in
        categoryNum.withUnsafeMutableBufferPointer { categoryNum in
        categoryDen.withUnsafeMutableBufferPointer { categoryDen in
        categoryScores.withUnsafeMutableBufferPointer { categoryScores in
        shares.withUnsafeMutableBufferPointer { shares in
            let total = tally(constants, mode: scorecard.scoring, slots: slots, earned: SlotEarnedPoints(slots: slots),
                              include: nil, zeroed: zeroed,
                              into: TallyBuffers(sectionScores: sectionScores, sectionDen: sectionDen,
                                                 categoryNum: categoryNum, categoryDen: categoryDen,
                                                 categoryScores: categoryScores, shares: withShares ? shares : nil))
            for s in sectionScores.indices { sectionScores[s] = Self.reported(sectionScores[s]) }
            for c in categoryScores.indices { categoryScores[c] = Self.reported(categoryScores[c]) }
            return total
        }}}}}}}}
        if autoFailed {
            return ScoreSummary(total: 0, passed: false, bandIndex: constants.bandIndex(for: 0), autoFailed: true,
                                criticalFailureCount: failureCount)
        }
        let total = computed ?? 0
        if computed != nil, isNearEdge(total) {
            // On or next to an edge: decide on the exact value of the same formula.
            let exact = exactTotal(ws) ?? .zero
            return ScoreSummary(total: exact.doubleValue, passed: exact >= exactConstants.passMark,
                                bandIndex: exactConstants.bandIndex(for: exact), autoFailed: false,
                                criticalFailureCount: failureCount)
        }
        return ScoreSummary(total: Self.reported(total), passed: total >= scorecard.passMark,
                            bandIndex: constants.bandIndex(for: total), autoFailed: false,
                            criticalFailureCount: failureCount)
    }

    /// Whether a computed total is close enough to an edge that separates two decisions (the pass mark, a band
    /// bound) to be decided exactly. Totals never leave 0–100, so a band's bound at 0 or at 100 and above (the
    /// top band holds its max) separates nothing: all-top evaluations scoring 100 stay on the fast path.
    @inline(__always)
    func isNearEdge(_ total: Double) -> Bool {
        if scorecard.passMark > 0, Self.isNear(total, scorecard.passMark) { return true }
        for band in constants.bands where (band.min > 0 && Self.isNear(total, band.min)) || (band.max < 100 && Self.isNear(total, band.max)) {
            return true
        }
        return false
    }

    /// Each answered criterion's earned points in exact arithmetic, from its answer by the model's definition.
    func exactEarnedPoints(_ ws: ScoringWorkspace) -> ExactEarnedPoints {
        ExactEarnedPoints(values: criteria.indices.map { i in
            let slot = ws.slots[i]
            guard slot.isAnswered else { return .zero }
            if slot.code >= 0 { return codecs[i].exactEarned[Int(slot.code)] }
            guard let answer = ws.answer(i, self) else { return .zero }
            return criteria[i].earnedPoints(for: answer, as: ExactNumber.self) ?? .zero
        })
    }

    /// The same tally as `summarize`, in exact arithmetic, for the evaluation in the workspace: the total, and
    /// the section scores when `sections` is given.
    func exactTotal(_ ws: ScoringWorkspace, sections: UnsafeMutableBufferPointer<ExactNumber>? = nil) -> ExactNumber? {
        let result = exactTally(slots: ws.slots, earned: exactEarnedPoints(ws), zeroed: ws.zeroed, withShares: false)
        if let sections { for s in sections.indices { sections[s] = result.sectionScores[s] } }
        return result.total
    }

    /// The kernel's tally in exact arithmetic over buffers of its own: the total (or `nil` when nothing counted),
    /// the section scores and, when asked, each criterion's share of the total. What the exact decisions and the
    /// effective weights both run.
    func exactTally(slots: [AnswerSlot], earned: ExactEarnedPoints, zeroed: [Bool], withShares: Bool)
        -> (total: ExactNumber?, sectionScores: [ExactNumber], shares: [ExactNumber]) {
        var shares = [ExactNumber](repeating: .zero, count: withShares ? criteria.count : 0)
        var sectionScores = [ExactNumber](repeating: .zero, count: sectionRanges.count), sectionDen = sectionScores
        var categoryNum = [ExactNumber](repeating: .zero, count: categoryIDs.count)
        var categoryDen = categoryNum, categoryScores = categoryNum
        let total = slots.withUnsafeBufferPointer { slots in
        zeroed.withUnsafeBufferPointer { zeroed in
        shares.withUnsafeMutableBufferPointer { shares in
        sectionScores.withUnsafeMutableBufferPointer { sectionScores in
        sectionDen.withUnsafeMutableBufferPointer { sectionDen in
        categoryNum.withUnsafeMutableBufferPointer { categoryNum in
        categoryDen.withUnsafeMutableBufferPointer { categoryDen in
        categoryScores.withUnsafeMutableBufferPointer { categoryScores in
            tally(exactConstants, mode: scorecard.scoring, slots: slots, earned: earned, include: nil, zeroed: zeroed,
                  into: TallyBuffers(sectionScores: sectionScores, sectionDen: sectionDen, categoryNum: categoryNum,
                                     categoryDen: categoryDen, categoryScores: categoryScores,
                                     shares: withShares ? shares : nil))
        }}}}}}}}
        return (total, sectionScores, shares)
    }

    /// The full breakdown of the evaluation `summarize` just scored in the workspace.
    func details(_ ws: inout ScoringWorkspace, _ summary: ScoreSummary) -> EvaluationScore {
        let sections = scorecard.sections
        let n = criteria.count
        // The shares `summarize(withShares:)` left in the workspace; its scratch buffers, moved out for the
        // critical and non-critical tallies below and back afterwards.
        let shares = ws.shares
        var scratchSections = [Double](), scratchDen = [Double](), scratchCategories = [Double]()
        var scratchNum = [Double](), scratchCategoryDen = [Double]()
        swap(&scratchSections, &ws.scratchSections); swap(&scratchDen, &ws.scratchDen)
        swap(&scratchCategories, &ws.scratchCategories); swap(&scratchNum, &ws.scratchNum)
        swap(&scratchCategoryDen, &ws.scratchCategoryDen)
        defer {
            swap(&scratchSections, &ws.scratchSections); swap(&scratchDen, &ws.scratchDen)
            swap(&scratchCategories, &ws.scratchCategories); swap(&scratchNum, &ws.scratchNum)
            swap(&scratchCategoryDen, &ws.scratchCategoryDen)
        }
        let ws = ws
        /// The mode's total over the criteria `include` admits (no category scores, no shares).
        func run(_ k: KernelConstants<Double>, mode: ScoringMode, include: [Bool]) -> Double? {
            ws.slots.withUnsafeBufferPointer { slots in
            ws.zeroed.withUnsafeBufferPointer { zeroed in
            scratchSections.withUnsafeMutableBufferPointer { sectionScores in
            scratchDen.withUnsafeMutableBufferPointer { sectionDen in
            scratchNum.withUnsafeMutableBufferPointer { categoryNum in
            scratchCategoryDen.withUnsafeMutableBufferPointer { categoryDen in
            scratchCategories.withUnsafeMutableBufferPointer { categoryScores in
            include.withUnsafeBufferPointer { include in
                let buffers = TallyBuffers(sectionScores: sectionScores, sectionDen: sectionDen, categoryNum: categoryNum,
                                           categoryDen: categoryDen, categoryScores: categoryScores, shares: nil,
                                           categories: false)
                return tally(k, mode: mode, slots: slots, earned: SlotEarnedPoints(slots: slots), include: include,
                             zeroed: zeroed, into: buffers)
            }}}}}}}}
        }
        var failures: [CriticalFailure] = []
        for i in criticalCriteria where ws.slots[i].failing && ws.slots[i].isAnswered {
            guard let scope = facts[i].critical, let answer = ws.answer(i, self) else { continue }
            failures.append(CriticalFailure(criterion: criteria[i].id, section: sections[sectionOfCriterion[i]].id,
                                            scope: scope, answer: answer, comment: ws.input.comments[i]))
        }
        // Section thresholds are decided like the total: exactly when a score lands next to one.
        let nearSectionEdge = sections.indices.contains { s in
            !ws.sectionScores[s].isNaN && sections[s].thresholds.contains { Self.isNear(ws.sectionScores[s], $0.below) }
        }
        var exactSections: [ExactNumber]? = nil
        if nearSectionEdge {
            var values = [ExactNumber](repeating: .zero, count: sections.count)
            values.withUnsafeMutableBufferPointer { _ = exactTotal(ws, sections: $0) }
            exactSections = values
        }
        let sectionScores = sections.indices.map { s in
            let score: Double? = ws.sectionScores[s].isNaN ? nil : ws.sectionScores[s]
            let threshold = score.flatMap { score in
                exactSections.map { Self.threshold(sections[s].thresholds, exact: $0[s]) }
                    ?? Self.threshold(sections[s].thresholds, score)
            }
            return SectionScore(id: sections[s].id, score: score, zeroedByCriticalFailure: ws.zeroed[s], threshold: threshold)
        }
        let criterionScores = (0..<n).map { i in
            let slot = ws.slots[i]
            let counts = facts[i].scored && slot.isAnswered
            let top = constants.possible[i]
            let fraction: Double? = counts && top > 0 ? slot.earnedPoints / top : nil
            let answer: AnswerValue?
            switch slot.state {
            case .answered: answer = ws.answer(i, self)
            case .notApplicable: answer = .notApplicable
            case .inapplicable: answer = nil
            }
            var threshold: String? = nil
            if facts[i].hasThresholds, let fraction {
                let thresholds = criteria[i].thresholds
                if thresholds.contains(where: { Self.isNear(100 * fraction, $0.below) }), let answer,
                   let earned = criteria[i].earnedPoints(for: answer, as: ExactNumber.self) {
                    threshold = Self.threshold(thresholds, exact: ExactNumber(100) * earned / exactConstants.possible[i])
                } else {
                    threshold = Self.threshold(thresholds, 100 * fraction)
                }
            }
            return CriterionScore(id: criteria[i].id, answer: answer, earned: fraction.map(Self.reported),
                                  applicable: slot.isAnswered, effectiveWeight: Self.reported(shares[i]),
                                  threshold: threshold)
        }
        let categories = categoryIDs.indices.map { c in
            CategoryScore(id: categoryIDs[c], score: ws.categoryScores[c].isNaN ? nil : ws.categoryScores[c])
        }
        // Genesys reports its critical score as plain points (earned over possible, group weights not applied).
        let split = scorecard.scoring == .scaledPoints
        let splitConstants = split ? plainPointsConstants : constants
        let splitMode = split ? ScoringMode.points : scorecard.scoring
        let criticalScore = !criticalMask.contains(true) ? nil
            : run(splitConstants, mode: splitMode, include: criticalMask)
        let nonCriticalScore = run(splitConstants, mode: splitMode, include: nonCriticalMask)
        return EvaluationScore(
            total: summary.total, passed: summary.passed, band: summary.bandIndex.map { scorecard.bands[$0] },
            autoFailed: summary.autoFailed, criticalFailures: failures, sections: sectionScores,
            categories: categories, criteria: criterionScores, criticalScore: criticalScore.map(Self.reported),
            nonCriticalScore: nonCriticalScore.map(Self.reported))
    }

    static func threshold(_ thresholds: [Threshold], _ score: Double) -> String? {
        thresholds.filter { score < $0.below }.min { $0.below < $1.below }?.title
    }

    static func threshold(_ thresholds: [Threshold], exact score: ExactNumber) -> String? {
        thresholds.filter { score < ExactNumber(decimal: $0.below) }.min { $0.below < $1.below }?.title
    }
}
