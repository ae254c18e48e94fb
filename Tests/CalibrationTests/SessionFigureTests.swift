import Testing
import QAModel
import Scoring
@testable import Calibration

/// Hand-built calibration sessions on `SessionFixtures.scorecard`, where a total is
/// 100 × (greeting + 2·(empathy − 1)/4 + 2·resolution/10 + gdpr) / 6, and a GDPR `no` makes it 0.
///
/// Session used below (E = expert `lead`, A, B):
///   c1: lead empathy 3 → 100·(1 + 1 + 2 + 1)/6 = 83.333; A all top → 100; B empathy 3 → 83.333
///   c2: lead all top → 100; A all top → 100; B resolution 7 → 100·(1 + 2 + 1.4 + 1)/6 = 90
///   c3: lead GDPR no → 0; A all top → 100 (misses the GDPR fail); B GDPR no → 0
@Suite struct SessionFigureTests {
    let evaluations: [ScoredEvaluation] = [
        SessionFixtures.scored("c1", "lead", empathy: 3), SessionFixtures.scored("c1", "A"),
        SessionFixtures.scored("c1", "B", empathy: 3),
        SessionFixtures.scored("c2", "lead"), SessionFixtures.scored("c2", "A"),
        SessionFixtures.scored("c2", "B", resolution: 7),
        SessionFixtures.scored("c3", "lead", gdpr: "no"), SessionFixtures.scored("c3", "A"),
        SessionFixtures.scored("c3", "B", gdpr: "no"),
    ]

    func report(_ reference: CalibrationReference) throws -> CalibrationReport {
        try CalibrationSession(plan: SessionFixtures.plan, reference: reference).analyze(evaluations)
    }

    @Test func deviationsMeanAbsoluteAndWithinToleranceAgainstTheExpert() throws {
        let r = try report(.assessor("lead"))
        #expect(r.calibrationCalls == 3)
        #expect(r.assessors.map(\.assessor) == ["A", "B"])
        let a = try #require(r.assessors.first)
        // A: 100 − 83.333 = +16.667, 100 − 100 = 0, 100 − 0 = +100.
        #expect(a.deviations.map(\.deviation).map { ($0 * 1000).rounded() / 1000 } == [16.667, 0, 100])
        // mean = (16.667 + 0 + 100) / 3 = 38.889; all positive, so the mean absolute deviation is the same.
        #expect(abs((a.meanDeviation ?? 0) - 116.6667 / 3) < 1e-3)
        #expect(abs((a.meanAbsoluteDeviation ?? 0) - 116.6667 / 3) < 1e-3)
        // Within ±5: only c2.
        #expect(a.withinTolerance == 1)
        #expect(abs((a.withinToleranceShare ?? 0) - 1.0 / 3) < 1e-12)
        let b = try #require(r.assessors.last)
        // B: 0, 90 − 100 = −10, 0 → mean −3.333, MAD 3.333, 2 of 3 within ±5.
        #expect(abs((b.meanDeviation ?? 0) + 10.0 / 3) < 1e-9)
        #expect(abs((b.meanAbsoluteDeviation ?? 0) - 10.0 / 3) < 1e-9)
        #expect(b.withinTolerance == 2)
    }

    @Test func confidenceIntervalUsesStudentT() throws {
        let a = try #require(try report(.assessor("lead")).assessors.first)
        // SD of (16.667, 0, 100) about 38.889: squares 493.83 + 1512.35 + 3734.57 = 5740.74; /2 → SD 53.576.
        // Half-width t(0.975, 2) · SD / √3 = 4.3027 · 53.576 / 1.7321 = 133.09.
        #expect(abs((a.standardDeviation ?? 0) - 53.576) < 1e-3)
        #expect(abs((a.ci95Upper ?? 0) - (38.889 + 133.09)) < 0.02)
        #expect(abs((a.ci95Lower ?? 0) - (38.889 - 133.09)) < 0.02)
    }

    @Test func missedCriticalFailIsReportedFirst() throws {
        let r = try report(.assessor("lead"))
        #expect(r.flags.first?.kind == .missedCritical)
        #expect(r.flags.first?.subject == "A")
        #expect(r.flags.first?.reason == "missed 1 critical fail the reference recorded: gdpr on c3")
        let a = try #require(r.assessors.first)
        #expect(a.missedCriticals == [CriticalDisagreement(callID: "c3", criterion: "gdpr")])
        // A's mean is above 5, but the interval (−94 to +172) includes 0 over 3 calls: not lenient, but only
        // 1 of 3 calls within ±5, so inconsistent.
        #expect(a.flags == [.missedCritical, .inconsistent])
        #expect(r.assessors.last?.flags == [])
    }

    @Test func exactAgreementWithTheReferenceAndWhoDiffered() throws {
        let r = try report(.assessor("lead"))
        let byID = Dictionary(uniqueKeysWithValues: r.criteria.map { ($0.criterion, $0) })
        // 6 (assessor, call) pairs per criterion; greeting all match, each other criterion has one miss.
        #expect(byID["greeting"]?.exactAgreement == 1)
        #expect(byID["empathy"]?.agreedPairs == 5)
        #expect(byID["empathy"]?.comparedPairs == 6)
        #expect(byID["empathy"]?.differences == [AnswerDifference(callID: "c1", assessor: "A", answer: "5", referenceAnswer: "3")])
        #expect(byID["resolution"]?.differences == [AnswerDifference(callID: "c2", assessor: "B", answer: "7", referenceAnswer: "10")])
        #expect(byID["gdpr"]?.differences == [AnswerDifference(callID: "c3", assessor: "A", answer: "yes", referenceAnswer: "no")])
    }

    @Test func alphaPerCriterionAndLowAgreementFlag() throws {
        let r = try report(.assessor("lead"))
        let byID = Dictionary(uniqueKeysWithValues: r.criteria.map { ($0.criterion, $0) })
        // Empathy (ordinal) units: c1 {3, 5, 3}, c2 {5, 5, 5}, c3 {5, 5, 5}. Coincidences: o33 = 1, o35 = o53 = 1,
        // o55 = 6; n3 = 2, n5 = 7, n = 9. With two values every metric gives
        // alpha = 1 − (n − 1)·(o35 + o53) / (2·n3·n5) = 1 − 8·2/28 = 3/7 = 0.4286.
        #expect(abs((byID["empathy"]?.alpha ?? 0) - 3.0 / 7) < 1e-12)
        #expect(byID["empathy"]?.calls == 3)
        // Three calls are too few to judge agreement: explained, not flagged.
        #expect(byID["empathy"]?.agreement == "too few calls")
        #expect(byID["empathy"]?.alphaNote == "alpha 0.429 over 3 calls is too few to judge agreement (at least 10 are needed); not flagged")
        // Greeting: everyone said yes on every call — alpha undefined, with the reason.
        #expect(byID["greeting"]?.alpha == nil)
        #expect(byID["greeting"]?.alphaNote?.contains("same value") == true)
        #expect(!r.flags.contains { $0.kind == .lowAgreement || $0.kind == .tentativeAgreement })
    }

    /// Twelve calls: A answers empathy the opposite way to the lead and B (1 where they say 5 and back), and
    /// A once says "no" to the greeting where everyone else says "yes".
    func twelveCalls() throws -> CalibrationReport {
        var list: [ScoredEvaluation] = []
        for c in 0..<12 {
            let empathy: Double = c % 2 == 0 ? 1 : 5
            list.append(SessionFixtures.scored("c\(c)", "lead", empathy: empathy))
            list.append(SessionFixtures.scored("c\(c)", "B", empathy: empathy))
            list.append(SessionFixtures.scored("c\(c)", "A", greeting: c == 0 ? "no" : "yes", empathy: 6 - empathy))
        }
        return try CalibrationSession(plan: SessionFixtures.plan, reference: .assessor("lead")).analyze(list)
    }

    @Test func lowAgreementIsFlaggedWhenTheIntervalSaysSo() throws {
        let r = try twelveCalls()
        let empathy = try #require(r.criteria.first { $0.criterion == "empathy" })
        #expect(empathy.calls == 12)
        #expect(empathy.agreement == "low")
        let flag = try #require(r.flags.first { $0.kind == .lowAgreement && $0.subject == "empathy" })
        #expect(flag.reason.hasPrefix("alpha "))
        #expect(flag.reason.contains("over 12 calls (95% interval "))
        #expect(flag.reason.contains("50% of answers match the reference (12 of 24); most differences: A (12 of 12 differing answers)"))
    }

    @Test func highRawAgreementWithLowAlphaIsExplainedNotFlagged() throws {
        // Greeting: 23 of 24 answers match the lead; the one "no" makes alpha low (there is almost no variation to
        // agree on): the paradox, explained in alphaNote and not flagged.
        let r = try twelveCalls()
        let greeting = try #require(r.criteria.first { $0.criterion == "greeting" })
        #expect((greeting.alpha ?? 1) < 0.667)
        #expect(greeting.agreement == "rarely varies")
        #expect(greeting.alphaNote?.contains("is low only because most calls get the same answer; 96% of answers match the reference (23 of 24)") == true)
        #expect(!r.flags.contains { $0.subject == "greeting" })
    }

    @Test func perCallSpreadAndSplitCriteria() throws {
        let r = try report(.assessor("lead"))
        let c2 = try #require(r.calls.first { $0.callID == "c2" })
        // Totals 100, 100, 90: range 10; SD = √(((3.333)² · 2 + 6.667²) / 2) = √33.33 = 5.7735.
        #expect(c2.range == 10)
        #expect(abs((c2.standardDeviation ?? 0) - 5.7735) < 1e-4)
        #expect(c2.splitCriteria.map(\.criterion) == ["resolution"])
        #expect(c2.splitCriteria.first?.answers == [AnswerGroup(answer: "10", assessors: ["A", "lead"]),
                                                     AnswerGroup(answer: "7", assessors: ["B"])])
        let c3 = try #require(r.calls.first { $0.callID == "c3" })
        #expect(c3.range == 100)
        #expect(c3.splitCriteria.map(\.criterion) == ["gdpr"])
    }

    @Test func consensusLeavesTheAssessorOut() throws {
        let r = try report(.consensus)
        #expect(r.assessors.map(\.assessor) == ["A", "B", "lead"])
        let byID = Dictionary(uniqueKeysWithValues: r.assessors.map { ($0.assessor, $0) })
        // lead on c1: others A 100, B 83.333 → 91.667, deviation 83.333 − 91.667 = −8.333;
        // on c2: others 100 and 90 → 95, deviation +5 (within ±5); on c3: others A 100 and B 0 (auto-failed):
        // exactly half auto-failed, not more, so the reference is the median of those who did not, A's 100:
        // deviation −100 (lead auto-failed too), formed by 1 assessor.
        let lead = try #require(byID["lead"])
        #expect(lead.deviations.map { ($0.deviation * 1000).rounded() / 1000 } == [-8.333, 5, -100])
        #expect(lead.deviations.map(\.referenceAssessors) == [2, 2, 1])
        #expect(lead.withinTolerance == 1)
        // A on c3: both others failed GDPR (2 of 2 > half) → A missed it. lead on c3: 1 of 2 others failed
        // (exactly half, no majority) → neither missed nor extra.
        #expect(byID["A"]?.missedCriticals == [CriticalDisagreement(callID: "c3", criterion: "gdpr")])
        #expect(lead.missedCriticals.isEmpty && lead.extraCriticals.isEmpty)
        // Resolution on c2 for lead: others answered 10 (A) and 7 (B) — a tie; lead's 10 is one of the tied
        // answers, so it counts as agreeing. B's 7 against others {10, 10} differs.
        let resolution = try #require(r.criteria.first { $0.criterion == "resolution" })
        #expect(resolution.differences.map(\.assessor) == ["B"])
        #expect(resolution.comparedPairs == 9)
    }

    @Test func consistentLeanIsFlaggedWithTheFigures() throws {
        // lead gives empathy 3 (83.333) on four calls, A all top (100): deviation +16.667 on each, SD 0.
        var evaluations: [ScoredEvaluation] = []
        for c in 1...4 {
            evaluations.append(SessionFixtures.scored("c\(c)", "lead", empathy: 3))
            evaluations.append(SessionFixtures.scored("c\(c)", "A"))
        }
        let r = try CalibrationSession(plan: SessionFixtures.plan, reference: .assessor("lead")).analyze(evaluations)
        let flag = try #require(r.flags.first { $0.subject == "A" })
        #expect(flag.kind == .lenient)
        #expect(flag.reason == "+16.7 points above the reference on average over 4 calls (95% CI +16.7 to +16.7); 0 of 4 within ±5")
    }

    @Test func oneCallIsNeverEnoughToFlagBias() throws {
        let evaluations = [SessionFixtures.scored("c1", "lead", gdpr: "yes"), SessionFixtures.scored("c1", "A", empathy: 1)]
        let r = try CalibrationSession(plan: SessionFixtures.plan, reference: .assessor("lead")).analyze(evaluations)
        let a = try #require(r.assessors.first)
        // 100·(1 + 0 + 2 + 1)/6 = 66.667 → deviation −33.333, but one call: no interval, no flag.
        #expect(a.calls == 1)
        #expect(a.ci95Lower == nil && a.standardDeviation == nil)
        #expect(a.flags.isEmpty)
    }

    @Test func noCalibrationCallsIsAClearProblem() {
        let single = [SessionFixtures.scored("c1", "A"), SessionFixtures.scored("c2", "B")]
        #expect {
            _ = try CalibrationSession(plan: SessionFixtures.plan, reference: .consensus).analyze(single)
        } throws: { error in
            (error as? CalibrationProblem)?.message.hasPrefix("no calibration calls: no call was scored by two or more assessors (2 evaluations read)") == true
        }
    }

    @Test func missingExpertIsAClearProblem() {
        #expect {
            _ = try CalibrationSession(plan: SessionFixtures.plan, reference: .assessor("qa-lead")).analyze(evaluations)
        } throws: { error in
            (error as? CalibrationProblem)?.message
                == "the reference assessor 'qa-lead' scored none of the 3 calibration calls; assessors on those calls: A, B, lead; or use --reference consensus"
        }
    }

    @Test func aRepeatedEvaluationKeepsTheLaterOneAndSaysSo() throws {
        var later = SessionFixtures.scored("c1", "A", empathy: 1)
        later.evaluation.evaluatedAt = testStamp("2025-01-09T10:00:00Z")
        later.evaluation.id = "c1-A-2"
        let r = try CalibrationSession(plan: SessionFixtures.plan, reference: .assessor("lead"))
            .analyze(evaluations + [later])
        // The later evaluation (empathy 1 → 66.667) replaces A's 100 on c1: deviation 66.667 − 83.333.
        #expect(abs((r.assessors.first?.deviations.first?.deviation ?? 0) + 16.6667) < 1e-3)
        #expect(r.notes == ["call c1: A scored it more than once; evaluation c1-A-2 (the later one) is used"])
    }
}

/// Krippendorff's alpha as used per criterion, and Student's t.
@Suite struct SessionStatisticsTests {
    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 observers × 12 units example
    /// with missing values: published alpha nominal 0.743, ordinal 0.815, interval 0.849.
    @Test func reproducesKrippendorffsPublishedExample() {
        let units: [[Double]] = [
            [1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4],
            [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3],
        ]
        func alpha(_ level: CriterionAgreementLevel) -> Double {
            if case .value(let a) = CriterionAlpha.compute(units: units, level: level) { return a }
            return .nan
        }
        #expect(abs(alpha(.nominal) - 0.743) < 0.0005)
        #expect(abs(alpha(.ordinal) - 0.815) < 0.0005)
        #expect(abs(alpha(.interval) - 0.849) < 0.0005)
    }

    @Test func alphaIsUndefinedWithoutPairs() {
        #expect(CriterionAlpha.compute(units: [[1], [2]], level: .nominal)
                == .undefined("no call was answered by two or more assessors"))
    }

    /// Two-sided 95% critical values from any t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    @Test func studentTCriticalValues() {
        #expect(abs(StudentT.twoSidedCritical(confidence: 0.95, degreesOfFreedom: 1) - 12.706) < 0.001)
        #expect(abs(StudentT.twoSidedCritical(confidence: 0.95, degreesOfFreedom: 2) - 4.303) < 0.001)
        #expect(abs(StudentT.twoSidedCritical(confidence: 0.95, degreesOfFreedom: 4) - 2.776) < 0.001)
        #expect(abs(StudentT.twoSidedCritical(confidence: 0.95, degreesOfFreedom: 10) - 2.228) < 0.001)
        #expect(abs(StudentT.twoSidedCritical(confidence: 0.95, degreesOfFreedom: 100) - 1.984) < 0.001)
    }
}
