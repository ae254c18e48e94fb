/// The arithmetic a score is computed in. The scoring kernel is written once, generic over this protocol:
/// `Double` is the fast everyday instance, and `Scoring.ExactNumber` (exact rationals) decides pass/fail,
/// bands and thresholds when a total lands on or next to an edge (see `docs/scoring.md`, "Exact decisions").
public protocol ScoreArithmetic: Comparable, Sendable {
    static var zero: Self { get }
    /// The number exactly as written in a template or record. Every number the model holds was read from a
    /// short decimal, so its shortest round-trip decimal is the number as written: `Double` keeps itself,
    /// an exact type reads that decimal.
    init(decimal: Double)
    init(_ value: Int)
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
}

extension Double: ScoreArithmetic {
    @inlinable public init(decimal: Double) { self = decimal }
}
