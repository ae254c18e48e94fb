import BigInt
import QAModel

/// An exact rational number: what the scoring kernel decides pass/fail, bands and thresholds in when a total lands
/// on or next to an edge, so that (0.1 + 5) / 6 is exactly 85 and passes a pass mark of 85.
///
/// Every number a template or record holds was written as a short decimal; `init(decimal:)` reads it back exactly
/// from the shortest decimal that round-trips to the `Double` (Swift's `description`). Always kept in lowest terms
/// with a positive denominator. Small values (the usual case: a template's weights and points) are held in 64-bit
/// integers with overflow checks; a result that would overflow moves to arbitrary-precision integers, so the
/// arithmetic is exact whatever the values.
public struct ExactNumber: ScoreArithmetic, Hashable, CustomStringConvertible {
    private enum Storage: Hashable, Sendable {
        case small(Int64, Int64)
        case big(BigInt, BigInt)
    }

    private var storage: Storage

    public static let zero = ExactNumber(storage: .small(0, 1))

    /// "Nothing applied here" inside the kernel (a zero denominator; never used in arithmetic).
    static let missing = ExactNumber(storage: .small(0, 0))
    var isMissing: Bool {
        switch storage {
        case .small(_, let d): return d == 0
        case .big(_, let d): return d.isZero
        }
    }

    private init(storage: Storage) { self.storage = storage }

    public init(_ value: Int) { storage = .small(Int64(value), 1) }

    /// The number numerator / denominator (a non-zero denominator), in lowest terms.
    public init(numerator: BigInt, denominator: BigInt) {
        precondition(!denominator.isZero, "ExactNumber with a zero denominator")
        var n = numerator, d = denominator
        if d < 0 { n = -n; d = -d }
        let g = n.greatestCommonDivisor(with: d)
        if !g.isZero && g != 1 { n /= g; d /= g }
        if let sn = Int64(exactly: n), let sd = Int64(exactly: d) { storage = .small(sn, sd) } else { storage = .big(n, d) }
    }

    /// Lowest terms of two 64-bit integers (d > 0), or nil when reducing would overflow (Int64.min).
    private static func reduced(_ n: Int64, _ d: Int64) -> ExactNumber? {
        guard n != .min, d != .min else { return nil }
        var a = n.magnitude, b = d.magnitude
        while b != 0 { (a, b) = (b, a % b) }
        let g = Int64(a == 0 ? 1 : a)
        return d > 0 ? ExactNumber(storage: .small(n / g, d / g)) : ExactNumber(storage: .small(-n / g, -d / g))
    }

    private var big: (BigInt, BigInt) {
        switch storage {
        case .small(let n, let d): return (BigInt(n), BigInt(d))
        case .big(let n, let d): return (n, d)
        }
    }

    /// The decimal a finite `Double` prints as (`0.1`, `85`, `1e-05`, `1.5e+20`), exactly. Non-finite values
    /// never reach the kernel (templates and records refuse them); they read as 0.
    public init(decimal: Double) {
        guard decimal.isFinite else { self = .zero; return }
        if decimal == decimal.rounded(), abs(decimal) < 1e15 { self.init(Int(decimal)); return }
        // The usual case without formatting text: a decimal of at most 6 places, found as the fewest places k
        // for which decimal × 10^k is a whole number n whose n / 10^k rounds back to the same Double (so n / 10^k
        // is the shortest decimal that round-trips — the number as written).
        if abs(decimal) < 1e9 {
            var scale: Int64 = 10
            for _ in 1...6 {
                let scaled = (decimal * Double(scale)).rounded()
                if scaled / Double(scale) == decimal, let n = Int64(exactly: scaled) {
                    self = Self.reduced(n, scale) ?? ExactNumber(numerator: BigInt(n), denominator: BigInt(scale))
                    return
                }
                scale *= 10
            }
        }
        var text = Substring("\(decimal)")
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var digits = ""
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            digits = String(text[..<dot]) + fraction
            exponent -= fraction.count
        } else {
            digits = String(text)
        }
        var n = BigInt(digits) ?? 0
        if negative { n = -n }
        if exponent >= 0 {
            self.init(numerator: n * BigInt(10).power(exponent), denominator: 1)
        } else {
            self.init(numerator: n, denominator: BigInt(10).power(-exponent))
        }
    }

    public static func + (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == bd {
                let (n, o) = an.addingReportingOverflow(bn)
                if !o, let r = reduced(n, ad) { return r }
            } else {
                let (x, o1) = an.multipliedReportingOverflow(by: bd)
                let (y, o2) = bn.multipliedReportingOverflow(by: ad)
                let (d, o3) = ad.multipliedReportingOverflow(by: bd)
                if !(o1 || o2 || o3) {
                    let (n, o4) = x.addingReportingOverflow(y)
                    if !o4, let r = reduced(n, d) { return r }
                }
            }
        }
        let (an, ad) = a.big, (bn, bd) = b.big
        return ExactNumber(numerator: an * bd + bn * ad, denominator: ad * bd)
    }

    public static prefix func - (a: ExactNumber) -> ExactNumber {
        switch a.storage {
        case .small(let n, let d) where n != .min: return ExactNumber(storage: .small(-n, d))
        default:
            let (n, d) = a.big
            return ExactNumber(numerator: -n, denominator: d)
        }
    }

    public static func - (a: ExactNumber, b: ExactNumber) -> ExactNumber { a + (-b) }

    public static func * (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (n, o1) = an.multipliedReportingOverflow(by: bn)
            let (d, o2) = ad.multipliedReportingOverflow(by: bd)
            if !(o1 || o2), let r = reduced(n, d) { return r }
        }
        let (an, ad) = a.big, (bn, bd) = b.big
        return ExactNumber(numerator: an * bn, denominator: ad * bd)
    }

    /// Division; a zero divisor gives 0 (the kernel never divides by zero: it tests denominators first).
    public static func / (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        switch b.storage {
        case .small(let n, let d):
            if n == 0 { return .zero }
            if n != .min { return a * ExactNumber(storage: n > 0 ? .small(d, n) : .small(-d, -n)) }
        case .big(let n, _):
            if n.isZero { return .zero }
        }
        let (an, ad) = a.big, (bn, bd) = b.big
        return ExactNumber(numerator: an * bd, denominator: ad * bn)
    }

    public static func < (a: ExactNumber, b: ExactNumber) -> Bool {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (x, o1) = an.multipliedReportingOverflow(by: bd)
            let (y, o2) = bn.multipliedReportingOverflow(by: ad)
            if !(o1 || o2) { return x < y }
        }
        let (an, ad) = a.big, (bn, bd) = b.big
        return an * bd < bn * ad
    }

    public static func == (a: ExactNumber, b: ExactNumber) -> Bool {
        // Both sides are in lowest terms, so equal numbers have equal parts; a small and a big value never
        // hold the same number (a big one does not fit in 64 bits).
        a.storage == b.storage
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }

    /// The numerator, in lowest terms.
    public var numerator: BigInt { big.0 }
    /// The denominator, in lowest terms (positive).
    public var denominator: BigInt { big.1 }

    /// The `Double` nearest to this number (to within one unit in the last place): 85 for exactly 85.
    public var doubleValue: Double {
        if case .small(let n, let d) = storage {
            if d == 1, n.magnitude < 1 << 53 { return Double(n) }
            if n.magnitude < 1 << 53, d < 1 << 53 { return Double(n) / Double(d) }  // both exact: one correctly rounded division
        }
        let (numerator, denominator) = big
        // 25 significant digits of the quotient, then the correctly rounded decimal-to-binary conversion.
        let scale = Swift.max(0, 25 - (numerator.magnitude.description.count - denominator.description.count))
        let scaled = numerator * BigInt(10).power(scale) / denominator
        return Double("\(scaled)e-\(scale)") ?? 0
    }

    public var description: String {
        let (n, d) = big
        return d == 1 ? "\(n)" : "\(n)/\(d)"
    }
}
