import QAModel

/// A coaching plan for one agent over one period, built from scored evaluations: how the agent is doing
/// beside the team, what is going well, the development areas with their evidence and SMART targets, the
/// KPI context, and when to review. One turn of the plan–monitor–review–act cycle.
///
/// Rates are fractions 0–1; scores are on 0–100. Nothing here is rounded; renderers round for display.
public struct CoachingPlan: Hashable, Sendable {
    public var agentID: String
    /// The agent's team (the team id found on the agent's evaluations), if any.
    public var teamID: String?
    public var scorecardID: String
    public var scorecardVersion: String
    public var scorecardTitle: String
    public var period: DayRange
    /// The agent's evaluations in the period, minus the excluded windows.
    public var evaluationCount: Int
    /// Distinct calls behind those evaluations (a call scored by several assessors counts once).
    public var callCount: Int
    /// Set when there are too few evaluations to conclude anything.
    public var evidenceWarning: EvidenceWarning?
    public var agent: PerformanceFigures
    /// The whole team's figures (the agent included), when the agent has a team.
    public var team: PerformanceFigures?
    public var categories: [CategoryComparison]
    /// "What's going well": criteria where the agent is reliably above the team, largest margin first.
    public var strengths: [Strength]
    /// At most three, critical compliance failures first, then by cost to the score.
    public var developmentAreas: [DevelopmentArea]
    public var kpis: KPIContext?
    public var exclusions: [ExcludedWindow]
    /// When to review the plan together.
    public var reviewDate: CalendarDay
    /// Every included evaluation's total by call date, oldest first (for the trend chart).
    public var scoreHistory: [ScorePoint]
    public var passMark: Double
}

/// Too few evaluations to draw conclusions: how many there are, how many are needed, and what that means.
public struct EvidenceWarning: Hashable, Sendable {
    public var evaluations: Int
    public var needed: Int
    /// The widest 95% margin of error of a pass rate measured on this many evaluations, in points (0–100).
    public var passRateMarginPoints: Double
}

/// Headline figures over a set of evaluations (an agent's or a team's).
public struct PerformanceFigures: Hashable, Sendable {
    public var evaluations: Int
    public var calls: Int
    /// Mean total (0–100); `nil` with no evaluations.
    public var averageScore: Double?
    /// Title of the band the average falls in.
    public var band: String?
    /// Share of evaluations passed, 0–1.
    public var passRate: Double?
    /// Critical items failed (every scope), counted over all evaluations.
    public var criticalFailures: Int
    /// Share of evaluations with at least one critical item failed, 0–1.
    public var criticalFailureRate: Double?
    public var trend: ScoreTrend?
}

/// The direction of the score over the period: a least-squares line through each evaluation's total
/// against its call date.
public struct ScoreTrend: Hashable, Sendable {
    /// Points per week (slope × 7).
    public var pointsPerWeek: Double
    /// Change over the period from the first to the last call date (slope × days between them).
    public var changeOverPeriod: Double
    /// Days between the first and last call date.
    public var spanDays: Int
}

/// One evaluation's total on its call date.
public struct ScorePoint: Hashable, Sendable {
    public var date: CalendarDay
    public var score: Double
    public var passed: Bool
}

/// A category's score for the agent beside the team's.
public struct CategoryComparison: Hashable, Sendable {
    public var id: String
    public var title: String
    public var agent: Double?
    public var team: Double?
    /// agent − team, in points; `nil` unless both are known.
    public var difference: Double? {
        guard let agent, let team else { return nil }
        return agent - team
    }
}

/// A criterion the agent is reliably better at than the team.
public struct Strength: Hashable, Sendable {
    public var criterionID: String
    public var prompt: String
    public var category: String
    /// Applicable observations for the agent.
    public var observations: Int
    public var fullCreditRate: Double
    public var teamFullCreditRate: Double
}

/// Why a criterion is a development area.
public enum DevelopmentReason: String, Hashable, Sendable {
    /// A compliance criterion with a form- or section-level critical rule failed at least once.
    case criticalCompliance = "critical-compliance"
    /// Among the criteria that cost the agent most score (weight share × failure rate).
    case scoreCost = "score-cost"
}

/// A criterion to work on, with the evidence and its SMART target.
public struct DevelopmentArea: Hashable, Sendable {
    /// 1 = first to work on.
    public var rank: Int
    public var reason: DevelopmentReason
    public var criterionID: String
    public var prompt: String
    public var category: String
    public var categoryTitle: String
    /// Applicable observations for the agent.
    public var observations: Int
    /// 1 − mean earned fraction over the agent's applicable observations.
    public var failureRate: Double
    /// The same over the team's (agent included); `nil` without a team.
    public var teamFailureRate: Double?
    /// Share of observations earning full credit.
    public var fullCreditRate: Double
    public var teamFullCreditRate: Double?
    /// Mean share of the total this criterion carries where it applies, 0–1.
    public var weightShare: Double
    /// weightShare × failureRate: the average share of the total lost on it (× 100 for points).
    public var cost: Double
    /// Critical failures of this criterion in the period.
    public var criticalFailures: Int
    /// Calls not earning full credit (for critical areas: the critical failures first), up to the limit.
    public var evidence: [Evidence]
    /// All calls not earning full credit, of which `evidence` quotes the first few.
    public var callsShowingIt: Int
    public var target: SmartTarget
}

/// One call that shows a development area: its id, date and the assessor's comment (nothing else).
public struct Evidence: Hashable, Sendable {
    public var callID: String
    public var date: CalendarDay
    public var comment: String?
    /// Whether this was a critical failure.
    public var critical: Bool

    public init(callID: String, date: CalendarDay, comment: String?, critical: Bool) {
        self.callID = callID
        self.date = date
        self.comment = comment
        self.critical = critical
    }
}

/// How a target was set.
public enum TargetBasis: String, Hashable, Sendable {
    /// The team's upper quartile of per-agent full-credit rates.
    case teamUpperQuartile = "team-upper-quartile"
    /// The current rate plus the minimum step (the team's upper quartile was lower or unknown).
    case minimumStep = "minimum-step"
    /// Capped at 100%.
    case cappedAtFull = "capped-at-100"
    /// A critical compliance item: no failures at all.
    case zeroCriticalFailures = "zero-critical-failures"
}

/// A SMART target for one development area.
public struct SmartTarget: Hashable, Sendable {
    /// Specific: the behaviour (the criterion's prompt).
    public var behaviour: String
    /// Measurable: full-credit rate now and the target, 0–1.
    public var currentFullCreditRate: Double
    public var targetFullCreditRate: Double
    /// Achievable: the team's upper quartile of per-agent full-credit rates, and how the target was set.
    public var teamUpperQuartile: Double?
    public var basis: TargetBasis
    /// Relevant: what it moves (the category and the KPI).
    public var relevance: String
    /// Time-bound.
    public var reviewDate: CalendarDay
}

/// A window left out of the figures, with the number of the agent's evaluations it removed.
public struct ExcludedWindow: Hashable, Sendable {
    public var window: ExclusionWindow
    public var evaluationsLeftOut: Int
}

/// Operational figures beside the QA scores, when a calls file is given.
public struct KPIContext: Hashable, Sendable {
    public var agent: KPIFigures
    public var team: KPIFigures?
    /// How KPIs differ between calls that met a QA behaviour and calls that did not.
    public var links: [KPILink]
}

/// Mean KPIs over a set of calls.
public struct KPIFigures: Hashable, Sendable {
    public var calls: Int
    public var averageHandleTimeSeconds: Double?
    public var firstContactResolutionRate: Double?
    public var averageCSAT: Double?
    /// Other numeric columns: name and mean, in file order.
    public var other: [NamedMean]
}

/// The mean of a named column over the calls that have it.
public struct NamedMean: Hashable, Sendable {
    public var name: String
    public var mean: Double
    public var calls: Int
}

/// A KPI compared between evaluated calls that met a QA behaviour in full and calls that did not.
public struct KPILink: Hashable, Sendable {
    /// `csat` or `first_contact_resolution`.
    public var kpi: String
    /// The category whose criteria define "met": `empathy` for CSAT, `resolution` for FCR.
    public var category: String
    /// Whose calls: `agent` or `team`.
    public var scope: String
    /// Calls where every applicable criterion of the category earned full credit.
    public var whenMet: MeanOverCalls?
    /// Calls where at least one did not.
    public var whenNotMet: MeanOverCalls?
}

/// A mean over some calls.
public struct MeanOverCalls: Hashable, Sendable {
    public var mean: Double
    public var calls: Int

    public init(mean: Double, calls: Int) {
        self.mean = mean
        self.calls = calls
    }
}
