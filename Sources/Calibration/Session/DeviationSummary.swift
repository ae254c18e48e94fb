import Foundation

/// Summary statistics of a list of deviations from a reference: mean, spread and a 95% confidence interval
/// for the mean (Student's t), as used by the lenient/severe rule of `qa calibrate`.
public struct DeviationSummary: Hashable, Sendable, Codable {
    public var count: Int
    /// Mean signed deviation (positive = above the reference).
    public var mean: Double
    /// Mean of the absolute deviations.
    public var meanAbsolute: Double
    /// Sample standard deviation (n − 1); `nil` with fewer than 2 values.
    public var standardDeviation: Double?
    /// Lower and upper ends of the 95% confidence interval for the mean; `nil` with fewer than 2 values.
    public var ciLower: Double?
    public var ciUpper: Double?

    /// Summarises the values; `nil` when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        count = values.count
        mean = values.reduce(0, +) / n
        meanAbsolute = values.reduce(0) { $0 + abs($1) } / n
        if values.count >= 2 {
            let m = mean
            let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
            let sd = variance.squareRoot()
            standardDeviation = sd
            let half = StudentT.twoSidedCritical(confidence: 0.95, degreesOfFreedom: values.count - 1) * sd / n.squareRoot()
            ciLower = mean - half
            ciUpper = mean + half
        } else {
            standardDeviation = nil
            ciLower = nil
            ciUpper = nil
        }
    }

    /// Whether the 95% interval lies wholly above (1) or below (−1) zero; 0 when it includes zero or is unknown.
    public var ciSide: Int {
        guard let lo = ciLower, let hi = ciUpper else { return 0 }
        if lo > 0 { return 1 }
        if hi < 0 { return -1 }
        return 0
    }
}

/// Student's t distribution: the two-sided critical values behind confidence intervals for a mean.
public enum StudentT {
    /// The value t with P(|T| > t) = 1 − confidence for `degreesOfFreedom` (e.g. 2.776 for 95% and 4).
    public static func twoSidedCritical(confidence: Double, degreesOfFreedom df: Int) -> Double {
        precondition(df >= 1 && confidence > 0 && confidence < 1)
        let alpha = 1 - confidence
        var lo = 0.0, hi = 1.0
        while twoSidedTail(hi, df) > alpha { hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if twoSidedTail(mid, df) > alpha { lo = mid } else { hi = mid }
            if hi - lo < 1e-12 { break }
        }
        return (lo + hi) / 2
    }

    /// P(|T| > t) for t ≥ 0: the regularized incomplete beta I_{df/(df+t²)}(df/2, 1/2).
    static func twoSidedTail(_ t: Double, _ df: Int) -> Double {
        let v = Double(df)
        return regularizedBeta(x: v / (v + t * t), a: v / 2, b: 0.5)
    }

    /// I_x(a, b) by the continued fraction of Numerical Recipes (Lentz's method).
    static func regularizedBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return h
    }
}
