import QAModel
import TextEscaping

/// Renders coaching plans as one self-contained HTML file: inline CSS, inline SVG charts (the score trend
/// with the pass mark, category scores against the team), no scripts, no network, printable.
public enum HTMLRenderer {
    public static func render(_ plans: [CoachingPlan]) -> String {
        let title = plans.count == 1 ? "Coaching plan — \(plans[0].agentID)" : "Coaching plans (\(plans.count) agents)"
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(css)</style>
        </head>
        <body>

        """
        for plan in plans { out += render(plan) }
        out += "</body>\n</html>\n"
        return out
    }

    /// The plans' style sheet (the workbench serves it as a file: its pages allow no inline style).
    public static var stylesheet: String { css }

    private static let css = """

    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2733; margin: 0; background: #f4f6f8; line-height: 1.45; }
    article { max-width: 960px; margin: 1.5rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
    h1 { margin: 0 0 .25rem; font-size: 1.6rem; } h2 { margin-top: 1.8rem; font-size: 1.2rem; border-bottom: 2px solid #d8e0e8; padding-bottom: .2rem; }
    h3 { font-size: 1.05rem; margin-bottom: .3rem; }
    .facts { color: #4a5a6a; margin: 0 0 .8rem; } .cycle { font-style: italic; color: #4a5a6a; }
    .warning { background: #fff4d6; border-left: 4px solid #d99a00; padding: .6rem .9rem; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
    th { background: #eef2f6; } td.num { text-align: right; white-space: nowrap; }
    .area { border: 1px solid #d8e0e8; border-radius: 6px; padding: .4rem 1rem .8rem; margin: .8rem 0; }
    .critical { border-color: #b3261e; } .tag { display: inline-block; background: #b3261e; color: #fff; border-radius: 3px; padding: 0 .4rem; font-size: .8rem; }
    blockquote { margin: .2rem 0 .2rem 1rem; color: #33414f; } .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
    .chart { flex: 1 1 420px; } svg { width: 100%; height: auto; } .muted { color: #56636f; }
    .smart dt { font-weight: 600; float: left; width: 8rem; clear: left; } .smart dd { margin-left: 8.5rem; margin-bottom: .2rem; }
    @media print { body { background: #fff; font-size: 11pt; } article { box-shadow: none; margin: 0; max-width: none; padding: 0; page-break-after: always; }
      .area { break-inside: avoid; } h2 { break-after: avoid; } }

    """

    /// One plan as an `<article>` (for a page that has its own head).
    public static func render(_ plan: CoachingPlan) -> String {
        var out = "<article>\n"
        func add(_ text: String) { out += text + "\n" }
        add("<h1>Coaching plan — \(escape(plan.agentID))</h1>")
        var facts = [String]()
        if let team = plan.teamID { facts.append("Team \(escape(team))") }
        facts.append("Scorecard \(escape(plan.scorecardTitle)) (\(escape(plan.scorecardID)) v\(escape(plan.scorecardVersion)))")
        facts.append("Period \(plan.period.from.longDescription) – \(plan.period.to.longDescription)")
        facts.append("Review on \(plan.reviewDate.longDescription)")
        add("<p class=\"facts\">\(facts.joined(separator: " · "))</p>")
        add("<p class=\"cycle\">\(escape(Wording.cycle))</p>")
        let excluded = plan.exclusions.reduce(0) { $0 + $1.evaluationsLeftOut }
        var basis = "Based on \(plan.evaluationCount) evaluation\(plan.evaluationCount == 1 ? "" : "s") of \(plan.callCount) call\(plan.callCount == 1 ? "" : "s")"
        if !plan.exclusions.isEmpty {
            basis += "; \(excluded) evaluation\(excluded == 1 ? "" : "s") in excluded periods left out (see below)"
        }
        add("<p>\(basis).</p>")
        if let warning = plan.evidenceWarning {
            add("<p class=\"warning\"><strong>Too few evaluations to conclude much.</strong> \(escape(Wording.evidenceWarning(warning)))</p>")
        }

        add("<h2>How things are going</h2>")
        add("<table><thead><tr><th></th><th>\(escape(plan.agentID))</th><th>Team\(plan.teamID.map { " " + escape($0) } ?? "")</th></tr></thead><tbody>")
        let team = plan.team
        add(row("Evaluations", String(plan.agent.evaluations), team.map { String($0.evaluations) } ?? "–"))
        add(row("Average score", Wording.score(plan.agent), team.map(Wording.score) ?? "–"))
        add(row("Pass rate (pass mark \(Wording.decimal(plan.passMark)))", Wording.percent(plan.agent.passRate), Wording.percent(team?.passRate)))
        add(row("Critical items failed", String(plan.agent.criticalFailures), team.map { String($0.criticalFailures) } ?? "–"))
        add(row("Trend", Wording.trend(plan.agent.trend), team.map { Wording.trend($0.trend) } ?? "–"))
        add("</tbody></table>")
        add("<div class=\"charts\">")
        add("<figure class=\"chart\">\(trendChart(plan))<figcaption class=\"muted\">Score of each evaluation by call date; dashed line: pass mark \(Wording.decimal(plan.passMark)). Filled dots passed, open dots did not.</figcaption></figure>")
        add("<figure class=\"chart\">\(categoryChart(plan))<figcaption class=\"muted\">Category scores: \(escape(plan.agentID)) (dark) beside the team (light).</figcaption></figure>")
        add("</div>")

        add("<h2>Category scores</h2>")
        add("<table><thead><tr><th>Category</th><th>\(escape(plan.agentID))</th><th>Team</th><th>Difference</th></tr></thead><tbody>")
        for category in plan.categories {
            add("<tr><td>\(escape(category.title))</td><td class=\"num\">\(Wording.points(category.agent))</td><td class=\"num\">\(Wording.points(category.team))</td><td class=\"num\">\(Wording.signedPoints(category.difference))</td></tr>")
        }
        add("</tbody></table>")

        add("<h2>What's going well</h2>")
        if plan.strengths.isEmpty {
            add("<p>No criterion stands out above the team yet (a strength needs full credit at least 10 points more often than the team, in at least 5 evaluations where it applied). Keep an eye out for good calls to recognise.</p>")
        } else {
            add("<ul>")
            for strength in plan.strengths {
                add("<li><strong>\(escape(strength.prompt))</strong> (\(escape(strength.category))) — full credit on \(Wording.percent(strength.fullCreditRate)) of \(strength.observations) evaluations, team \(Wording.percent(strength.teamFullCreditRate)).</li>")
            }
            add("</ul>")
        }

        add("<h2>Development areas</h2>")
        if plan.developmentAreas.isEmpty {
            add("<p>No development area stands out: no criterion was missed on enough calls (at least 5 where it applied) to single it out.</p>")
        }
        for area in plan.developmentAreas {
            let critical = area.reason == .criticalCompliance
            add("<section class=\"area\(critical ? " critical" : "")\">")
            add("<h3>\(area.rank). \(escape(area.prompt))</h3>")
            if critical {
                add("<p><span class=\"tag\">Critical compliance item</span> failed on \(area.criticalFailures) call\(area.criticalFailures == 1 ? "" : "s"); this comes first whatever its weight.</p>")
            }
            add("<table><tbody>")
            add("<tr><th>Category</th><td>\(escape(area.categoryTitle)) · criterion <code>\(escape(area.criterionID))</code></td></tr>")
            add("<tr><th>Missed (failure rate)</th><td>\(Wording.percent(area.failureRate)) over \(area.observations) evaluations where it applied; team \(Wording.percent(area.teamFailureRate))</td></tr>")
            add("<tr><th>Full credit</th><td>\(Wording.percent(area.fullCreditRate)); team \(Wording.percent(area.teamFullCreditRate))</td></tr>")
            if let note = Wording.sharedWithTeam(area) { add("<tr><th>Team</th><td>\(escape(note))</td></tr>") }
            add("<tr><th>Weight</th><td>about \(Wording.points(100 * area.weightShare)) points of the total; costs about \(Wording.points(100 * area.cost)) points an evaluation</td></tr>")
            add("</tbody></table>")
            add("<p>Calls that show it (\(area.callsShowingIt) in all):</p><ul>")
            for evidence in area.evidence {
                let comment = evidence.comment.map { "<blockquote>“\(escape($0))”</blockquote>" } ?? " <span class=\"muted\">(no comment)</span>"
                add("<li>\(escape(evidence.callID)) (\(evidence.date))\(evidence.critical ? " <span class=\"tag\">critical</span>" : "")\(comment)</li>")
            }
            add("</ul>")
            add("<dl class=\"smart\">")
            add("<dt>Specific</dt><dd>\(escape(area.target.behaviour))</dd>")
            add("<dt>Measurable</dt><dd>\(escape(Wording.measurable(area.target)))</dd>")
            add("<dt>Achievable</dt><dd>\(escape(Wording.basis(area.target)))</dd>")
            add("<dt>Relevant</dt><dd>\(escape(area.target.relevance))</dd>")
            add("<dt>Time-bound</dt><dd>review on \(area.target.reviewDate.longDescription)</dd>")
            add("</dl>")
            add("</section>")
        }

        add("<h2>Agreed actions</h2>")
        add("<table><thead><tr><th>Development area</th><th>Target</th><th>Action agreed</th><th>Review on</th></tr></thead><tbody>")
        for area in plan.developmentAreas {
            add("<tr><td>\(escape(area.prompt))</td><td>\(Wording.percent(area.target.targetFullCreditRate)) full credit</td><td>&nbsp;</td><td>\(area.target.reviewDate)</td></tr>")
        }
        add("</tbody></table>")

        if let kpis = plan.kpis {
            add("<h2>KPI context</h2>")
            add("<table><thead><tr><th></th><th>\(escape(plan.agentID))</th><th>Team</th></tr></thead><tbody>")
            add(row("Calls", String(kpis.agent.calls), kpis.team.map { String($0.calls) } ?? "–"))
            add(row("Average handle time", Wording.duration(kpis.agent.averageHandleTimeSeconds), Wording.duration(kpis.team?.averageHandleTimeSeconds)))
            add(row("First-contact resolution", Wording.percent(kpis.agent.firstContactResolutionRate), Wording.percent(kpis.team?.firstContactResolutionRate)))
            add(row("Average CSAT", Wording.decimal(kpis.agent.averageCSAT), Wording.decimal(kpis.team?.averageCSAT)))
            for other in kpis.agent.other {
                let teamValue = kpis.team?.other.first { $0.name == other.name }?.mean
                add(row("Average " + other.name, Wording.decimal(other.mean), Wording.decimal(teamValue)))
            }
            add("</tbody></table>")
            if !kpis.links.isEmpty {
                add("<ul>")
                for link in kpis.links {
                    add("<li>\(Wording.kpiName(link.kpi)) on \(link.scope == "agent" ? escape(plan.agentID) + "'s" : "the team's") evaluated calls: \(Wording.kpiValue(link.kpi, link.whenMet?.mean)) when every \(escape(link.category)) criterion got full credit (\(Wording.calls(link.whenMet?.calls ?? 0))), \(Wording.kpiValue(link.kpi, link.whenNotMet?.mean)) when one did not (\(Wording.calls(link.whenNotMet?.calls ?? 0))).</li>")
                }
                add("</ul>")
            }
            add("<p class=\"cycle\">\(escape(Wording.kpiCaution))</p>")
        }

        if !plan.exclusions.isEmpty {
            add("<h2>Periods left out</h2><ul>")
            for excluded in plan.exclusions {
                let reason = excluded.window.reason.isEmpty ? "" : " — \(escape(excluded.window.reason))"
                add("<li>\(excluded.window.start) to \(excluded.window.end)\(reason): \(excluded.evaluationsLeftOut) evaluation\(excluded.evaluationsLeftOut == 1 ? "" : "s") left out</li>")
            }
            add("</ul>")
        }
        add("<h2>Review on \(plan.reviewDate.longDescription)</h2>")
        add("<p>Look at new calls together, compare them with the targets above, and agree the next step.</p>")
        add("</article>")
        return out
    }

    private static func row(_ label: String, _ agent: String, _ team: String) -> String {
        "<tr><th>\(escape(label))</th><td>\(escape(agent))</td><td>\(escape(team))</td></tr>"
    }

    // MARK: - Charts

    /// The score trend: each evaluation's total by call date, the pass mark, and the least-squares line.
    static func trendChart(_ plan: CoachingPlan) -> String {
        let width = 460.0, height = 220.0
        let left = 36.0, right = 12.0, top = 12.0, bottom = 28.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let first = Double(plan.period.from.daysSinceEpoch)
        let span = max(1, Double(plan.period.to.daysSinceEpoch) - first)
        func x(_ day: CalendarDay) -> Double { left + plotWidth * (Double(day.daysSinceEpoch) - first) / span }
        func y(_ score: Double) -> Double { top + plotHeight * (1 - min(100, max(0, score)) / 100) }
        var svg = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"Score trend for \(escape(plan.agentID))\">"
        svg += "<title>Score trend for \(escape(plan.agentID))</title>"
        for tick in stride(from: 0.0, through: 100, by: 25) {
            svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(tick)))\" x2=\"\(n(width - right))\" y2=\"\(n(y(tick)))\" stroke=\"#e3e8ee\"/>"
            svg += "<text x=\"\(n(left - 4))\" y=\"\(n(y(tick) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#56636f\">\(Int(tick))</text>"
        }
        svg += "<text x=\"\(n(left))\" y=\"\(n(height - 8))\" font-size=\"10\" fill=\"#56636f\">\(plan.period.from)</text>"
        svg += "<text x=\"\(n(width - right))\" y=\"\(n(height - 8))\" font-size=\"10\" text-anchor=\"end\" fill=\"#56636f\">\(plan.period.to)</text>"
        svg += "<line x1=\"\(n(left))\" y1=\"\(n(y(plan.passMark)))\" x2=\"\(n(width - right))\" y2=\"\(n(y(plan.passMark)))\" stroke=\"#b3261e\" stroke-dasharray=\"5 4\"/>"
        svg += "<text x=\"\(n(width - right - 2))\" y=\"\(n(y(plan.passMark) - 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#b3261e\">pass mark \(Wording.decimal(plan.passMark))</text>"
        let points = plan.scoreHistory.map { (x: Double($0.date.daysSinceEpoch), y: $0.score) }
        if let slope = Statistics.slope(points), let meanX = Statistics.mean(points.map(\.x)),
           let meanY = Statistics.mean(points.map(\.y)), let lo = plan.scoreHistory.first?.date, let hi = plan.scoreHistory.last?.date {
            let y0 = meanY + slope * (Double(lo.daysSinceEpoch) - meanX)
            let y1 = meanY + slope * (Double(hi.daysSinceEpoch) - meanX)
            svg += "<line x1=\"\(n(x(lo)))\" y1=\"\(n(y(y0)))\" x2=\"\(n(x(hi)))\" y2=\"\(n(y(y1)))\" stroke=\"#2f6fab\" stroke-width=\"2\" opacity=\"0.6\"/>"
        }
        for point in plan.scoreHistory {
            let fill = point.passed ? "#2f6fab" : "#fff"
            svg += "<circle cx=\"\(n(x(point.date)))\" cy=\"\(n(y(point.score)))\" r=\"4\" fill=\"\(fill)\" stroke=\"#2f6fab\" stroke-width=\"1.5\"><title>\(point.date): \(Wording.points(point.score))</title></circle>"
        }
        return svg + "</svg>"
    }

    /// Category scores as pairs of horizontal bars: the agent's and the team's.
    static func categoryChart(_ plan: CoachingPlan) -> String {
        // The label column fits the longest category title (about 6.2 units a character at font size 11).
        let longest = plan.categories.map(\.title.count).max() ?? 0
        let label = max(120.0, 6.2 * Double(longest) + 12), barMax = 300.0, rowHeight = 34.0, top = 8.0
        let width = label + barMax + 50
        let height = top + rowHeight * Double(max(1, plan.categories.count)) + 8
        var svg = "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"Category scores against the team\">"
        svg += "<title>Category scores against the team</title>"
        for (k, category) in plan.categories.enumerated() {
            let y0 = top + rowHeight * Double(k)
            svg += "<text x=\"\(n(label - 6))\" y=\"\(n(y0 + 17))\" font-size=\"11\" text-anchor=\"end\" fill=\"#1d2733\">\(escape(category.title))</text>"
            let bars: [(Double?, String, Double)] = [(category.agent, "#2f6fab", y0 + 3), (category.team, "#a9c4de", y0 + 16)]
            for (value, colour, barY) in bars {
                let w = barMax * min(100, max(0, value ?? 0)) / 100
                svg += "<rect x=\"\(n(label))\" y=\"\(n(barY))\" width=\"\(n(w))\" height=\"12\" fill=\"\(colour)\"/>"
                svg += "<text x=\"\(n(label + w + 4))\" y=\"\(n(barY + 10))\" font-size=\"10\" fill=\"#1d2733\">\(Wording.points(value))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A coordinate with at most one decimal.
    private static func n(_ value: Double) -> String { Wording.points(value).replacingMinus }

    /// Text safe in HTML element content and attribute values.
    static func escape(_ text: String) -> String { Escaping.html(text) }
}

private extension String {
    /// SVG numbers need an ASCII hyphen-minus, not the typographic minus used in prose.
    var replacingMinus: String { String(map { $0 == "−" ? "-" : $0 }) }
}
