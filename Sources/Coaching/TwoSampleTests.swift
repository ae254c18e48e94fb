import Foundation
import QAModel

/// The two-sample tests behind a coaching follow-up (pure arithmetic, no I/O): Fisher's exact test for a
/// yes/no-like criterion's full-credit counts before and after a one-to-one, and Welch's t-test for a graded
/// criterion's mean earned share. See `docs/coaching.md` ("Follow-up of a one-to-one") for why these two.
public enum TwoSampleTests {
    /// Fisher's exact test, two-sided, of the 2×2 table
    /// `[[a, b], [c, d]]` (rows: before/after; columns: full credit / not): the probability, under the
    /// hypergeometric distribution with the table's margins fixed, of every table at most as likely as the
    /// observed one (the usual two-sided rule of R's `fisher.test` and SciPy's `fisher_exact`). 1 when a
    /// margin is empty.
    public static func fisherExact(_ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Double {
        guard a >= 0, b >= 0, c >= 0, d >= 0 else { return 1 }
        let row1 = a + b, row2 = c + d, col1 = a + c
        let n = row1 + row2
        guard row1 > 0, row2 > 0, col1 > 0, col1 < n else { return 1 }
        func logChoose(_ n: Int, _ k: Int) -> Double {
            let top: Double = lgamma(Double(n + 1))
            let left: Double = lgamma(Double(k + 1))
            let right: Double = lgamma(Double(n - k + 1))
            return top - left - right
        }
        let logTotal = logChoose(n, col1)
        func probability(_ x: Int) -> Double {
            exp(logChoose(row1, x) + logChoose(row2, col1 - x) - logTotal)
        }
        let observed = probability(a)
        var p = 0.0
        for x in max(0, col1 - row2)...min(row1, col1) {
            let px = probability(x)
            // Relative tolerance as in R, so tables exactly as likely as the observed one are not lost to rounding.
            if px <= observed * (1 + 1e-7) { p += px }
        }
        return min(1, p)
    }

    /// Welch's unequal-variances t-test of two samples' means.
    public struct WelchResult: Hashable, Sendable {
        /// (mean of `after` − mean of `before`) / standard error.
        public var t: Double
        /// The Welch–Satterthwaite degrees of freedom.
        public var degreesOfFreedom: Double
        /// Two-sided p-value.
        public var p: Double
    }

    /// Welch's t-test of `after` against `before` (each at least 2 values; nil otherwise). When neither sample
    /// varies, the means either agree (p = 1) or differ with no noise at all (p = 0, t infinite).
    public static func welch(before: [Double], after: [Double]) -> WelchResult? {
        guard before.count >= 2, after.count >= 2 else { return nil }
        let (m1, v1) = meanAndVariance(before)
        let (m2, v2) = meanAndVariance(after)
        let n1 = Double(before.count), n2 = Double(after.count)
        let s1 = v1 / n1, s2 = v2 / n2
        let se2 = s1 + s2
        let difference = m2 - m1
        guard se2 > 1e-15 else {
            let same = abs(difference) < 1e-12
            return WelchResult(t: same ? 0 : (difference > 0 ? .infinity : -.infinity),
                               degreesOfFreedom: n1 + n2 - 2, p: same ? 1 : 0)
        }
        let t = difference / se2.squareRoot()
        let df = se2 * se2 / (s1 * s1 / (n1 - 1) + s2 * s2 / (n2 - 1))
        return WelchResult(t: t, degreesOfFreedom: df, p: studentTwoSidedTail(abs(t), df))
    }

    /// Mean and sample variance (n − 1).
    static func meanAndVariance(_ values: [Double]) -> (Double, Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1) : 0
        return (mean, variance)
    }

    /// P(|T| > t) for Student's t with `df` (not necessarily whole) degrees of freedom (QAModel's `StudentT`).
    static func studentTwoSidedTail(_ t: Double, _ df: Double) -> Double {
        StudentT.twoSidedTail(t, degreesOfFreedom: df)
    }
}
