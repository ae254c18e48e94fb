/// How one rater agrees with all the others, from every pair (this rater's rating, another rater's rating of the
/// same unit): the share of those pairs that agree, and Cohen's kappa of that pooled table of pairs (chance from
/// this rater's spread of answers against the others').
///
/// Linear in the table's size (it comes from per-unit counts), so it replaces the pairwise Cohen's kappas in the
/// default report: 50 raters are 50 figures, not 1,225 pairs. With two raters it is their Cohen's kappa.
public struct RaterAgreement: Hashable, Sendable, Encodable {
    public let rater: String
    /// Pairs of this rater's rating with another rater's rating of the same unit.
    public let pairs: Int
    /// The share of those pairs giving the same rating.
    public let agreement: Statistic
    /// Cohen's kappa (unweighted) of those pairs.
    public let kappa: Statistic

    /// One figure per rater, in column order.
    static func all(_ counts: RatingsCounts) -> [RaterAgreement]? {
        guard let p = counts.raterParts else { return nil }
        return counts.raterNames.indices.map { r in
            let name = counts.raterNames[r]
            let pairs = p.pairs[r]
            guard pairs > 0 else {
                let reason = "\(name) rated no unit that another rater also rated"
                return RaterAgreement(rater: name, pairs: 0, agreement: .undefined(reason: reason), kappa: .undefined(reason: reason))
            }
            let n = Double(pairs)
            let observed = Double(p.agreeing[r]) / n
            var chance = 0.0
            for c in 0..<counts.categories.count {
                let own = p.own[r * p.categories + c]
                guard own > 0 else { continue }
                let others = p.others(r, c)
                chance += Double(own) / n * (Double(others) / n)
            }
            let kappa: Statistic = chance < 1 ? .value((observed - chance) / (1 - chance))
                : .undefined(reason: "\(name) and the raters on the same units used only one answer, so agreement by chance is 100%")
            return RaterAgreement(rater: name, pairs: pairs, agreement: .value(observed), kappa: kappa)
        }
    }
}
