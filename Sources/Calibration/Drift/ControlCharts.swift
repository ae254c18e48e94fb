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
        ewma(z, lambda: lambda, L: L, ownVariance: z.map { _ in 1 }, sharedLoadings: z.map { _ in [] })
    }

    /// The EWMA of points that share an error: zₜ = uₜ + Σₖ gₜₖ·ηₖ with independent uₜ (variance rₜ =
    /// `ownVariance[t]`) and ηₖ (variance 1, the same in every period — e.g. the error of an estimated
    /// baseline mean, which every point is measured from). The limit is L times the exact standard deviation
    /// of Zₜ: Var Zₜ = Σᵢ wᵢ²·rᵢ + Σₖ (Σᵢ wᵢ·gᵢₖ)², with wᵢ = λ(1 − λ)^{t−i}. With rₜ = 1 and no shared error
    /// this is the textbook limit above; a shared error does not average away, so it widens the limit.
    public static func ewma(_ z: [Double], lambda: Double, L: Double, ownVariance: [Double],
                            sharedLoadings: [[Double]]) -> [EWMAPoint] {
        var previous = 0.0
        var own = 0.0
        var shared: [Double] = []
        var points: [EWMAPoint] = []
        points.reserveCapacity(z.count)
        for t in z.indices {
            previous = lambda * z[t] + (1 - lambda) * previous
            own = (1 - lambda) * (1 - lambda) * own + lambda * lambda * (t < ownVariance.count ? ownVariance[t] : 1)
            let loadings = t < sharedLoadings.count ? sharedLoadings[t] : []
            if shared.count < loadings.count { shared += Array(repeating: 0, count: loadings.count - shared.count) }
            for k in shared.indices {
                shared[k] = (1 - lambda) * shared[k] + lambda * (k < loadings.count ? loadings[k] : 0)
            }
            let variance = own + shared.reduce(0) { $0 + $1 * $1 }
            points.append(EWMAPoint(value: previous, limit: L * variance.squareRoot()))
        }
        return points
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
