import Coaching
import QAModel
import SampleData
import Scoring
import Testing

// The follow-up of a coaching one-to-one: the two tests against published and hand-computed values, and the
// whole calculation on generated data where coaching helps some agents and not others.

// MARK: - The tests against known values

@Test func fisherExactMatchesPublishedValues() {
    // Fisher's tea-tasting table [[3, 1], [1, 3]]: p = 34/70 = 0.4857 (Fisher 1935; R's fisher.test gives 0.4857).
    #expect(abs(TwoSampleTests.fisherExact(3, 1, 1, 3) - 34.0 / 70) < 1e-12)
    // The dieting example of Wikipedia's "Fisher's exact test" page, [[1, 9], [11, 3]]: two-sided p = 0.002759.
    #expect(abs(TwoSampleTests.fisherExact(1, 9, 11, 3) - 0.0027594561852200836) < 1e-12)
    // Symmetric in rows and columns.
    #expect(abs(TwoSampleTests.fisherExact(11, 3, 1, 9) - 0.0027594561852200836) < 1e-12)
    #expect(abs(TwoSampleTests.fisherExact(1, 11, 9, 3) - 0.0027594561852200836) < 1e-12)
    // An empty margin tells nothing.
    #expect(TwoSampleTests.fisherExact(0, 10, 0, 12) == 1)
    #expect(TwoSampleTests.fisherExact(0, 0, 3, 4) == 1)
}

@Test func fisherExactByHandOnASmallTable() {
    // [[2, 0], [0, 2]]: margins 2, 2 / 2, 2; the three tables with a = 0, 1, 2 have probabilities
    // C(2,a)C(2,2−a)/C(4,2) = 1/6, 4/6, 1/6. Two-sided: the tables at most as likely as a = 2 are a = 0 and 2: p = 1/3.
    #expect(abs(TwoSampleTests.fisherExact(2, 0, 0, 2) - 1.0 / 3) < 1e-12)
    // [[1, 1], [1, 1]] is the likeliest table: every table counts, p = 1.
    #expect(abs(TwoSampleTests.fisherExact(1, 1, 1, 1) - 1) < 1e-12)
}

@Test func welchMatchesHandComputedValues() throws {
    // before 1…5 (mean 3, variance 2.5), after 2, 4, …, 10 (mean 6, variance 10):
    // se² = 2.5/5 + 10/5 = 2.5, t = 3/√2.5 = 1.8974; df = 2.5² / (0.5²/4 + 2²/4) = 6.25/1.0625 = 5.8824;
    // p = 0.10753 (R: t.test(c(2,4,6,8,10), 1:5) gives t = 1.8974, df = 5.8824, p-value = 0.1075).
    let result = try #require(TwoSampleTests.welch(before: [1, 2, 3, 4, 5], after: [2, 4, 6, 8, 10]))
    #expect(abs(result.t - 1.8973665961010275) < 1e-12)
    #expect(abs(result.degreesOfFreedom - 100.0 / 17) < 1e-12)
    #expect(abs(result.p - 0.10753119493062728) < 1e-9)
    // With equal sizes and variances Welch is Student's t: [1,2,3] vs [4,5,6], t = 3/√(2/3) = 3.6742, df = 4,
    // p = 0.02131 (tables: t(4) two-sided 5% point 2.776, 2% point 3.747).
    let equal = try #require(TwoSampleTests.welch(before: [1, 2, 3], after: [4, 5, 6]))
    #expect(abs(equal.degreesOfFreedom - 4) < 1e-12)
    #expect(abs(equal.p - 0.021311641128756) < 1e-9)
    // No spread on either side: the same mean is p = 1, different means p = 0.
    #expect(TwoSampleTests.welch(before: [1, 1], after: [1, 1, 1])?.p == 1)
    #expect(TwoSampleTests.welch(before: [0.5, 0.5], after: [1, 1])?.p == 0)
    #expect(TwoSampleTests.welch(before: [1], after: [1, 2]) == nil)
}

// MARK: - The windows

@Test func windowsAreTheSameLengthEitherSideOfTheSession() throws {
    let (before, after) = try #require(FollowUpCalculator.windows(heldOn: testDay("2026-11-01"), today: testDay("2026-11-15")))
    #expect(before == DayRange(from: testDay("2026-10-18"), to: testDay("2026-10-31")))
    #expect(after == DayRange(from: testDay("2026-11-02"), to: testDay("2026-11-15")))
    // Capped at 13 weeks.
    let long = try #require(FollowUpCalculator.windows(heldOn: testDay("2026-01-01"), today: testDay("2026-12-01")))
    #expect(long.after.length == 91 && long.before.length == 91)
    #expect(FollowUpCalculator.windows(heldOn: testDay("2026-11-01"), today: testDay("2026-11-01")) == nil)
}

// MARK: - Generated data with planted coaching effects

/// Four yes/no criteria and a 1–5 scale, equal weights (the generator plants a weak criterion per agent).
private let followUpScorecard = Scorecard(
    id: "follow-up-sample", version: "1", title: "Follow-up sample",
    categories: [Category(id: "empathy", title: "Empathy", kind: .empathy),
                 Category(id: "resolution", title: "Resolution", kind: .resolution)],
    sections: [
        Section(id: "call", title: "Call", criteria: [
            Criterion(id: "greet", category: "empathy", prompt: "Greets the customer", answerType: .yesNo(points: 1)),
            Criterion(id: "listen", category: "empathy", prompt: "Listens without interrupting",
                      answerType: .scale(min: 1, max: 5, labels: [])),
            Criterion(id: "diagnose", category: "resolution", prompt: "Finds the real issue", answerType: .yesNo(points: 1)),
            Criterion(id: "resolve", category: "resolution", prompt: "Resolves the issue", answerType: .yesNo(points: 1)),
            Criterion(id: "recap", category: "resolution", prompt: "Recaps next steps", answerType: .yesNo(points: 1)),
        ]),
    ],
    passMark: 80)

/// The full-credit answer of a criterion.
private func fullCredit(_ criterion: Criterion) -> AnswerValue {
    if case .scale(_, let max, _) = criterion.answerType { return .number(Double(max)) }
    return .yes
}

/// Generated evaluations where, after `heldOn`, the planted weak criterion of each agent in `helped` gets full
/// credit on 90% of calls (seeded), and everyone else goes on as before.
func generatedWithCoaching(seed: UInt64, heldOn: CalendarDay, helped: (Int) -> Bool)
    throws -> (evaluations: [ScoredEvaluation], agents: [String], weak: [String: String]) {
    var config = SampleConfig()
    config.seed = seed
    config.teams = 2
    config.agentsPerTeam = 4
    config.evaluations = 800
    config.criticalFailureRate = 0
    let generator = try SampleGenerator(scorecard: followUpScorecard, config: config)
    let plan = ScoringPlan(followUpScorecard)
    let weak = generator.planted.weakCriterionByAgent
    let agents = generator.agentIDs
    var rng = SeededRandom(seed: seed, stream: 99)
    var scored: [ScoredEvaluation] = []
    try generator.generate(evaluation: { evaluation in
        var evaluation = evaluation
        if let index = agents.firstIndex(of: evaluation.agentID), helped(index), evaluation.callDate > heldOn,
           let weakID = weak[evaluation.agentID], let criterion = followUpScorecard.criteria.first(where: { $0.id == weakID }),
           evaluation.answers[weakID].map({ !$0.isNotApplicable }) ?? false, rng.unit() < 0.9 {
            evaluation.answers[weakID] = fullCredit(criterion)
            evaluation.comments[weakID] = nil
        }
        scored.append(ScoredEvaluation(evaluation: evaluation, score: try plan.score(evaluation).get()))
    }, call: { _ in })
    return (scored, agents, weak)
}

@Test(arguments: [1, 7, 2026] as [UInt64])
func coachingThatHelpsShowsAndCoachingThatDoesNotDoesNot(seed: UInt64) throws {
    // 12 weeks from 2025-01-06; the one-to-ones are held at the start of week 7, the follow-up is made at the end.
    let heldOn = testDay("2025-02-17")
    let today = testDay("2025-03-30")
    let data = try generatedWithCoaching(seed: seed, heldOn: heldOn, helped: { $0 % 2 == 0 })
    for (index, agent) in data.agents.enumerated() {
        let weak = try #require(data.weak[agent])
        let session = CoachingSessionFacts(agentID: agent, heldOn: heldOn, areas: [weak], followUpOn: today)
        let followUp = try #require(FollowUpCalculator.followUp(session, evaluations: data.evaluations,
                                                                scorecard: followUpScorecard, kpis: nil,
                                                                exclusions: [], today: today))
        let item = try #require(followUp.criteria.first)
        #expect(item.before.evaluations >= 10 && item.after.evaluations >= 10, "seed \(seed), \(agent)")
        if index % 2 == 0 {
            #expect(item.verdict == .improved, "seed \(seed), \(agent): \(FollowUpWording.line(item, rules: followUp.rules))")
            #expect((item.pValue ?? 1) < 0.001)
        } else {
            #expect(item.verdict == .noClearChange, "seed \(seed), \(agent): \(FollowUpWording.line(item, rules: followUp.rules))")
        }
    }
}

@Test func aSmallSampleIsCalledTooSmall() throws {
    // Five days after the session: about five evaluations on each side, fewer than the ten needed.
    let heldOn = testDay("2025-02-17")
    let today = testDay("2025-02-22")
    let data = try generatedWithCoaching(seed: 7, heldOn: heldOn, helped: { _ in true })
    let agent = data.agents[0]
    let session = CoachingSessionFacts(agentID: agent, heldOn: heldOn, areas: [try #require(data.weak[agent])],
                                       followUpOn: today)
    let followUp = try #require(FollowUpCalculator.followUp(session, evaluations: data.evaluations,
                                                            scorecard: followUpScorecard, kpis: nil,
                                                            exclusions: [], today: today))
    let item = try #require(followUp.criteria.first)
    #expect(item.verdict == .tooLittleEvidence)
    #expect(item.pValue == nil)
    #expect(item.after.evaluations < 10)
    #expect(FollowUpWording.line(item, rules: followUp.rules).contains("too little evidence yet"))
}

@Test func exclusionWindowsStayOutOfBothSides() throws {
    let heldOn = testDay("2025-02-17")
    let today = testDay("2025-03-30")
    let data = try generatedWithCoaching(seed: 1, heldOn: heldOn, helped: { _ in false })
    let agent = data.agents[1]
    let session = CoachingSessionFacts(agentID: agent, heldOn: heldOn, areas: ["greet"], followUpOn: today)
    let window = ExclusionWindow(start: testDay("2025-03-03"), end: testDay("2025-03-09"), reason: "outage")
    let all = try #require(FollowUpCalculator.followUp(session, evaluations: data.evaluations, scorecard: followUpScorecard,
                                                       kpis: nil, exclusions: [], today: today))
    let some = try #require(FollowUpCalculator.followUp(session, evaluations: data.evaluations, scorecard: followUpScorecard,
                                                        kpis: nil, exclusions: [window], today: today))
    let inWindow = data.evaluations.filter { $0.evaluation.agentID == agent && window.contains($0.evaluation.callDate)
        && $0.evaluation.purpose == .official }.count
    #expect(inWindow > 0)
    #expect(some.evaluationsExcluded == inWindow)
    #expect(all.criteria[0].after.evaluations - some.criteria[0].after.evaluations == inWindow)
    #expect(some.exclusions == [window])
}

@Test func kpisAreShownForTheSamePeriods() throws {
    let heldOn = testDay("2026-11-10")
    let session = CoachingSessionFacts(agentID: "a1", heldOn: heldOn, areas: ["greet"], followUpOn: testDay("2026-11-20"))
    let kpis = KPITable(calls: [
        CallKPIs(callID: "c1", agentID: "a1", date: testDay("2026-11-05"), handleTimeSeconds: 300, firstContactResolution: true, csat: 4),
        CallKPIs(callID: "c2", agentID: "a1", date: testDay("2026-11-08"), handleTimeSeconds: 500, firstContactResolution: false, csat: 2),
        CallKPIs(callID: "c3", agentID: "a1", date: testDay("2026-11-10"), handleTimeSeconds: 900),   // the session day: neither
        CallKPIs(callID: "c4", agentID: "a1", date: testDay("2026-11-12"), handleTimeSeconds: 240, firstContactResolution: true, csat: 5),
        CallKPIs(callID: "c5", agentID: "b2", date: testDay("2026-11-12"), handleTimeSeconds: 999),   // another agent
    ])
    let followUp = try #require(FollowUpCalculator.followUp(session, evaluations: [], scorecard: followUpScorecard,
                                                            kpis: kpis, exclusions: [], today: testDay("2026-11-20")))
    #expect(followUp.kpisBefore?.calls == 2)
    #expect(followUp.kpisBefore?.averageHandleTimeSeconds == 400)
    #expect(followUp.kpisBefore?.firstContactResolutionRate == 0.5)
    #expect(followUp.kpisBefore?.averageCSAT == 3)
    #expect(followUp.kpisAfter?.calls == 1)
    #expect(followUp.kpisAfter?.averageHandleTimeSeconds == 240)
    #expect(FollowUpWording.kpiLine(followUp)
        == "Calls (KPIs): before: 2 calls, handle time 400 s, first-contact resolution 50%, CSAT 3; "
        + "after: 1 call, handle time 240 s, first-contact resolution 100%, CSAT 5.")
    #expect(followUp.criteria[0].verdict == .tooLittleEvidence)
}

@Test func theWorkedExampleOfTheDocs() {
    // docs/coaching.md, "Worked example (by hand)": 5 of 12 before, 11 of 12 after: p = 19,998 / 735,471.
    #expect(abs(TwoSampleTests.fisherExact(5, 7, 11, 1) - 19_998.0 / 735_471) < 1e-12)
}
