import QAModel
import Scoring

/// The outcome of a coaching run: a plan per selected agent, and what could not be used.
public struct CoachingRun: Hashable, Sendable {
    public var plans: [CoachingPlan]
    /// Selected agents (or the selected team) with no evaluations in the period after exclusions.
    public var agentsWithoutEvaluations: [String]
}

/// Builds coaching plans from scored evaluations (pure: no I/O). See `docs/coaching.md` for every rule.
public struct CoachingPlanner: Sendable {
    public let scorecard: Scorecard
    public let settings: CoachingSettings
    private let categoryIDs: [String]
    private let categoryTitles: [String: String]
    private let criteria: [Criterion]

    public init(scorecard: Scorecard, settings: CoachingSettings) {
        self.scorecard = scorecard
        self.settings = settings
        let plan = ScoringPlan(scorecard)
        categoryIDs = plan.categoryIDs
        var titles: [String: String] = [:]
        for category in scorecard.categories where titles[category.id] == nil { titles[category.id] = category.title }
        categoryTitles = titles
        criteria = plan.criteria
    }

    /// What a plan reads of one scored evaluation, kept compact: a plan compares an agent with every teammate,
    /// so a team's whole period is held at once (about a kilobyte each for 40 criteria, where the full scored
    /// evaluation with its answers takes several). A class, so that grouping by agent and team copies a reference.
    fileprivate final class Entry: Sendable {
        let callID: String
        let agentID: String
        let teamID: String?
        let date: CalendarDay
        let total: Double
        let passed: Bool
        /// The criteria whose critical rule failed (one element per failure, as in the score).
        let criticalFailures: [String]
        /// Each of the planner's categories' score (`nil` when absent or dropped out), in `categoryIDs` order.
        let categories: [Double?]
        /// Each criterion's result, in the score's criterion order.
        let criteria: [CriterionResult]
        /// The assessor's comments by criterion id (evidence quotes them).
        let comments: [String: String]

        init(_ scored: ScoredEvaluation, categoryIDs: [String]) {
            let evaluation = scored.evaluation
            let score = scored.score
            callID = evaluation.callID
            agentID = evaluation.agentID
            teamID = evaluation.teamID
            date = evaluation.callDate
            total = score.total
            passed = score.passed
            criticalFailures = score.criticalFailures.map(\.criterion)
            categories = categoryIDs.map { id in score.categories.first { $0.id == id }?.score ?? nil }
            criteria = score.criteria.map(CriterionResult.init)
            comments = evaluation.comments
        }
    }

    /// One criterion's result in an `Entry`: what the tallies, the evidence and the KPI links read.
    fileprivate struct CriterionResult: Sendable {
        let earned: Double?
        let applicable: Bool
        let effectiveWeight: Double

        init(_ score: CriterionScore) {
            earned = score.earned
            applicable = score.applicable
            effectiveWeight = score.effectiveWeight
        }
    }

    /// The scored evaluations of a coaching run, gathered one at a time in the compact form the plans need, so
    /// that a caller streaming evaluations never holds them all in full. Made by `CoachingPlanner.evaluationSet()`.
    public struct EvaluationSet: Sendable {
        fileprivate var entries: [Entry] = []
        fileprivate let categoryIDs: [String]

        fileprivate init(categoryIDs: [String]) {
            self.categoryIDs = categoryIDs
        }

        /// Adds one scored evaluation (scored with, or aligned to, the planner's template version).
        public mutating func add(_ scored: ScoredEvaluation) {
            entries.append(Entry(scored, categoryIDs: categoryIDs))
        }

        /// The evaluations gathered so far.
        public var count: Int { entries.count }
    }

    /// An empty set of evaluations to gather for `plans(for:evaluations:kpis:)`.
    public func evaluationSet() -> EvaluationSet {
        EvaluationSet(categoryIDs: categoryIDs)
    }

    /// Running sums for one criterion over some evaluations.
    private struct CriterionTally {
        var observations = 0
        var earned = 0.0
        var fullCredit = 0
        var weight = 0.0

        mutating func add(_ score: CriterionResult) {
            guard score.applicable, let earned = score.earned else { return }
            observations += 1
            self.earned += min(1, earned)
            if earned >= 1 - 1e-9 { fullCredit += 1 }
            weight += score.effectiveWeight
        }

        var failureRate: Double? { observations > 0 ? 1 - earned / Double(observations) : nil }
        var fullCreditRate: Double? { observations > 0 ? Double(fullCredit) / Double(observations) : nil }
        var weightShare: Double? { observations > 0 ? weight / Double(observations) : nil }
    }

    /// A team's evaluations and the figures every plan of its agents compares against (computed once a team).
    private struct TeamView {
        var entries: [Entry]
        var figures: PerformanceFigures
        var categories: [String: Double]
        var tally: [CriterionTally]
        /// Each member's tallies, by agent id order.
        var members: [[CriterionTally]]
    }

    private func teamView(_ entries: [Entry]) -> TeamView {
        var members: [String: [Entry]] = [:]
        for entry in entries { members[entry.agentID, default: []].append(entry) }
        var categories: [String: Double] = [:]
        for (k, id) in categoryIDs.enumerated() { categories[id] = categoryMean(k, entries) }
        return TeamView(entries: entries, figures: figures(entries), categories: categories, tally: tallies(entries),
                        members: members.keys.sorted().compactMap { members[$0].map(tallies) })
    }

    /// Plans for the selected agents, in agent id order.
    public func plans(
        for selection: AgentSelection, evaluations: [ScoredEvaluation], kpis: KPITable? = nil
    ) -> CoachingRun {
        var set = evaluationSet()
        for scored in evaluations { set.add(scored) }
        return plans(for: selection, evaluations: set, kpis: kpis)
    }

    /// Plans for the selected agents from evaluations gathered in an `evaluationSet()`, in agent id order.
    public func plans(for selection: AgentSelection, evaluations set: EvaluationSet, kpis: KPITable? = nil) -> CoachingRun {
        let entries = set.entries
        guard let earliest = entries.map(\.date).min(), let latest = entries.map(\.date).max() else {
            return CoachingRun(plans: [], agentsWithoutEvaluations: selectedNames(selection))
        }
        let period = DayRange(from: settings.from ?? earliest, to: settings.to ?? latest)
        let inPeriod = entries.filter { period.contains($0.date) }
        let included = inPeriod.filter { entry in !settings.exclusions.contains { $0.contains(entry.date) } }

        // Each agent's team: the team id most often on their evaluations in the period (ties: the first by name).
        var teamVotes: [String: [String: Int]] = [:]
        for entry in inPeriod {
            guard let team = entry.teamID, !team.isEmpty else { continue }
            teamVotes[entry.agentID, default: [:]][team, default: 0] += 1
        }
        var teamOf: [String: String] = [:]
        for (agent, votes) in teamVotes {
            teamOf[agent] = votes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.first?.key
        }
        // Agents whose evaluations carry no team id take it from the calls file, if it has one.
        for call in kpis?.calls ?? [] where teamOf[call.agentID] == nil {
            if let team = call.teamID, !team.isEmpty { teamOf[call.agentID] = team }
        }

        let agents: [String]
        switch selection {
        case .agent(let id):
            agents = [id]
        case .team(let team):
            agents = Set(inPeriod.map(\.agentID)).filter { teamOf[$0] == team }.sorted()
        case .all:
            agents = Set(inPeriod.map(\.agentID)).sorted()
        }
        var byAgent: [String: [Entry]] = [:]
        var byTeam: [String: [Entry]] = [:]
        for entry in included {
            byAgent[entry.agentID, default: []].append(entry)
            if let team = teamOf[entry.agentID] { byTeam[team, default: []].append(entry) }
        }
        var inPeriodByAgent: [String: [Entry]] = [:]
        let selected = Set(agents)
        for entry in inPeriod where selected.contains(entry.agentID) {
            inPeriodByAgent[entry.agentID, default: []].append(entry)
        }
        var teamViews: [String: TeamView] = [:]
        let kpiIndex = kpis.map { self.kpiIndex($0, period: period, included: included, teamOf: teamOf) }
        var teamKPICache: [String: TeamKPIs] = [:]

        var plans: [CoachingPlan] = []
        var without: [String] = []
        if agents.isEmpty, case .team(let team) = selection { without.append("team \(team)") }
        for agent in agents {
            let own = byAgent[agent] ?? []
            guard !own.isEmpty else {
                without.append(agent)
                continue
            }
            let team = teamOf[agent]
            var view: TeamView?
            var teamKPIs: TeamKPIs?
            if let team {
                view = teamViews[team] ?? teamView(byTeam[team] ?? [])
                teamViews[team] = view
                if let kpiIndex {
                    teamKPIs = teamKPICache[team] ?? self.teamKPIs(kpiIndex, team: team, entries: byTeam[team] ?? [])
                    teamKPICache[team] = teamKPIs
                }
            }
            let leftOut = inPeriodByAgent[agent] ?? []
            let exclusions = settings.exclusions.map { window in
                ExcludedWindow(window: window, evaluationsLeftOut: leftOut.filter { window.contains($0.date) }.count)
            }
            plans.append(plan(agent: agent, team: team, period: period, own: own, teamView: view,
                              exclusions: exclusions, kpis: kpiIndex, teamKPIs: teamKPIs))
        }
        return CoachingRun(plans: plans, agentsWithoutEvaluations: without)
    }

    private func selectedNames(_ selection: AgentSelection) -> [String] {
        switch selection {
        case .agent(let id): return [id]
        case .team(let team): return ["team \(team)"]
        case .all: return []
        }
    }

    // MARK: - One plan

    private func plan(
        agent: String, team: String?, period: DayRange, own: [Entry], teamView: TeamView?,
        exclusions: [ExcludedWindow], kpis: KPIIndex?, teamKPIs: TeamKPIs?
    ) -> CoachingPlan {
        let reviewDate = (settings.to ?? settings.today).adding(days: settings.reviewInDays)
        let agentFigures = figures(own)
        let teamFigures = teamView?.figures

        // Categories.
        let categories = categoryIDs.enumerated().map { k, id in
            CategoryComparison(id: id, title: categoryTitles[id] ?? id, agent: categoryMean(k, own),
                               team: teamView?.categories[id])
        }

        // Criterion tallies: the agent, the team, and each team member.
        let agentTally = tallies(own)
        let teamTally = teamView?.tally
        let memberTallies = teamView?.members ?? []

        // Strengths.
        var strengths: [(Strength, Double)] = []
        var strengthIndices = Set<Int>()
        for i in criteria.indices where criteria[i].scored && !criteria[i].bonus {
            let mine = agentTally[i]
            guard mine.observations >= settings.minimumObservations, let rate = mine.fullCreditRate,
                  let teamRate = teamTally?[i].fullCreditRate,
                  rate - teamRate >= settings.strengthMargin - 1e-9 else { continue }
            strengthIndices.insert(i)
            strengths.append((Strength(criterionID: criteria[i].id, prompt: criteria[i].prompt,
                                       category: criteria[i].category, observations: mine.observations,
                                       fullCreditRate: rate, teamFullCreditRate: teamRate), rate - teamRate))
        }
        strengths.sort { $0.1 > $1.1 }

        // Development areas: critical compliance failures first, then by cost.
        var criticalCounts = [Int](repeating: 0, count: criteria.count)
        let indexByID = Dictionary(criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for entry in own {
            for failure in entry.criticalFailures {
                if let i = indexByID[failure] { criticalCounts[i] += 1 }
            }
        }
        func cost(_ i: Int) -> Double { (agentTally[i].weightShare ?? 0) * (agentTally[i].failureRate ?? 0) }
        let critical = criteria.indices.filter { i in
            guard let rule = criteria[i].critical, rule.scope != .flag, criticalCounts[i] > 0 else { return false }
            return scorecard.categoryKind(of: criteria[i].category) == .compliance
        }.sorted { (criticalCounts[$0], cost($0), -$0) > (criticalCounts[$1], cost($1), -$1) }
        let costly = criteria.indices.filter { i in
            criteria[i].scored && !criteria[i].bonus && !critical.contains(i) && !strengthIndices.contains(i)
                && agentTally[i].observations >= settings.minimumObservations && (agentTally[i].failureRate ?? 0) > 1e-9
        }.sorted { (cost($0), agentTally[$0].failureRate ?? 0, -$0) > (cost($1), agentTally[$1].failureRate ?? 0, -$1) }
        let chosen = Array((critical.map { ($0, DevelopmentReason.criticalCompliance) }
            + costly.map { ($0, DevelopmentReason.scoreCost) }).prefix(max(0, settings.maximumDevelopmentAreas)))

        let areas = chosen.enumerated().map { rank, pick in
            developmentArea(rank: rank + 1, index: pick.0, reason: pick.1, own: own, mine: agentTally[pick.0],
                            team: teamTally?[pick.0], members: memberTallies.map { $0[pick.0] },
                            criticalFailures: criticalCounts[pick.0], reviewDate: reviewDate)
        }

        let warning: EvidenceWarning? = own.count < settings.minimumEvaluations
            ? EvidenceWarning(evaluations: own.count, needed: settings.minimumEvaluations,
                              passRateMarginPoints: 100 * Statistics.worstCaseMargin(own.count))
            : nil

        return CoachingPlan(
            agentID: agent, teamID: team, scorecardID: scorecard.id, scorecardVersion: scorecard.version,
            scorecardTitle: scorecard.title, period: period, evaluationCount: own.count,
            callCount: Set(own.map(\.callID)).count, evidenceWarning: warning,
            agent: agentFigures, team: teamFigures, categories: categories, strengths: strengths.map(\.0),
            developmentAreas: areas,
            kpis: kpis.map { kpiContext($0, agent: agent, own: own, team: teamKPIs) },
            exclusions: exclusions, reviewDate: reviewDate,
            scoreHistory: own.map { ScorePoint(date: $0.date, score: $0.total, passed: $0.passed) }
                .sorted { ($0.date, $0.score) < ($1.date, $1.score) },
            passMark: scorecard.passMark)
    }

    private func figures(_ entries: [Entry]) -> PerformanceFigures {
        let totals = entries.map(\.total)
        let average = Statistics.mean(totals)
        let n = Double(entries.count)
        let passed = entries.filter(\.passed).count
        let failures = entries.reduce(0) { $0 + $1.criticalFailures.count }
        let withFailure = entries.filter { !$0.criticalFailures.isEmpty }.count
        var trend: ScoreTrend?
        let days = entries.map(\.date)
        if let first = days.min(), let last = days.max(), last > first,
           let slope = Statistics.slope(entries.map { (Double($0.date.daysSinceEpoch), $0.total) }) {
            let span = last.daysSinceEpoch - first.daysSinceEpoch
            trend = ScoreTrend(pointsPerWeek: slope * 7, changeOverPeriod: slope * Double(span), spanDays: span)
        }
        return PerformanceFigures(
            evaluations: entries.count, calls: Set(entries.map(\.callID)).count,
            averageScore: average, band: average.flatMap { scorecard.band(for: $0)?.title },
            passRate: entries.isEmpty ? nil : Double(passed) / n, criticalFailures: failures,
            criticalFailureRate: entries.isEmpty ? nil : Double(withFailure) / n, trend: trend)
    }

    private func categoryMean(_ index: Int, _ entries: [Entry]) -> Double? {
        Statistics.mean(entries.compactMap { entry in index < entry.categories.count ? entry.categories[index] : nil })
    }

    private func tallies(_ entries: [Entry]) -> [CriterionTally] {
        var result = [CriterionTally](repeating: CriterionTally(), count: criteria.count)
        for entry in entries {
            for (i, score) in entry.criteria.enumerated() where i < result.count {
                result[i].add(score)
            }
        }
        return result
    }

    private func developmentArea(
        rank: Int, index i: Int, reason: DevelopmentReason, own: [Entry], mine: CriterionTally,
        team: CriterionTally?, members: [CriterionTally], criticalFailures: Int, reviewDate: CalendarDay
    ) -> DevelopmentArea {
        let criterion = criteria[i]
        // Evidence: evaluations below full credit (critical failures first, commented ones next, newest first).
        var shown: [(Evidence, Bool)] = []
        var calls = Set<String>()
        for entry in own {
            guard i < entry.criteria.count else { continue }
            let score = entry.criteria[i]
            let isCritical = entry.criticalFailures.contains(criterion.id)
            guard isCritical || (score.applicable && (score.earned ?? 1) < 1 - 1e-9) else { continue }
            calls.insert(entry.callID)
            let comment = entry.comments[criterion.id].flatMap { $0.trimmingSpaces.isEmpty ? nil : $0.trimmingSpaces }
            shown.append((Evidence(callID: entry.callID, date: entry.date, comment: comment, critical: isCritical),
                          comment != nil))
        }
        shown.sort { a, b in
            (a.0.critical ? 1 : 0, a.1 ? 1 : 0, a.0.date.daysSinceEpoch, b.0.callID)
                > (b.0.critical ? 1 : 0, b.1 ? 1 : 0, b.0.date.daysSinceEpoch, a.0.callID)
        }
        // One line per call: a call scored by several assessors shows its most telling evaluation.
        var quoted = Set<String>()
        shown = shown.filter { quoted.insert($0.0.callID).inserted }
        let evidence = shown.prefix(max(0, settings.maximumEvidence)).map(\.0)
            .sorted { ($0.date, $0.callID) < ($1.date, $1.callID) }

        let current = mine.fullCreditRate ?? 0
        let quartile = Statistics.quantile(
            members.filter { $0.observations >= settings.minimumObservations }.compactMap(\.fullCreditRate), 0.75)
        var target: Double
        var basis: TargetBasis
        if reason == .criticalCompliance {
            target = 1
            basis = .zeroCriticalFailures
        } else {
            let step = current + settings.targetStep
            if let quartile, quartile >= step - 1e-9 {
                target = quartile
                basis = .teamUpperQuartile
            } else {
                target = step
                basis = .minimumStep
            }
            if target > 1 {
                target = 1
                basis = .cappedAtFull
            }
        }
        let smart = SmartTarget(
            behaviour: criterion.prompt, currentFullCreditRate: current, targetFullCreditRate: target,
            teamUpperQuartile: quartile, basis: basis, relevance: relevance(criterion.category), reviewDate: reviewDate)
        let failureRate = mine.failureRate ?? 0
        let share = mine.weightShare ?? 0
        return DevelopmentArea(
            rank: rank, reason: reason, criterionID: criterion.id, prompt: criterion.prompt,
            category: criterion.category, categoryTitle: categoryTitles[criterion.category] ?? criterion.category,
            observations: mine.observations, failureRate: failureRate, teamFailureRate: team?.failureRate,
            fullCreditRate: current, teamFullCreditRate: team?.fullCreditRate, weightShare: share,
            cost: share * failureRate, criticalFailures: criticalFailures, evidence: evidence,
            callsShowingIt: calls.count, target: smart)
    }

    /// What improving a criterion of this category moves, in the team leader's words.
    private func relevance(_ category: String) -> String {
        let title = categoryTitles[category] ?? category
        switch scorecard.categoryKind(of: category) {
        case .empathy:
            return "Raises the \(title) score; empathy is what moves customer satisfaction (CSAT)."
        case .resolution:
            return "Raises the \(title) score; resolving the issue on the call moves first-contact resolution (FCR)."
        case .compliance:
            return "Raises the \(title) score; compliance protects the customer and the business from regulatory and complaint risk."
        case .other:
            return "Raises the \(title) score and the overall QA score."
        }
    }

    // MARK: - KPIs

    /// The calls of a KPI file inside the period and outside the exclusions, grouped once for every plan.
    private struct KPIIndex {
        var otherColumns: [String]
        var byAgent: [String: [CallKPIs]] = [:]
        var byTeam: [String: [CallKPIs]] = [:]
        /// The first row of each call.
        var byCall: [String: CallKPIs] = [:]
    }

    private func kpiIndex(_ table: KPITable, period: DayRange, included: [Entry], teamOf: [String: String]) -> KPIIndex {
        var dateOfCall: [String: CalendarDay] = [:]
        for entry in included { dateOfCall[entry.callID] = entry.date }
        var index = KPIIndex(otherColumns: table.otherColumns)
        for call in table.calls {
            guard let date = call.date ?? dateOfCall[call.callID], period.contains(date),
                  !settings.exclusions.contains(where: { $0.contains(date) }) else { continue }
            index.byAgent[call.agentID, default: []].append(call)
            if let team = call.teamID ?? teamOf[call.agentID] { index.byTeam[team, default: []].append(call) }
            if index.byCall[call.callID] == nil { index.byCall[call.callID] = call }
        }
        return index
    }

    /// The team side of the KPI context, the same for every agent of the team.
    private struct TeamKPIs {
        var figures: KPIFigures
        var links: [KPILink]
    }

    private func teamKPIs(_ index: KPIIndex, team: String, entries: [Entry]) -> TeamKPIs {
        TeamKPIs(figures: kpiFigures(index.byTeam[team] ?? [], index.otherColumns),
                 links: links(scope: "team", entries: entries, index: index))
    }

    private func kpiContext(_ index: KPIIndex, agent: String, own: [Entry], team: TeamKPIs?) -> KPIContext {
        let agentCalls = index.byAgent[agent] ?? []
        let teamLinks = team?.links
        let agentLinks = links(scope: "agent", entries: own, index: index)
        // Interleave: for each KPI, the agent's link then the team's.
        var links: [KPILink] = []
        for kpi in ["csat", "first_contact_resolution"] {
            links += agentLinks.filter { $0.kpi == kpi }
            links += (teamLinks ?? []).filter { $0.kpi == kpi }
        }
        return KPIContext(agent: kpiFigures(agentCalls, index.otherColumns), team: team?.figures, links: links)
    }

    /// CSAT by whether the empathy criteria earned full credit, FCR by whether the resolution criteria did,
    /// over the evaluated calls of `entries` (the first evaluation of each call).
    private func links(scope: String, entries: [Entry], index: KPIIndex) -> [KPILink] {
        var links: [KPILink] = []
        for (kpi, kind) in [("csat", CategoryKind.empathy), ("first_contact_resolution", .resolution)] {
            let members = criteria.indices.filter {
                criteria[$0].scored && !criteria[$0].bonus && scorecard.categoryKind(of: criteria[$0].category) == kind
            }
            guard let category = members.first.map({ criteria[$0].category }) else { continue }
            var met: [Double] = []
            var notMet: [Double] = []
            var seen = Set<String>()
            for k in entries.indices {
                let callID = entries[k].callID
                guard !seen.contains(callID), let call = index.byCall[callID] else { continue }
                let value: Double?
                if kpi == "csat" { value = call.csat } else { value = call.firstContactResolution.map { $0 ? 1 : 0 } }
                guard let value else { continue }
                let scores = entries[k].criteria
                var anyApplicable = false
                var allFull = true
                for i in members where i < scores.count && scores[i].applicable {
                    guard let earned = scores[i].earned else { continue }
                    anyApplicable = true
                    if earned < 1 - 1e-9 { allFull = false }
                }
                guard anyApplicable else { continue }
                seen.insert(callID)
                if allFull { met.append(value) } else { notMet.append(value) }
            }
            guard !met.isEmpty || !notMet.isEmpty else { continue }
            links.append(KPILink(
                kpi: kpi, category: category, scope: scope,
                whenMet: Statistics.mean(met).map { MeanOverCalls(mean: $0, calls: met.count) },
                whenNotMet: Statistics.mean(notMet).map { MeanOverCalls(mean: $0, calls: notMet.count) }))
        }
        return links
    }

    private func kpiFigures(_ calls: [CallKPIs], _ otherColumns: [String]) -> KPIFigures {
        let fcr = calls.compactMap(\.firstContactResolution)
        return KPIFigures(
            calls: calls.count, averageHandleTimeSeconds: Statistics.mean(calls.compactMap(\.handleTimeSeconds)),
            firstContactResolutionRate: fcr.isEmpty ? nil : Double(fcr.filter { $0 }.count) / Double(fcr.count),
            averageCSAT: Statistics.mean(calls.compactMap(\.csat)),
            other: otherColumns.compactMap { name in
                let values = calls.compactMap { $0.other[name] }
                return Statistics.mean(values).map { NamedMean(name: name, mean: $0, calls: values.count) }
            })
    }
}
