import Testing
import SampleData
@testable import Calibration

/// `qa calibrate` on sample data must find the planted lenient and severe assessors, with the right sign,
/// and flag no one else.
@Suite struct SessionPlantedEffectsTests {
    @Test(arguments: [1, 2, 3, 4, 7, 42, 99] as [UInt64])
    func flagsExactlyTheLenientAndSevereAssessorsAgainstTheExpert(seed: UInt64) throws {
        let (evaluations, planted) = try SessionFixtures.sample(seed: seed)
        let report = try CalibrationSession(plan: SessionFixtures.realisticPlan, reference: .assessor(planted.expertAssessorID))
            .analyze(evaluations)
        let assessorFlags = report.flags.filter { $0.kind != .lowAgreement && $0.kind != .tentativeAgreement }
        #expect(Set(assessorFlags.map(\.subject)) == [planted.lenientAssessorID, planted.severeAssessorID])
        #expect(assessorFlags.contains { $0.subject == planted.lenientAssessorID && $0.kind == .lenient })
        #expect(assessorFlags.contains { $0.subject == planted.severeAssessorID && $0.kind == .severe })
    }

    @Test(arguments: [1, 3, 5, 11] as [UInt64])
    func flagsExactlyTheLenientAndSevereAssessorsAgainstTheConsensus(seed: UInt64) throws {
        let (evaluations, planted) = try SessionFixtures.sample(seed: seed)
        let report = try CalibrationSession(plan: SessionFixtures.realisticPlan, reference: .consensus).analyze(evaluations)
        let assessorFlags = report.flags.filter { $0.kind != .lowAgreement && $0.kind != .tentativeAgreement }
        #expect(Set(assessorFlags.map(\.subject)) == [planted.lenientAssessorID, planted.severeAssessorID])
        #expect(assessorFlags.contains { $0.subject == planted.lenientAssessorID && $0.kind == .lenient })
        #expect(assessorFlags.contains { $0.subject == planted.severeAssessorID && $0.kind == .severe })
    }
}
