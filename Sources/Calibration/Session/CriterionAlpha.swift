/// The measurement level a criterion's answers are compared at when computing Krippendorff's alpha.
public enum CriterionAgreementLevel: String, Hashable, Sendable, Codable {
    case nominal, ordinal, interval
}

/// Krippendorff's alpha for one criterion over calls × assessors, from per-call value counts and the
/// coincidence matrix (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability", sections A–C).
///
/// This is the small case calibration needs (a handful of distinct answers per criterion). It follows the
/// same definitions as the general `Agreement` statistics; values are category codes (nominal) or numbers.
struct CriterionAlpha {
    /// Alpha, or why it is undefined.
    enum Outcome: Equatable {
        case value(Double)
        case undefined(String)
    }

    /// `units[u]` holds the values given on unit u (missing ratings left out).
    static func compute(units: [[Double]], level: CriterionAgreementLevel) -> Outcome {
        var categories = Set<Double>()
        for unit in units where unit.count >= 2 { categories.formUnion(unit) }
        let values = categories.sorted()
        guard !values.isEmpty else {
            return .undefined("no call was answered by two or more assessors")
        }
        let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
        let k = values.count
        var o = [Double](repeating: 0, count: k * k)
        var counts = [Double](repeating: 0, count: k)
        for unit in units where unit.count >= 2 {
            for i in counts.indices { counts[i] = 0 }
            for v in unit { if let c = index[v] { counts[c] += 1 } }
            let m = Double(unit.count)
            for c in 0..<k where counts[c] > 0 {
                for e in 0..<k where counts[e] > 0 {
                    let pairs = c == e ? counts[c] * (counts[c] - 1) : counts[c] * counts[e]
                    o[c * k + e] += pairs / (m - 1)
                }
            }
        }
        var n = [Double](repeating: 0, count: k)
        for c in 0..<k { for e in 0..<k { n[c] += o[c * k + e] } }
        let total = n.reduce(0, +)
        guard k >= 2 else {
            return .undefined("every assessor gave the same answer on every call, so there is no variation to measure agreement against")
        }
        func delta(_ c: Int, _ e: Int) -> Double {
            if c == e { return 0 }
            switch level {
            case .nominal: return 1
            case .interval:
                let d = values[c] - values[e]
                return d * d
            case .ordinal:
                let (a, b) = c < e ? (c, e) : (e, c)
                var s = 0.0
                for g in a...b { s += n[g] }
                s -= (n[a] + n[b]) / 2
                return s * s
            }
        }
        var observed = 0.0, expected = 0.0
        for c in 0..<k {
            for e in 0..<k where c != e {
                let d = delta(c, e)
                observed += o[c * k + e] * d
                expected += n[c] * n[e] * d
            }
        }
        guard expected > 0, total > 1 else {
            return .undefined("there is not enough variation in the answers to measure agreement")
        }
        return .value(1 - (total - 1) * observed / expected)
    }
}
