import Foundation
import JSON
import Testing
@testable import Calibration

/// Undefined statistics say why; bad input is reported with line numbers; the bootstrap is reproducible.
@Suite struct AgreementEdgeCaseTests {
    @Test func unitsWithOneRatingAreNotPairable() {
        let table = RatingsTable(unitIDs: ["a", "b"], raterNames: ["A", "B"], ratings: [[1, nil], [nil, 2]])
        let alpha = KrippendorffAlpha(table: table, level: .nominal)
        #expect(alpha.pairableValues == 0)
        #expect(alpha.alpha.undefinedReason == "no unit has two or more ratings, so there are no pairable values to compare")
        #expect(GwetAgreement(table: table, weights: .identity).percentAgreement.value == nil)
        #expect(CohenKappa.allPairs(table).first?.unweighted.undefinedReason == "no unit was rated by both A and B")
    }

    @Test func singleRatingUnitIsDroppedNotCounted() {
        // Adding a call with one rating changes nothing: it has no pairable values.
        let base = RatingsTable(unitIDs: ["a", "b"], raterNames: ["A", "B"], ratings: [[1, 1], [1, 2]])
        let more = RatingsTable(unitIDs: ["a", "b", "c"], raterNames: ["A", "B"], ratings: [[1, 1], [1, 2], [2, nil]])
        #expect(KrippendorffAlpha(table: base, level: .nominal) == KrippendorffAlpha(table: more, level: .nominal))
        // n = 4: n_1 = 3, n_2 = 1; observed 2/1 = 2; expected 16 − 10 = 6 → 1 − 3·2/6 = 0
        #expect(matches(KrippendorffAlpha(table: more, level: .nominal).alpha.value, 0, decimals: 12))
    }

    @Test func everyoneAgreesOnOneCategory() {
        let table = RatingsTable(unitIDs: ["a", "b", "c"], raterNames: ["A", "B", "C"],
                                 ratings: [[2, 2, 2], [2, 2, nil], [2, 2, 2]])
        for level in AgreementLevel.allCases {
            #expect(KrippendorffAlpha(table: table, level: level).alpha.undefinedReason
                    == "every pairable rating has the same value, so there is no variation to measure agreement against")
        }
        let gwet = GwetAgreement(table: table, weights: .identity)
        #expect(gwet.percentAgreement.value == 1)
        #expect(gwet.coefficient.undefinedReason?.contains("only one category") == true)
        #expect(CohenKappa.allPairs(table).first?.unweighted.undefinedReason?.contains("only one category") == true)
    }

    @Test func perfectAgreementWithVariationIsOne() {
        let table = RatingsTable(unitIDs: ["a", "b", "c"], raterNames: ["A", "B"], ratings: [[1, 1], [2, 2], [3, 3]])
        for level in AgreementLevel.allCases {
            #expect(KrippendorffAlpha(table: table, level: level).alpha.value == 1)
        }
        #expect(FleissKappa.compute(table).value == 1)
    }

    @Test func fewerThanTwoRaters() {
        let table = RatingsTable(unitIDs: ["a", "b"], raterNames: ["A"], ratings: [[1], [2]])
        #expect(KrippendorffAlpha(table: table, level: .nominal).alpha.undefinedReason?.contains("fewer than two raters") == true)
        #expect(FleissKappa.compute(table).undefinedReason?.contains("fewer than two raters") == true)
        #expect(CohenKappa.allPairs(table).isEmpty)
    }

    @Test func ratioNeedsNonNegativeValues() {
        let table = RatingsTable(unitIDs: ["a", "b"], raterNames: ["A", "B"], ratings: [[-1, 1], [2, 2]])
        #expect(KrippendorffAlpha(table: table, level: .ratio).alpha.undefinedReason?.contains("zero or more") == true)
    }

    @Test func iccNeedsTwoCompleteUnits() {
        let table = RatingsTable(unitIDs: ["a", "b"], raterNames: ["A", "B"], ratings: [[1, 2], [3, nil]])
        let icc = IntraclassCorrelation(table: table)
        #expect(icc.units == 1)
        #expect(icc.icc1.undefinedReason == "fewer than two units were scored by every rater (1 were)")
    }

    // MARK: Reading tables

    @Test func labelsForNominalData() throws {
        let table = try RatingsTable.parse(rows: [["call", "A", "B"], ["1", "yes", "no"], ["2", " no ", ""], ["3", "n/a", "yes"]], level: .nominal)
        #expect(table.labels == ["yes", "no", "n/a"])  // first-seen order
        #expect(table.label(unit: 1, rater: 0) == "no")
        #expect(table.value(unit: 1, rater: 1) == nil)
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let rows = [["call", "A", "A", ""], ["1", "3", "x", "2"], ["", "1", "2", "3"], ["1", "1", "1"], ["4", "1", "2", "zz"]]
        #expect {
            try RatingsTable.parse(rows: rows, lines: [1, 2, 3, 4, 6], level: .interval)
        } throws: { error in
            guard let problems = (error as? RatingsTableError)?.problems else { return false }
            let text = problems.map(\.description)
            return text == [
                "1: rater 'A' appears in columns 2 and 3",
                "1: column 4 of the header has no rater name",
                "3: the unit id (column 'call') is blank",
                "4: this row has 3 fields but the header has 4 (unit id + 3 raters)",
                "4: unit '1' appears again (first on line 2); each unit must be one row",
                "2: rater 'A' (unit '1'): 'x' is not a number; interval ratings must be numbers (labels are allowed only with --level nominal)",
                "6: rater '' (unit '4'): 'zz' is not a number; interval ratings must be numbers (labels are allowed only with --level nominal)",
            ]
        }
    }

    @Test func emptyInput() {
        #expect(throws: RatingsTableError.self) { try RatingsTable.parse(rows: [], level: .nominal) }
    }

    @Test func continuousValuesUseSortedCategories() {
        let table = RatingsTable(unitIDs: ["a", "b"], raterNames: ["A", "B"], ratings: [[2.5, -0.0], [0.0, 10.25]])
        #expect(table.categories == [0, 2.5, 10.25])
    }

    // MARK: Bootstrap and report

    @Test func bootstrapIsReproducibleAndBracketsAlpha() throws {
        let table = try AgreementFixtures.table("fleiss1971_diagnoses.csv")
        let first = AlphaBootstrap(table: table, level: .nominal, samples: 400, seed: 7)
        let again = AlphaBootstrap(table: table, level: .nominal, samples: 400, seed: 7)
        let other = AlphaBootstrap(table: table, level: .nominal, samples: 400, seed: 8)
        #expect(first == again)
        #expect(first.lower != other.lower || first.upper != other.upper)
        let alpha = try #require(KrippendorffAlpha(table: table, level: .nominal).alpha.value)
        let lower = try #require(first.lower.value), upper = try #require(first.upper.value)
        #expect(lower < alpha && alpha < upper)
    }

    @Test func generatorIsUniformEnough() {
        // 60,000 draws into 6 bins: each bin expects 10,000; a fair generator stays within ±500 (5 sd).
        var generator = SeededGenerator(seed: 42)
        var bins = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { bins[Int(generator.below(6))] += 1 }
        #expect(bins.allSatisfy { abs($0 - 10_000) < 500 })
    }

    @Test func reportJSONKeysAndNulls() throws {
        let report = AgreementReport(table: AgreementWorkedExampleTests.tiny, level: .nominal,
                                     bootstrap: .init(samples: 50, seed: 1))
        let data = Data(try JSONValueEncoder(sortedKeys: true).text(report, style: .pretty).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["krippendorffAlpha", "percentAgreement", "fleissKappa", "gwetAC1", "raterAgreement", "icc", "units",
                    "raters", "pairableValues", "level", "bootstrap", "notes"] {
            #expect(object[key] != nil, "\(key)")
        }
        // The pairwise kappas only when asked for.
        #expect(object["cohenKappa"] == nil)
        let raters = try #require(object["raterAgreement"] as? [[String: Any]])
        #expect(raters.count == AgreementWorkedExampleTests.tiny.raterCount)
        #expect(Set(raters[0].keys) == ["rater", "pairs", "agreement", "kappa"])
        let withPairs = AgreementReport(table: AgreementWorkedExampleTests.tiny, level: .nominal,
                                        statistics: AgreementStatistic.defaults.union([.cohen]))
        let pairsObject = try #require(try JSONSerialization.jsonObject(
            with: Data(try JSONValueEncoder(sortedKeys: true).text(withPairs, style: .pretty).utf8)) as? [String: Any])
        #expect(object["gwetAC2"] == nil)
        #expect(object["fleissKappa"] is NSNull)
        #expect(object["icc"] is NSNull)
        #expect((object["krippendorffAlpha"] as? Double).map { matches($0, 0.65, decimals: 12) } == true)
        let pairs = try #require(pairsObject["cohenKappa"] as? [[String: Any]])
        #expect(pairs.count == 3)
        #expect(Set(pairs[0].keys) == ["raterA", "raterB", "units", "unweighted", "linear", "quadratic"])
        let notes = try #require(object["notes"] as? [String])
        #expect(notes.contains { $0.hasPrefix("fleissKappa: ") })
        #expect(notes.contains { $0.hasPrefix("icc: ") })
    }

    @Test func manyPairsAreSummarisedInTheTable() throws {
        // 12 raters (66 pairs): rater r1 answers the opposite way to the others on every unit.
        let names = (1...12).map { "r\($0)" }
        var ratings: [[Double?]] = []
        for u in 0..<30 {
            let common = Double(u % 5 + 1)
            let opposite = Double(5 - u % 5)
            ratings.append([opposite] + Array(repeating: common, count: names.count - 1))
        }
        let table = RatingsTable(unitIDs: (0..<30).map(String.init), raterNames: names, ratings: ratings)
        let text = AgreementReport(table: table, level: .ordinal, statistics: AgreementStatistic.defaults.union([.cohen])).text()
        #expect(text.contains("  66 pairs (66 defined): unweighted kappa from "))
        #expect(text.contains("; the 10 lowest (JSON lists every pair):"))
        let listed = text.split(separator: "\n").filter { $0.hasPrefix("  r") && $0.contains(" units, unweighted ") }
        #expect(listed.count == 10)
        #expect(listed.allSatisfy { $0.hasPrefix("  r1 – ") })
    }

    @Test func cellsReadAsTheSameNumbersOnTheFastPath() {
        for cell in ["0", "4", "007", "100", "999999999", "1000000000", "-3", "+2", "2.5", "1e3", "0x10", "inf", "nan", "yes", ""] {
            let fast = RatingsTable.number(cell), plain = Double(cell)
            #expect(fast == plain || (fast?.isNaN == true && plain?.isNaN == true), "\(cell)")
        }
    }

    @Test func onlyTheChosenStatisticsAreComputedAndWritten() throws {
        let table = try AgreementFixtures.table("shrout_fleiss1979_table2.csv", level: .interval)
        let alphaOnly = AgreementReport(table: table, level: .interval, statistics: [.alpha])
        #expect(alphaOnly.percentAgreement == nil && alphaOnly.fleissKappa == nil && alphaOnly.gwet == nil)
        #expect(alphaOnly.cohenKappa == nil && alphaOnly.icc == nil)
        let full = AgreementReport(table: table, level: .interval)
        #expect(alphaOnly.krippendorffAlpha.alpha == full.krippendorffAlpha.alpha)
        // The default report: every figure but the pairwise kappas, which grow with pairs of raters × calls.
        #expect(full.cohenKappa == nil && full.raterAgreement?.count == table.raterCount)
        let data = Data(try JSONValueEncoder(sortedKeys: true).text(alphaOnly, style: .compact).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["level", "units", "raters", "pairableValues", "pairableUnits", "krippendorffAlpha",
                                     "observedDisagreement", "expectedDisagreement", "notes"])
        let text = alphaOnly.text()
        #expect(text.contains("Krippendorff's alpha"))
        #expect(!text.contains("Fleiss") && !text.contains("Cohen") && !text.contains("Intraclass"))
        // Choosing Cohen's kappa alone adds it, and alpha is always there.
        let cohen = AgreementReport(table: table, level: .interval, statistics: [.cohen])
        #expect(cohen.statistics == [.alpha, .cohen])
        #expect(cohen.cohenKappa?.count == table.raterCount * (table.raterCount - 1) / 2)
        #expect(cohen.raterAgreement == nil)
    }

    @Test func reportIntervalHasICCAndAC2() throws {
        let table = try AgreementFixtures.table("shrout_fleiss1979_table2.csv", level: .interval)
        let data = Data(try JSONValueEncoder(sortedKeys: true).text(AgreementReport(table: table, level: .interval), style: .compact).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let icc = try #require(object["icc"] as? [String: Any])
        #expect(Set(icc.keys).isSuperset(of: ["ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"]))
        #expect(object["gwetAC2"] is Double)
        #expect(object["gwetAC2Weights"] as? String == "quadratic")
        #expect(object["gwetAC1"] == nil)
    }
}

/// Issue 17: ratings far outside Int's range are read as categories, never converted to Int (which trapped).
@Test func hugeIntegralRatingsDoNotTrap() throws {
    let table = try RatingsTable.parse(rows: [["call", "A", "B"], ["1", "1e19", "1e19"], ["2", "1e19", "-1e19"]],
                                       level: .ordinal)
    #expect(table.categories == [-1e19, 1e19])
    #expect(table.value(unit: 0, rater: 0) == 1e19)
}
