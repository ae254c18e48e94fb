import Testing
import SampleData
@testable import Calibration

/// Issue 14: the calibrate and drift reports say in plain words what was found, chart every assessor in
/// points (flagged first), and print well (a print stylesheet with page breaks between sections).
@Suite struct ReportPlainWordsTests {
    func driftReport() throws -> (DriftReport, PlantedEffects) {
        let (evaluations, planted) = try SessionFixtures.sample(seed: 1) { $0.calibrationCallsPerSession = 10 }
        let reference = CalibrationReference.assessor(planted.expertAssessorID)
        let report = try DriftAnalysis(plan: SessionFixtures.realisticPlan, reference: reference,
                                       options: DriftOptions(reference: reference)).analyze(evaluations)
        return (report, planted)
    }

    @Test func driftSaysWhoSinceWhenHowSureAndWhatNext() throws {
        let (report, planted) = try driftReport()
        let flag = try #require(report.flags.first)
        #expect(flag.assessor == planted.driftingAssessorID)
        let text = DriftReportRenderer.render(report, as: .table)
        #expect(text.hasPrefix("Each assessor's total was compared with qa-lead on the calls they both scored"))
        #expect(text.contains("\(flag.assessor) has been scoring higher (more leniently) than at their start since \(flag.period). "
            + "How sure: both charts crossed their limits"))
        #expect(text.contains("Next: go through \(flag.assessor)'s calls since \(flag.period) in the next calibration session"))
        // The statistical settings come after, under their own heading.
        let settings = try #require(text.range(of: "\nSettings\n"))
        #expect(text.range(of: "σ = ")?.lowerBound ?? text.startIndex > settings.lowerBound)
    }

    @Test func driftHTMLChartsEveryAssessorInPointsFlaggedFirstAndPrints() throws {
        let (report, planted) = try driftReport()
        let html = DriftReportRenderer.render(report, as: .html)
        #expect(html.components(separatedBy: "<svg").count - 1 == report.assessors.count)
        let firstSection = try #require(html.components(separatedBy: "<section class=\"assessor\"><h2>").dropFirst().first)
        #expect(firstSection.hasPrefix("\(planted.driftingAssessorID) — flagged lenient from"))
        #expect(html.contains("aria-label=\"Points above or below the reference per period for \(planted.driftingAssessorID)\""))
        #expect(html.contains("@media print"))
        #expect(html.contains("section.assessor,section.agenda{break-before:page}"))
    }

    @Test func calibrationSaysWhatWasFoundAndWhatNext() throws {
        let (evaluations, planted) = try SessionFixtures.sample(seed: 1)
        let report = try CalibrationSession(plan: SessionFixtures.realisticPlan, reference: .assessor(planted.expertAssessorID))
            .analyze(evaluations)
        let text = CalibrationReportRenderer.render(report, as: .table)
        #expect(text.contains("\(planted.lenientAssessorID) scores higher than the reference: "))
        #expect(text.contains("\(planted.severeAssessorID) scores lower than the reference: "))
        #expect(text.contains("Next: go through the agenda below, starting with \(report.agenda.first?.callID ?? "?")"))
        // A dozen calls at most in the printed agenda; the JSON has them all.
        #expect(report.agenda.count > CalibrationReportRenderer.agendaCallsShown)
        #expect(text.contains("\(report.agenda.count - CalibrationReportRenderer.agendaCallsShown) more calls with differing answers are in the JSON report"))
        let html = CalibrationReportRenderer.render(report, as: .html)
        #expect(html.contains("<section class=\"summary\"><h2>What was found</h2>"))
        #expect(html.contains("<table class=\"agenda-table\">"))
        #expect(html.contains("@page{size:A4;margin:15mm}"))
    }
}
