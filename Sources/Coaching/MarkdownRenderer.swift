import TextEscaping

/// Renders coaching plans as Markdown, readable as it is in a one-to-one.
public enum MarkdownRenderer {
    public static func render(_ plans: [CoachingPlan]) -> String {
        plans.map(render).joined(separator: "\n---\n\n")
    }

    public static func render(_ plan: CoachingPlan) -> String {
        var out = ""
        func line(_ text: String = "") { out += text + "\n" }

        line("# Coaching plan — \(inline(plan.agentID))")
        line()
        var facts = [String]()
        if let team = plan.teamID { facts.append("Team \(inline(team))") }
        facts.append("Scorecard \(inline(plan.scorecardTitle)) (\(inline(plan.scorecardID)) v\(inline(plan.scorecardVersion)))")
        facts.append("Period \(plan.period.from.longDescription) – \(plan.period.to.longDescription)")
        facts.append("Review on \(plan.reviewDate.longDescription)")
        line(facts.joined(separator: " · "))
        line()
        line("_\(Wording.cycle)_")
        line()
        let excluded = plan.exclusions.reduce(0) { $0 + $1.evaluationsLeftOut }
        var basis = "Based on \(plan.evaluationCount) evaluation\(plan.evaluationCount == 1 ? "" : "s") of \(plan.callCount) call\(plan.callCount == 1 ? "" : "s")"
        if !plan.exclusions.isEmpty {
            basis += "; \(excluded) evaluation\(excluded == 1 ? "" : "s") in excluded periods left out (see below)"
        }
        line(basis + ".")
        line()
        if let warning = plan.evidenceWarning {
            line("> **Too few evaluations to conclude much.** \(Wording.evidenceWarning(warning))")
            line()
        }

        line("## How things are going")
        line()
        line("| | \(inline(plan.agentID)) | Team\(plan.teamID.map { " " + inline($0) } ?? "") |")
        line("|---|---|---|")
        let team = plan.team
        line("| Evaluations | \(plan.agent.evaluations) | \(team.map { String($0.evaluations) } ?? "–") |")
        line("| Average score | \(Wording.score(plan.agent)) | \(team.map(Wording.score) ?? "–") |")
        line("| Pass rate (pass mark \(Wording.decimal(plan.passMark))) | \(Wording.percent(plan.agent.passRate)) | \(Wording.percent(team?.passRate)) |")
        line("| Critical items failed | \(plan.agent.criticalFailures) | \(team.map { String($0.criticalFailures) } ?? "–") |")
        line("| Trend | \(Wording.trend(plan.agent.trend)) | \(team.map { Wording.trend($0.trend) } ?? "–") |")
        line()

        line("## Category scores")
        line()
        line("| Category | \(inline(plan.agentID)) | Team | Difference |")
        line("|---|---|---|---|")
        for category in plan.categories {
            line("| \(inline(category.title)) | \(Wording.points(category.agent)) | \(Wording.points(category.team)) | \(Wording.signedPoints(category.difference)) |")
        }
        line()

        line("## What's going well")
        line()
        if plan.strengths.isEmpty {
            line("No criterion stands out above the team yet (a strength needs full credit at least 10 points more often than the team, in at least 5 evaluations where it applied). Keep an eye out for good calls to recognise.")
        }
        for strength in plan.strengths {
            line("- **\(inline(strength.prompt))** (\(inline(strength.category))) — full credit on \(Wording.percent(strength.fullCreditRate)) of \(strength.observations) evaluations, team \(Wording.percent(strength.teamFullCreditRate)).")
        }
        line()

        line("## Development areas")
        line()
        if plan.developmentAreas.isEmpty {
            line("No development area stands out: no criterion was missed on enough calls (at least 5 where it applied) to single it out.")
            line()
        }
        for area in plan.developmentAreas {
            line("### \(area.rank). \(inline(area.prompt))")
            line()
            if area.reason == .criticalCompliance {
                line("**Critical compliance item** — failed on \(area.criticalFailures) call\(area.criticalFailures == 1 ? "" : "s"); this comes first whatever its weight.")
                line()
            }
            line("- Category: \(inline(area.categoryTitle)) · criterion \(inline(area.criterionID))")
            line("- Missed (failure rate): \(Wording.percent(area.failureRate)) over \(area.observations) evaluations where it applied; team \(Wording.percent(area.teamFailureRate))")
            line("- Full credit: \(Wording.percent(area.fullCreditRate)); team \(Wording.percent(area.teamFullCreditRate))")
            if let note = Wording.sharedWithTeam(area) { line("- \(note)") }
            line("- Weight: about \(Wording.points(100 * area.weightShare)) points of the total; costs about \(Wording.points(100 * area.cost)) points an evaluation")
            line("- Calls that show it (\(area.callsShowingIt) in all):")
            for evidence in area.evidence {
                let comment = evidence.comment.map { " — “\(inline($0))”" } ?? " — (no comment)"
                line("  - \(inline(evidence.callID)) (\(evidence.date))\(evidence.critical ? " **critical**" : "")\(comment)")
            }
            line()
            line("**Target**")
            line()
            line("- Specific: \(inline(area.target.behaviour))")
            line("- Measurable: \(Wording.measurable(area.target))")
            line("- Achievable: \(Wording.basis(area.target))")
            line("- Relevant: \(area.target.relevance)")
            line("- Time-bound: review on \(area.target.reviewDate.longDescription)")
            line()
        }

        line("## Agreed actions")
        line()
        line("| Development area | Target | Action agreed | Review on |")
        line("|---|---|---|---|")
        for area in plan.developmentAreas {
            line("| \(inline(area.prompt)) | \(Wording.percent(area.target.targetFullCreditRate)) full credit | | \(area.target.reviewDate) |")
        }
        line()

        if let kpis = plan.kpis {
            line("## KPI context")
            line()
            line("| | \(inline(plan.agentID)) | Team |")
            line("|---|---|---|")
            line("| Calls | \(kpis.agent.calls) | \(kpis.team.map { String($0.calls) } ?? "–") |")
            line("| Average handle time | \(Wording.duration(kpis.agent.averageHandleTimeSeconds)) | \(Wording.duration(kpis.team?.averageHandleTimeSeconds)) |")
            line("| First-contact resolution | \(Wording.percent(kpis.agent.firstContactResolutionRate)) | \(Wording.percent(kpis.team?.firstContactResolutionRate)) |")
            line("| Average CSAT | \(Wording.decimal(kpis.agent.averageCSAT)) | \(Wording.decimal(kpis.team?.averageCSAT)) |")
            for other in kpis.agent.other {
                let teamValue = kpis.team?.other.first { $0.name == other.name }?.mean
                line("| Average \(inline(other.name)) | \(Wording.decimal(other.mean)) | \(Wording.decimal(teamValue)) |")
            }
            line()
            for link in kpis.links {
                line("- \(Wording.kpiName(link.kpi)) on \(link.scope == "agent" ? inline(plan.agentID) + "'s" : "the team's") evaluated calls: "
                    + "\(Wording.kpiValue(link.kpi, link.whenMet?.mean)) when every \(inline(link.category)) criterion got full credit "
                    + "(\(Wording.calls(link.whenMet?.calls ?? 0))), \(Wording.kpiValue(link.kpi, link.whenNotMet?.mean)) when one did not "
                    + "(\(Wording.calls(link.whenNotMet?.calls ?? 0))).")
            }
            if !kpis.links.isEmpty { line() }
            line("_\(Wording.kpiCaution)_")
            line()
        }

        if !plan.exclusions.isEmpty {
            line("## Periods left out")
            line()
            for excluded in plan.exclusions {
                let reason = excluded.window.reason.isEmpty ? "" : " — \(inline(excluded.window.reason))"
                line("- \(excluded.window.start) to \(excluded.window.end)\(reason): \(excluded.evaluationsLeftOut) evaluation\(excluded.evaluationsLeftOut == 1 ? "" : "s") left out")
            }
            line()
        }

        line("## Review on \(plan.reviewDate.longDescription)")
        line()
        line("Look at new calls together, compare them with the targets above, and agree the next step.")
        return out
    }

    /// Text safe inside a Markdown line or table cell (`Escaping.markdown`): one line, `<`, `>`, `&` as
    /// entities, pipes, backticks and markup characters escaped, controls dropped.
    static func inline(_ text: String) -> String { Escaping.markdown(text) }
}
