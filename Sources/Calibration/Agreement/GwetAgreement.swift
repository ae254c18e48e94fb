/// The weights Gwet's AC2 gives a pair of categories k, l (1 = full agreement, 0 = none), as in
/// K. Gwet's irrCAC package, over the categories that occur in the table (sorted).
public enum AgreementWeights: String, Hashable, Sendable, Codable {
    /// 1 when k = l, else 0 (gives AC1 and plain percent agreement).
    case identity
    /// 1 − (x_k − x_l)² / (max − min)²: irrCAC `quadratic.weights`, used at the interval level.
    case quadratic
    /// 1 − d(d+1)/2 ÷ q(q−1)/2 with d = |rank k − rank l|: irrCAC `ordinal.weights`, used at the ordinal
    /// level. Not Krippendorff's ordinal metric: it ignores how often each category was used.
    case ordinal
    /// 1 − ((x_k − x_l)/(x_k + x_l))² ÷ its maximum: irrCAC `ratio.weights`, used at the ratio level.
    case ratio

    /// The weights that go with a level of measurement.
    public init(level: AgreementLevel) {
        switch level {
        case .nominal: self = .identity
        case .ordinal: self = .ordinal
        case .interval: self = .quadratic
        case .ratio: self = .ratio
        }
    }
}

/// Percent agreement and Gwet's AC1/AC2 as computed by irrCAC's `pa.coeff.raw` and `gwet.ac1.raw`
/// (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.).
///
/// Percent agreement p_a: for each unit with two or more ratings, the share of ordered pairs of its
/// ratings (from different raters) that agree (weighted for AC2), averaged over those units.
/// AC = (p_a − p_e) / (1 − p_e) with p_e = (Σ_kl w_kl) / (q(q−1)) · Σ_k π_k (1 − π_k), where π_k is the
/// average over units of the share of the unit's ratings in category k.
public struct GwetAgreement: Hashable, Sendable {
    public let weights: AgreementWeights
    /// Weighted percent agreement p_a (plain percent agreement with identity weights).
    public let percentAgreement: Statistic
    /// p_e, Gwet's chance agreement.
    public let chanceAgreement: Statistic
    /// AC1 (identity weights) or AC2 (other weights).
    public let coefficient: Statistic

    public init(table: RatingsTable, weights: AgreementWeights) {
        self.init(counts: UnitCategoryCounts(table), categories: table.categories, raterCount: table.raterCount,
                  weights: weights)
    }

    init(counts: UnitCategoryCounts, categories: [Double], raterCount: Int, weights: AgreementWeights) {
        self.weights = weights
        let q = categories.count
        let low = categories.first ?? 0, high = categories.last ?? 0
        let range = high - low
        let halfPairs = Double(q * (q - 1)) / 2
        let ratioMax = KrippendorffAlpha.ratioDelta(low, high)
        func weight(_ k: Int, _ l: Int) -> Double {
            if k == l { return 1 }
            switch weights {
            case .identity: return 0
            case .quadratic: let d = categories[k] - categories[l]; return 1 - d * d / (range * range)
            case .ordinal: let d = Double(abs(k - l)); return 1 - d * (d + 1) / 2 / halfPairs
            case .ratio: return 1 - KrippendorffAlpha.ratioDelta(categories[k], categories[l]) / ratioMax
            }
        }
        if weights == .ratio, low < 0 {
            let reason = "ratio weights need ratings of zero or more, and some are negative"
            (percentAgreement, chanceAgreement, coefficient) = (.undefined(reason: reason), .undefined(reason: reason), .undefined(reason: reason))
            return
        }

        // p_a over units with two or more ratings; π_k over units with at least one.
        var agreementSum = 0.0, pairableUnits = 0
        var pi = [Double](repeating: 0, count: q)
        for u in 0..<counts.unitCount {
            let m = Double(counts.ratings[u])
            let runs = counts.start[u]..<counts.start[u + 1]
            for i in runs { pi[Int(counts.category[i])] += Double(counts.count[i]) / m }
            guard counts.ratings[u] >= 2 else { continue }
            pairableUnits += 1
            var weighted = 0.0  // Σ_kl w_kl r_k r_l
            switch weights {
            case .identity:
                for i in runs { let c = Double(counts.count[i]); weighted += c * c }
            case .quadratic:
                var sum = 0.0
                for i in runs { sum += Double(counts.count[i]) * categories[Int(counts.category[i])] }
                let mean = sum / m
                var spread = 0.0
                for i in runs { let d = categories[Int(counts.category[i])] - mean; spread += Double(counts.count[i]) * d * d }
                weighted = m * m - 2 * m * spread / (range * range)
            case .ordinal, .ratio:
                for i in runs {
                    let ci = Double(counts.count[i])
                    weighted += ci * ci
                    for j in runs where j > i {
                        weighted += 2 * ci * Double(counts.count[j]) * weight(Int(counts.category[i]), Int(counts.category[j]))
                    }
                }
            }
            agreementSum += (weighted - m) / (m * (m - 1))
        }
        guard raterCount >= 2, pairableUnits > 0 else {
            let reason = raterCount < 2 ? "there are fewer than two raters, so there is nothing to compare"
                : "no unit has two or more ratings, so no two ratings can be compared"
            (percentAgreement, chanceAgreement, coefficient) = (.undefined(reason: reason), .undefined(reason: reason), .undefined(reason: reason))
            return
        }
        let pa = agreementSum / Double(pairableUnits)
        percentAgreement = .value(pa)
        guard q >= 2 else {
            let reason = "only one category was used, so agreement by chance cannot be told apart from real agreement"
            (chanceAgreement, coefficient) = (.undefined(reason: reason), .undefined(reason: reason))
            return
        }
        let units = Double(counts.unitCount)
        var spread = 0.0
        for k in 0..<q { let p = pi[k] / units; spread += p * (1 - p) }
        var weightSum = 0.0
        switch weights {
        case .identity:
            weightSum = Double(q)
        case .quadratic:
            let mean = categories.reduce(0, +) / Double(q)
            let squares = categories.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            weightSum = Double(q * q) - 2 * Double(q) * squares / (range * range)
        case .ordinal:
            weightSum = Double(q * q)
            for d in 1..<q { weightSum -= 2 * Double(q - d) * Double(d * (d + 1)) / 2 / halfPairs }
        case .ratio:
            for k in 0..<q { for l in 0..<q { weightSum += weight(k, l) } }
        }
        let pe = weightSum / Double(q * (q - 1)) * spread
        chanceAgreement = .value(pe)
        coefficient = .finite((pa - pe) / (1 - pe), otherwise: "chance agreement is 100%")
    }
}
