import Calibration
import Testing

/// The agreement table is read by QA leads: statistics are named as in the report's own rows, not by JSON keys.
@Suite struct AgreementTextWordingTests {
    @Test("notes in the table name Cohen's kappa and the ICC in words; one rater on one unit is singular")
    func readableNotes() {
        // Two raters who only ever answer 1: Cohen's kappa is undefined (chance agreement is 100%); at the
        // nominal level there is no ICC. Both show up as notes.
        let same = RatingsTable(unitIDs: ["c1", "c2"], raterNames: ["A", "B"], ratings: [[1, 1], [1, 1]])
        let text = AgreementReport(table: same, level: .nominal, statistics: AgreementStatistic.defaults.union([.cohen])).text()
        #expect(text.contains("  - Cohen's kappa A–B: "))
        #expect(text.contains("  - Kappa against the others, A: "))
        #expect(!text.contains("raterAgreement"))
        #expect(text.contains("  - Intraclass correlation (ICC): intraclass correlations need numeric scores"))
        #expect(!text.contains("cohenKappa"))
        #expect(!text.contains("icc:"))

        let one = RatingsTable(unitIDs: ["c1"], raterNames: ["A"], ratings: [[1]])
        #expect(AgreementReport(table: one, level: .nominal).text().hasPrefix("Agreement of 1 rater on 1 unit, nominal level\n"))
    }
}
