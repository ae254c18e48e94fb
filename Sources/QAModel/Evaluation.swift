import TextEscaping
/// One assessor's answers for one monitored call against one template version.
///
/// This is the record as read from JSON, JSON Lines or CSV (see `docs/evaluations.md`), before it is
/// checked against a template; `Records` reads and validates it, `Scoring` scores it.
public struct Evaluation: Hashable, Sendable {
    public var id: String
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var assessorID: String
    public var scorecardID: String
    public var scorecardVersion: String
    /// The day of the call: a `YYYY-MM-DD` call date, or the date (as written) of a call timestamp.
    public var callDate: CalendarDay
    /// The call's full timestamp when the record gave one rather than a bare date (kept so that it is written
    /// back as given); `callDate` is then its day.
    public var callTimestamp: Timestamp?
    /// When the evaluation was made.
    public var evaluatedAt: Timestamp
    /// Criterion id → answer. A section-level N/A is recorded under the key `section:<section id>`.
    public var answers: [String: AnswerValue]
    /// Criterion id → assessor comment.
    public var comments: [String: String]
    /// What the evaluation is for (`official` when a record does not say): only official evaluations count in
    /// an agent's scores and coaching plans.
    public var purpose: EvaluationPurpose

    public init(
        id: String, callID: String, agentID: String, teamID: String? = nil, assessorID: String,
        scorecardID: String, scorecardVersion: String, callDate: CalendarDay, callTimestamp: Timestamp? = nil,
        evaluatedAt: Timestamp, answers: [String: AnswerValue], comments: [String: String] = [:],
        purpose: EvaluationPurpose = .official
    ) {
        self.id = id
        self.callID = callID
        self.agentID = agentID
        self.teamID = teamID
        self.assessorID = assessorID
        self.scorecardID = scorecardID
        self.scorecardVersion = scorecardVersion
        self.callDate = callTimestamp?.day ?? callDate
        self.callTimestamp = callTimestamp
        self.evaluatedAt = evaluatedAt
        self.answers = answers
        self.comments = comments
        self.purpose = purpose
    }

    /// The call date as the record gave it: the call timestamp, or `YYYY-MM-DD`.
    public var callDateText: String { callTimestamp?.description ?? callDate.description }

    /// The answer key that marks a whole section not applicable.
    public static func sectionKey(_ sectionID: String) -> String { "section:\(sectionID)" }
}

/// What an evaluation is for. Agent scores, coaching plans and their KPI links count `official` evaluations
/// only; calibration works from `calibration` evaluations and from official ones where several assessors scored
/// the same call; `self-assessment` and `automated` are kept and reported but counted in neither.
public enum EvaluationPurpose: String, Hashable, Sendable, CaseIterable {
    /// The evaluation of record for the agent (the default when a record does not say).
    case official
    /// One assessor's scoring of a call in a calibration session.
    case calibration
    /// The agent's own scoring of their call.
    case selfAssessment = "self-assessment"
    /// Scored by a machine (speech analytics, a model).
    case automated

    /// The spellings accepted in records, for messages.
    public static let spellings = allCases.map(\.rawValue).joined(separator: ", ")
}

/// An answer as recorded: a token (`yes`, `no`, `na`, an option id), a number, or several option ids.
public enum AnswerValue: Hashable, Sendable, CustomStringConvertible {
    case token(String)
    case number(Double)
    case tokens([String])

    public static let yes = AnswerValue.token("yes")
    public static let no = AnswerValue.token("no")
    public static let notApplicable = AnswerValue.token("na")

    public var isNotApplicable: Bool {
        if case .token(let t) = self { return t == "na" }
        return false
    }

    public var description: String {
        switch self {
        case .token(let t): return t
        case .number(let n): return formatNumber(n)
        case .tokens(let ts): return ts.joined(separator: "|")
        }
    }
}

/// Formats a number without a trailing `.0` for whole values (`3`, `2.5`).
public func formatNumber(_ value: Double) -> String {
    NumberText.plain(value)
}
