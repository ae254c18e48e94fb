import Coaching
import QAModel
import SampleData
import Scoring
import Testing

// On generated sample data with a planted weak criterion per agent (SampleData), each agent's top
// development area must be the planted one.

/// An inbound template: eight scored criteria over three sections, one critical compliance item, a scale,
/// a choice, and an N/A-able criterion — all of equal weight.
///
/// Equal weights on purpose: development areas are ranked by cost = weight × failure rate (the rule),
/// and the generator may plant the weakness on a criterion worth only a third of the heaviest one. Then an
/// ordinary miss rate on a heavy criterion can legitimately cost more than the planted weakness: with section
/// weights 20/50/30, seed 7 planted `greet` (share 6.7%, failure 43.5%, cost 2.9 points) on an agent whose
/// `recap` (share 20%, failure 16.6%, cost 3.3 points) cost more. With equal weights only the failure rate
/// decides, which is what this test is about; the weight side is checked by the hand-built set.
private let sampleScorecard = Scorecard(
    id: "inbound-sample", version: "1", title: "Inbound (sample)",
    categories: [Category(id: "empathy", title: "Empathy", kind: .empathy), Category(id: "compliance", title: "Compliance", kind: .compliance),
                 Category(id: "resolution", title: "Resolution", kind: .resolution)],
    sections: [
        Section(id: "opening", title: "Opening", criteria: [
            Criterion(id: "greet", category: "empathy", prompt: "Greets the customer", answerType: .yesNo(points: 1), weight: 1),
            Criterion(id: "verify", category: "compliance", prompt: "Verifies identity", answerType: .yesNo(points: 1),
                      weight: 1, critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"]))),
        ]),
        Section(id: "handling", title: "Handling", criteria: [
            Criterion(id: "listen", category: "empathy", prompt: "Listens without interrupting",
                      answerType: .scale(min: 1, max: 5, labels: []), weight: 1),
            Criterion(id: "empathise", category: "empathy", prompt: "Acknowledges feelings", answerType: .yesNo(points: 1), weight: 1),
            Criterion(id: "diagnose", category: "resolution", prompt: "Finds the real issue", answerType: .yesNo(points: 1), weight: 1),
            Criterion(id: "resolve", category: "resolution", prompt: "Resolves the issue",
                      answerType: .choice(options: [ChoiceOption(id: "full", label: "Fully", points: 2),
                                                    ChoiceOption(id: "partial", label: "Partly", points: 1),
                                                    ChoiceOption(id: "none", label: "No", points: 0)]), weight: 1),
        ]),
        Section(id: "closing", title: "Closing", criteria: [
            Criterion(id: "recap", category: "resolution", prompt: "Recaps next steps", answerType: .yesNo(points: 1),
                      weight: 1, allowsNotApplicable: true),
            Criterion(id: "disclose", category: "compliance", prompt: "Reads the call-recording disclosure",
                      answerType: .yesNo(points: 1), weight: 1),
        ]),
    ],
    passMark: 80)

private func plans(seed: UInt64, criticalFailureRate: Double) throws -> (CoachingRun, PlantedEffects) {
    var config = SampleConfig()
    config.seed = seed
    config.teams = 2
    config.agentsPerTeam = 4
    config.evaluations = 800     // about 100 routine evaluations an agent over 12 weeks
    config.criticalFailureRate = criticalFailureRate
    let generator = try SampleGenerator(scorecard: sampleScorecard, config: config)
    let plan = ScoringPlan(sampleScorecard)
    var scored: [ScoredEvaluation] = []
    try generator.generate(evaluation: { evaluation in
        scored.append(ScoredEvaluation(evaluation: evaluation, score: try plan.score(evaluation).get()))
    }, call: { _ in })
    let settings = CoachingSettings(today: try #require(CalendarDay("2025-04-01")))
    let run = CoachingPlanner(scorecard: sampleScorecard, settings: settings).plans(for: .all, evaluations: scored)
    return (run, generator.planted)
}

@Test(arguments: [1, 2, 3, 7, 42, 2026] as [UInt64])
func topDevelopmentAreaIsThePlantedWeakCriterion(seed: UInt64) throws {
    // No critical failures planted, so nothing outranks the costliest criterion.
    let (run, planted) = try plans(seed: seed, criticalFailureRate: 0)
    #expect(run.plans.count == 8)
    for plan in run.plans {
        let weak = try #require(planted.weakCriterionByAgent[plan.agentID])
        #expect(plan.developmentAreas.first?.criterionID == weak, "seed \(seed), \(plan.agentID)")
        #expect(plan.developmentAreas.first?.reason == .scoreCost)
        #expect(plan.teamID == planted.teamByAgent[plan.agentID])
    }
}

@Test(arguments: [7, 8] as [UInt64])
func withCriticalFailuresThePlantedCriterionLeadsTheCostRanking(seed: UInt64) throws {
    // With the generator's default critical-failure rate, an agent's critical compliance failures come first
    // (by design); the planted criterion is then the first area ranked by cost.
    let (run, planted) = try plans(seed: seed, criticalFailureRate: SampleConfig().criticalFailureRate)
    for plan in run.plans {
        let firstByCost = plan.developmentAreas.first { $0.reason == .scoreCost }
        #expect(firstByCost?.criterionID == planted.weakCriterionByAgent[plan.agentID], "seed \(seed), \(plan.agentID)")
        let critical = plan.developmentAreas.prefix { $0.reason == .criticalCompliance }
        #expect(critical.allSatisfy { $0.criterionID == "verify" && $0.criticalFailures > 0 })
    }
}
