/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64,
/// so a given seed gives the same sequence on every machine and Swift version.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-and-reject, no modulo bias).
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        while true {
            let product = next().multipliedFullWidth(by: bound)
            if product.low >= bound || product.low >= (0 &- bound) % bound { return product.high }
        }
    }
}

/// A percentile bootstrap confidence interval for Krippendorff's alpha: units are drawn with
/// replacement (as many as the table has), alpha is recomputed on each resample, and the interval is
/// the 2.5th and 97.5th percentiles of the resampled alphas (linear interpolation between order
/// statistics, R's quantile type 7). Resamples where alpha is undefined are left out and counted.
public struct AlphaBootstrap: Hashable, Sendable, Encodable {
    public let samples: Int
    public let seed: UInt64
    public let confidence: Double
    public let lower: Statistic
    public let upper: Statistic
    /// Resamples where alpha was undefined (e.g. no variation in the drawn units).
    public let undefinedSamples: Int

    public init(table: RatingsTable, level: AgreementLevel, samples: Int, seed: UInt64) {
        self.init(counts: RatingsCounts(table: table, gather: .init(raters: false, icc: false)), level: level,
                  samples: samples, seed: seed)
    }

    /// The interval from a table's counts (every unit, rated or not, can be drawn).
    public init(counts table: RatingsCounts, level: AgreementLevel, samples: Int, seed: UInt64) {
        self.samples = samples
        self.seed = seed
        confidence = 0.95
        let counts = table.units
        var stored = [Int32](repeating: -1, count: table.unitCount)
        for (i, u) in counts.tableUnit.enumerated() { stored[u] = Int32(i) }
        var generator = SeededGenerator(seed: seed)
        var multiplicity = [Int32](repeating: 0, count: counts.unitCount)
        var alphas: [Double] = []
        alphas.reserveCapacity(max(0, samples))
        var undefined = 0
        for _ in 0..<max(0, samples) {
            for i in multiplicity.indices { multiplicity[i] = 0 }
            if table.unitCount > 0 {
                for _ in 0..<table.unitCount {
                    let u = stored[Int(generator.below(UInt64(table.unitCount)))]
                    if u >= 0 { multiplicity[Int(u)] += 1 }
                }
            }
            let alpha = KrippendorffAlpha(counts: counts, categories: table.categories, raterCount: table.raterCount,
                                          level: level, multiplicity: multiplicity).alpha
            if let value = alpha.value { alphas.append(value) } else { undefined += 1 }
        }
        undefinedSamples = undefined
        alphas.sort()
        func quantile(_ p: Double) -> Statistic {
            guard !alphas.isEmpty else {
                return .undefined(reason: samples > 0 ? "alpha was undefined in every resample" : "no resamples were asked for")
            }
            let h = p * Double(alphas.count - 1)
            let i = Int(h.rounded(.down))
            let j = min(i + 1, alphas.count - 1)
            return .value(alphas[i] + (h - Double(i)) * (alphas[j] - alphas[i]))
        }
        lower = quantile(0.025)
        upper = quantile(0.975)
    }
}
