import QAModel

extension ScoringPlan {
    /// Each criterion's effective weight, in plan order: its share of the total (0–1) when every criterion
    /// applies — how far the total moves, over 100, when that criterion alone goes from an answer that earns
    /// nothing to full credit while the others are held. Unscored and bonus criteria weigh 0. This is the one
    /// figure `qa scorecard show`, coaching plans, the evaluator and sample data use; it comes from the
    /// kernel's own tally (in exact arithmetic), so it cannot disagree with the scorer.
    public var effectiveWeights: [Double] { exactEffectiveWeights.map(\.doubleValue) }

    /// The effective weights as exact numbers.
    var exactEffectiveWeights: [ExactNumber] {
        let slots = facts.map { fact in
            fact.scored ? AnswerSlot(state: .answered, earnedPoints: 0, failing: false, defaulted: false) : .inapplicable
        }
        return exactTally(slots: slots, earned: ExactEarnedPoints(values: exactConstants.possible),
                          zeroed: [Bool](repeating: false, count: sectionRanges.count), withShares: true).shares
    }

    /// Criterion id → effective weight in percent of the total (see `effectiveWeights`).
    public var effectiveWeightPercentages: [String: Double] {
        var result: [String: Double] = [:]
        for (i, weight) in exactEffectiveWeights.enumerated() { result[criteria[i].id] = (ExactNumber(100) * weight).doubleValue }
        return result
    }
}
