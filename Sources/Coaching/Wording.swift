/// How plans put numbers into words: percentages, points, trends, durations. Shared by every renderer so a
/// figure reads the same in Markdown, HTML and CSV.
enum Wording {
    /// Whether a figure can be written as a whole number of its unit: finite and well inside `Int`'s range (a
    /// larger one — only from input past the documented KPI limits — is shown as "–" instead of trapping).
    static func fits(_ value: Double) -> Bool { value.isFinite && value.magnitude < 1e15 }

    /// A rate 0–1 as a whole percentage: `0.555` → `56%`.
    static func percent(_ rate: Double?) -> String {
        guard let rate, fits(rate * 100) else { return "–" }
        return "\(Int((rate * 100).rounded()))%"
    }

    /// A score with one decimal: `76.25` → `76.3`.
    static func points(_ value: Double?) -> String {
        guard let value, fits(value * 10) else { return "–" }
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "−" : ""
        let magnitude = abs(tenths)
        return "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// A difference with its sign: `+3.5`, `−2.0`, `0.0`.
    static func signedPoints(_ value: Double?) -> String {
        guard let value, fits(value * 10) else { return "–" }
        let text = points(value)
        return Int((value * 10).rounded()) > 0 ? "+" + text : text
    }

    /// A number with up to two decimals, for KPI means: `4.25`, `3`, `0.5`.
    static func decimal(_ value: Double?) -> String {
        guard let value, fits(value * 100) else { return "–" }
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "−" : ""
        let magnitude = abs(hundredths)
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Seconds as `6 min 05 s`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, fits(seconds), seconds >= 0 else { return "–" }
        let total = Int(seconds.rounded())
        let s = total % 60
        return "\(total / 60) min \(s < 10 ? "0" : "")\(s) s"
    }

    /// The trend in plain words: "up 4.2 points over the period (about 0.7 a week)".
    static func trend(_ trend: ScoreTrend?) -> String {
        guard let trend else { return "not enough different call dates to show a trend" }
        let change = trend.changeOverPeriod
        if abs(change) < 1 {
            return "steady (within 1 point over the period)"
        }
        let direction = change > 0 ? "up" : "down"
        return "\(direction) \(points(abs(change))) points over the period (about \(points(abs(trend.pointsPerWeek))) a week)"
    }

    /// "Average score 78.5 (Good)".
    static func score(_ figures: PerformanceFigures) -> String {
        points(figures.averageScore) + (figures.band.map { " (\($0))" } ?? "")
    }

    static func evidenceWarning(_ warning: EvidenceWarning) -> String {
        let n = warning.evaluations
        return "Only \(n) evaluation\(n == 1 ? "" : "s") in this period: at least \(warning.needed) are needed before the "
            + "overall figures say much. With \(n), a pass rate could be off by as much as "
            + "\(Int(warning.passRateMarginPoints.rounded())) points either way. Treat this plan as a conversation "
            + "starter and score more calls before drawing conclusions."
    }

    static func basis(_ target: SmartTarget) -> String {
        switch target.basis {
        case .teamUpperQuartile:
            return "set at what the top quarter of the team reaches (\(percent(target.teamUpperQuartile)))"
        case .minimumStep:
            let quartile = target.teamUpperQuartile.map { " (the team's top quarter reaches \(percent($0)))" } ?? ""
            return "a step of 10 points from where it is now\(quartile)"
        case .cappedAtFull:
            return "full credit on every call — the step up reaches 100%"
        case .zeroCriticalFailures:
            return "a compliance item must be met on every call"
        }
    }

    static func measurable(_ target: SmartTarget) -> String {
        "from \(percent(target.currentFullCreditRate)) to \(percent(target.targetFullCreditRate)) full credit on this criterion"
    }

    static let kpiCaution = "Handle time matters, but do not chase it at the cost of resolution: a short call that "
        + "leaves the issue open brings the customer back and lowers first-contact resolution and satisfaction."

    static let cycle = "This plan is one turn of the plan–monitor–review–act cycle: agree it together, "
        + "practise, look at new calls, and review progress on the date below. It is a development plan, not a disciplinary record."

    /// A note when the team misses a development area at least as often as the agent.
    static func sharedWithTeam(_ area: DevelopmentArea) -> String? {
        guard area.reason == .scoreCost, let team = area.teamFailureRate, team >= area.failureRate - 1e-9 else { return nil }
        return "The team misses this about as often or more: worth raising with the whole team too."
    }

    /// "1 call", "5 calls".
    static func calls(_ n: Int) -> String { "\(n) call\(n == 1 ? "" : "s")" }

    static func kpiName(_ kpi: String) -> String {
        switch kpi {
        case "csat": return "CSAT"
        case "first_contact_resolution": return "First-contact resolution"
        default: return kpi
        }
    }

    static func kpiValue(_ kpi: String, _ value: Double?) -> String {
        kpi == "first_contact_resolution" ? percent(value) : decimal(value)
    }
}
