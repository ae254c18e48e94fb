import Coaching
import Hummingbird
import Workbench
import Workspace

/// Team dashboards (a QA lead any team, a team leader their own).
struct DashboardRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/teams") { _, context in
            let signedIn = try context.person()
            let account = signedIn.account
            guard AccessPolicy.may(account.role, .seeDashboards) else { return Page.notFound(context) }
            if account.role == .teamLeader, let team = account.team {
                return Page.seeOther("/teams/\(Show.pathSegment(team))")
            }
            let teams = try await app.pool.run { workspace in try workspace.database.read { try Listings.teams($0) } }
            return Page.render("teams", title: "Teams", context: context, data: [
                "hasTeams": !teams.isEmpty, "teams": teams.map { ["name": $0, "path": Show.pathSegment($0)] },
            ])
        }
        router.get("/teams/:team") { _, context in
            let signedIn = try context.person()
            let team = try context.parameters.require("team")
            guard let board = try await app.pool.run({ workspace in
                try TeamDashboard.load(team: team, for: signedIn.account, in: workspace, templates: app.templates)
            }) else { return Page.notFound(context) }
            return Page.render("team", title: "Team \(team)", context: context, data: view(board, signedIn.account))
        }
    }

    private func view(_ board: TeamDashboard, _ account: Account) -> [String: Any] {
        var data: [String: Any] = ["team": board.team, "hasData": board.evaluations > 0, "count": board.evaluations,
                                   "weekCount": TeamDashboard.weeksShown,
                                   "releasedOnly": AccessPolicy.seesReleasedOnly(account)]
        guard board.evaluations > 0 else { return data }
        data["from"] = board.from?.description ?? ""
        data["to"] = board.to?.description ?? ""
        let labels = board.weeks.map { String($0.monday.description.dropFirst(5)) }
        data["trendChart"] = Charts.line(zip(labels, board.weeks).map { ($0, $1.meanScore) },
                                         title: "Mean score by week, team \(board.team)")
        data["passChart"] = Charts.bars(zip(labels, board.weeks).map { ($0, $1.passRate.map { $0 * 100 }) },
                                        title: "Pass rate by week, team \(board.team)")
        data["weeks"] = board.weeks.map { week -> [String: Any] in
            ["monday": week.monday.description, "count": week.evaluations, "mean": Show.score(week.meanScore),
             "pass": Show.percent(week.passRate)]
        }
        let criteria = board.criteria.enumerated().map { i, c in (c.id, c.prompt, "Q\(i + 1)") }
        data["criteria"] = criteria.map { ["short": $0.2, "prompt": $0.1] }
        if let form = board.heatMapForm { data["heatMapForm"] = form }
        let plans = AccessPolicy.may(account.role, .seeCoachingPlans)
        data["agents"] = board.agents.map { row -> [String: Any] in
            var item: [String: Any] = [
                "agent": row.agent, "count": row.evaluations, "mean": Show.score(row.meanScore),
                "pass": Show.percent(row.passRate), "critical": row.criticalFailures,
                "cells": criteria.map { c -> [String: String] in
                    guard let share = row.criterionShares[c.0] else { return ["value": "–", "level": "none"] }
                    let level = share >= 0.9 ? "high" : share >= 0.75 ? "mid" : share >= 0.5 ? "low" : "lowest"
                    return ["value": Show.percent(share), "level": level]
                },
            ]
            if plans { item["planPath"] = Show.pathSegment(row.agent) }
            return item
        }
        data["hasFailures"] = !board.criticalFailures.isEmpty
        data["failures"] = board.criticalFailures.map { f -> [String: String] in
            ["date": String(f.callDate.prefix(10)), "agent": f.agent, "question": f.question, "effect": f.effect,
             "path": Show.pathSegment(f.evaluation)]
        }
        return data
    }
}

/// Coaching plans: the existing plan (as `qa coach` writes it in HTML), in the app.
struct CoachingRoutes {
    let app: WorkbenchApp

    func add(to router: Router<AppContext>) {
        router.get("/agents/:agent/plan") { request, context in
            let signedIn = try context.person()
            let agent = try context.parameters.require("agent")
            let plan = try await app.pool.run { workspace in
                try CoachingPlans.plan(agent: agent, for: signedIn.account, in: workspace, templates: app.templates,
                                       today: workspace.now().day)
            }
            guard let plan else {
                // No plan: either not theirs to see, or nothing released yet. Only the agent themselves (or someone
                // who may see the agent) learns which.
                if signedIn.account.role == .agent, signedIn.account.personKey == agent {
                    return Page.render("message", title: "Coaching plan", context: context, data: [
                        "heading": "No coaching plan yet",
                        "message": "A plan is made from your released evaluations; none has been released to you yet."])
                }
                return Page.notFound(context)
            }
            return try await CoachingSessionRoutes(app: app).planPage(plan, agent: agent, signedIn: signedIn,
                                                                      context: context,
                                                                      recorded: request.uri.queryParameters["recorded"].map(String.init))
        }
        CoachingSessionRoutes(app: app).add(to: router)
    }
}
