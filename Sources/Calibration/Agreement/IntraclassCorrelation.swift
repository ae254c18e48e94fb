/// The six intraclass correlations of Shrout & Fleiss (1979), on the units every rater scored.
///
/// From a two-way analysis of variance of n units × k raters: BMS (between units), JMS (between
/// raters), EMS (residual) and WMS (within units) mean squares.
/// ICC1 = (BMS − WMS)/(BMS + (k−1)WMS); ICC2 = (BMS − EMS)/(BMS + (k−1)EMS + k(JMS − EMS)/n);
/// ICC3 = (BMS − EMS)/(BMS + (k−1)EMS); ICC1k = (BMS − WMS)/BMS; ICC2k = (BMS − EMS)/(BMS + (JMS − EMS)/n);
/// ICC3k = (BMS − EMS)/BMS. The "k" forms are the reliability of the mean of the k raters.
public struct IntraclassCorrelation: Hashable, Sendable, Encodable {
    /// Units scored by every rater (the units used).
    public let units: Int
    public let raters: Int
    public let icc1: Statistic
    public let icc2: Statistic
    public let icc3: Statistic
    public let icc1k: Statistic
    public let icc2k: Statistic
    public let icc3k: Statistic

    enum CodingKeys: String, CodingKey {
        case units, raters
        case icc1 = "ICC1", icc2 = "ICC2", icc3 = "ICC3", icc1k = "ICC1k", icc2k = "ICC2k", icc3k = "ICC3k"
    }

    /// All six forms as (JSON key, value) in order.
    public var forms: [(name: String, value: Statistic)] {
        [("ICC1", icc1), ("ICC2", icc2), ("ICC3", icc3), ("ICC1k", icc1k), ("ICC2k", icc2k), ("ICC3k", icc3k)]
    }

    public init(table: RatingsTable) {
        let counts = RatingsCounts(table: table, gather: .init(raters: false, icc: true))
        self.init(sums: counts.iccSums ?? ICCSums(columnSums: []), raters: table.raterCount)
    }

    /// From sums gathered unit by unit (`RatingsCountsBuilder`): rowSS = k Σ (unit mean − grand mean)², the
    /// total SS = within-unit SS + rowSS, columnSS = n Σ (rater mean − grand mean)².
    init(sums: ICCSums, raters k: Int) {
        raters = k
        let n = sums.units
        units = n
        func all(_ reason: String) -> [Statistic] { Array(repeating: .undefined(reason: reason), count: 6) }
        var result: [Statistic]
        if k < 2 {
            result = all("there are fewer than two raters")
        } else if n < 2 {
            result = all("fewer than two units were scored by every rater (\(n) were)")
        } else {
            let fn = Double(n), fk = Double(k)
            let grand = sums.meanOfMeans
            let rowSS = fk * sums.spreadOfMeans
            var columnSS = 0.0
            for s in sums.columnSums { let mean = s / fn; columnSS += fn * (mean - grand) * (mean - grand) }
            let bms = rowSS / (fn - 1)
            let jms = columnSS / (fk - 1)
            let ems = max(0, sums.within - columnSS) / ((fn - 1) * (fk - 1))
            let wms = max(0, sums.within) / (fn * (fk - 1))
            func ratio(_ top: Double, _ bottom: Double) -> Statistic {
                bottom > 0 && top.isFinite ? .value(top / bottom)
                    : .undefined(reason: "the scores do not vary between units, so there is no variance to share")
            }
            result = [
                ratio(bms - wms, bms + (fk - 1) * wms),
                ratio(bms - ems, bms + (fk - 1) * ems + fk * (jms - ems) / fn),
                ratio(bms - ems, bms + (fk - 1) * ems),
                ratio(bms - wms, bms),
                ratio(bms - ems, bms + (jms - ems) / fn),
                ratio(bms - ems, bms),
            ]
        }
        (icc1, icc2, icc3, icc1k, icc2k, icc3k) = (result[0], result[1], result[2], result[3], result[4], result[5])
    }
}
