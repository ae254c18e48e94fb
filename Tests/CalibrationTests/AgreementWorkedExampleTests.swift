import Testing
@testable import Calibration

/// The worked examples of docs/calibration.md, computed by hand there and repeated in the comments.
///
/// Tiny table (3 raters, 4 calls, blank = missing):
///
///     call  Ann  Ben  Cat
///     c1    1    1    1
///     c2    1    2    2
///     c3    3    3
///     c4    2
@Suite struct AgreementWorkedExampleTests {
    static let tiny = RatingsTable(
        unitIDs: ["c1", "c2", "c3", "c4"], raterNames: ["Ann", "Ben", "Cat"],
        ratings: [[1, 1, 1], [1, 2, 2], [3, 3, nil], [2, nil, nil]])

    /// c4 has one rating and is dropped; n = 8 pairable values: n_1 = 4, n_2 = 2, n_3 = 2.
    /// Only c2 disagrees: ordered pairs (1,2) and (2,1) occur 2 + 2 = 4 times, divided by m − 1 = 2.
    @Test func alphaNominal() {
        let alpha = KrippendorffAlpha(table: Self.tiny, level: .nominal)
        #expect(alpha.pairableValues == 8)
        #expect(alpha.pairableUnits == 3)
        // observed Σ o_ck δ² = 4 / 2 = 2; expected Σ n_c n_k δ² = 8² − (4² + 2² + 2²) = 40
        // alpha = 1 − (8 − 1) · 2 / 40 = 1 − 14/40 = 0.65
        #expect(matches(alpha.alpha.value, 0.65, decimals: 12))
        // D_o = 2/8 = 0.25, D_e = 40 / (8 · 7) = 0.714286
        #expect(matches(alpha.observedDisagreement, 0.25, decimals: 12))
        #expect(matches(alpha.expectedDisagreement, 40.0 / 56, decimals: 12))
    }

    @Test func alphaInterval() {
        // observed: 4 ordered pairs of (1,2), δ² = 1, / 2 = 2
        // expected: mean = (4·1 + 2·2 + 2·3)/8 = 1.75; Σ n (x − mean)² = 4·0.5625 + 2·0.0625 + 2·1.5625 = 5.5
        //           Σ n_c n_k (c − k)² = 2 · 8 · 5.5 = 88;  alpha = 1 − 7 · 2 / 88 = 0.840909…
        #expect(matches(KrippendorffAlpha(table: Self.tiny, level: .interval).alpha.value, 1 - 14.0 / 88, decimals: 12))
    }

    /// Ordinal and interval differ on the same table: the ordinal metric counts how many ratings lie
    /// between two values, not how far apart the numbers are.
    @Test func alphaOrdinalDiffersFromInterval() {
        // δ²(1,2) = (n_1 + n_2 − (n_1 + n_2)/2)² = (6 − 3)² = 9; δ²(1,3) = (8 − 3)² = 25; δ²(2,3) = (4 − 2)² = 4
        // observed: 4 · 9 / 2 = 18; expected: 2 (4·2·9 + 4·2·25 + 2·2·4) = 576
        // alpha = 1 − 7 · 18 / 576 = 1 − 126/576 = 0.78125 (interval: 0.840909)
        let ordinal = KrippendorffAlpha(table: Self.tiny, level: .ordinal).alpha.value
        #expect(matches(ordinal, 0.78125, decimals: 12))
        #expect(ordinal != KrippendorffAlpha(table: Self.tiny, level: .interval).alpha.value)
    }

    @Test func alphaRatio() {
        // δ²(1,2) = (1/3)² = 1/9; δ²(1,3) = (2/4)² = 1/4; δ²(2,3) = (1/5)² = 1/25
        // observed: 4 · (1/9) / 2 = 2/9; expected: 2 (8/9 + 8/4 + 4/25) = 1372/225
        // alpha = 1 − 7 · (2/9) / (1372/225) = 1 − 350/1372 = 0.744898
        #expect(matches(KrippendorffAlpha(table: Self.tiny, level: .ratio).alpha.value, 1 - 350.0 / 1372, decimals: 12))
    }

    @Test func percentAgreementAndAC1() {
        let gwet = GwetAgreement(table: Self.tiny, weights: .identity)
        // c1: 3·2/(3·2) = 1; c2: (1·0 + 2·1)/(3·2) = 1/3; c3: 2·1/(2·1) = 1 → p_a = (7/3)/3 = 7/9
        #expect(matches(gwet.percentAgreement.value, 7.0 / 9, decimals: 12))
        // π over the 4 rated calls: π_1 = (1 + 1/3)/4 = 1/3, π_2 = (2/3 + 1)/4 = 5/12, π_3 = 1/4
        // Σ π(1 − π) = 2/9 + 35/144 + 3/16 = 94/144; p_e = q/(q(q−1)) · 94/144 = 47/144
        // AC1 = (7/9 − 47/144) / (1 − 47/144) = (65/144)/(97/144) = 65/97
        #expect(matches(gwet.chanceAgreement.value, 47.0 / 144, decimals: 12))
        #expect(matches(gwet.coefficient.value, 65.0 / 97, decimals: 12))
    }

    @Test func ac2Quadratic() {
        // w = 1 − d²/(3 − 1)²: w(1,2) = w(2,3) = 3/4, w(1,3) = 0
        // c2: Σ w r r = 1 + 4 + 2·1·2·(3/4) = 8 → (8 − 3)/6 = 5/6; p_a = (1 + 5/6 + 1)/3 = 17/18
        // Σ w = 3 + 2 (3/4 + 0 + 3/4) = 6; p_e = 6/(3·2) · 94/144 = 47/72
        // AC2 = (17/18 − 47/72)/(1 − 47/72) = (21/72)/(25/72) = 0.84
        #expect(matches(GwetAgreement(table: Self.tiny, weights: .quadratic).coefficient.value, 0.84, decimals: 12))
    }

    @Test func fleissOnCompleteTable() {
        let table = RatingsTable(unitIDs: ["u1", "u2", "u3"], raterNames: ["A", "B", "C"],
                                 ratings: [[1, 1, 1], [1, 2, 2], [3, 3, 2]])
        // P_i = (Σ n_ij² − 3)/6: u1 (9 − 3)/6 = 1, u2 (1 + 4 − 3)/6 = 1/3, u3 (4 + 1 − 3)/6 = 1/3 → P̄ = 5/9
        // p_j = 4/9, 3/9, 2/9 → P_e = 29/81; kappa = (45/81 − 29/81)/(52/81) = 16/52
        #expect(matches(FleissKappa.compute(table).value, 16.0 / 52, decimals: 12))
        // The tiny table has missing ratings: undefined, with the count in the reason.
        #expect(FleissKappa.compute(Self.tiny).undefinedReason?.contains("2 of 4 units") == true)
    }

    @Test func cohenAnnBen() throws {
        let kappa = try #require(CohenKappa.allPairs(Self.tiny).first { $0.raterA == "Ann" && $0.raterB == "Ben" })
        // Both rated c1 (1,1), c2 (1,2), c3 (3,3): K = 3 categories, ranks 0,1,2.
        #expect(kappa.units == 3)
        // p_o = 2/3; Ann (2/3, 0, 1/3), Ben (1/3, 1/3, 1/3): p_e = 2/9 + 1/9 = 1/3 → (1/3)/(2/3) = 0.5
        #expect(matches(kappa.unweighted.value, 0.5, decimals: 12))
        // linear: p_o = 1 − (1/3)/2 = 5/6; E|I − J| = 2/3 · 1 + 1/3 · 1 = 1 → p_e = 1/2 → (1/3)/(1/2) = 2/3
        #expect(matches(kappa.linear.value, 2.0 / 3, decimals: 12))
        // quadratic: p_o = 1 − (1/3)/4 = 11/12; E(I − J)² = 2/3 · 5/3 + 1/3 · 5/3 = 5/3 → p_e = 7/12 → 0.8
        #expect(matches(kappa.quadratic.value, 0.8, decimals: 12))
        // Ann–Cat: only c1 and c2 are shared → 2 units
        #expect(CohenKappa.allPairs(Self.tiny).first { $0.raterA == "Ann" && $0.raterB == "Cat" }?.units == 2)
    }

    /// Weights follow the order of the categories the pair used: with only 1 and 5 in use there is one
    /// step, so linear and quadratic weights equal the unweighted kappa.
    @Test func cohenWeightsFollowCategoryOrder() throws {
        let table = RatingsTable(unitIDs: ["a", "b", "c", "d"], raterNames: ["A", "B"],
                                 ratings: [[1, 1], [1, 5], [5, 5], [5, 5]])
        let kappa = try #require(CohenKappa.allPairs(table).first)
        // p_o = 3/4; A (1/2, 1/2), B (1/4, 3/4): p_e = 1/8 + 3/8 = 1/2 → (1/4)/(1/2) = 0.5
        #expect(matches(kappa.unweighted.value, 0.5, decimals: 12))
        #expect(matches(kappa.linear.value, 0.5, decimals: 12))
        #expect(matches(kappa.quadratic.value, 0.5, decimals: 12))
    }

    @Test func iccSmallTable() {
        let table = RatingsTable(unitIDs: ["a", "b", "c"], raterNames: ["A", "B"], ratings: [[1, 2], [3, 3], [5, 6]])
        let icc = IntraclassCorrelation(table: table)
        // grand mean 10/3; BMS = 2·((1.5−10/3)² + (3−10/3)² + (5.5−10/3)²)/2 = 49/6; JMS = 3·(1/9 + 1/9)/1 = 2/3
        // total SS = 156/9; EMS = (156/9 − 98/6 − 2/3)/2 = 1/6; WMS = (156/9 − 98/6)/3 = 1/3
        #expect(matches(icc.icc1.value, 47.0 / 51, decimals: 12))   // (49/6 − 1/3)/(49/6 + 1/3)
        #expect(matches(icc.icc2.value, 48.0 / 52, decimals: 12))   // (48/6)/(49/6 + 1/6 + 2(2/3 − 1/6)/3)
        #expect(matches(icc.icc3.value, 48.0 / 50, decimals: 12))   // (48/6)/(50/6)
        #expect(matches(icc.icc1k.value, 47.0 / 49, decimals: 12))  // (47/6)/(49/6)
        #expect(matches(icc.icc2k.value, 48.0 / 50, decimals: 12))  // 8/(49/6 + (1/2)/3)
        #expect(matches(icc.icc3k.value, 48.0 / 49, decimals: 12))  // (48/6)/(49/6)
    }

    /// docs/calibration.md, "Each rater against the others": Ann has 5 pairs, 3 agreeing; her side a = (4, 0, 1),
    /// the others' side b = (2, 2, 1); p_e = 9/25, kappa = (3/5 − 9/25)/(1 − 9/25) = 6/16.
    @Test func raterAgainstTheOthers() throws {
        let raters = try #require(AgreementReport(table: Self.tiny, level: .nominal).raterAgreement)
        let ann = try #require(raters.first { $0.rater == "Ann" })
        #expect(ann.pairs == 5)
        #expect(matches(ann.agreement.value, 3.0 / 5, decimals: 12))
        #expect(matches(ann.kappa.value, 6.0 / 16, decimals: 12))
    }
}
