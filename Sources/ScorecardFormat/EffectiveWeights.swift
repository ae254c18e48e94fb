import QAModel

/// Each criterion's share of the total, in percent, when every criterion applies (see docs/scorecard-format.md).
///
/// - weighted with section weights: section weight / Σ section weights × criterion weight / Σ criterion weights
///   in its section; without section weights: criterion weight / Σ all criterion weights;
/// - points: possible points / Σ possible points; scaled-points: possible points × section weight / Σ of those;
/// - deduction: weight / deduction-start; question-only: weight / Σ weights;
///   section-only: section weight / Σ section weights / number of scored criteria in the section.
/// Unscored and bonus criteria get 0; sections without scored criteria drop out of the sums.
public enum EffectiveWeights {
    public static func compute(_ scorecard: Scorecard) -> [String: Double] {
        var result: [String: Double] = [:]
        for criterion in scorecard.criteria { result[criterion.id] = 0 }
        let counts = { (criterion: Criterion) in criterion.scored && !criterion.bonus }
        let sections = scorecard.sections.map { (section: $0, scored: $0.criteria.filter(counts)) }
            .filter { !$0.scored.isEmpty }
        let allScored = sections.flatMap(\.scored)
        func assign(_ value: (Criterion) -> Double, total: Double) {
            guard total > 0 else { return }
            for criterion in allScored { result[criterion.id] = value(criterion) / total * 100 }
        }
        switch scorecard.scoring {
        case .weighted:
            let sectionTotal = sections.compactMap(\.section.weight).reduce(0, +)
            if sections.allSatisfy({ $0.section.weight != nil }), sectionTotal > 0 {
                for (section, scored) in sections {
                    let share = (section.weight ?? 0) / sectionTotal
                    let inner = scored.map(\.weight).reduce(0, +)
                    guard inner > 0 else { continue }
                    for criterion in scored { result[criterion.id] = share * criterion.weight / inner * 100 }
                }
            } else {
                assign({ $0.weight }, total: allScored.map(\.weight).reduce(0, +))
            }
        case .questionOnly:
            assign({ $0.weight }, total: allScored.map(\.weight).reduce(0, +))
        case .points:
            assign({ $0.answerType.possiblePoints }, total: allScored.map(\.answerType.possiblePoints).reduce(0, +))
        case .scaledPoints:
            var total = 0.0
            var raw: [String: Double] = [:]
            for (section, scored) in sections {
                for criterion in scored {
                    let value = criterion.answerType.possiblePoints * (section.weight ?? 1)
                    raw[criterion.id] = value
                    total += value
                }
            }
            if total > 0 { for (id, value) in raw { result[id] = value / total * 100 } }
        case .sectionOnly:
            let sectionTotal = sections.map { $0.section.weight ?? 0 }.reduce(0, +)
            guard sectionTotal > 0 else { break }
            for (section, scored) in sections {
                let share = (section.weight ?? 0) / sectionTotal / Double(scored.count)
                for criterion in scored { result[criterion.id] = share * 100 }
            }
        case .deduction:
            guard scorecard.deductionStart > 0 else { break }
            for criterion in allScored { result[criterion.id] = criterion.weight / scorecard.deductionStart * 100 }
        }
        return result
    }

    /// Each section's share of the total in percent (the sum of its criteria's effective weights).
    public static func sectionShares(_ scorecard: Scorecard, weights: [String: Double]? = nil) -> [String: Double] {
        let weights = weights ?? compute(scorecard)
        var result: [String: Double] = [:]
        for section in scorecard.sections {
            result[section.id] = section.criteria.map { weights[$0.id] ?? 0 }.reduce(0, +)
        }
        return result
    }

    /// Each declared category's share of the total in percent.
    public static func categoryShares(_ scorecard: Scorecard, weights: [String: Double]? = nil) -> [String: Double] {
        let weights = weights ?? compute(scorecard)
        var result: [String: Double] = [:]
        for category in scorecard.categories { result[category.id] = 0 }
        for criterion in scorecard.criteria { result[criterion.category, default: 0] += weights[criterion.id] ?? 0 }
        return result
    }
}
