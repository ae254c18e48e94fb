/// Krippendorff's alpha with the detail behind it, as in Krippendorff (2011) "Computing
/// Krippendorff's Alpha-Reliability".
///
/// alpha = 1 − D_o / D_e: observed disagreement within units over the disagreement expected if the
/// same ratings were paired at random. Units with fewer than two ratings are left out (their values
/// are not pairable).
public struct KrippendorffAlpha: Hashable, Sendable {
    public let level: AgreementLevel
    public let alpha: Statistic
    /// n: ratings in units with at least two ratings.
    public let pairableValues: Int
    /// Units with at least two ratings.
    public let pairableUnits: Int
    /// D_o, the observed disagreement (mean δ² over the coincidence matrix); nil when there are no pairable values.
    public let observedDisagreement: Double?
    /// D_e, the expected disagreement; nil when there are no pairable values.
    public let expectedDisagreement: Double?

    /// Alpha of `table` at `level`.
    public init(table: RatingsTable, level: AgreementLevel) {
        let counts = UnitCategoryCounts(table)
        self = KrippendorffAlpha(counts: counts, categories: table.categories, raterCount: table.raterCount,
                                 level: level, multiplicity: nil)
    }

    /// Alpha from per-unit counts; `multiplicity[i]` repeats stored unit `i` (a bootstrap resample).
    init(counts: UnitCategoryCounts, categories: [Double], raterCount: Int, level: AgreementLevel,
         multiplicity: [Int32]?) {
        self.level = level
        let sums = KrippendorffAlpha.sums(counts: counts, categories: categories, level: level,
                                          multiplicity: multiplicity)
        pairableValues = Int(sums.n)
        pairableUnits = sums.units
        if sums.n > 0 {
            observedDisagreement = sums.observed / sums.n
            expectedDisagreement = sums.n > 1 ? sums.expected / (sums.n * (sums.n - 1)) : nil
        } else {
            observedDisagreement = nil
            expectedDisagreement = nil
        }
        if raterCount < 2 {
            alpha = .undefined(reason: "there are fewer than two raters, so there is nothing to compare")
        } else if sums.n == 0 {
            alpha = .undefined(reason: "no unit has two or more ratings, so there are no pairable values to compare")
        } else if let reason = sums.invalid {
            alpha = .undefined(reason: reason)
        } else if sums.distinct < 2 {
            alpha = .undefined(reason: "every pairable rating has the same value, so there is no variation to measure agreement against")
        } else {
            alpha = .finite(1 - (sums.n - 1) * sums.observed / sums.expected,
                            otherwise: "the expected disagreement is zero")
        }
    }

    struct Sums {
        var n = 0.0           // pairable values
        var units = 0         // pairable units (with multiplicity)
        var observed = 0.0    // Σ_u Σ_{i≠j in u} δ² / (m_u − 1)  (= Σ o_ck δ²_ck)
        var expected = 0.0    // Σ_{c,k} n_c n_k δ²_ck
        var distinct = 0      // categories with n_c > 0
        var invalid: String?
    }

    static func sums(counts: UnitCategoryCounts, categories: [Double], level: AgreementLevel,
                     multiplicity: [Int32]?) -> Sums {
        var s = Sums()
        // Marginals n_c over pairable units.
        var marginal = [Double](repeating: 0, count: categories.count)
        for u in 0..<counts.unitCount where counts.ratings[u] >= 2 {
            let w = multiplicity.map { Double($0[u]) } ?? 1
            guard w > 0 else { continue }
            s.units += Int(w)
            for i in counts.start[u]..<counts.start[u + 1] {
                marginal[Int(counts.category[i])] += w * Double(counts.count[i])
            }
        }
        s.n = marginal.reduce(0, +)
        s.distinct = marginal.reduce(0) { $1 > 0 ? $0 + 1 : $0 }
        guard s.n > 0, s.distinct >= 2 else { return s }

        switch level {
        case .nominal:
            // δ² = 1 when c ≠ k: per unit m² − Σ n_uc²; expected n² − Σ n_c².
            s.expected = s.n * s.n - marginal.reduce(0) { $0 + $1 * $1 }
            forEachPairableUnit(counts, multiplicity) { u, m, w in
                var same = 0.0
                for i in counts.start[u]..<counts.start[u + 1] { let c = Double(counts.count[i]); same += c * c }
                s.observed += w * (m * m - same) / (m - 1)
            }
        case .interval, .ordinal:
            // δ² = (x_c − x_k)²; ordinal uses x_c = mid-rank position of c among the pairable values,
            // x_c = Σ_{g<c} n_g + n_c/2, because Σ_{g=c..k} n_g − (n_c + n_k)/2 = x_k − x_c.
            var x = categories
            if level == .ordinal {
                var below = 0.0
                for c in marginal.indices { x[c] = below + marginal[c] / 2; below += marginal[c] }
            }
            // Ordered pairs: Σ_{i,j} (x_i − x_j)² = 2 m Σ (x_i − mean)².
            var total = 0.0
            for c in marginal.indices { total += marginal[c] * x[c] }
            let mean = total / s.n
            var spread = 0.0
            for c in marginal.indices { let d = x[c] - mean; spread += marginal[c] * d * d }
            s.expected = 2 * s.n * spread
            forEachPairableUnit(counts, multiplicity) { u, m, w in
                let range = counts.start[u]..<counts.start[u + 1]
                var sum = 0.0
                for i in range { sum += Double(counts.count[i]) * x[Int(counts.category[i])] }
                let unitMean = sum / m
                var within = 0.0
                for i in range { let d = x[Int(counts.category[i])] - unitMean; within += Double(counts.count[i]) * d * d }
                s.observed += w * 2 * m * within / (m - 1)
            }
        case .ratio:
            guard (categories.first ?? 0) >= 0 else {
                s.invalid = "the ratio level needs ratings of zero or more, and some are negative; use --level interval"
                return s
            }
            // δ² = ((c − k)/(c + k))², no shortcut: pairs of distinct categories (O(V²) expected part).
            let used = marginal.indices.filter { marginal[$0] > 0 }
            for a in used.indices {
                for b in used.indices where b > a {
                    s.expected += 2 * marginal[used[a]] * marginal[used[b]] * ratioDelta(categories[used[a]], categories[used[b]])
                }
            }
            forEachPairableUnit(counts, multiplicity) { u, m, w in
                let range = counts.start[u]..<counts.start[u + 1]
                var pairs = 0.0
                for i in range {
                    for j in range where j > i {
                        pairs += Double(counts.count[i]) * Double(counts.count[j])
                            * ratioDelta(categories[Int(counts.category[i])], categories[Int(counts.category[j])])
                    }
                }
                s.observed += w * 2 * pairs / (m - 1)
            }
        }
        return s
    }

    static func ratioDelta(_ c: Double, _ k: Double) -> Double {
        let sum = c + k
        guard sum != 0 else { return 0 }
        let r = (c - k) / sum
        return r * r
    }

    private static func forEachPairableUnit(_ counts: UnitCategoryCounts, _ multiplicity: [Int32]?,
                                            _ body: (_ unit: Int, _ ratings: Double, _ weight: Double) -> Void) {
        for u in 0..<counts.unitCount where counts.ratings[u] >= 2 {
            let w = multiplicity.map { Double($0[u]) } ?? 1
            if w > 0 { body(u, Double(counts.ratings[u]), w) }
        }
    }
}
