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
    /// ISO 8601 date of the call (`YYYY-MM-DD`, or a full timestamp whose date part is used).
    public var callDate: String
    /// ISO 8601 timestamp of the evaluation.
    public var evaluatedAt: String
    /// Criterion id → answer. A section-level N/A is recorded under the key `section:<section id>`.
    public var answers: [String: AnswerValue]
    /// Criterion id → assessor comment.
    public var comments: [String: String]

    public init(
        id: String, callID: String, agentID: String, teamID: String? = nil, assessorID: String,
        scorecardID: String, scorecardVersion: String, callDate: String, evaluatedAt: String,
        answers: [String: AnswerValue], comments: [String: String] = [:]
    ) {
        self.id = id
        self.callID = callID
        self.agentID = agentID
        self.teamID = teamID
        self.assessorID = assessorID
        self.scorecardID = scorecardID
        self.scorecardVersion = scorecardVersion
        self.callDate = callDate
        self.evaluatedAt = evaluatedAt
        self.answers = answers
        self.comments = comments
    }

    /// The answer key that marks a whole section not applicable.
    public static func sectionKey(_ sectionID: String) -> String { "section:\(sectionID)" }
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
