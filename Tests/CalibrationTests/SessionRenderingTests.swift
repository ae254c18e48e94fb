import Foundation
import Testing
@testable import Calibration

/// The calibrate and drift renderers: stable JSON keys, a self-contained HTML page, flags first in text.
@Suite struct SessionRenderingTests {
    let report = try? CalibrationSession(plan: SessionFixtures.plan, reference: .assessor("lead")).analyze([
        SessionFixtures.scored("c1", "lead", empathy: 3), SessionFixtures.scored("c1", "A"),
        SessionFixtures.scored("c2", "lead", gdpr: "no"), SessionFixtures.scored("c2", "A"),
    ])

    @Test func jsonHasTheDocumentedKeys() throws {
        let r = try #require(report)
        let json = CalibrationReportRenderer.render(r, as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["reference", "referenceMethod", "referenceAssessorsFewest", "referenceAssessorsMost",
                                      "tolerance", "calibrationCalls", "assessorCount", "flags", "assessors", "criteria",
                                      "calls", "agenda", "notes"])
        let assessor = try #require((object["assessors"] as? [[String: Any]])?.first)
        // Two calls: +16.667 and +100 → mean 58.33.
        #expect(abs((assessor["meanDeviation"] as? Double ?? 0) - 58.3333) < 1e-3)
        #expect(assessor["missedCriticals"] as? [[String: String]] == [["callID": "c2", "criterion": "gdpr"]])
    }

    @Test func htmlIsSelfContained() throws {
        let html = CalibrationReportRenderer.render(try #require(report), as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!html.contains("src="))
    }

    @Test func tableListsTheMissedCriticalFlagFirst() throws {
        let text = CalibrationReportRenderer.render(try #require(report), as: .table)
        let flags = try #require(text.components(separatedBy: "Flags\n\n").last)
        #expect(flags.hasPrefix("missed-critical  A: missed 1 critical fail the reference recorded: gdpr on c2"))
    }
}
