import QAModel
import Testing

@testable import SampleData

/// Everything one generation run produced.
private struct Output {
    var evaluations: [Evaluation] = []
    var calls: [CallRecord] = []
}

private func run(_ generator: SampleGenerator) -> Output {
    var output = Output()
    generator.generate(evaluation: { output.evaluations.append($0) }, call: { output.calls.append($0) })
    return output
}

private func config(seed: UInt64, evaluations: Int = 600, weeks: Int = 4, calibration: Int = 3) -> SampleConfig {
    var config = SampleConfig()
    config.seed = seed
    config.evaluations = evaluations
    config.weeks = weeks
    config.driftStartWeek = min(2, weeks)
    config.calibrationCallsPerSession = calibration
    return config
}

@Test func sameSeedGivesSameDataAndOtherSeedsDiffer() throws {
    let a = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 7)))
    let b = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 7)))
    let c = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 8)))
    #expect(a.evaluations == b.evaluations)
    #expect(a.calls == b.calls)
    #expect(a.evaluations != c.evaluations)
    #expect(a.calls != c.calls)
    let plantedA = try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 7)).planted.json()
    let plantedB = try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 7)).planted.json()
    #expect(plantedA == plantedB)
}

@Test func countsAndIdentifiersMatchTheConfiguration() throws {
    // 600 routine + 4 weeks × 3 calibration calls × 6 assessors = 600 + 72 = 672 evaluations;
    // 600 routine + 12 calibration = 612 calls.
    let generator = try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 3))
    let output = run(generator)
    #expect(generator.evaluationCount == 672)
    #expect(generator.callCount == 612)
    #expect(output.evaluations.count == 672)
    #expect(output.calls.count == 612)
    #expect(output.evaluations.first?.id == "ev-000001")
    #expect(output.evaluations.last?.id == "ev-000672")
    #expect(output.calls.last?.callID == "call-000612")
    #expect(Set(output.evaluations.map(\.id)).count == 672)
    #expect(Set(output.calls.map(\.callID)).count == 612)
    #expect(Set(output.calls.map(\.agentID)) == Set((1...18).map { "agent-" + ($0 < 10 ? "0\($0)" : "\($0)") }))
    #expect(Set(output.calls.map(\.teamID)) == ["team-a", "team-b", "team-c"])
    #expect(Set(output.evaluations.map(\.assessorID))
        == ["assessor-1", "assessor-2", "assessor-3", "assessor-4", "assessor-5", "qa-lead"])

    // Every calibration call is scored once by each of the 6 assessors; 4 sessions of 3 calls.
    let planted = generator.planted
    #expect(planted.calibrationSessions.map(\.callIDs.count) == [3, 3, 3, 3])
    let calibrationIDs = Set(planted.calibrationSessions.flatMap(\.callIDs))
    let byCall = Dictionary(grouping: output.evaluations.filter { calibrationIDs.contains($0.callID) }, by: \.callID)
    #expect(byCall.count == 12)
    for (_, evaluations) in byCall { #expect(Set(evaluations.map(\.assessorID)).count == 6) }
    // Routine calls have exactly one evaluation each.
    let routine = Dictionary(grouping: output.evaluations.filter { !calibrationIDs.contains($0.callID) }, by: \.callID)
    #expect(routine.count == 600 && routine.values.allSatisfy { $0.count == 1 })

    // The planted roles are four different assessors, the expert is qa-lead.
    let roles = [planted.lenientAssessorID, planted.severeAssessorID, planted.driftingAssessorID, planted.expertAssessorID]
    #expect(Set(roles).count == 4)
    #expect(planted.expertAssessorID == "qa-lead")
    #expect(Set(planted.ordinaryAssessorIDs + roles).count == 6)
    #expect(planted.driftStartDate.description == "2025-01-13")  // week 2 starts 7 days after 2025-01-06
    #expect(planted.teamByAgent["agent-07"] == "team-b")  // agents 1–6 team a, 7–12 team b
}

@Test func datesStayInThePeriodAndEvaluationsFollowTheCall() throws {
    let output = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 4)))
    // 4 weeks from Monday 2025-01-06: calls Monday–Friday, so 2025-01-06 … 2025-01-31.
    for call in output.calls { #expect(call.date.description >= "2025-01-06" && call.date.description <= "2025-01-31") }
    for evaluation in output.evaluations {
        #expect((1...2).contains(evaluation.evaluatedAt.day.days(since: evaluation.callDate)))
        #expect(evaluation.evaluatedAt.second == 0 && evaluation.evaluatedAt.isUTCDesignator)
        #expect(evaluation.evaluatedAt.description.count == 20)
    }
}

@Test(arguments: [1, 2, 3] as [UInt64])
func everyEvaluationIsValidForItsTemplate(seed: UInt64) throws {
    let scorecard = TestScorecard.inbound
    let output = run(try SampleGenerator(scorecard: scorecard, config: config(seed: seed)))
    var complaintCalls = 0
    var sectionNotApplicable = 0
    var notApplicable = 0
    for evaluation in output.evaluations {
        #expect(evaluation.scorecardID == "test-inbound" && evaluation.scorecardVersion == "1")
        let known = Set(scorecard.criteria.map(\.id) + scorecard.sections.map { Evaluation.sectionKey($0.id) })
        #expect(evaluation.answers.keys.allSatisfy { known.contains($0) })
        #expect(evaluation.comments.keys.allSatisfy { evaluation.answers[$0] != nil })
        for section in scorecard.sections {
            let sectionNA = evaluation.answers[Evaluation.sectionKey(section.id)]
            if let sectionNA {
                #expect(sectionNA == .notApplicable && section.allowsNotApplicable)
                #expect(section.criteria.allSatisfy { evaluation.answers[$0.id] == nil })
                sectionNotApplicable += 1
                continue
            }
            for criterion in section.criteria {
                let applies = criterion.condition?.isSatisfied { evaluation.answers[$0] } ?? true
                let answer = evaluation.answers[criterion.id]
                #expect((answer != nil) == applies, "criterion \(criterion.id) in \(evaluation.id)")
                guard let answer else { continue }
                if answer.isNotApplicable {
                    #expect(criterion.allowsNotApplicable)
                    notApplicable += 1
                } else if criterion.scored {
                    #expect(criterion.earnedFraction(for: answer) != nil, "\(criterion.id) = \(answer)")
                } else {
                    #expect(criterion.earnedPoints(for: answer) != nil)
                }
                #expect((evaluation.comments[criterion.id] != nil) == criterion.requiresComment(answer))
            }
        }
        if evaluation.answers["call-type"] == .token("complaint") { complaintCalls += 1 }
    }
    // The condition is exercised both ways, and both kinds of N/A occur (rarely).
    #expect(complaintCalls > 100 && complaintCalls < 572)
    #expect(sectionNotApplicable > 0 && sectionNotApplicable < 40)
    #expect(notApplicable > 0)
}

@Test func commentsAreNeutralPhrasesAboutThePrompt() throws {
    let output = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 5)))
    let comments = output.evaluations.flatMap { $0.comments.values }
    #expect(!comments.isEmpty)
    let allowed = Set(["Not done: ", "Missed: ", "Partly done: ", "Needs work: ", "Done well: ", "Observed: "])
    for comment in comments { #expect(allowed.contains { comment.hasPrefix($0) }, "\(comment)") }
    #expect(comments.contains("Not done: Did the agent confirm the issue was resolved"))
}

@Test(arguments: [11, 12, 13] as [UInt64])
func eachAgentsPlantedWeakCriterionHasTheirLowestFullCreditRate(seed: UInt64) throws {
    let scorecard = TestScorecard.inbound
    let generator = try SampleGenerator(scorecard: scorecard, config: config(seed: seed, evaluations: 3000))
    let output = run(generator)
    let scored = scorecard.criteria.filter(\.scored)
    var full: [String: [String: Int]] = [:]
    var asked: [String: [String: Int]] = [:]
    for evaluation in output.evaluations {
        for criterion in scored {
            guard let answer = evaluation.answers[criterion.id], let fraction = criterion.earnedFraction(for: answer)
            else { continue }
            asked[evaluation.agentID, default: [:]][criterion.id, default: 0] += 1
            if fraction >= 1 { full[evaluation.agentID, default: [:]][criterion.id, default: 0] += 1 }
        }
    }
    #expect(generator.planted.weakCriterionByAgent.count == 18)
    for (agent, weak) in generator.planted.weakCriterionByAgent {
        let counts = try #require(asked[agent])
        let rates = counts.map { id, n in (id, Double(full[agent]?[id] ?? 0) / Double(n)) }
        let lowest = try #require(rates.min { $0.1 < $1.1 })
        #expect(lowest.0 == weak, "\(agent): planted \(weak), lowest \(lowest)")
    }
    // Spread: each eligible criterion is someone's weak point. Eligible here: scored, not critical, not
    // conditional, worth ≥ a third of the most valuable (empathy and resolution-confirmed are worth
    // 40/110 × 2/4 × 100 ≈ 18.2 points; greeting 20/110 × 1/3 × 100 ≈ 6.06 ≥ 18.2 / 3 ≈ 6.06).
    #expect(Set(generator.planted.weakCriterionByAgent.values)
        == ["greeting", "empathy", "questions", "resolution-confirmed", "summary", "next-steps", "offer"])
}

/// Mean earned fraction over answered scored criteria, per assessor, on calibration calls in the given weeks.
private func calibrationMeans(_ output: Output, _ planted: PlantedEffects, scorecard: Scorecard, weeks: ClosedRange<Int>)
    -> [String: Double]
{
    let calls = Set(planted.calibrationSessions.filter { weeks.contains($0.week) }.flatMap(\.callIDs))
    var sum: [String: Double] = [:]
    var count: [String: Double] = [:]
    for evaluation in output.evaluations where calls.contains(evaluation.callID) {
        for criterion in scorecard.criteria where criterion.scored {
            guard let answer = evaluation.answers[criterion.id], let f = criterion.earnedFraction(for: answer)
            else { continue }
            sum[evaluation.assessorID, default: 0] += f
            count[evaluation.assessorID, default: 0] += 1
        }
    }
    return sum.mapValues { $0 }.reduce(into: [:]) { result, entry in
        result[entry.key] = entry.value / (count[entry.key] ?? 1)
    }
}

@Test(arguments: [21, 22, 23] as [UInt64])
func plantedAssessorBiasesAreMeasurableOnCalibrationCalls(seed: UInt64) throws {
    let scorecard = TestScorecard.inbound
    var settings = config(seed: seed, evaluations: 0, weeks: 12, calibration: 6)
    settings.driftStartWeek = 6
    let generator = try SampleGenerator(scorecard: scorecard, config: settings)
    let output = run(generator)
    let planted = generator.planted
    let all = calibrationMeans(output, planted, scorecard: scorecard, weeks: 1...12)
    let expert = try #require(all[planted.expertAssessorID])
    let lenient = try #require(all[planted.lenientAssessorID]) - expert
    let severe = try #require(all[planted.severeAssessorID]) - expert
    #expect(lenient > 0.04)
    #expect(severe < -0.04)
    // Ordinary assessors carry only noise: well within a quarter of the planted effects.
    for id in planted.ordinaryAssessorIDs {
        let difference = try #require(all[id]) - expert
        #expect(abs(difference) < min(lenient, -severe) / 4, "\(id): \(difference)")
    }
    // The drifter is accurate in weeks 1–5 and lenient in the last weeks.
    let before = calibrationMeans(output, planted, scorecard: scorecard, weeks: 1...5)
    let late = calibrationMeans(output, planted, scorecard: scorecard, weeks: 10...12)
    let driftBefore = try #require(before[planted.driftingAssessorID]) - (before[planted.expertAssessorID] ?? 0)
    let driftLate = try #require(late[planted.driftingAssessorID]) - (late[planted.expertAssessorID] ?? 0)
    // Before: noise only (about 200 answers each, so differences of a point or two are chance).
    #expect(abs(driftBefore) < 0.03)
    #expect(driftLate > 0.05)
    #expect(driftLate > driftBefore + 0.04)
}

@Test func severeDriftGoesDown() throws {
    var settings = config(seed: 31, evaluations: 0, weeks: 12, calibration: 6)
    settings.driftStartWeek = 6
    settings.driftDirection = .severe
    let generator = try SampleGenerator(scorecard: TestScorecard.inbound, config: settings)
    let output = run(generator)
    let late = calibrationMeans(output, generator.planted, scorecard: TestScorecard.inbound, weeks: 10...12)
    let drift = try #require(late[generator.planted.driftingAssessorID]) - (late["qa-lead"] ?? 0)
    #expect(drift < -0.05)
    #expect(generator.planted.driftDirection == .severe)
}

@Test func biasKnobsAreSizedInPointsOfTheTotal() throws {
    // Flat form: 4 yes/no items worth 25 points each. Ordinary miss rate 1 − 0.88 = 0.12, weak 0.65.
    // With 18 agents spread over 4 items, items 1–2 are weak for 5 agents and 3–4 for 4 (order is seeded),
    // so the total expected deficit is 25 × Σ[(1 − w)·0.12 + w·0.65] with Σw = 18/18 = 1 over items:
    // 25 × (4 × 0.12 + 1 × (0.65 − 0.12)) = 25 × (0.48 + 0.53) = 25.25 points to gain at most.
    // Lenient 9 points → upgrade rate 9 / 25.25; expected points reported back = 9.
    let generator = try SampleGenerator(scorecard: TestScorecard.flat, config: SampleConfig())
    #expect(abs(generator.planted.lenientExpectedPoints - 9) < 1e-9)
    #expect(abs(generator.planted.severeExpectedPoints - 9) < 1e-9)
    #expect(abs(generator.planted.driftFinalExpectedPoints - 12) < 1e-9)
    // Measured on the flat form: mean total = 100 × mean fraction, so differences are in points.
    var settings = SampleConfig()
    settings.evaluations = 0
    settings.calibrationCallsPerSession = 40
    let measured = try SampleGenerator(scorecard: TestScorecard.flat, config: settings)
    let output = run(measured)
    let means = calibrationMeans(output, measured.planted, scorecard: TestScorecard.flat, weeks: 1...12)
    let expert = try #require(means["qa-lead"])
    let lenientPoints = 100 * (try #require(means[measured.planted.lenientAssessorID]) - expert)
    let severePoints = 100 * (try #require(means[measured.planted.severeAssessorID]) - expert)
    // 12 × 40 = 480 calls × 4 items; sampling error of the difference is about 1 point.
    #expect(lenientPoints > 6 && lenientPoints < 12)
    #expect(severePoints < -6 && severePoints > -12)
}

@Test func criticalFailuresAreRareButPresent() throws {
    let output = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 9, evaluations: 4000)))
    // Assessors never change critical answers, so every evaluation shows what happened on its call.
    let failed = output.evaluations.filter { $0.answers["verify-id"] == .no }.count
    let rate = Double(failed) / Double(output.evaluations.count)
    // Planted 2.5 %; 4000+ evaluations give a standard error of about 0.25 %.
    #expect(rate > 0.01 && rate < 0.045)
}

@Test func kpisFollowWhatHappenedOnTheCall() throws {
    let output = run(try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 10, evaluations: 3000)))
    for call in output.calls {
        #expect((1...5).contains(call.csat))
        #expect(call.handleTimeSeconds >= 60)
        #expect((0...2).contains(call.transfers))
    }
    let resolved = output.calls.filter(\.firstContactResolution)
    let unresolved = output.calls.filter { !$0.firstContactResolution }
    #expect(!resolved.isEmpty && !unresolved.isEmpty)
    func mean(_ calls: [CallRecord], _ value: (CallRecord) -> Int) -> Double {
        Double(calls.map(value).reduce(0, +)) / Double(calls.count)
    }
    // Unresolved calls carry 60–180 s of extra handling (mean +120 s) and more transfers.
    #expect(mean(unresolved, \.handleTimeSeconds) - mean(resolved, \.handleTimeSeconds) > 60)
    #expect(mean(unresolved, \.transfers) > mean(resolved, \.transfers))
    #expect(mean(resolved, \.csat) > mean(unresolved, \.csat))
}

@Test func badConfigurationsReportEveryProblem() {
    var settings = SampleConfig()
    settings.assessors = 3
    settings.weeks = 0
    settings.periodStart = "2025-02-30"
    settings.fullCreditRate = 1.5
    #expect(throws: SampleSetupError.self) { try SampleGenerator(scorecard: TestScorecard.inbound, config: settings) }
    let problems = settings.problems
    #expect(problems.count == 4)
    #expect(problems.contains { $0.contains("assessors must be at least 4") })
    #expect(problems.contains { $0.contains("2025-02-30") })
}

@Test func aTemplateWithNothingToMissIsRefused() {
    let informationalOnly = Scorecard(
        id: "info", version: "1", title: "Info", categories: [Category(id: "p", title: "P")],
        sections: [Section(id: "s", title: "S", criteria: [
            Criterion(id: "x", category: "p", prompt: "Type?", answerType: .yesNo(points: 1), scored: false),
        ])],
        passMark: 80)
    #expect(throws: SampleSetupError.self) { try SampleGenerator(scorecard: informationalOnly, config: SampleConfig()) }
}

@Test func noCalibrationCallsIsAValidSetting() throws {
    // 100 routine evaluations, no calibration sessions: 100 evaluations of 100 calls, each scored once.
    let generator = try SampleGenerator(scorecard: TestScorecard.inbound, config: config(seed: 5, evaluations: 100, calibration: 0))
    let output = run(generator)
    #expect(output.evaluations.count == 100)
    #expect(output.calls.count == 100)
    #expect(Set(output.evaluations.map(\.callID)).count == 100)
}

// An independent reading of a condition for this test (the product decides applicability in the scoring kernel).
private extension Condition {
    /// Whether the condition holds, given each criterion's effective answer (`nil` when the criterion is
    /// unanswered or does not apply).
    func isSatisfied(by answer: (String) -> AnswerValue?) -> Bool {
        switch self {
        case .answerIs(let id, let tokens, _):
            guard let value = answer(id) else { return false }
            return value.matchTokens.contains { tokens.contains($0) }
        case .answerIsNot(let id, let tokens, _):
            guard let value = answer(id) else { return true }
            return !value.matchTokens.contains { tokens.contains($0) }
        case .all(let parts):
            return parts.allSatisfy { $0.isSatisfied(by: answer) }
        case .any(let parts):
            return parts.contains { $0.isSatisfied(by: answer) }
        }
    }
}

