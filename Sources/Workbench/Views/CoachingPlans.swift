import Coaching
import QAModel
import Scoring
import Workspace

/// An agent's coaching plan in the workbench: the same planner as `qa coach`, over the 13 weeks up to the newest
/// official evaluation of the agent's team that the person may see.
public enum CoachingPlans {
    /// How far back a plan looks (as `qa coach` from a workspace).
    public static let periodDays = 91

    /// The plan of `agent`, when `account` may see it (nil otherwise, or when there is nothing to plan from).
    public static func plan(agent: String, for account: Account, in workspace: Workspace, templates: TemplateCache,
                            today: CalendarDay) throws -> CoachingPlan? {
        guard AccessPolicy.may(account.role, .seeCoachingPlans),
              let team = try PeopleDirectory.team(of: agent, workspace),
              AccessPolicy.seesAgent(account, agentKey: agent, agentTeam: team) else { return nil }
        let viewer = AccessPolicy.planViewer(account, team: team)
        return try workspace.database.read { session -> CoachingPlan? in
            guard let newest = try VisibleEvaluations.newestCallDate(team: team, account: viewer, now: workspace.now(),
                                                                     session) else { return nil }
            let from = newest.adding(days: -(periodDays - 1))
            var items: [VisibleEvaluations.Item] = []
            try VisibleEvaluations.forEachScored(team: team, from: from, account: viewer, now: workspace.now(),
                                                 templates: templates, session) { items.append($0) }
            guard let newestTemplate = items.map(\.templateRowID).max() else { return nil }
            let (_, plan) = try templates.template(newestTemplate, session)
            let scored = items.compactMap { item -> ScoredEvaluation? in
                guard let score = item.score else { return nil }
                return ScoredEvaluation(evaluation: item.record,
                                        score: item.templateRowID == newestTemplate ? score : score.aligned(to: plan))
            }
            let kpis = try CallStore.kpiTable(teams: [team], session)
            let settings = CoachingSettings(from: from, to: newest, today: today)
            return CoachingPlanner(scorecard: plan.scorecard, settings: settings)
                .plans(for: .agent(agent), evaluations: scored, kpis: kpis.calls.isEmpty ? nil : kpis).plans.first
        }
    }
}
