import Foundation
import QAModel

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
