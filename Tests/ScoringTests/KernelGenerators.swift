import QAModel

/// A small deterministic generator (SplitMix64) so that generated templates and evaluations are the same on
/// every run and platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}

/// The scoring configurations the kernel tests cover: every mode, weighted with and without section weights.
enum KernelMode: String, CaseIterable, Sendable, CustomStringConvertible {
    case weightedSectionWeights = "weighted (section weights)"
    case weightedPlain = "weighted (no section weights)"
    case deduction
    case points
    case scaledPoints = "scaled-points"
    case questionOnly = "question-only"
    case sectionOnly = "section-only"

    var scoring: ScoringMode {
        switch self {
        case .weightedSectionWeights, .weightedPlain: return .weighted
        case .deduction: return .deduction
        case .points: return .points
        case .scaledPoints: return .scaledPoints
        case .questionOnly: return .questionOnly
        case .sectionOnly: return .sectionOnly
        }
    }

    var hasSectionWeights: Bool { self == .weightedSectionWeights || self == .scaledPoints || self == .sectionOnly }
    var description: String { rawValue }
}

/// What a generated template may contain.
struct TemplateFeatures {
    var conditions = true
    var critical = true
    var notApplicable = true
    var defaultToTop = true
    var thresholds = true
    var comments = true
    var bonus = true
    var unscored = true
    /// Every criterion has an answer that earns nothing (a 0-point option or range).
    var zeroAnswers = false
    var maxSections = 4
    var maxCriteriaPerSection = 5

    static let everything = TemplateFeatures()
    /// For the effective-weight property: no critical rules, no conditions, everything applicable.
    static let property = TemplateFeatures(conditions: false, critical: false, notApplicable: false, defaultToTop: false,
                                           thresholds: false, comments: false, zeroAnswers: true, maxCriteriaPerSection: 6)
}

/// Template generator: decimal weights like 0.5, 1, 2.5, 3; every answer type; optional conditions (reading
/// earlier criteria only, so there are no cycles), critical rules of every scope, N/A, default-to-top,
/// thresholds, bonus and unscored criteria, bonus options.
struct TemplateGenerator {
    var rng: SeededGenerator
    var features: TemplateFeatures

    static let weights: [Double] = [0.5, 1, 2.5, 3]
    static let sectionWeights: [Double] = [0.5, 1, 2.5, 3, 10, 20, 40]
    static let optionPoints: [Double] = [0.5, 1, 2, 2.5, 3]

    mutating func template(_ mode: KernelMode, id: String) -> Scorecard {
        var sections: [Section] = []
        // Earlier criteria, and whether each sits in a default-to-top section (where a multi-select's defaulted
        // selection is the kernel's choice of options, so conditions do not test it).
        var earlier: [(criterion: Criterion, defaulting: Bool)] = []
        let sectionCount = rng.int(1...features.maxSections)
        var k = 0
        for s in 0..<sectionCount {
            var criteria: [Criterion] = []
            let count = rng.int(1...features.maxCriteriaPerSection)
            let defaultsToTop = features.defaultToTop && rng.chance(0.15)
            for j in 0..<count {
                // Every section keeps one plain scored criterion so that it can enter the total.
                let plain = j == 0
                var c = criterion(id: "c\(k)", plain: plain, mode: mode)
                k += 1
                // A defaulted multi-select's selection could include a failing option: keep those uncritical.
                if defaultsToTop, case .multiSelect = c.answerType { c.critical = nil }
                if features.conditions, !plain || s > 0, rng.chance(0.2),
                   let condition = condition(over: (earlier + criteria.map { ($0, defaultsToTop) })
                                                 .filter { !$0.defaulting || !isOpen($0.criterion) }.map(\.criterion)) {
                    c.condition = condition
                }
                criteria.append(c)
            }
            var section = Section(id: "s\(s)", title: "Section \(s)", criteria: criteria)
            if mode.hasSectionWeights { section.weight = rng.pick(Self.sectionWeights) }
            section.allowsNotApplicable = features.notApplicable && rng.chance(0.25)
            section.defaultsToTop = defaultsToTop
            if features.conditions, rng.chance(0.15),
               let condition = condition(over: earlier.filter { !isOpen($0.criterion) }.map(\.criterion)) {
                section.condition = condition
            }
            if features.thresholds, rng.chance(0.4) {
                section.thresholds = thresholds()
            }
            sections.append(section)
            earlier += criteria.map { ($0, defaultsToTop) }
        }
        let passMark = rng.pick([50.0, 60, 70, 75, 80, 85])
        return Scorecard(id: id, version: "1", title: id, scoring: mode.scoring,
                         categories: [Category(id: "general", title: "General")], sections: sections,
                         passMark: passMark, bands: Self.bands(top: 85, middle: 60), deductionStart: 100)
    }

    /// Bands covering 0–100, highest first, with edges at `top` and `middle` (0 < middle < top < 100).
    static func bands(top: Double, middle: Double) -> [Band] {
        [Band(id: "high", title: "High", min: top, max: 100), Band(id: "mid", title: "Middle", min: middle, max: top),
         Band(id: "low", title: "Low", min: 0, max: middle)]
    }

    mutating func thresholds() -> [Threshold] {
        let belows = [25.0, 50, 60, 75, 90, 100]
        var result = [Threshold(title: "Needs work", below: rng.pick(belows))]
        if rng.chance(0.5) {
            let second = rng.pick(belows)
            if second != result[0].below { result.append(Threshold(title: "Unacceptable", below: second)) }
        }
        return result
    }

    /// Answer kinds whose answers are not a small fixed set (their defaulted answers are not used in conditions).
    private func isOpen(_ c: Criterion) -> Bool {
        switch c.answerType {
        case .yesNo, .scale, .choice: return false
        case .points, .multiSelect, .numeric: return true
        }
    }

    mutating func answerType() -> AnswerType {
        switch rng.int(0...5) {
        case 0: return .yesNo(points: rng.pick([1.0, 1, 2, 0.5]))
        case 1:
            let min = rng.int(0...1)
            return .scale(min: min, max: min + rng.int(2...4), labels: [])
        case 2:
            var options = (0..<rng.int(2...4)).map { ChoiceOption(id: "o\($0)", label: "O\($0)", points: rng.pick(Self.optionPoints)) }
            // A unique top option, and (always in property templates) an option worth nothing.
            options[0].points = (options.map(\.points).max() ?? 1) + 1
            if features.zeroAnswers || rng.chance(0.6) { options[options.count - 1].points = 0 }
            if features.bonus, rng.chance(0.2) { options.append(ChoiceOption(id: "ob", label: "Bonus", points: rng.pick([0.5, 1.0]), bonus: true)) }
            return .choice(options: options)
        case 3: return .points(max: rng.pick([1.0, 2, 2.5, 3, 4, 10]))
        case 4:
            var options = (0..<rng.int(2...4)).map { ChoiceOption(id: "m\($0)", label: "M\($0)", points: rng.pick(Self.optionPoints)) }
            if features.zeroAnswers || rng.chance(0.3) { options.append(ChoiceOption(id: "mnone", label: "None", points: 0)) }
            let sum = options.map(\.points).reduce(0, +)
            let max = rng.chance(0.5) ? sum : Swift.max(0.5, (sum * 2).rounded(.down) / 4)
            if features.bonus, rng.chance(0.2) { options.append(ChoiceOption(id: "mb", label: "Bonus", points: 1, bonus: true)) }
            return .multiSelect(options: options, max: max)
        default:
            let best = rng.pick([2.0, 3, 2.5])
            return .numeric(ranges: [NumericRange(min: 0, max: 30, points: best),
                                     NumericRange(min: 31, max: 60, points: rng.pick([0.5, 1.0])),
                                     NumericRange(min: 61, max: nil, points: 0, fails: rng.chance(0.5))])
        }
    }

    mutating func criterion(id: String, plain: Bool, mode: KernelMode) -> Criterion {
        let type = answerType()
        var c = Criterion(id: id, category: "general", prompt: id, answerType: type, weight: rng.pick(Self.weights))
        guard !plain else { return c }
        if features.unscored, rng.chance(0.1) {
            c.scored = false
        } else if features.bonus, rng.chance(0.1) {
            c.bonus = true
        }
        c.allowsNotApplicable = features.notApplicable && rng.chance(0.25)
        if features.critical, c.scored, !c.bonus, rng.chance(0.2) {
            let scope = rng.pick(CriticalScope.allCases)
            switch type {
            case .yesNo: c.critical = CriticalRule(scope: scope, failingAnswers: .answers(["no"]))
            case .scale(let min, _, _):
                c.critical = CriticalRule(scope: scope, failingAnswers: rng.chance(0.5) ? .answers(["\(min)"]) : .belowTop)
            case .choice(let options):
                let last = options.filter { !$0.bonus }.last?.id ?? "o1"
                c.critical = CriticalRule(scope: scope, failingAnswers: rng.chance(0.5) ? .answers([last]) : .belowTop)
            case .multiSelect(let options, _):
                let worst = options.filter { !$0.bonus }.min { $0.points < $1.points }?.id ?? "m0"
                c.critical = CriticalRule(scope: scope, failingAnswers: .answers([worst]))
            case .numeric: c.critical = CriticalRule(scope: scope, failingAnswers: .answers([]))
            case .points: c.critical = CriticalRule(scope: scope, failingAnswers: .belowTop)
            }
        }
        if features.comments, rng.chance(0.1) {
            c.commentRequired = rng.chance(0.5) ? .belowTop : .answers(["no", "0", "1"])
        }
        if features.thresholds, c.scored, rng.chance(0.2) { c.thresholds = thresholds() }
        return c
    }

    /// A condition over some of these criteria: answer-is / is-not, sometimes AND / OR of two.
    mutating func condition(over candidates: [Criterion]) -> Condition? {
        let usable = candidates.filter { if case .multiSelect = $0.answerType { return true }; return !isOpen($0) }
        guard !usable.isEmpty else { return nil }
        func test(_ g: inout TemplateGenerator) -> Condition {
            let target = g.rng.pick(usable)
            let tokens: [String]
            switch target.answerType {
            case .yesNo: tokens = ["yes", "no"]
            case .scale(let min, let max, _): tokens = (min...max).map(String.init)
            case .choice(let options), .multiSelect(let options, _): tokens = options.map(\.id)
            default: tokens = ["yes"]
            }
            var set: Set<String> = [g.rng.pick(tokens)]
            if g.rng.chance(0.3) { set.insert(g.rng.pick(tokens)) }
            return g.rng.chance(0.6) ? .answerIs(criterion: target.id, anyOf: set, position: .unknown)
                : .answerIsNot(criterion: target.id, noneOf: set, position: .unknown)
        }
        if rng.chance(0.25) {
            let parts = [test(&self), test(&self)]
            return rng.chance(0.5) ? .all(parts) : .any(parts)
        }
        return test(&self)
    }
}

/// Generates answers for a template: the applicable criteria answered (some N/A, some left to default), whole
/// sections N/A, and, rarely, a deliberate mistake (an answer where none belongs, N/A where not allowed, a value
/// out of range, a missing comment).
struct EvaluationGenerator {
    var rng: SeededGenerator
    var reference = ReferenceScorer()
    /// How often one deliberate mistake is made.
    var mistakeRate = 0.01
    /// Whether a criterion may be answered `na` through its section's `na="allowed"` alone.
    var sectionNotApplicableOnCriteria = true

    mutating func evaluation(_ card: Scorecard, id: String) -> Evaluation {
        var answers: [String: AnswerValue] = [:]
        var comments: [String: String] = [:]
        var effective: [String: AnswerValue] = [:]
        for section in card.sections {
            if section.allowsNotApplicable, rng.chance(0.1) {
                answers["section:\(section.id)"] = .token("na")
                continue
            }
            let sectionApplies = section.condition.map { holds($0, effective) } ?? true
            for c in section.criteria {
                guard sectionApplies, c.condition.map({ holds($0, effective) }) ?? true else { continue }
                if section.defaultsToTop, rng.chance(0.3) {
                    effective[c.id] = reference.topAnswer(c.answerType)
                    continue
                }
                let naAllowed = c.allowsNotApplicable || (sectionNotApplicableOnCriteria && section.allowsNotApplicable)
                if naAllowed, rng.chance(0.12) {
                    answers[c.id] = .token("na")
                    effective[c.id] = .token("na")
                    continue
                }
                let value = answer(c.answerType)
                answers[c.id] = value
                var normalized = value
                if case .multiSelect = c.answerType, case .token(let t) = value { normalized = .tokens([t]) }
                effective[c.id] = normalized
                if c.commentRequired != nil, rng.chance(0.97) { comments[c.id] = "Because." }
            }
        }
        if rng.chance(mistakeRate) { mistake(card, &answers) }
        return Evaluation(id: id, callID: "call-\(id)", agentID: "agent", assessorID: "assessor", scorecardID: card.id,
                          scorecardVersion: card.version, callDate: testDay("2026-11-02"), evaluatedAt: testStamp("2026-11-03T10:00:00Z"),
                          answers: answers, comments: comments)
    }

    private mutating func mistake(_ card: Scorecard, _ answers: inout [String: AnswerValue]) {
        let criteria = card.sections.flatMap(\.criteria)
        let c = rng.pick(criteria)
        switch rng.int(0...2) {
        case 0: answers[c.id] = .token("na")             // N/A, allowed or not; or an answer where none belongs
        case 1: answers[c.id] = .number(-7)              // out of range for every type
        default: answers[c.id] = answer(c.answerType)    // possibly where the criterion does not apply
        }
    }

    mutating func answer(_ type: AnswerType) -> AnswerValue {
        switch type {
        case .yesNo: return rng.chance(0.6) ? .token("yes") : .token("no")
        case .scale(let min, let max, _): return .number(Double(rng.int(min...max)))
        case .choice(let options): return .token(rng.pick(options).id)
        case .points(let max):
            let steps = Int(max * 4)
            return .number(Double(rng.int(0...steps)) / 4)
        case .multiSelect(let options, _):
            if rng.chance(0.15) { return .token(rng.pick(options).id) }
            var chosen = options.filter { _ in rng.chance(0.5) }.map(\.id)
            if chosen.isEmpty { chosen = [rng.pick(options).id] }
            return .tokens(chosen)
        case .numeric:
            return .number(Double(rng.pick([0, 12, 30, 31, 45, 60, 61, 90])))
        }
    }

    private func holds(_ condition: Condition, _ effective: [String: AnswerValue]) -> Bool {
        func tokens(_ v: AnswerValue) -> [String] {
            switch v {
            case .token(let t): return [t]
            case .tokens(let ts): return ts
            case .number(let n): return [n == n.rounded() ? String(Int(n)) : String(n)]
            }
        }
        switch condition {
        case .answerIs(let id, let set, _): return effective[id].map { tokens($0).contains { set.contains($0) } } ?? false
        case .answerIsNot(let id, let set, _): return effective[id].map { !tokens($0).contains { set.contains($0) } } ?? true
        case .all(let parts): return parts.allSatisfy { holds($0, effective) }
        case .any(let parts): return parts.contains { holds($0, effective) }
        }
    }
}
