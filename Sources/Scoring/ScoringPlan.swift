import QAModel

/// A template compiled once for scoring: criteria flattened to integer indices, sections as index ranges,
/// conditions resolved to indices, so that scoring one evaluation touches arrays rather than string-keyed
/// dictionaries. Build one per template and reuse it for every evaluation.
public struct ScoringPlan: Sendable {
    public let scorecard: Scorecard
    /// Every criterion in template order; index = position in this array.
    public let criteria: [Criterion]
    /// The section index of each criterion.
    public let sectionOfCriterion: [Int]
    /// The criterion index range of each section.
    public let sectionRanges: [Range<Int>]
    /// Criterion id → index.
    public let criterionIndex: [String: Int]
    /// Section id → index.
    public let sectionIndex: [String: Int]
    /// Category id → index (template order), and each criterion's category index.
    public let categoryIndex: [String: Int]
    public let categoryOfCriterion: [Int]
    /// Criteria in an order in which every condition reads only criteria already decided.
    let decisionOrder: [Int]
    let criterionConditions: [CompiledCondition?]
    let sectionConditions: [CompiledCondition?]
    /// Each criterion's answers compiled to codes.
    let codecs: [AnswerCodec]
    /// Category ids in reporting order (declared categories first).
    public let categoryIDs: [String]
    /// The per-criterion facts the hot path reads, without copying `Criterion` values.
    let facts: [CriterionFacts]
    /// Whether any section declares a weight.
    let hasDeclaredSectionWeights: Bool
    /// The indices of the critical criteria (usually a handful), so a summary need not walk every criterion
    /// to find the failed ones.
    let criticalCriteria: [Int]
    /// The template's numbers for the kernel, in `Double` (everyday) and exactly (decisions at an edge).
    let constants: KernelConstants<Double>
    let exactConstants: KernelConstants<ExactNumber>
    /// Every criterion weighing 1 (Genesys' plain-points critical and non-critical scores).
    let plainPointsConstants: KernelConstants<Double>
    /// Which criteria count in the critical score (a critical rule not marked `in-critical-score="false"`), and
    /// which in the non-critical one (all others): the one place that split is decided.
    let criticalMask: [Bool]
    let nonCriticalMask: [Bool]

    public init(_ scorecard: Scorecard) {
        self.scorecard = scorecard
        var criteria: [Criterion] = []
        var sectionOfCriterion: [Int] = []
        var ranges: [Range<Int>] = []
        for (s, section) in scorecard.sections.enumerated() {
            let start = criteria.count
            criteria.append(contentsOf: section.criteria)
            sectionOfCriterion.append(contentsOf: repeatElement(s, count: section.criteria.count))
            ranges.append(start..<criteria.count)
        }
        var index: [String: Int] = [:]
        for (i, c) in criteria.enumerated() where index[c.id] == nil { index[c.id] = i }
        var sectionIndex: [String: Int] = [:]
        for (s, section) in scorecard.sections.enumerated() where sectionIndex[section.id] == nil {
            sectionIndex[section.id] = s
        }
        var categoryIndex: [String: Int] = [:]
        for category in scorecard.categories where categoryIndex[category.id] == nil {
            categoryIndex[category.id] = categoryIndex.count
        }
        for c in criteria where categoryIndex[c.category] == nil {
            categoryIndex[c.category] = categoryIndex.count
        }
        self.criteria = criteria
        self.sectionOfCriterion = sectionOfCriterion
        self.sectionRanges = ranges
        self.criterionIndex = index
        self.sectionIndex = sectionIndex
        self.categoryIndex = categoryIndex
        self.categoryOfCriterion = criteria.map { categoryIndex[$0.category] ?? 0 }
        let codecs = criteria.map(AnswerCodec.init)
        self.codecs = codecs
        self.categoryIDs = categoryIndex.sorted { $0.value < $1.value }.map(\.key)
        self.criterionConditions = criteria.map { $0.condition.map { CompiledCondition($0, index: index, codecs: codecs) } }
        self.sectionConditions = scorecard.sections.map { $0.condition.map { CompiledCondition($0, index: index, codecs: codecs) } }
        self.hasDeclaredSectionWeights = scorecard.sections.contains { $0.weight != nil }
        let constants = KernelConstants<Double>(scorecard: scorecard, criteria: criteria,
                                                sectionOfCriterion: sectionOfCriterion, { $0 })
        self.constants = constants
        self.exactConstants = KernelConstants(scorecard: scorecard, criteria: criteria,
                                              sectionOfCriterion: sectionOfCriterion, ExactNumber.init(decimal:))
        var plain = constants
        plain.rawWeight = Array(repeating: 1, count: criteria.count)
        self.plainPointsConstants = plain
        self.facts = criteria.indices.map { i in
            let c = criteria[i]
            let section = scorecard.sections[sectionOfCriterion[i]]
            return CriterionFacts(scored: c.scored, bonus: c.bonus,
                                  allowsNotApplicable: section.allowsNotApplicable(on: c), critical: c.critical?.scope,
                                  hasThresholds: !c.thresholds.isEmpty,
                                  defaultsToTop: section.defaultsToTop)
        }
        self.criticalCriteria = criteria.indices.filter { criteria[$0].critical != nil }
        let countsAsCritical = criteria.map { $0.critical?.countsInCriticalScore ?? false }
        self.criticalMask = countsAsCritical
        self.nonCriticalMask = countsAsCritical.map { !$0 }
        self.decisionOrder = Self.order(criteria: criteria, sections: scorecard.sections,
                                        sectionOfCriterion: sectionOfCriterion, index: index)
    }

    /// A dependency order for conditions. Templates are checked for cycles when loaded; should one slip
    /// through, the remaining criteria are appended in template order rather than looping.
    private static func order(criteria: [Criterion], sections: [Section], sectionOfCriterion: [Int],
                              index: [String: Int]) -> [Int] {
        func dependencies(_ i: Int) -> [Int] {
            var ids = criteria[i].condition?.referencedCriteria ?? []
            ids += sections[sectionOfCriterion[i]].condition?.referencedCriteria ?? []
            return ids.compactMap { index[$0] }.filter { $0 != i }
        }
        var state = [UInt8](repeating: 0, count: criteria.count)  // 0 new, 1 visiting, 2 done
        var result: [Int] = []
        result.reserveCapacity(criteria.count)
        func visit(_ i: Int) {
            if state[i] != 0 { return }
            state[i] = 1
            for d in dependencies(i) where state[d] == 0 { visit(d) }
            state[i] = 2
            result.append(i)
        }
        for i in criteria.indices { visit(i) }
        return result
    }
}

extension ScoringPlan {
    /// The answer a decided criterion counts with: as recorded, its top answer when defaulted, a single
    /// multi-select option as a one-element selection; `nil` when it is not answered or does not apply.
    func effectiveAnswer(_ i: Int, _ slot: AnswerSlot, _ recorded: AnswerValue?) -> AnswerValue? {
        guard slot.isAnswered else { return nil }
        if slot.defaulted { return criteria[i].answerType.topAnswer }
        if case .multiSelect = criteria[i].answerType, case .token(let t)? = recorded { return .tokens([t]) }
        return recorded
    }
}

extension ScoringWorkspace {
    /// The answer criterion `i` counts with on the evaluation last checked into this workspace.
    func answer(_ i: Int, _ plan: ScoringPlan) -> AnswerValue? {
        plan.effectiveAnswer(i, slots[i], plan.recordedAnswer(i, in: input))
    }
}

/// What the hot path needs to know about a criterion.
struct CriterionFacts: Sendable {
    var scored: Bool
    var bonus: Bool
    var allowsNotApplicable: Bool
    var critical: CriticalScope?
    var hasThresholds: Bool
    var defaultsToTop: Bool
}

/// A condition with criterion ids resolved to indices. A criterion answered N/A matches the token `na` (and no
/// other); an unanswered or inapplicable criterion matches nothing.
indirect enum CompiledCondition: Sendable {
    case answerIs(Int, Set<String>)
    case answerIsNot(Int, Set<String>)
    /// The answer's code is in (or not in) the mask — the fast form for coded answer kinds; `na`: whether the
    /// tokens include `na`.
    case codeIn(Int, UInt64, na: Bool)
    case codeNotIn(Int, UInt64, na: Bool)
    case all([CompiledCondition])
    case any([CompiledCondition])
    case never

    init(_ condition: Condition, index: [String: Int], codecs: [AnswerCodec]) {
        switch condition {
        case .answerIs(let id, let tokens, _):
            guard let i = index[id] else { self = .never; return }
            self = codecs[i].codes(of: tokens).map { .codeIn(i, $0, na: tokens.contains("na")) } ?? .answerIs(i, tokens)
        case .answerIsNot(let id, let tokens, _):
            guard let i = index[id] else { self = .never; return }
            self = codecs[i].codes(of: tokens).map { .codeNotIn(i, $0, na: tokens.contains("na")) } ?? .answerIsNot(i, tokens)
        case .all(let parts): self = .all(parts.map { CompiledCondition($0, index: index, codecs: codecs) })
        case .any(let parts): self = .any(parts.map { CompiledCondition($0, index: index, codecs: codecs) })
        }
    }

    /// Whether the condition holds on the answers decided so far (`raw` holds the answers as recorded).
    func holds(_ answers: UnsafeMutableBufferPointer<AnswerSlot>, _ raw: IndexedAnswers, _ plan: ScoringPlan) -> Bool {
        switch self {
        case .codeIn(let i, let mask, let na):
            let code = answers[i].code
            return (code >= 0 && mask & (1 << UInt64(code)) != 0) || (na && answers[i].state == .notApplicable)
        case .codeNotIn(let i, let mask, let na):
            let code = answers[i].code
            return (code < 0 || mask & (1 << UInt64(code)) == 0) && !(na && answers[i].state == .notApplicable)
        case .answerIs(let i, let tokens):
            if answers[i].state == .notApplicable { return tokens.contains("na") }
            guard let value = plan.effectiveAnswer(i, answers[i], plan.recordedAnswer(i, in: raw)) else { return false }
            return value.matchTokens.contains { tokens.contains($0) }
        case .answerIsNot(let i, let tokens):
            if answers[i].state == .notApplicable { return !tokens.contains("na") }
            guard let value = plan.effectiveAnswer(i, answers[i], plan.recordedAnswer(i, in: raw)) else { return true }
            return !value.matchTokens.contains { tokens.contains($0) }
        case .all(let parts): return parts.allSatisfy { $0.holds(answers, raw, plan) }
        case .any(let parts): return parts.contains { $0.holds(answers, raw, plan) }
        case .never: return false
        }
    }
}
