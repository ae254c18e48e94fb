import BigInt

/// An exact rational for the reference scorer of `KernelDifferentialTests`, written independently of
/// `Scoring.ExactNumber`. Small values stay in `Int` (with overflow detection); anything larger moves to
/// `BigInt`. Always in lowest terms with a positive denominator.
struct Fraction: Comparable, Hashable, CustomStringConvertible {
    private enum Storage: Hashable {
        case small(Int, Int)
        case big(BigInt, BigInt)
    }

    private var storage: Storage

    static let zero = Fraction(0)
    static let one = Fraction(1)
    static let hundred = Fraction(100)

    init(_ value: Int) { storage = .small(value, 1) }

    init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "zero denominator")
        self.init(big: BigInt(numerator), BigInt(denominator))
    }

    private init(big n: BigInt, _ d: BigInt) {
        precondition(!d.isZero, "zero denominator")
        var n = n, d = d
        if d.signum() < 0 { n = -n; d = -d }
        let g = n.greatestCommonDivisor(with: d)
        if !g.isZero && g != 1 { n /= g; d /= g }
        if let sn = Int(exactly: n), let sd = Int(exactly: d) {
            storage = .small(sn, sd)
        } else {
            storage = .big(n, d)
        }
    }

    /// Reduces an `Int` pair (denominator positive) without allocating.
    private init(reducing n: Int, _ d: Int) {
        var a = n.magnitude, b = d.magnitude
        while b != 0 { (a, b) = (b, a % b) }
        let g = Int(a)
        storage = g > 1 ? .small(n / g, d / g) : .small(n, d)
    }

    /// The decimal text exactly (`"85"`, `"2.5"`, `"-0.125"`, `"1e-05"`, `"85.0"`), as written in a template.
    init?(decimal text: String) {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(mantissa[mantissa.index(after: e)...]) else { return nil }
            exponent = x
            mantissa = mantissa[..<e]
        }
        var digits = String(mantissa)
        if let dot = mantissa.firstIndex(of: ".") {
            let fractional = mantissa[mantissa.index(after: dot)...]
            digits = String(mantissa[..<dot]) + fractional
            exponent -= fractional.count
        }
        // Short decimals (all a template holds) are read in `Int`; longer ones in `BigInt`.
        if digits.count <= 17, (-17...17).contains(exponent), let small = Int(digits) {
            var power = 1
            for _ in 0..<abs(exponent) { power *= 10 }
            if exponent >= 0, small.multipliedReportingOverflow(by: power).overflow == false {
                self.init(storage: .small(small * power, 1))
                return
            } else if exponent < 0 {
                self.init(reducing: small, power)
                return
            }
        }
        guard let n = BigInt(digits, radix: 10) else { return nil }
        let ten = BigInt(10)
        if exponent >= 0 {
            self.init(big: n * ten.power(exponent), 1)
        } else {
            self.init(big: n, ten.power(-exponent))
        }
    }

    /// A template number: every `Double` the generators put in a template was written as a short decimal, and
    /// prints as that decimal.
    init(_ value: Double) {
        guard let exact = Fraction(decimal: "\(value)") else { preconditionFailure("not a decimal: \(value)") }
        self = exact
    }

    var parts: (BigInt, BigInt) {
        switch storage {
        case .small(let n, let d): return (BigInt(n), BigInt(d))
        case .big(let n, let d): return (n, d)
        }
    }

    static func + (a: Fraction, b: Fraction) -> Fraction {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == bd {
                let (s, o) = an.addingReportingOverflow(bn)
                if !o { return Fraction(reducing: s, ad) }
            } else {
                let (x, o1) = an.multipliedReportingOverflow(by: bd)
                let (y, o2) = bn.multipliedReportingOverflow(by: ad)
                let (d, o3) = ad.multipliedReportingOverflow(by: bd)
                if !o1 && !o2 && !o3 {
                    let (s, o4) = x.addingReportingOverflow(y)
                    if !o4 { return Fraction(reducing: s, d) }
                }
            }
        }
        let (an, ad) = a.parts, (bn, bd) = b.parts
        return Fraction(big: an * bd + bn * ad, ad * bd)
    }

    static prefix func - (a: Fraction) -> Fraction {
        switch a.storage {
        case .small(let n, let d) where n != Int.min: return Fraction(storage: .small(-n, d))
        default:
            let (n, d) = a.parts
            return Fraction(big: -n, d)
        }
    }

    private init(storage: Storage) { self.storage = storage }

    static func - (a: Fraction, b: Fraction) -> Fraction { a + -b }

    static func * (a: Fraction, b: Fraction) -> Fraction {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (n, o1) = an.multipliedReportingOverflow(by: bn)
            let (d, o2) = ad.multipliedReportingOverflow(by: bd)
            if !o1 && !o2 { return Fraction(reducing: n, d) }
        }
        let (an, ad) = a.parts, (bn, bd) = b.parts
        return Fraction(big: an * bn, ad * bd)
    }

    static func / (a: Fraction, b: Fraction) -> Fraction {
        precondition(b != .zero, "division by zero")
        switch b.storage {
        case .small(let n, let d) where n != Int.min:
            return a * Fraction(storage: n < 0 ? .small(-d, -n) : .small(d, n))
        default:
            let (bn, bd) = b.parts
            return a * Fraction(big: bd, bn)
        }
    }

    static func < (a: Fraction, b: Fraction) -> Bool {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (x, o1) = an.multipliedReportingOverflow(by: bd)
            let (y, o2) = bn.multipliedReportingOverflow(by: ad)
            if !o1 && !o2 { return x < y }
        }
        let (an, ad) = a.parts, (bn, bd) = b.parts
        return an * bd < bn * ad
    }

    static func min(_ a: Fraction, _ b: Fraction) -> Fraction { b < a ? b : a }
    static func max(_ a: Fraction, _ b: Fraction) -> Fraction { a < b ? b : a }

    /// The nearest `Double` (to well within 1e-12 on the 0–100 scale).
    var doubleValue: Double {
        switch storage {
        case .small(let n, let d): return Double(n) / Double(d)
        case .big(let n, let d):
            // 30 significant digits of the quotient, then a decimal-to-binary conversion.
            let scale = 30
            let q = n * BigInt(10).power(scale) / d
            return Double("\(q)e-\(scale)") ?? .nan
        }
    }

    /// The value as a decimal with at most `digits` places (`"85"`, `"71.25"`), or `nil` when it has more.
    func shortDecimal(maxDigits digits: Int) -> String? {
        if case .small(let n, let d) = storage, digits <= 17 {
            var scale = 1
            for _ in 0..<digits { scale *= 10 }
            guard scale % d == 0 else { return nil }
            let (scaled, overflow) = n.multipliedReportingOverflow(by: scale / d)
            if !overflow { return Self.decimalText(BigInt(scaled), digits) }
        }
        let (n, d) = parts
        let scale = BigInt(10).power(digits)
        guard (scale % d).isZero else { return nil }
        return Self.decimalText(n * (scale / d), digits)
    }

    /// `scaled` / 10^digits as decimal text without trailing zeros.
    private static func decimalText(_ scaled: BigInt, _ digits: Int) -> String {
        let negative = scaled.signum() < 0
        var text = String(scaled.magnitude)
        while text.count <= digits { text = "0" + text }
        var whole = String(text.dropLast(digits))
        var fraction = String(text.suffix(digits))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if whole.isEmpty { whole = "0" }
        return (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
    }

    var description: String {
        let (n, d) = parts
        return d == 1 ? "\(n)" : "\(n)/\(d)"
    }
}
