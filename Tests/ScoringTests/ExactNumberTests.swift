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
