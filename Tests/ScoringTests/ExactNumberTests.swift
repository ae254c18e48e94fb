import BigInt
import Testing
@testable import Scoring

@Suite("ExactNumber: exact rationals for decisions at an edge")
struct ExactNumberTests {
    @Test func decimalsAreReadAsWritten() {
        #expect(ExactNumber(decimal: 0.1) == ExactNumber(numerator: 1, denominator: 10))
        #expect(ExactNumber(decimal: 2.5) == ExactNumber(numerator: 5, denominator: 2))
        #expect(ExactNumber(decimal: 1e-05) == ExactNumber(numerator: 1, denominator: 100_000))
        #expect(ExactNumber(decimal: -0.75) == ExactNumber(numerator: -3, denominator: 4))
        #expect(ExactNumber(decimal: 1.5e20) == ExactNumber(numerator: BigInt(15) * BigInt(10).power(19), denominator: 1))
    }

    @Test func theIssuesEdgeIsExactlyEightyFive() {
        // (0.1 + 5) / 6 × 100 = 85 exactly, where Double gives 84.99999999999999.
        let total = (ExactNumber(decimal: 0.1) + ExactNumber(5)) / ExactNumber(6) * ExactNumber(100)
        #expect(total == ExactNumber(85))
        #expect(!(total < ExactNumber(85)))
        #expect(total.doubleValue == 85)
        #expect(ExactNumber(decimal: 0.1) + ExactNumber(decimal: 0.2) == ExactNumber(decimal: 0.3))  // where Double says 0.30000000000000004
    }

    @Test func overflowMovesToBigIntegersAndStaysExact() {
        let big = ExactNumber(Int(Int64.max / 3))
        let product = big * big * big                           // far beyond 64 bits
        #expect(product / big / big == big)
        let third = ExactNumber(1) / ExactNumber(3)
        var sum = ExactNumber.zero
        for _ in 0..<3 { sum = sum + third }
        #expect(sum == ExactNumber(1))
        #expect(ExactNumber(Int(Int64.max)) + ExactNumber(1) - ExactNumber(1) == ExactNumber(Int(Int64.max)))
        #expect(-ExactNumber(Int(Int64.min) + 1) - ExactNumber(1) < ExactNumber(Int(Int64.max)))  // -(min+1) = max: one less
    }

    @Test func orderAndNearestDouble() {
        #expect(ExactNumber(1) / ExactNumber(3) < ExactNumber(decimal: 0.3334))
        #expect(ExactNumber(decimal: 0.3333) < ExactNumber(1) / ExactNumber(3))
        #expect((ExactNumber(2) / ExactNumber(3)).doubleValue == 2.0 / 3.0)
        #expect((ExactNumber(5) / ExactNumber(0)) == .zero)
    }
}

extension ExactNumberTests {
    @Test func theFastDecimalReadingAgreesWithTheShortestDecimalText() {
        // Every decimal of up to 6 places and a spread of others: the arithmetic reading (no text) must give the
        // number the shortest round-trip text gives.
        var values: [Double] = [0.1, 0.2, 0.3, 2.5, 1e-05, 1e-06, 0.000123, 123.456, 99.999999, -0.75, 1.0 / 3.0, 2.0 / 3.0,
                                12345.678901, 1e-7, 0.1 + 0.2, 85.00000000000001]
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let digits = Int(state >> 61)               // 0…7 places
            let whole = Double(Int(state >> 33) % 100_000)
            var scale = 1.0
            for _ in 0..<digits { scale *= 10 }
            values.append((whole + Double(Int(state >> 40) % Int(scale)) / scale) * ((state & 1) == 0 ? 1 : -1))
        }
        for value in values {
            #expect(ExactNumber(decimal: value) == ExactNumber(viaText: value), "\(value)")
        }
    }
}

extension ExactNumber {
    /// The reading through the shortest decimal text, for comparison.
    init(viaText value: Double) {
        var text = Substring("\(value)")
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var digits = String(text)
        if let dot = text.firstIndex(of: ".") {
            let fraction = text[text.index(after: dot)...]
            digits = String(text[..<dot]) + fraction
            exponent -= fraction.count
        }
        var n = BigInt(digits) ?? 0
        if negative { n = -n }
        self = exponent >= 0 ? ExactNumber(numerator: n * BigInt(10).power(exponent), denominator: 1)
            : ExactNumber(numerator: n, denominator: BigInt(10).power(-exponent))
    }
}
