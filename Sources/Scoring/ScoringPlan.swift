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
    /// Possible points of each criterion's answer type.
    let possiblePoints: [Double]

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
        self.criterionConditions = criteria.map { $0.condition.map { CompiledCondition($0, index: index) } }
        self.sectionConditions = scorecard.sections.map { $0.condition.map { CompiledCondition($0, index: index) } }
        self.possiblePoints = criteria.map(\.answerType.possiblePoints)
        self.decisionOrder = Self.order(criteria: criteria, sections: scorecard.sections,
                                        sectionOfCriterion: sectionOfCriterion, index: index)
    }

    /// The category ids in reporting order (declared categories first).
    public var categoryIDs: [String] {
        categoryIndex.sorted { $0.value < $1.value }.map(\.key)
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

/// A condition with criterion ids resolved to indices.
indirect enum CompiledCondition: Sendable {
    case answerIs(Int, Set<String>)
    case answerIsNot(Int, Set<String>)
    case all([CompiledCondition])
    case any([CompiledCondition])
    case never

    init(_ condition: Condition, index: [String: Int]) {
        switch condition {
        case .answerIs(let id, let tokens, _):
            self = index[id].map { .answerIs($0, tokens) } ?? .never
        case .answerIsNot(let id, let tokens, _):
            self = index[id].map { .answerIsNot($0, tokens) } ?? .never
        case .all(let parts): self = .all(parts.map { CompiledCondition($0, index: index) })
        case .any(let parts): self = .any(parts.map { CompiledCondition($0, index: index) })
        }
    }

    func holds(_ answers: [AnswerSlot]) -> Bool {
        switch self {
        case .answerIs(let i, let tokens):
            guard case .answered(let value) = answers[i].state else { return false }
            return value.matchTokens.contains { tokens.contains($0) }
        case .answerIsNot(let i, let tokens):
            guard case .answered(let value) = answers[i].state else { return true }
            return !value.matchTokens.contains { tokens.contains($0) }
        case .all(let parts): return parts.allSatisfy { $0.holds(answers) }
        case .any(let parts): return parts.contains { $0.holds(answers) }
        case .never: return false
        }
    }
}
