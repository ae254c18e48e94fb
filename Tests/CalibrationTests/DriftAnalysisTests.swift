import QAModel
import Testing
import Scoring
import SampleData
@testable import Calibration

/// Drift on hand-built series and on sample data with a planted drifting assessor.
@Suite struct DriftAnalysisTests {
    /// A's deviation from `lead` per week: totals are 100 (all top) or 100·(1 + 2·(e − 1)/4 + 2 + 1)/6 for
    /// empathy e. Weeks 1–4 alternate deviations 0 and −16.667 (e = 3 on one call of two); later weeks −33.333.
    func evaluations() -> [ScoredEvaluation] {
        var list: [ScoredEvaluation] = []
        let mondays = ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", "2025-02-03", "2025-02-10"]
        for (w, monday) in mondays.enumerated() {
            for k in 0..<2 {
                let call = "w\(w)c\(k)"
                list.append(SessionFixtures.scored(call, "lead", date: monday))
                let empathy: Double = w < 4 ? (k == 0 ? 5 : 3) : 1
                list.append(SessionFixtures.scored(call, "A", empathy: empathy, date: monday))
            }
        }
        return list
    }

    @Test func baselineSigmaAndStandardizedMeans() throws {
        let options = DriftOptions(reference: .assessor("lead"), lambda: 0.2, L: 3, k: 0.5, h: 4, baselinePeriods: 4)
        let report = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
            .analyze(evaluations())
        #expect(report.periods.map(\.period) == ["2025-W02", "2025-W03", "2025-W04", "2025-W05", "2025-W06", "2025-W07"])
        let a = try #require(report.assessors.first)
        // Baseline: weeks 1–4, each with deviations 0 and −16.667 → mean −8.333 over 8 calls. Every reference
        // total is 100, so there is no case-mix slope (and 8 calls are fewer than 10 anyway). Each call is
        // 8.333 from the mean: SS = 8 · 69.444 = 555.56 over 8 − 1 = 7 df → σ² = 79.365, σ = 8.9087 (the
        // only assessor, so the pooled and own figures agree).
        #expect(abs(a.baselineMean + 8.3333) < 1e-3)
        #expect(a.caseMixSlope == 0)
        #expect(abs(report.sigma - 8.9087) < 1e-3)
        #expect(abs(a.sigma - 8.9087) < 1e-3)
        // Week 5 (2025-W06): mean −33.333 over 2 calls, expected −8.333;
        // σ²/2 = 39.683, baseline σ²/8 = 9.9206: z = −25 / √49.603 = −25 / 7.0430 = −3.5496.
        let week5 = try #require(a.points.first { $0.period == "2025-W06" })
        #expect(!week5.inBaseline)
        #expect(abs(week5.expectedDeviation + 8.3333) < 1e-3)
        #expect(abs(week5.standardized + 3.5496) < 1e-3)
        // EWMA: Z1 = 0.2 · (−3.5496) = −0.7099. Own share 39.683/49.603 = 0.8, shared (baseline) share 0.2:
        // Var Z1 = 0.2²·0.8 + (0.2·√0.2)² = 0.04, limit 3·0.2 = 0.6 — crossed; but the CUSUM
        // C⁻ = 3.5496 − 0.5 = 3.0496 ≤ 4, and both charts must agree, so no flag yet.
        #expect(abs((week5.ewma ?? 0) + 0.70993) < 1e-4)
        #expect(abs((week5.ewmaLimit ?? 0) - 0.6) < 1e-9)
        #expect(abs((week5.cusumLower ?? 0) - 3.0496) < 1e-3)
        // Week 6 (2025-W07): same z; Z2 = −0.7099 + 0.8·(−0.7099) = −1.2779. Var Z2 = own 0.8²·0.032 + 0.04·0.8
        // = 0.05248 plus shared (0.2·√0.2·1.8)² = 0.02592 → 0.0784, limit 3·0.28 = 0.84 (the textbook 0.768
        // widened: the baseline's error does not average away). C⁻ = 6.0992 > 4: both charts signal, severe.
        let week6 = try #require(a.points.first { $0.period == "2025-W07" })
        #expect(abs((week6.ewma ?? 0) + 1.27787) < 1e-4)
        #expect(abs((week6.ewmaLimit ?? 0) - 0.84) < 1e-9)
        #expect(report.flags.map(\.assessor) == ["A"])
        #expect(report.flags.first?.direction == "severe")
        #expect(report.flags.first?.period == "2025-W07")
        #expect(report.flags.first?.charts == ["EWMA", "CUSUM"])
    }

    @Test func eitherChartFlagsEarlier() throws {
        // The same data with --signal either: week 5's EWMA crossing (above) is enough.
        let options = DriftOptions(reference: .assessor("lead"), lambda: 0.2, L: 3, k: 0.5, h: 4, baselinePeriods: 4, signal: .either)
        let report = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
            .analyze(evaluations())
        #expect(report.flags.first?.period == "2025-W06")
        #expect(report.flags.first?.charts == ["EWMA"])
    }

    @Test func caseMixSlopeAndResidualSpread() {
        // (reference, deviation): (80, 10), (90, 5), (100, 0), (90, 7). Means 90 and 5.5; Sxx = 100 + 0 + 100 + 0
        // = 200; Sxy = (−10)(4.5) + 0 + (10)(−5.5) + 0 = −100 → slope −0.5 (half a point more lenient per point
        // the call scored lower). Syy = 20.25 + 0.25 + 30.25 + 2.25 = 53; residual SS = 53 − 0.5·100 = 3, 2 df.
        let b = Baseline([Pair(reference: 80, deviation: 10), Pair(reference: 90, deviation: 5),
                          Pair(reference: 100, deviation: 0), Pair(reference: 90, deviation: 7)], end: 1, fitSlope: true)
        #expect(b.slope == -0.5)
        #expect(abs(b.residualSS - 3) < 1e-12)
        #expect(b.residualDF == 2)
        let unfitted = Baseline([Pair(reference: 80, deviation: 10), Pair(reference: 100, deviation: 0)], end: 1, fitSlope: false)
        #expect(unfitted.slope == 0)
        #expect(unfitted.residualSS == 50)  // (10 − 5)² + (0 − 5)²
        #expect(unfitted.residualDF == 1)
    }

    @Test func autoFailedComparisonsAreLeftOut() throws {
        // A further call in week 1: both auto-fail on GDPR (totals 0, deviation 0) — it is not charted.
        var list = evaluations()
        list.append(SessionFixtures.scored("fail", "lead", gdpr: "no", date: "2025-01-06"))
        list.append(SessionFixtures.scored("fail", "A", gdpr: "no", date: "2025-01-06"))
        let options = DriftOptions(reference: .assessor("lead"), lambda: 0.2, L: 3, k: 0.5, h: 4, baselinePeriods: 4)
        let report = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
            .analyze(list)
        #expect(report.assessors.first?.baselineCalls == 8)
        #expect(report.notes.contains("1 of 13 assessor–reference comparisons left out of the drift charts because the assessor or the reference auto-failed the call (critical failure)"))
    }

    @Test func onlyTheComparisonsInvolvingAnAutoFailAreLeftOut() throws {
        // Three assessors on one call against the lead; B auto-fails. A and C are still compared with the lead.
        var list = evaluations()
        list.append(SessionFixtures.scored("mixed", "lead", date: "2025-01-06"))
        list.append(SessionFixtures.scored("mixed", "A", date: "2025-01-06"))
        list.append(SessionFixtures.scored("mixed", "B", gdpr: "no", date: "2025-01-06"))
        let options = DriftOptions(reference: .assessor("lead"), lambda: 0.2, L: 3, k: 0.5, h: 4, baselinePeriods: 4)
        let report = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
            .analyze(list)
        #expect(report.assessors.first { $0.assessor == "A" }?.baselineCalls == 9)
        #expect(report.assessors.map(\.assessor) == ["A"])
        #expect(report.notes.contains("1 of 14 assessor–reference comparisons left out of the drift charts because the assessor or the reference auto-failed the call (critical failure)"))
    }

    @Test func sinceDropsEarlierCalls() throws {
        let options = DriftOptions(reference: .assessor("lead"), since: "2025-01-20")
        let report = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
            .analyze(evaluations())
        #expect(report.periods.first?.period == "2025-W04")
    }

    @Test func aBaselineThatTakesEveryPeriodIsExplained() throws {
        // Six weeks of data and the default baseline of 5 leaves one week to chart; a baseline of 6 leaves none.
        let options = DriftOptions(reference: .assessor("lead"), baselinePeriods: 6)
        let report = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
            .analyze(evaluations())
        #expect(report.flags.isEmpty)
        #expect(report.notes == ["A has no periods after the baseline (their first 6 periods with calls), so drift cannot be charted yet; a shorter --baseline-periods charts sooner, with a less certain baseline"])
    }

    @Test func nothingToChartIsAClearProblem() {
        let options = DriftOptions(reference: .assessor("lead"))
        #expect {
            _ = try DriftAnalysis(plan: SessionFixtures.plan, reference: .assessor("lead"), options: options)
                .analyze([SessionFixtures.scored("c1", "A"), SessionFixtures.scored("c2", "lead")])
        } throws: { error in
            (error as? CalibrationProblem)?.message == "nothing to chart: no call was scored by both lead and another assessor (2 evaluations read)"
        }
    }

    @Test func badSettingsAreAllReported() {
        var options = DriftOptions(reference: .consensus, since: "last week")
        options.lambda = 0
        options.baselinePeriods = 0
        #expect(options.problems == [
            "--lambda must be more than 0 and at most 1 (got 0.0)",
            "--baseline-periods must be at least 1 (got 0)",
            "--since \"last week\" is not a date written YYYY-MM-DD",
        ])
    }

    /// Acceptance (issue 4) over the first twelve seeds, expert reference, default settings. No assessor but the
    /// drifter is flagged in any seed: not the lenient or severe ones, whose lean is steady, nor the ordinary
    /// ones. The drifter is flagged in the planted direction, never before the drift starts, within 4 periods
    /// of its start (the drift grows linearly from 0, so that is two thirds of its final size) and in at
    /// least half the seeds within 3. Measured with the default settings (periods after the start week): 1, —, 2,
    /// 3, 4, 4, 4, 2, 3, 3, 4, 3 for seeds 1–12 (sessions of 6 calls; `DriftEarlyDetectionTests` has 10). Seed 2 flags no one: its last four sessions' calls mostly scored 90–100, so a lenient
    /// drifter had almost nothing to give away and the realised drift stayed under 5 points (the lenient
    /// assessor's lean shrank the same way, which is what used to flag them).
    @Test func flagsTheDriftingAssessorAndNoOneElse() throws {
        var within3 = 0
        var flagged = 0
        let seeds = Array(1...12) as [UInt64]
        for seed in seeds {
            let (evaluations, planted) = try SessionFixtures.sample(seed: seed)
            let reference = CalibrationReference.assessor(planted.expertAssessorID)
            let report = try DriftAnalysis(plan: SessionFixtures.realisticPlan, reference: reference,
                                           options: DriftOptions(reference: reference)).analyze(evaluations)
            #expect(report.flags.allSatisfy { $0.assessor == planted.driftingAssessorID },
                    "seed \(seed): \(report.flags.map(\.assessor)) flagged")
            guard let flag = report.flags.first(where: { $0.assessor == planted.driftingAssessorID }) else {
                #expect(seed == 2, "seed \(seed): the drifter was not flagged")
                continue
            }
            flagged += 1
            #expect(flag.direction == planted.driftDirection.rawValue, "seed \(seed)")
            let startWeek = planted.driftStartDate.isoWeekLabel
            let start = try #require(report.periods.firstIndex { $0.period == startWeek })
            let signalled = try #require(report.periods.firstIndex { $0.period == flag.period })
            #expect(signalled >= start, "seed \(seed): signalled \(flag.period) before the drift began")
            #expect(signalled <= start + 4, "seed \(seed): signalled \(signalled - start) periods after the start")
            if signalled <= start + 3 { within3 += 1 }
        }
        #expect(flagged >= seeds.count - 1)
        #expect(within3 >= seeds.count / 2)
    }

    @Test(arguments: [5, 11] as [UInt64])
    func severeDriftAgainstTheConsensus(seed: UInt64) throws {
        let (evaluations, planted) = try SessionFixtures.sample(seed: seed) { $0.driftDirection = .severe }
        let options = DriftOptions(reference: .consensus, period: .session)
        let report = try DriftAnalysis(plan: SessionFixtures.realisticPlan, reference: .consensus, options: options)
            .analyze(evaluations)
        // Against the consensus one assessor's drift still moves everyone else's reference a little (one rank of
        // the median at most), so the drifter must come first; others may follow late.
        #expect(report.flags.first?.assessor == planted.driftingAssessorID)
        #expect(report.flags.first?.direction == "severe")
    }
}
