/// The two control charts `qa drift` runs on an assessor's standardized per-period deviations: an EWMA chart
/// with time-varying limits and a two-sided tabular CUSUM (Montgomery, "Introduction to Statistical Quality
/// Control", sections 9.1 and 9.2). Inputs are in σ units, so the target is 0 and σ is 1.
public enum ControlCharts {
    /// One EWMA point: the smoothed statistic and its control limit (the chart signals when |value| > limit).
    public struct EWMAPoint: Hashable, Sendable, Codable {
        public var value: Double
        public var limit: Double
    }

    /// One CUSUM point: the upper (drifting up) and lower (drifting down) sums; a signal when either > h.
    public struct CUSUMPoint: Hashable, Sendable, Codable {
        public var upper: Double
        public var lower: Double
    }

    /// Zₜ = λ·zₜ + (1 − λ)·Zₜ₋₁ with Z₀ = 0, limits ±L·√(λ/(2 − λ)·(1 − (1 − λ)^{2t})).
    public static func ewma(_ z: [Double], lambda: Double, L: Double) -> [EWMAPoint] {
        var previous = 0.0
        var decay = 1.0
        return z.map { value in
            previous = lambda * value + (1 - lambda) * previous
            decay *= (1 - lambda) * (1 - lambda)
            return EWMAPoint(value: previous, limit: L * (lambda / (2 - lambda) * (1 - decay)).squareRoot())
        }
    }

    /// C⁺ₜ = max(0, C⁺ₜ₋₁ + zₜ − k), C⁻ₜ = max(0, C⁻ₜ₋₁ − zₜ − k), both starting at 0.
    public static func cusum(_ z: [Double], k: Double) -> [CUSUMPoint] {
        var upper = 0.0, lower = 0.0
        return z.map { value in
            upper = max(0, upper + value - k)
            lower = max(0, lower - value - k)
            return CUSUMPoint(upper: upper, lower: lower)
        }
    }
}
