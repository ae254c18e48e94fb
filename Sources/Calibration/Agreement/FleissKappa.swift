/// Fleiss' kappa (Fleiss 1971) for nominal ratings where every unit was rated by every rater.
///
/// kappa = (P̄ − P_e) / (1 − P_e): P̄ the mean over units of the share of agreeing rater pairs,
/// P_e = Σ_j p_j², p_j the share of all ratings in category j.
public enum FleissKappa {
    public static func compute(_ table: RatingsTable) -> Statistic {
        compute(RatingsCounts(table: table, gather: .init(raters: false, icc: false)))
    }

    static func compute(_ table: RatingsCounts) -> Statistic {
        let counts = table.units
        let m = table.raterCount
        guard m >= 2 else { return .undefined(reason: "there are fewer than two raters, so there is nothing to compare") }
        guard table.unitCount > 0 else { return .undefined(reason: "the table has no units") }
        let incomplete = table.unitCount - (0..<counts.unitCount).reduce(0) { counts.ratings[$1] == m ? $0 + 1 : $0 }
        guard incomplete == 0 else {
            return .undefined(reason: "Fleiss' kappa needs every rater to rate every unit; \(incomplete) of \(table.unitCount) units have missing ratings")
        }
        var share = [Double](repeating: 0, count: table.categories.count)
        var agreeing = 0.0
        for u in 0..<counts.unitCount {
            var same = 0.0
            for i in counts.start[u]..<counts.start[u + 1] {
                let c = Double(counts.count[i])
                same += c * c
                share[Int(counts.category[i])] += c
            }
            agreeing += (same - Double(m)) / Double(m * (m - 1))
        }
        let n = Double(counts.unitCount)
        let observed = agreeing / n
        let chance = share.reduce(0) { let p = $1 / (n * Double(m)); return $0 + p * p }
        guard chance < 1 else {
            return .undefined(reason: "every rating is in the same category, so agreement by chance is 100%")
        }
        return .value((observed - chance) / (1 - chance))
    }
}
