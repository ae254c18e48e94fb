import Testing
import Scoring
import SampleData
@testable import Calibration

/// The consensus reference (leave-one-out, median total, modal answer, auto-fail by majority) must hold
/// when one assessor auto-fails most calls: nobody else may be flagged because of them.
@Suite struct SessionRobustConsensusTests {
    /// The worked example of docs/calibration.md: five assessors on one call, one of whom auto-failed it.
    @Test func workedExampleOfTheConsensusTotal() {
        // Totals 100·(1 + 2·(empathy − 1)/4 + 2 + 1)/6: A 75 (empathy 2), B 83.3 (3), C 91.7 (4), D 100 (5);
        // E answered the GDPR check "no": auto-fail, total 0.
        let evaluations = [SessionFixtures.scored("c1", "A", empathy: 2), SessionFixtures.scored("c1", "B", empathy: 3),
                           SessionFixtures.scored("c1", "C", empathy: 4), SessionFixtures.scored("c1", "D", empathy: 5),
                           SessionFixtures.scored("c1", "E", gdpr: "no")]
        let scores = evaluations.map(\.score)
        #expect(scores.map { ($0.total * 10).rounded() / 10 } == [75, 83.3, 91.7, 100, 0])
        // A's reference: B, C, D and E; E auto-failed but is one of four, so the reference does not auto-fail and
        // is the median of B, C and D, the three who did not: C's 91.7 (a plain mean of the four would be 68.8).
        let forA = ConsensusTotal(Array(scores[1...]))
        #expect(!forA.autoFailed)
        #expect(forA.formedBy == 3)
        #expect(forA.total == scores[2].total)
        // E's reference: A, B, C, D (none auto-failed): the median is the mean of the middle two, B and C: 87.5.
        let forE = ConsensusTotal(Array(scores[0..<4]))
        #expect(forE.formedBy == 4)
        #expect(abs(forE.total - 87.5) < 1e-9)
        // Three others of whom two auto-failed: more than half, so the reference auto-fails (total 0).
        let failing = [SessionFixtures.scored("c2", "X", gdpr: "no"), SessionFixtures.scored("c2", "Y", gdpr: "no"),
                       SessionFixtures.scored("c2", "Z")].map(\.score)
        let majority = ConsensusTotal(failing)
        #expect(majority.autoFailed)
        #expect(majority.total == 0)
        #expect(majority.formedBy == 2)
    }

    @Test func theReportSaysWhichReferenceAndHowManyFormedIt() throws {
        let evaluations = ["A", "B", "C", "D"].flatMap { id in
            (1...3).map { SessionFixtures.scored("c\($0)", id, empathy: id == "D" ? 2 : 5) }
        }
        let report = try CalibrationSession(plan: SessionFixtures.plan, reference: .consensus).analyze(evaluations)
        #expect(report.referenceAssessorsFewest == 3)
        #expect(report.referenceAssessorsMost == 3)
        #expect(report.assessors.first { $0.assessor == "A" }?.deviations.allSatisfy { $0.referenceAssessors == 3 } == true)
        // D scores 2 on empathy where the others score 5: a median of the others leaves A, B and C at 0.
        #expect(report.assessors.filter { $0.assessor != "D" }.allSatisfy { $0.meanDeviation == 0 })
        let text = CalibrationReportRenderer.render(report, as: .table)
        #expect(text.hasPrefix("Reference: consensus — the consensus of the other assessors on each call"))
        #expect(text.contains("3 assessors formed it on each call"))
    }

    /// Acceptance (issue 14): a form with five form-level critical items, a severe assessor who records a
    /// passing critical item as failing one time in four (auto-failing about three calls in four), over ten
    /// seeds: with the consensus reference only the planted lenient and severe assessors are flagged, each
    /// with the right sign.
    @Test func onlyThePlantedAssessorsAreFlaggedWhenOneAutoFailsMostCalls() throws {
        for seed in 1...10 as ClosedRange<UInt64> {
            let (evaluations, planted) = try SessionFixtures.sample(seed: seed, scorecard: SessionFixtures.criticalHeavyScorecard) {
                $0.severeCriticalFailRate = 0.25
            }
            let severeCalls = evaluations.filter { $0.evaluation.assessorID == planted.severeAssessorID && $0.evaluation.purpose == .calibration }
            #expect(2 * severeCalls.filter(\.score.autoFailed).count > severeCalls.count, "seed \(seed): the severe assessor auto-fails most calls")
            let report = try CalibrationSession(plan: SessionFixtures.criticalHeavyPlan, reference: .consensus).analyze(evaluations)
            let assessorFlags = report.flags.filter { $0.kind != .lowAgreement && $0.kind != .tentativeAgreement }
            #expect(Set(assessorFlags.map(\.subject)) == [planted.lenientAssessorID, planted.severeAssessorID],
                    "seed \(seed): \(assessorFlags.map { "\($0.subject) \($0.kind.rawValue)" })")
            #expect(assessorFlags.contains { $0.subject == planted.lenientAssessorID && $0.kind == .lenient }, "seed \(seed)")
            #expect(assessorFlags.contains { $0.subject == planted.severeAssessorID && $0.kind == .severe }, "seed \(seed)")
        }
    }
}
