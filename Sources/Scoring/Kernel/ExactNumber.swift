import BigInt
import QAModel

/// An exact rational number: what the scoring kernel decides pass/fail, bands and thresholds in when a total
/// lands on or next to an edge, so that (0.1 + 5) / 6 is exactly 85 and passes a pass mark of 85.
///
/// Every number a template or record holds was written as a short decimal; `init(decimal:)` reads it back
/// exactly from the shortest decimal that round-trips to the `Double` (Swift's `description`). Always kept in
/// lowest terms with a positive denominator.
public struct ExactNumber: ScoreArithmetic, Hashable, CustomStringConvertible {
    public private(set) var numerator: BigInt
    public private(set) var denominator: BigInt

    public static let zero = ExactNumber(0)

    /// "Nothing applied here" inside the kernel (a zero denominator; never used in arithmetic).
    static let missing = ExactNumber(unreduced: 0, 0)
    var isMissing: Bool { denominator.isZero }

    private init(unreduced numerator: BigInt, _ denominator: BigInt) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(_ value: Int) {
        numerator = BigInt(value)
        denominator = 1
    }

    public init(numerator: BigInt, denominator: BigInt) {
        precondition(!denominator.isZero, "ExactNumber with a zero denominator")
        let g = numerator.greatestCommonDivisor(with: denominator)
        let sign: BigInt = denominator < 0 ? -1 : 1
        if g.isZero || g == 1 {
            self.numerator = numerator * sign
            self.denominator = denominator * sign
        } else {
            self.numerator = numerator / g * sign
            self.denominator = denominator / g * sign
        }
    }

    /// The decimal a finite `Double` prints as (`0.1`, `85`, `1e-05`, `1.5e+20`), exactly. Non-finite values
    /// never reach the kernel (templates and records refuse them); they read as 0.
    public init(decimal: Double) {
        guard decimal.isFinite else { self = .zero; return }
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
        if a.denominator == b.denominator {
            return ExactNumber(numerator: a.numerator + b.numerator, denominator: a.denominator)
        }
        return ExactNumber(numerator: a.numerator * b.denominator + b.numerator * a.denominator,
                           denominator: a.denominator * b.denominator)
    }

    public static func - (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        a + ExactNumber(numerator: -b.numerator, denominator: b.denominator)
    }

    public static func * (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        ExactNumber(numerator: a.numerator * b.numerator, denominator: a.denominator * b.denominator)
    }

    /// Division; a zero divisor gives 0 (the kernel never divides by zero: it tests denominators first).
    public static func / (a: ExactNumber, b: ExactNumber) -> ExactNumber {
        guard !b.numerator.isZero else { return .zero }
        return ExactNumber(numerator: a.numerator * b.denominator, denominator: a.denominator * b.numerator)
    }

    public static func < (a: ExactNumber, b: ExactNumber) -> Bool {
        a.numerator * b.denominator < b.numerator * a.denominator
    }

    /// The `Double` nearest to this number (to within one unit in the last place): 85 for exactly 85.
    public var doubleValue: Double {
        if denominator == 1, let small = Int(exactly: numerator), abs(small) < 1 << 53 { return Double(small) }
        // 25 significant digits of the quotient, then the correctly rounded decimal-to-binary conversion.
        let magnitude = numerator.magnitude
        let scale = Swift.max(0, 25 - (magnitude.description.count - denominator.description.count))
        let scaled = numerator * BigInt(10).power(scale) / denominator
        return Double("\(scaled)e-\(scale)") ?? 0
    }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }
}
