/// A small, fast pseudo-random generator (xoshiro256**, seeded through SplitMix64) whose output depends only
/// on its seed, so sample data is byte-identical on every machine and Swift version.
///
/// All derived values (unit doubles, bounded integers) are computed here rather than through the standard
/// library's `random(in:using:)`, whose algorithm is not promised to stay the same.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator for this seed.
    public init(seed: UInt64) {
        var sm = seed
        s0 = SeededRandom.splitMix(&sm)
        s1 = SeededRandom.splitMix(&sm)
        s2 = SeededRandom.splitMix(&sm)
        s3 = SeededRandom.splitMix(&sm)
    }

    /// A generator for an independent stream derived from a seed and stream labels (e.g. a call's index).
    public init(seed: UInt64, stream: UInt64...) {
        var mixed = seed
        for label in stream {
            var sm = mixed ^ (label &* 0x9E37_79B9_7F4A_7C15)
            mixed = SeededRandom.splitMix(&sm)
        }
        self.init(seed: mixed)
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// A double uniformly distributed in `[0, 1)` (53 random bits).
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// An integer uniformly distributed in `0..<bound` (`bound` > 0), without modulo bias.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }

    /// `true` with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// An approximately normal value with mean 0 and standard deviation 1 (Irwin–Hall sum of 12 uniforms).
    public mutating func gaussian() -> Double {
        var sum = 0.0
        for _ in 0..<12 { sum += unit() }
        return sum - 6
    }

    /// The elements in a seeded random order (Fisher–Yates).
    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        var i = result.count - 1
        while i > 0 {
            let j = below(i + 1)
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }
}
