import QAModel
/// Which agents a coaching run makes plans for.
public enum AgentSelection: Hashable, Sendable {
    case agent(String)
    /// Every agent whose evaluations carry this team id.
    case team(String)
    case all
}

/// The period, exclusions and evidence rules a coaching run uses. The defaults are the documented rules of
/// `docs/coaching.md`.
public struct CoachingSettings: Hashable, Sendable {
    /// First call date included; `nil` = the earliest call date found.
    public var from: CalendarDay?
    /// Last call date included; `nil` = the latest call date found.
    public var to: CalendarDay?
    public var exclusions: [ExclusionWindow]
    /// Today's date (the review date counts from it when no `to` is given).
    public var today: CalendarDay
    /// Days from the end of the period (or today) to the review.
    public var reviewInDays: Int
    /// Evaluations needed before the overall figures are worth concluding from.
    public var minimumEvaluations: Int
    /// Applicable observations of a criterion needed before calling it a strength or a development area.
    public var minimumObservations: Int
    /// How far (0–1) the agent's full-credit rate must exceed the team's for a strength.
    public var strengthMargin: Double
    /// The smallest improvement (0–1) a target asks for.
    public var targetStep: Double
    public var maximumDevelopmentAreas: Int
    /// Calls quoted as evidence per development area.
    public var maximumEvidence: Int

    public init(
        from: CalendarDay? = nil, to: CalendarDay? = nil, exclusions: [ExclusionWindow] = [], today: CalendarDay,
        reviewInDays: Int = 30, minimumEvaluations: Int = 10, minimumObservations: Int = 5,
        strengthMargin: Double = 0.10, targetStep: Double = 0.10, maximumDevelopmentAreas: Int = 3,
        maximumEvidence: Int = 5
    ) {
        self.from = from
        self.to = to
        self.exclusions = exclusions
        self.today = today
        self.reviewInDays = reviewInDays
        self.minimumEvaluations = minimumEvaluations
        self.minimumObservations = minimumObservations
        self.strengthMargin = strengthMargin
        self.targetStep = targetStep
        self.maximumDevelopmentAreas = maximumDevelopmentAreas
        self.maximumEvidence = maximumEvidence
    }

    /// Whether an evaluation with this call date can matter to a plan: inside `from`…`to` where they are
    /// given (evaluations in exclusion windows still matter: the plan counts them). Lets a reader drop
    /// evaluations early and keep memory down.
    public func mayInclude(callDate day: CalendarDay) -> Bool {
        if let from, day < from { return false }
        if let to, day > to { return false }
        return true
    }
}
