import Foundation
import QAModel
import ScorecardFormat
import Scoring
import Testing

/// Test data: the shipped template, its revisions in Tests/Fixtures/revisions, and small hand-built templates whose
/// scores can be worked out by hand.
enum Fixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // RevisionsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root

    static func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

    /// A template loaded and checked by the shipped loader, compiled.
    static func plan(_ relative: String) throws -> ScoringPlan {
        let result = try ScorecardLoader.load(path: path(relative))
        return ScoringPlan(try #require(result.scorecard, "\(relative) is not a valid template"))
    }

    static let inboundV1 = "scorecards/inbound-customer-service.xml"
    static let inboundV2 = "Tests/Fixtures/revisions/inbound-customer-service-v2.xml"
    static let inboundEveryChange = "Tests/Fixtures/revisions/inbound-customer-service-v3-every-change.xml"
}

/// A one-section plain-points template `demo` (no section weights, so the total is Σ weight × credit / Σ weight),
/// pass mark 70, bands good 70–100 and poor 0–70.
func demoTemplate(version: String, _ criteria: [Criterion], passMark: Double = 70) -> ScoringPlan {
    ScoringPlan(Scorecard(
        id: "demo", version: version, title: "Demo", categories: [Category(id: "main", title: "Main")],
        sections: [Section(id: "call", title: "The call", criteria: criteria)], passMark: passMark,
        bands: [Band(id: "good", title: "Good", min: 70, max: 100), Band(id: "poor", title: "Poor", min: 0, max: 70)]))
}

func yesNo(_ id: String, weight: Double = 1, notApplicable: Bool = false, condition: Condition? = nil) -> Criterion {
    Criterion(id: id, category: "main", prompt: "Did the agent do \(id)?", answerType: .yesNo(points: 1), weight: weight,
              allowsNotApplicable: notApplicable, condition: condition)
}

func demoEvaluation(_ id: String, version: String = "1", team: String = "team-a", template: String = "demo",
                    purpose: EvaluationPurpose = .official, _ answers: [String: AnswerValue]) -> Evaluation {
    Evaluation(id: id, callID: "call-\(id)", agentID: "agent-\(id)", teamID: team, assessorID: "qa-lead",
               scorecardID: template, scorecardVersion: version, callDate: CalendarDay(daysSinceEpoch: 20_000),
               evaluatedAt: Timestamp(secondsSinceEpoch: 1_728_000_000), answers: answers, purpose: purpose)
}
