import Testing
@testable import Calibration

/// Every published value in the reference fixtures, to the precision it was published.
@Suite struct AgreementPublishedValuesTests {
    typealias F = AgreementFixtures

    // MARK: Krippendorff's alpha

    @Test func krippendorff2011SectionBNominal() throws {
        let table = try F.table("kripp2011_B_nominal_2obs_12units.csv")
        let alpha = KrippendorffAlpha(table: table, level: .nominal)
        #expect(matches(alpha.alpha.value, try F.published("kripp2011_B_nominal_2obs_12units.json", "krippendorff_alpha_nominal"), decimals: 3))  // .692
        #expect(alpha.pairableValues == 24)  // 12 units × 2 observers, none missing
    }

    @Test func krippendorff2004Binary() throws {
        let table = try F.table("kripp2004_binary_2obs_10units.csv")
        let alpha = KrippendorffAlpha(table: table, level: .nominal)
        #expect(matches(alpha.alpha.value, try F.published("kripp2004_binary_2obs_10units.json", "krippendorff_alpha_nominal"), decimals: 3))
        // Exact value given in the fixture: 1 − 19·4/(14·6) = 0.0952381 (n = 20, 4 disagreeing units, n_0 = 14, n_1 = 6).
        let exact: Double = 1 - (19.0 * 4) / (14.0 * 6)
        #expect(matches(alpha.alpha.value, exact, decimals: 12))
    }

    @Test func wikipediaExampleNominalAndInterval() throws {
        let table = try F.table("kripp_wikipedia_3coders_15units.csv", level: .interval)
        let json = "kripp_wikipedia_3coders_15units.json"
        #expect(matches(KrippendorffAlpha(table: table, level: .nominal).alpha.value, try F.published(json, "krippendorff_alpha_nominal"), decimals: 6))
        #expect(matches(KrippendorffAlpha(table: table, level: .interval).alpha.value, try F.published(json, "krippendorff_alpha_interval"), decimals: 6))
    }

    /// Krippendorff (2011) section C data. irrCAC's weighted alphas are Krippendorff's alpha with
    /// δ² = 1 − w: "quadratic" weights are the interval metric (0.84911) and "ratio" weights the ratio
    /// metric (0.797). irrCAC's "linear" weights (0.8) are |c − k|, which is none of Krippendorff's
    /// metrics, so it is not tested; Krippendorff's ordinal metric (.815) comes from the 2011 paper as
    /// asserted by the Python `krippendorff` package on the same data.
    @Test func gwetRaw4RatersAlphaAtEveryLevel() throws {
        let table = try F.table("gwet2014_raw4raters.csv", level: .interval)
        let json = "gwet2014_raw4raters.json"
        let nominal = KrippendorffAlpha(table: table, level: .nominal)
        #expect(matches(nominal.alpha.value, try F.published(json, "krippendorff_alpha_nominal"), decimals: 5))  // 0.74342
        #expect(matches(KrippendorffAlpha(table: table, level: .interval).alpha.value, try F.published(json, "krippendorff_alpha_quadratic"), decimals: 5))  // 0.84911
        #expect(matches(KrippendorffAlpha(table: table, level: .ratio).alpha.value, try F.published(json, "krippendorff_alpha_ratio_weights"), decimals: 3))  // 0.797
        #expect(matches(KrippendorffAlpha(table: table, level: .ordinal).alpha.value, 0.815, decimals: 3))
        // Unit 12 has one rating and is dropped: 11 units, 40 pairable values (irrCAC's pa = .805 is (1−1/n)·pa' + 1/n).
        #expect(nominal.pairableUnits == 11)
        #expect(nominal.pairableValues == 40)
    }

    @Test func otherIrrCACAlphas() throws {
        #expect(matches(KrippendorffAlpha(table: try F.table("gwet_ben_gerry.csv"), level: .nominal).alpha.value,
                        try F.published("gwet_ben_gerry.json", "krippendorff_alpha_nominal"), decimals: 3))
        #expect(matches(KrippendorffAlpha(table: try F.table("gwet_raw5observers.csv"), level: .nominal).alpha.value,
                        try F.published("gwet_raw5observers.json", "krippendorff_alpha_nominal"), decimals: 3))
        let abstractors = try F.table("gwet_cont3x3abstractors.csv")
        #expect(matches(KrippendorffAlpha(table: abstractors, level: .nominal).alpha.value,
                        try F.published("gwet_cont3x3abstractors.json", "krippendorff_alpha_nominal"), decimals: 7))
        #expect(matches(KrippendorffAlpha(table: abstractors, level: .interval).alpha.value,
                        try F.published("gwet_cont3x3abstractors.json", "krippendorff_alpha_quadratic"), decimals: 7))
        let six = try F.table("gwet_distrib6raters.csv")
        #expect(matches(KrippendorffAlpha(table: six, level: .nominal).alpha.value,
                        try F.published("gwet_distrib6raters.json", "krippendorff_alpha_nominal"), decimals: 7))
        #expect(matches(KrippendorffAlpha(table: six, level: .interval).alpha.value,
                        try F.published("gwet_distrib6raters.json", "krippendorff_alpha_quadratic"), decimals: 6))
    }

    // MARK: Percent agreement and Gwet

    @Test func gwetRaw4Raters() throws {
        let table = try F.table("gwet2014_raw4raters.csv", level: .interval)
        let json = "gwet2014_raw4raters.json"
        let ac1 = GwetAgreement(table: table, weights: .identity)
        #expect(matches(ac1.percentAgreement.value, try F.published(json, "percent_agreement"), decimals: 7))  // 9/11
        #expect(matches(ac1.chanceAgreement.value, 0.1903212, decimals: 7))  // published pe
        #expect(matches(ac1.coefficient.value, try F.published(json, "gwet_ac1"), decimals: 5))
        let quadratic = GwetAgreement(table: table, weights: .quadratic)
        #expect(matches(quadratic.percentAgreement.value, 0.9753788, decimals: 7))  // published weighted pa
        #expect(matches(quadratic.chanceAgreement.value, 0.7137044, decimals: 7))  // published weighted pe
        #expect(matches(quadratic.coefficient.value, try F.published(json, "gwet_ac2_quadratic"), decimals: 3))
        #expect(matches(GwetAgreement(table: table, weights: .ordinal).coefficient.value,
                        try F.published(json, "gwet_ac2_ordinal"), decimals: 3))
    }

    @Test func gwetOtherTables() throws {
        #expect(matches(GwetAgreement(table: try F.table("gwet_ben_gerry.csv"), weights: .identity).coefficient.value,
                        try F.published("gwet_ben_gerry.json", "gwet_ac1"), decimals: 3))
        #expect(matches(GwetAgreement(table: try F.table("gwet_raw5observers.csv"), weights: .identity).coefficient.value,
                        try F.published("gwet_raw5observers.json", "gwet_ac1"), decimals: 3))
        let abstractors = try F.table("gwet_cont3x3abstractors.csv")
        let ac1 = GwetAgreement(table: abstractors, weights: .identity)
        #expect(matches(ac1.percentAgreement.value, try F.published("gwet_cont3x3abstractors.json", "percent_agreement"), decimals: 2))
        #expect(matches(ac1.coefficient.value, try F.published("gwet_cont3x3abstractors.json", "gwet_ac1"), decimals: 7))
        #expect(matches(GwetAgreement(table: abstractors, weights: .quadratic).coefficient.value,
                        try F.published("gwet_cont3x3abstractors.json", "gwet_ac2_quadratic"), decimals: 7))
        let six = try F.table("gwet_distrib6raters.csv")
        let six1 = GwetAgreement(table: six, weights: .identity)
        #expect(matches(six1.percentAgreement.value, 0.5511111, decimals: 7))
        #expect(matches(six1.chanceAgreement.value, 0.1914815, decimals: 7))
        #expect(matches(six1.coefficient.value, try F.published("gwet_distrib6raters.json", "gwet_ac1"), decimals: 7))
        #expect(matches(GwetAgreement(table: six, weights: .quadratic).coefficient.value,
                        try F.published("gwet_distrib6raters.json", "gwet_ac2_quadratic"), decimals: 7))
    }

    // MARK: Fleiss

    @Test func fleiss1971() throws {
        let table = try F.table("fleiss1971_diagnoses.csv")
        #expect(matches(FleissKappa.compute(table).value, try F.published("fleiss1971_diagnoses.json", "fleiss_kappa"), decimals: 7))
        #expect(matches(FleissKappa.compute(table).value, 0.430, decimals: 3))  // Fleiss 1971
        let six = try F.table("gwet_distrib6raters.csv")
        #expect(matches(FleissKappa.compute(six).value, try F.published("gwet_distrib6raters.json", "fleiss_kappa"), decimals: 7))
    }

    // MARK: Cohen

    private func pair(_ table: RatingsTable, _ a: String, _ b: String) -> CohenKappa? {
        CohenKappa.allPairs(table).first { $0.raterA == a && $0.raterB == b }
    }

    /// Raters 2 and 3 never use 5: weights go by the order of {1,2,3,4,6}, so 4 → 6 is one step.
    @Test func irrAnxietyWeightOrderTrap() throws {
        let table = try F.table("irr_anxiety.csv", level: .interval)
        let json = "irr_anxiety.json"
        let kappa = try #require(pair(table, "rater2", "rater3"))
        #expect(kappa.units == 20)
        #expect(matches(kappa.unweighted.value, try F.published(json, "cohen_kappa_rater2_rater3_unweighted"), decimals: 9))
        #expect(matches(kappa.linear.value, try F.published(json, "cohen_kappa_rater2_rater3_linear"), decimals: 7))
        #expect(matches(kappa.quadratic.value, try F.published(json, "cohen_kappa_rater2_rater3_quadratic"), decimals: 7))
    }

    @Test func sasTable10() throws {
        let kappa = try #require(CohenKappa.allPairs(try F.table("sas_table10_2raters.csv")).first)
        #expect(kappa.units == 19)
        #expect(matches(kappa.unweighted.value, try F.published("sas_table10_2raters.json", "cohen_kappa_unweighted"), decimals: 4))
        #expect(matches(kappa.linear.value, try F.published("sas_table10_2raters.json", "cohen_kappa_linear"), decimals: 4))
    }

    @Test func cont3x3Abstractors() throws {
        let kappa = try #require(CohenKappa.allPairs(try F.table("gwet_cont3x3abstractors.csv")).first)
        #expect(kappa.units == 100)
        #expect(matches(kappa.unweighted.value, try F.published("gwet_cont3x3abstractors.json", "cohen_kappa_unweighted"), decimals: 7))
        #expect(matches(kappa.quadratic.value, try F.published("gwet_cont3x3abstractors.json", "cohen_kappa_quadratic"), decimals: 7))
    }

    // MARK: ICC

    /// Shrout & Fleiss (1979) Table 4, two decimals.
    @Test func shroutFleiss1979() throws {
        let icc = IntraclassCorrelation(table: try F.table("shrout_fleiss1979_table2.csv", level: .interval))
        #expect(icc.units == 6)
        let json = "shrout_fleiss1979_table2.json"
        for form in icc.forms {
            #expect(matches(form.value.value, try F.published(json, form.name), decimals: 2), "\(form.name)")
        }
    }
}
