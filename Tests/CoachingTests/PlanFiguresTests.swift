import Coaching
import QAModel
import Scoring
import Testing

// Every figure of agent-a's plan on the hand-built set (HandBuiltSet.swift), worked out by hand.
//
// Included evaluations of agent-a (a0 is before the period, a6 is in the excluded window):
//   id  call date   day  total  pass  greet verify empathise resolve recap
//   a1  c01  11-02   0   100    yes   1     1      1         1       1
//   a2  c02  11-04   2    60    no    1     1      0         .5      1
//   a3  c03  11-06   4     0    no    1     0*     1         .5      0     (* critical, form scope → total 0)
//   a4  c04  11-09   7    60    no    1     1      1         0       1
//   a5  c05  11-11   9    80    yes   1     1      1         .5      1
//   a7  c07  11-18  16   100    yes   1     1      1         1       1
//   a8  c08  11-20  18    80    yes   1     1      1         .5      1
//   a9  c08  11-20  18    80    yes   1     1      0         1       1
// agent-b: b1 90, b2 90, b3 100 (recap N/A), b4 50 (fails), b5 90.

private func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}

private func planA() throws -> CoachingPlan {
    let run = try HandBuiltSet.run()
    return try #require(run.plans.first { $0.agentID == "agent-a" })
}

@Test func runCoversBothAgentsOfTheTeam() throws {
    let run = try HandBuiltSet.run()
    #expect(run.plans.map(\.agentID) == ["agent-a", "agent-b"])
    #expect(run.agentsWithoutEvaluations.isEmpty)
}

@Test func periodCountsAndWarning() throws {
    let plan = try planA()
    #expect(plan.teamID == "t1")
    #expect(plan.period.from.description == "2026-11-02")
    #expect(plan.period.to.description == "2026-11-29")
    // a1 a2 a3 a4 a5 a7 a8 a9 = 8 evaluations; c08 twice → 7 distinct calls.
    #expect(plan.evaluationCount == 8)
    #expect(plan.callCount == 7)
    // 8 < 10 → warning; widest 95% margin = 98 / √8 = 34.648 points.
    let warning = try #require(plan.evidenceWarning)
    #expect(warning.evaluations == 8)
    #expect(warning.needed == 10)
    #expect(close(warning.passRateMarginPoints, 98 / 8.0.squareRoot()))
}

@Test func headlineFiguresAgentAndTeam() throws {
    let plan = try planA()
    // (100 + 60 + 0 + 60 + 80 + 100 + 80 + 80) / 8 = 560 / 8 = 70 → band Needs improvement (0–75).
    #expect(close(plan.agent.averageScore, 70))
    #expect(plan.agent.band == "Needs improvement")
    // Passed: a1 a5 a7 a8 a9 = 5 of 8.
    #expect(close(plan.agent.passRate, 5.0 / 8))
    #expect(plan.agent.criticalFailures == 1)
    #expect(close(plan.agent.criticalFailureRate, 1.0 / 8))
    // Team = a's 8 + b's 5 = 13 evaluations; (560 + 420) / 13 = 75.385 → Good; passed 5 + 4 = 9 of 13.
    let team = try #require(plan.team)
    #expect(team.evaluations == 13)
    #expect(team.calls == 12)
    #expect(close(team.averageScore, 980.0 / 13))
    #expect(team.band == "Good")
    #expect(close(team.passRate, 9.0 / 13))
    #expect(team.criticalFailures == 1)
}

@Test func trendIsTheLeastSquaresSlope() throws {
    let plan = try planA()
    // Days x = 0 2 4 7 9 16 18 18, scores y as above. n = 8, Σx = 74, Σy = 560, Σxy = 5740, Σx² = 1054.
    // slope = (8·5740 − 74·560) / (8·1054 − 74²) = 4480 / 2956 = 1.5156 points a day;
    // over the 18 days from the first to the last call: 27.28 points; a week: 10.61.
    let trend = try #require(plan.agent.trend)
    let slope = 4480.0 / 2956
    #expect(close(trend.pointsPerWeek, slope * 7))
    #expect(close(trend.changeOverPeriod, slope * 18))
    #expect(trend.spanDays == 18)
    // Team: b adds x = 1 3 8 17 22, y = 90 90 100 50 90. n = 13, Σx = 125, Σy = 980, Σxy = 5740 + 3990 = 9730,
    // Σx² = 1054 + 847 = 1901 → slope = (13·9730 − 125·980) / (13·1901 − 125²) = 3990 / 9088; span 22 days.
    let teamTrend = try #require(plan.team?.trend)
    #expect(close(teamTrend.changeOverPeriod, 3990.0 / 9088 * 22))
    #expect(teamTrend.spanDays == 22)
}

@Test func categoryScoresAgainstTheTeam() throws {
    let plan = try planA()
    #expect(plan.categories.map(\.id) == ["empathy", "compliance", "resolution"])
    // Empathy per evaluation = (1·greet + 2·empathise) / 3: a2 and a9 score 1/3, the rest 100.
    //   agent: (6·100 + 2·33.33) / 8 = 83.333; b: b1 b2 b5 66.67, b3 100, b4 0 → sum 300;
    //   team: (666.67 + 300) / 13 = 74.359.
    let empathy = plan.categories[0]
    #expect(close(empathy.agent, (600 + 200.0 / 3) / 8))
    #expect(close(empathy.team, (600 + 200.0 / 3 + 300) / 13))
    #expect(close(empathy.difference, (600 + 200.0 / 3) / 8 - (600 + 200.0 / 3 + 300) / 13))
    // Compliance = verify: agent 700 / 8 = 87.5; team (700 + 500) / 13 = 92.308.
    #expect(close(plan.categories[1].agent, 87.5))
    #expect(close(plan.categories[1].team, 1200.0 / 13))
    // Resolution = (4·resolve + recap) / 5: a 100 60 40 20 60 100 60 100 = 540 → 67.5;
    //   b 100 100 100(recap N/A: 4/4) 60 100 = 460 → team 1000 / 13 = 76.923.
    #expect(close(plan.categories[2].agent, 67.5))
    #expect(close(plan.categories[2].team, 1000.0 / 13))
}

@Test func strengthsAreReliablyAboveTheTeam() throws {
    let plan = try planA()
    // greet: agent 8/8 = 100% full credit, team 9/13 = 69.2% → +30.8 points ≥ 10, 8 observations ≥ 5.
    // The others are not above the team by 10 points (verify 87.5 vs 92.3, empathise 75 vs 76.9,
    // resolve 37.5 vs 53.8, recap 87.5 vs 91.7).
    #expect(plan.strengths.map(\.criterionID) == ["greet"])
    let greet = try #require(plan.strengths.first)
    #expect(greet.observations == 8)
    #expect(close(greet.fullCreditRate, 1))
    #expect(close(greet.teamFullCreditRate, 9.0 / 13))
}

@Test func developmentAreasCriticalComplianceFirstThenByCost() throws {
    let plan = try planA()
    // Weight shares (all criteria apply on every agent-a evaluation, total weight 10):
    //   verify .2, empathise .2, resolve .4, recap .1.
    // Failure rates: verify 1/8 = .125, empathise 2/8 = .25, resolve 1 − 5/8 = .375, recap 1/8 = .125.
    // Costs: resolve .4·.375 = .15 > empathise .2·.25 = .05 > verify .025 > recap .0125 — but verify failed
    // critically (form scope, compliance), so it comes first; recap falls outside the three.
    #expect(plan.developmentAreas.map(\.criterionID) == ["verify", "resolve", "empathise"])
    #expect(plan.developmentAreas.map(\.rank) == [1, 2, 3])
    #expect(plan.developmentAreas.map(\.reason) == [.criticalCompliance, .scoreCost, .scoreCost])
}

@Test func criticalComplianceArea() throws {
    let area = try #require(try planA().developmentAreas.first)
    #expect(area.observations == 8)
    #expect(close(area.failureRate, 0.125))
    #expect(close(area.teamFailureRate, 1.0 / 13))        // one "no" in 13
    #expect(close(area.fullCreditRate, 0.875))
    #expect(close(area.teamFullCreditRate, 12.0 / 13))
    #expect(close(area.weightShare, 0.2))
    #expect(close(area.cost, 0.025))
    #expect(area.criticalFailures == 1)
    #expect(area.callsShowingIt == 1)
    #expect(area.evidence == [Evidence(callID: "c03", date: try #require(CalendarDay("2026-11-06")),
                                       comment: "Skipped the security questions", critical: true)])
    // A compliance item is aimed at 100%: no critical failures.
    #expect(close(area.target.targetFullCreditRate, 1))
    #expect(area.target.basis == .zeroCriticalFailures)
    #expect(area.target.relevance.contains("regulatory"))
}

@Test func costliestAreaWithEvidenceAndQuartileTarget() throws {
    let area = try #require(try planA().developmentAreas.dropFirst().first)
    #expect(area.criterionID == "resolve")
    #expect(area.prompt == "Resolves the customer's issue on the call")
    #expect(area.categoryTitle == "Resolution")
    // Earned: 1 .5 .5 0 .5 1 .5 1 → mean 5/8 → failure .375; b: 1 1 1 .5 1 → team 1 − 9.5/13 = 3.5/13.
    #expect(close(area.failureRate, 0.375))
    #expect(close(area.teamFailureRate, 3.5 / 13))
    // Full credit: a 3/8; team (3 + 4) / 13.
    #expect(close(area.fullCreditRate, 0.375))
    #expect(close(area.teamFullCreditRate, 7.0 / 13))
    #expect(close(area.weightShare, 0.4))
    #expect(close(area.cost, 0.15))
    // Below full credit: a2 c02, a3 c03, a4 c04, a5 c05, a8 c08 → 5 calls, all quoted (limit 5), by date.
    #expect(area.callsShowingIt == 5)
    #expect(area.evidence.map(\.callID) == ["c02", "c03", "c04", "c05", "c08"])
    #expect(area.evidence.map(\.comment) == [nil, nil, "Promised a call back instead of fixing the address", nil,
                                             "Gave the refund timeline but not the reference number"])
    #expect(area.evidence.allSatisfy { !$0.critical })
    // Target: per-agent full-credit rates in the team (≥ 5 observations): a .375, b 4/5 = .8.
    // Upper quartile (type 7): .375 + .75 × (.8 − .375) = .69375 ≥ .375 + .10 → target 69.4%.
    #expect(close(area.target.teamUpperQuartile, 0.69375))
    #expect(close(area.target.targetFullCreditRate, 0.69375))
    #expect(area.target.basis == .teamUpperQuartile)
    #expect(close(area.target.currentFullCreditRate, 0.375))
    #expect(area.target.behaviour == area.prompt)
    #expect(area.target.relevance.contains("first-contact resolution"))
    #expect(area.target.reviewDate.description == "2026-12-29")
}

@Test func thirdAreaTargetTakesTheMinimumStep() throws {
    let area = try #require(try planA().developmentAreas.last)
    #expect(area.criterionID == "empathise")
    #expect(close(area.failureRate, 0.25))
    #expect(close(area.teamFailureRate, 3.0 / 13))      // a2, a9, b4
    #expect(close(area.cost, 0.05))
    #expect(area.callsShowingIt == 2)                  // c02 (a2) and c08 (a9)
    #expect(area.evidence.map(\.callID) == ["c02", "c08"])
    #expect(area.evidence.map(\.comment) == [nil, "Talked over the customer twice"])
    // Full credit: a .75, b .8 → quartile .75 + .75 × .05 = .7875 < .75 + .10 → target .85 (the step).
    #expect(close(area.target.teamUpperQuartile, 0.7875))
    #expect(close(area.target.targetFullCreditRate, 0.85))
    #expect(area.target.basis == .minimumStep)
    #expect(area.target.relevance.contains("CSAT"))
}

@Test func reviewDateAndExclusions() throws {
    let plan = try planA()
    // --to 2026-11-29 + 30 days = 2026-12-29.
    #expect(plan.reviewDate.description == "2026-12-29")
    #expect(plan.exclusions.count == 1)
    #expect(plan.exclusions.first?.window.reason == "Telephony outage")
    #expect(plan.exclusions.first?.evaluationsLeftOut == 1)   // a6
    // The score history holds the 8 included totals by date.
    #expect(plan.scoreHistory.map(\.score) == [100, 60, 0, 60, 80, 100, 80, 80])
    #expect(plan.passMark == 80)
}

@Test func kpiFiguresAgainstTheTeam() throws {
    let kpis = try #require(try planA().kpis)
    // agent-a calls in the period, outage excluded: c01 c02 c03 c04 c05 c07 c08 = 7.
    //   handle time (300+420+360+480+390+330+350)/7 = 2630/7; FCR 5/7; CSAT (5+3+4+2+4+5+4)/7 = 27/7;
    //   transfers (0+1+0+2+0+0+1)/7 = 4/7.
    #expect(kpis.agent.calls == 7)
    #expect(close(kpis.agent.averageHandleTimeSeconds, 2630.0 / 7))
    #expect(close(kpis.agent.firstContactResolutionRate, 5.0 / 7))
    #expect(close(kpis.agent.averageCSAT, 27.0 / 7))
    #expect(kpis.agent.other.map(\.name) == ["transfers"])
    #expect(close(kpis.agent.other.first?.mean, 4.0 / 7))
    // Team adds c11–c15: handle time (2630 + 1630)/12 = 355; FCR (5 + 4)/12; CSAT (27 + 20)/12; transfers 5/12.
    let team = try #require(kpis.team)
    #expect(team.calls == 12)
    #expect(close(team.averageHandleTimeSeconds, 355))
    #expect(close(team.firstContactResolutionRate, 0.75))
    #expect(close(team.averageCSAT, 47.0 / 12))
    #expect(close(team.other.first?.mean, 5.0 / 12))
}

@Test func kpiLinksToQABehaviours() throws {
    let links = try #require(try planA().kpis).links
    func link(_ kpi: String, _ scope: String) -> KPILink? { links.first { $0.kpi == kpi && $0.scope == scope } }
    // CSAT by empathy met (greet and empathise both full), first evaluation of each call (c08 → a8, met):
    //   agent met c01 5, c03 4, c04 2, c05 4, c07 5, c08 4 → 24/6 = 4; not met c02 3.
    let agentCSAT = try #require(link("csat", "agent"))
    #expect(agentCSAT.category == "empathy")
    #expect(agentCSAT.whenMet == MeanOverCalls(mean: 4, calls: 6))
    #expect(agentCSAT.whenNotMet == MeanOverCalls(mean: 3, calls: 1))
    //   team adds met c13 5 → 29/7; not met c11 5, c12 4, c14 2, c15 4 → (3+5+4+2+4)/5 = 18/5.
    let teamCSAT = try #require(link("csat", "team"))
    #expect(close(teamCSAT.whenMet?.mean, 29.0 / 7))
    #expect(teamCSAT.whenMet?.calls == 7)
    #expect(close(teamCSAT.whenNotMet?.mean, 3.6))
    // FCR by resolution met (resolve full and recap yes where it applies):
    //   agent met c01 1, c07 1 → 1.0; not met c02 0, c03 1, c04 0, c05 1, c08 1 → 3/5.
    let agentFCR = try #require(link("first_contact_resolution", "agent"))
    #expect(agentFCR.whenMet == MeanOverCalls(mean: 1, calls: 2))
    #expect(close(agentFCR.whenNotMet?.mean, 0.6))
    //   team adds met c11 c12 c13 c15 (all 1) → 6/6; not met c14 0 → 3/6.
    let teamFCR = try #require(link("first_contact_resolution", "team"))
    #expect(teamFCR.whenMet == MeanOverCalls(mean: 1, calls: 6))
    #expect(teamFCR.whenNotMet == MeanOverCalls(mean: 0.5, calls: 6))
}

@Test func secondAgentPlan() throws {
    let run = try HandBuiltSet.run(.agent("agent-b"))
    let plan = try #require(run.plans.first)
    // b: 5 evaluations; (90 + 90 + 100 + 50 + 90) / 5 = 84 → Good; 4 of 5 passed; margin 98/√5 = 43.8.
    #expect(plan.evaluationCount == 5)
    #expect(close(plan.agent.averageScore, 84))
    #expect(plan.agent.band == "Good")
    #expect(close(plan.agent.passRate, 0.8))
    #expect(close(plan.evidenceWarning?.passRateMarginPoints, 98 / 5.0.squareRoot()))
    // resolve: b 4/5 = 80% full credit vs team 7/13 = 53.8% → a strength (+26 points, 5 observations).
    // greet: b 1/5 full credit → failure .8; its share is 1/10 on four evaluations and 1/9 on b3 (recap N/A,
    // 9 of weight applicable) → (4/10 + 1/9)/5 = .10222; cost .0818. empathise: failure .2, share
    // (4 × .2 + 2/9)/5 = .20444, cost .0409. recap has only 4 observations. So greet comes first.
    #expect(plan.strengths.map(\.criterionID) == ["resolve"])
    #expect(plan.developmentAreas.map(\.criterionID) == ["greet", "empathise"])
    #expect(close(plan.developmentAreas.first?.weightShare, (0.4 + 1.0 / 9) / 5))
    #expect(plan.exclusions.first?.evaluationsLeftOut == 0)
}

@Test func unknownAgentIsReported() throws {
    let run = try HandBuiltSet.run(.agent("agent-z"))
    #expect(run.plans.isEmpty)
    #expect(run.agentsWithoutEvaluations == ["agent-z"])
}

@Test func evidenceShowsEachCallOnce() throws {
    // A second assessor also scored c03 and left a comment on resolve: c03 appears once, with that comment
    // (commented evaluations are preferred), and the five calls are still c02 c03 c04 c05 c08.
    let extra = HandBuiltSet.evaluation("a3b", call: "c03", agent: "agent-a", date: "2026-11-06", assessor: "qa-2",
                                        ["resolve": HandBuiltSet.partial], comments: ["resolve": "Second opinion"])
    let plan = ScoringPlan(HandBuiltSet.scorecard)
    let scored = try (HandBuiltSet.evaluations + [extra]).map {
        ScoredEvaluation(evaluation: $0, score: try plan.score($0).get())
    }
    let run = CoachingPlanner(scorecard: HandBuiltSet.scorecard, settings: HandBuiltSet.settings())
        .plans(for: .agent("agent-a"), evaluations: scored)
    let resolve = try #require(run.plans.first?.developmentAreas.first { $0.criterionID == "resolve" })
    #expect(resolve.evidence.map(\.callID) == ["c02", "c03", "c04", "c05", "c08"])
    #expect(resolve.evidence[1].comment == "Second opinion")
    #expect(resolve.callsShowingIt == 5)
}

/// The hand-built template with its categories renamed (ids and titles in French, "regulatory" for compliance)
/// but the same kinds: every rule that needs a category's role reads its kind, so nothing may move.
private func renamedCategories() -> Scorecard {
    var card = HandBuiltSet.scorecard
    let renamed = ["empathy": ("accueil", "Accueil et écoute"), "compliance": ("regulatory", "Conformité réglementaire"),
                   "resolution": ("traitement", "Traitement de la demande")]
    card.categories = card.categories.map { category in
        let (id, title) = renamed[category.id] ?? (category.id, category.title)
        return Category(id: id, title: title, kind: category.kind)
    }
    for s in card.sections.indices {
        for c in card.sections[s].criteria.indices {
            let old = card.sections[s].criteria[c].category
            card.sections[s].criteria[c].category = renamed[old]?.0 ?? old
        }
    }
    return card
}

@Test func renamingACategoryChangesNothingButItsName() throws {
    let original = try planA()
    let card = renamedCategories()
    let run = try HandBuiltSet.run(card: card)
    let renamed = try #require(run.plans.first { $0.agentID == "agent-a" })
    #expect(renamed.developmentAreas.map(\.criterionID) == original.developmentAreas.map(\.criterionID))
    #expect(renamed.developmentAreas.map(\.reason) == [.criticalCompliance, .scoreCost, .scoreCost])
    let links = try #require(renamed.kpis).links
    #expect(links.first { $0.kpi == "csat" && $0.scope == "agent" }?.category == "accueil")
    #expect(links.first { $0.kpi == "first_contact_resolution" && $0.scope == "agent" }?.whenMet
        == MeanOverCalls(mean: 1, calls: 2))
    #expect(renamed.developmentAreas[1].target.relevance.contains("first-contact resolution"))
}

@Test func withoutKindsNoCategoryIsTreatedAsCompliance() throws {
    // The same template with no kinds declared: the names alone no longer make "compliance" special, so the
    // critically failed item is ranked by its cost like any other.
    var card = HandBuiltSet.scorecard
    card.categories = card.categories.map { Category(id: $0.id, title: $0.title) }
    let run = try HandBuiltSet.run(card: card)
    let plan = try #require(run.plans.first { $0.agentID == "agent-a" })
    #expect(plan.developmentAreas.first?.criterionID == "resolve")
    #expect(!plan.developmentAreas.contains { $0.reason == .criticalCompliance })
}
