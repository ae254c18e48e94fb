import Foundation

/// Student's t distribution, in one place for every module: the two-sided critical values behind confidence
/// intervals for a mean (calibration), and the two-sided tail probability of a t statistic with whole or
/// fractional degrees of freedom (Welch's test in the coaching follow-up). Pure arithmetic.
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
        twoSidedTail(t, degreesOfFreedom: Double(df))
    }

    /// P(|T| > t) for t ≥ 0 and `degreesOfFreedom` not necessarily whole (0 for an infinite t).
    public static func twoSidedTail(_ t: Double, degreesOfFreedom v: Double) -> Double {
        guard t.isFinite else { return 0 }
        return regularizedBeta(x: v / (v + t * t), a: v / 2, b: 0.5)
    }

    /// I_x(a, b) by the continued fraction of Numerical Recipes (Lentz's method).
    public static func regularizedBeta(x: Double, a: Double, b: Double) -> Double {
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
