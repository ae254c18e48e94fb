/// Cohen's kappa for one pair of raters on the units both rated: unweighted, linear and quadratic.
///
/// kappa_w = (p_o − p_e) / (1 − p_e), p_o = Σ w_ij p_ij observed, p_e = Σ w_ij p_i. p_.j by chance.
/// Weights go by the ORDER of the categories that occur in this pair's data (as R irr `kappa2` and
/// scikit-learn `cohen_kappa_score` do): with K categories in rank order i, j = 0…K−1, linear
/// w = 1 − |i − j| / (K − 1), quadratic w = 1 − (i − j)² / (K − 1)². So 4 → 6 is one step when 5 is
/// never used by this pair.
public struct CohenKappa: Hashable, Sendable, Encodable {
    public let raterA: String
    public let raterB: String
    /// Units both raters rated.
    public let units: Int
    public let unweighted: Statistic
    public let linear: Statistic
    public let quadratic: Statistic

    /// Kappa for every pair of raters in `table` (A before B in column order).
    public static func allPairs(_ table: RatingsTable) -> [CohenKappa] {
        var result: [CohenKappa] = []
        var scratch = PairScratch(categoryCount: table.categories.count)
        for a in 0..<table.raterCount {
            for b in (a + 1)..<max(a + 1, table.raterCount) {
                result.append(CohenKappa(table: table, raterA: a, raterB: b, scratch: &scratch))
            }
        }
        return result
    }

    /// Kappa for raters `raterA` and `raterB` (column indices) of `table`.
    public init(table: RatingsTable, raterA: Int, raterB: Int) {
        var scratch = PairScratch(categoryCount: table.categories.count)
        self.init(table: table, raterA: raterA, raterB: raterB, scratch: &scratch)
    }

    struct PairScratch {
        var rank: [Int32]
        init(categoryCount: Int) { rank = [Int32](repeating: -1, count: categoryCount) }
    }

    init(table: RatingsTable, raterA a: Int, raterB b: Int, scratch: inout PairScratch) {
        raterA = table.raterNames[a]
        raterB = table.raterNames[b]
        let raters = table.raterCount
        var pairs: [(Int32, Int32)] = []
        var used: [Int32] = []
        for u in 0..<table.unitCount {
            let x = table.codes[u * raters + a], y = table.codes[u * raters + b]
            guard x >= 0, y >= 0 else { continue }
            pairs.append((x, y))
            if scratch.rank[Int(x)] < 0 { scratch.rank[Int(x)] = 0; used.append(x) }
            if scratch.rank[Int(y)] < 0 { scratch.rank[Int(y)] = 0; used.append(y) }
        }
        used.sort()
        for (i, c) in used.enumerated() { scratch.rank[Int(c)] = Int32(i) }
        defer { for c in used { scratch.rank[Int(c)] = -1 } }
        units = pairs.count
        let k = used.count
        guard units > 0 else {
            let reason = "no unit was rated by both \(raterA) and \(raterB)"
            (unweighted, linear, quadratic) = (.undefined(reason: reason), .undefined(reason: reason), .undefined(reason: reason))
            return
        }
        guard k >= 2 else {
            let reason = "\(raterA) and \(raterB) used only one category between them, so agreement by chance is 100%"
            (unweighted, linear, quadratic) = (.undefined(reason: reason), .undefined(reason: reason), .undefined(reason: reason))
            return
        }
        let n = Double(units), steps = Double(k - 1)
        var rowShare = [Double](repeating: 0, count: k), columnShare = [Double](repeating: 0, count: k)
        var same = 0.0, absolute = 0.0, squared = 0.0
        for (x, y) in pairs {
            let i = Int(scratch.rank[Int(x)]), j = Int(scratch.rank[Int(y)])
            rowShare[i] += 1 / n
            columnShare[j] += 1 / n
            let d = Double(i - j)
            if i == j { same += 1 }
            absolute += abs(d)
            squared += d * d
        }
        // Chance: E|I − J| and E(I − J)² for independent I ~ rowShare, J ~ columnShare.
        var chanceSame = 0.0, meanI = 0.0, meanJ = 0.0, squareI = 0.0, squareJ = 0.0
        for i in 0..<k {
            chanceSame += rowShare[i] * columnShare[i]
            meanI += Double(i) * rowShare[i]; squareI += Double(i * i) * rowShare[i]
            meanJ += Double(i) * columnShare[i]; squareJ += Double(i * i) * columnShare[i]
        }
        var chanceAbsolute = 0.0
        var massBelow = 0.0, momentBelow = 0.0  // Σ_{j<i} q_j, Σ_{j<i} j q_j
        var massAbove = columnShare.reduce(0, +), momentAbove = meanJ  // Σ_{j>i} q_j, Σ_{j>i} j q_j (after the update)
        for i in 0..<k {
            massAbove -= columnShare[i]; momentAbove -= Double(i) * columnShare[i]
            let fi = Double(i)
            chanceAbsolute += rowShare[i] * (fi * massBelow - momentBelow + momentAbove - fi * massAbove)
            massBelow += columnShare[i]; momentBelow += fi * columnShare[i]
        }
        let chanceSquared = squareI - 2 * meanI * meanJ + squareJ
        let chanceReason = "agreement by chance between \(raterA) and \(raterB) is 100%"
        func kappa(observed: Double, chance: Double) -> Statistic {
            chance < 1 ? .value((observed - chance) / (1 - chance)) : .undefined(reason: chanceReason)
        }
        unweighted = kappa(observed: same / n, chance: chanceSame)
        linear = kappa(observed: 1 - absolute / n / steps, chance: 1 - chanceAbsolute / steps)
        quadratic = kappa(observed: 1 - squared / n / (steps * steps), chance: 1 - chanceSquared / (steps * steps))
    }
}
