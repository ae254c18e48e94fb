import QAModel
import Testing
@testable import Calibration

/// EWMA and CUSUM on a short series computed by hand (λ = 0.2, L = 3, k = 0.5), and calendar periods.
@Suite struct DriftChartTests {
    let z: [Double] = [1, 2, 0, 3.2]

    @Test func ewmaValuesAndLimits() {
        let points = ControlCharts.ewma(z, lambda: 0.2, L: 3)
        // Z1 = 0.2·1 = 0.2;  Z2 = 0.2·2 + 0.8·0.2 = 0.56;  Z3 = 0.8·0.56 = 0.448;  Z4 = 0.2·3.2 + 0.8·0.448 = 0.9984.
        let expected = [0.2, 0.56, 0.448, 0.9984]
        for (p, e) in zip(points, expected) { #expect(abs(p.value - e) < 1e-12) }
        // limit_t = 3·√(0.2/1.8 · (1 − 0.8^{2t})):
        //   t=1: 3·√(0.1111·0.36) = 3·0.2 = 0.6;  t=2: 3·√(0.1111·0.5904) = 0.768375;
        //   t=3: 3·√(0.1111·0.737856) = 0.858985;  t=4: 3·√(0.1111·0.832228) = 0.912265.
        let limits = [0.6, 0.768375, 0.858985, 0.912265]
        for (p, e) in zip(points, limits) { #expect(abs(p.limit - e) < 2e-6) }
        // Only the fourth point is outside its limit (0.9984 > 0.9123).
        #expect(points.map { abs($0.value) > $0.limit } == [false, false, false, true])
    }

    @Test func ewmaLimitsWidenForASharedError() {
        // Each z is 80 % own noise and 20 % a shared error (loading √0.2), λ = 0.2, L = 3:
        //   Var Z1 = 0.2²·0.8 + (0.2·√0.2)² = 0.032 + 0.008 = 0.04 → limit 0.6 (as without the shared error);
        //   Var Z2 = 0.8²·0.032 + 0.2²·0.8 + (0.2·√0.2·(1 + 0.8))² = 0.02048 + 0.032 + 0.02592 = 0.0784 → 0.84,
        //   against the textbook 0.768375: the shared error does not average away.
        let g = 0.2.squareRoot()
        let points = ControlCharts.ewma([1, 2], lambda: 0.2, L: 3, ownVariance: [0.8, 0.8], sharedLoadings: [[g], [g]])
        #expect(abs(points[0].limit - 0.6) < 1e-12)
        #expect(abs(points[1].limit - 0.84) < 1e-12)
        #expect(abs(points[1].value - 0.56) < 1e-12)
    }

    @Test func cusumSums() {
        let points = ControlCharts.cusum(z, k: 0.5)
        // C⁺: max(0, 1 − .5) = 0.5; 0.5 + 2 − .5 = 2; 2 + 0 − .5 = 1.5; 1.5 + 3.2 − .5 = 4.2 (> h = 4).
        #expect(points.map(\.upper).map { ($0 * 1e9).rounded() / 1e9 } == [0.5, 2, 1.5, 4.2])
        // C⁻: max(0, −z − 0.5 + C⁻) stays 0 for a rising series.
        #expect(points.map(\.lower) == [0, 0, 0, 0])
        let down = ControlCharts.cusum([-1, -1.5, 0.2], k: 0.5)
        // C⁻: 0.5; 0.5 + 1.5 − .5 = 1.5; 1.5 − 0.2 − .5 = 0.8.
        #expect(down.map(\.lower).map { ($0 * 1e9).rounded() / 1e9 } == [0.5, 1.5, 0.8])
    }

    @Test func isoWeeks() throws {
        // 2025-01-06 is the Monday of ISO week 2 of 2025; 2024-12-30 (a Monday) starts 2025-W01;
        // 2021-01-03 (a Sunday) belongs to 2020-W53.
        #expect(try #require(CalendarDay("2025-01-06")).isoWeekLabel == "2025-W02")
        #expect(try #require(CalendarDay("2025-01-12")).isoWeekLabel == "2025-W02")
        #expect(try #require(CalendarDay("2024-12-30")).isoWeekLabel == "2025-W01")
        #expect(try #require(CalendarDay("2021-01-03")).isoWeekLabel == "2020-W53")
        #expect(CalendarDay("2025-02-30") == nil)
        #expect(CalendarDay("yesterday") == nil)
    }

    @Test func sessionsSplitAtGapsOfFourDays() throws {
        let days = try ["2025-01-06", "2025-01-08", "2025-01-13", "2025-01-15", "2025-01-16"].map { try #require(CalendarDay($0)) }
        let (labels, order) = PeriodAssigner(period: .session).assign(days)
        // 6 → 8 (2 days): same session; 8 → 13 (5 days): new session; 13 → 15 → 16 continue it.
        #expect(order == ["2025-01-06", "2025-01-13"])
        #expect(labels == ["2025-01-06", "2025-01-06", "2025-01-13", "2025-01-13", "2025-01-13"])
    }
}
