import QAModel

/// A criterion compiled for generation: its valid answers (best first) with their earned fractions, the
/// answer distributions to draw from, and the comment phrases for answers that need one. Built once per
/// template so that generating an evaluation only indexes arrays (a class, so the hot loop shares rather
/// than copies it).
final class CriterionModel: Sendable {
    enum Kind: Sendable {
        /// Asked and recorded, never scored (e.g. call type); drives conditions.
        case informational
        /// An ordinary scored criterion.
        case scored
        /// A scored criterion that adds points without adding possible points.
        case bonus
        /// A scored criterion with a critical (auto-fail) rule.
        case critical
    }

    let criterion: Criterion
    /// The criterion's id (the answer key).
    let id: String
    let sectionIndex: Int
    let kind: Kind
    /// Whether this criterion may be answered N/A in generated data (allowed, and not read by a condition).
    let mayBeNotApplicable: Bool
    /// Valid non-N/A answers, highest earned fraction first.
    let answers: [AnswerValue]
    /// Earned fraction of each answer (0 for informational criteria).
    let fractions: [Double]
    /// `answers[0..<topCount]` earn the best fraction this criterion offers.
    let topCount: Int
    /// Cumulative distribution over `answers` for an agent's ordinary performance.
    let ordinaryCDF: [Double]
    /// Cumulative distribution over `answers` when this is the agent's planted weak criterion.
    let weakCDF: [Double]
    /// Cumulative distribution over the below-top answers a severe assessor downgrades to.
    let downgradeCDF: [Double]
    /// Probability that an ordinary assessor re-draws the answer, chosen so that about `assessorNoise` of
    /// answers end up different while the average stays the same (ordinary / weak distributions).
    let ordinaryRedrawRate: Double
    let weakRedrawRate: Double
    /// Comment phrases for each answer that requires a comment (`nil` when it needs none).
    let comments: [[String]?]
    /// Expected lost fraction under each distribution (1 − earned fraction).
    let ordinaryDeficit: Double
    let weakDeficit: Double
    /// Probability of a top answer under the ordinary distribution.
    let ordinaryTopRate: Double
    /// Expected lost fraction of a downgraded answer.
    let downgradeDeficit: Double

    var hasBelowTop: Bool { topCount < answers.count }
    /// For a critical criterion, which answers fail it (empty for the other kinds).
    let failingAnswers: [Bool]
    /// The first failing answer, which a severe assessor records when they fail a passing critical item.
    var firstFailingAnswer: Int? { failingAnswers.firstIndex(of: true) }

    init(criterion: Criterion, sectionIndex: Int, referencedByCondition: Bool, config: SampleConfig,
         criticalRatePerCriterion: Double) {
        self.criterion = criterion
        id = criterion.id
        self.sectionIndex = sectionIndex
        mayBeNotApplicable = criterion.allowsNotApplicable && !referencedByCondition

        var candidates: [(AnswerValue, Double)] = []
        let scorable = criterion.scored && criterion.answerType.possiblePoints > 0
        for answer in CriterionModel.candidateAnswers(for: criterion.answerType)
        where !candidates.contains(where: { $0.0 == answer }) {
            if scorable {
                if let fraction = criterion.earnedFraction(for: answer) { candidates.append((answer, fraction)) }
            } else if criterion.earnedPoints(for: answer) != nil {
                candidates.append((answer, 0))
            }
        }
        // Stable sort, best first.
        let ordered = candidates.enumerated().sorted { a, b in
            a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
        }.map(\.element)
        answers = ordered.map(\.0)
        fractions = ordered.map(\.1)
        let best = fractions.first ?? 0
        let topCount = scorable ? fractions.filter { $0 >= best - 1e-12 }.count : answers.count
        self.topCount = topCount
        let failing = answers.map { criterion.isFailing($0) }

        let kind: Kind
        if !scorable {
            kind = .informational
        } else if criterion.bonus {
            kind = .bonus
        } else if criterion.critical != nil, failing.contains(true), failing.contains(false) {
            kind = .critical
        } else {
            kind = .scored
        }
        self.kind = kind
        failingAnswers = kind == .critical ? failing : []

        let fractions = self.fractions
        let n = fractions.count
        let top = topCount
        func spread(topShare: Double, belowWeight: (Double) -> Double, onlyWhere keep: (Int) -> Bool = { _ in true })
            -> [Double]
        {
            var p = [Double](repeating: 0, count: n)
            let belowIndices = (top..<n).filter(keep)
            let topIndices = (0..<top).filter(keep)
            let topShare = belowIndices.isEmpty ? 1 : (topIndices.isEmpty ? 0 : topShare)
            for i in topIndices { p[i] = topShare / Double(topIndices.count) }
            let total = belowIndices.map { belowWeight(fractions[$0]) }.reduce(0, +)
            for i in belowIndices where total > 0 { p[i] = (1 - topShare) * belowWeight(fractions[i]) / total }
            return p
        }
        let ordinary: [Double]
        let weak: [Double]
        switch kind {
        case .informational:
            ordinary = [Double](repeating: n > 0 ? 1 / Double(n) : 0, count: n)
            weak = ordinary
        case .bonus:
            ordinary = spread(topShare: 0.25, belowWeight: { _ in 1 })
            weak = ordinary
        case .scored:
            ordinary = spread(topShare: config.fullCreditRate, belowWeight: { _ in 1 })
            // The weak criterion's misses lean towards the lowest answers.
            weak = spread(topShare: config.weakCriterionFullCreditRate, belowWeight: { 1.05 - $0 })
        case .critical:
            let passing = spread(topShare: config.fullCreditRate, belowWeight: { _ in 1 }, onlyWhere: { !failing[$0] })
            let failCount = Double(failing.filter { $0 }.count)
            ordinary = (0..<n).map { i in
                failing[i] ? criticalRatePerCriterion / failCount : passing[i] * (1 - criticalRatePerCriterion)
            }
            weak = ordinary
        }
        let down = spread(topShare: 0, belowWeight: { $0 + 0.1 })
        ordinaryCDF = CriterionModel.cumulative(ordinary)
        weakCDF = CriterionModel.cumulative(weak)
        downgradeCDF = CriterionModel.cumulative(down)

        func deficit(_ p: [Double]) -> Double {
            zip(p, fractions).map { $0 * (1 - Swift.min($1, 1)) }.reduce(0, +)
        }
        ordinaryDeficit = scorable ? deficit(ordinary) : 0
        weakDeficit = scorable ? deficit(weak) : 0
        downgradeDeficit = scorable ? deficit(down) : 0
        ordinaryTopRate = ordinary.prefix(top).reduce(0, +)
        // Re-drawing from the same distribution changes the answer with probability 1 − Σp².
        let noise = config.assessorNoise
        func redraw(_ p: [Double]) -> Double {
            let change = 1 - p.map { $0 * $0 }.reduce(0, +)
            return change > 0 ? Swift.min(1, noise / change) : 0
        }
        ordinaryRedrawRate = redraw(ordinary)
        weakRedrawRate = redraw(weak)

        let subject = CriterionModel.plainPrompt(criterion.prompt)
        comments = zip(self.answers, fractions).map { answer, fraction in
            guard criterion.requiresComment(answer) else { return nil }
            if !scorable { return ["Noted: \(subject)", "Recorded as heard on the call: \(subject)"] }
            if fraction >= best - 1e-12 { return ["Done well: \(subject)", "Observed: \(subject)"] }
            if fraction <= 0 { return ["Not done: \(subject)", "Missed: \(subject)"] }
            return ["Partly done: \(subject)", "Needs work: \(subject)"]
        }
    }

    /// Draws an answer index from a cumulative distribution.
    static func draw(_ cdf: [Double], _ rng: inout SeededRandom) -> Int {
        let u = rng.unit()
        for (i, c) in cdf.enumerated() where u < c { return i }
        return cdf.count - 1
    }

    static func cumulative(_ p: [Double]) -> [Double] {
        var sum = 0.0
        let total = p.reduce(0, +)
        return p.map { value in
            sum += value
            return total > 0 ? sum / total : 1
        }
    }

    /// A prompt without its trailing question mark or full stop, for "Not done: …" comments.
    static func plainPrompt(_ prompt: String) -> String {
        var text = prompt.trimmingSpaces
        while let last = text.last, last == "?" || last == "." { text.removeLast() }
        return text.isEmpty ? "this item" : text
    }

    /// The answers worth offering for an answer type (validity is checked by the caller).
    static func candidateAnswers(for type: AnswerType) -> [AnswerValue] {
        switch type {
        case .yesNo:
            return [.yes, .no]
        case .scale(let min, let max, _):
            guard max >= min else { return [] }
            let count = max - min + 1
            if count <= 11 { return (min...max).map { .number(Double($0)) } }
            return (0...10).map { .number(Double(min + (max - min) * $0 / 10)) }
        case .choice(let options):
            return options.filter { !$0.bonus }.map { .token($0.id) }
        case .points(let max):
            guard max > 0 else { return [.number(0)] }
            if max == max.rounded(), max <= 10 { return stride(from: 0.0, through: max, by: 1).map { .number($0) } }
            return [1, 0.75, 0.5, 0.25, 0].map { .number(max >= 4 ? (max * $0).rounded(.down) : max * $0) }
        case .multiSelect(let options, _):
            let plain = options.filter { !$0.bonus }.map(\.id)
            var result: [AnswerValue] = []
            if let top = type.topAnswer { result.append(top) }
            if case .tokens(let chosen)? = type.topAnswer, chosen.count > 1 {
                for dropped in chosen { result.append(.tokens(chosen.filter { $0 != dropped })) }
            }
            for id in plain { result.append(.tokens([id])) }
            return result
        case .numeric(let ranges):
            var result: [AnswerValue] = []
            for range in ranges {
                let value: Double
                switch (range.min, range.max) {
                case (let lo?, let hi?): value = ((lo + hi) / 2).rounded(.down) >= lo ? ((lo + hi) / 2).rounded(.down) : lo
                case (let lo?, nil): value = lo + Swift.max(1, (abs(lo) * 0.5).rounded())
                case (nil, let hi?): value = hi > 0 ? (hi / 2).rounded(.down) : hi - 1
                case (nil, nil): value = 0
                }
                // Keep the value only if this range is the one that scores it (ranges are matched in order).
                if ranges.first(where: { $0.contains(value) }) == range { result.append(.number(value)) }
            }
            return result
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
