/// What a person does in the QA team; it decides what they may see and do in the workbench (`AccessPolicy`).
public enum Role: String, CaseIterable, Sendable, Hashable {
    /// Manages the accounts; sees no call data.
    case admin
    /// Sees and does everything in QA: every evaluation, the templates, assignments, calibration and drift.
    case qaLead = "qa-lead"
    /// Scores the calls assigned to them; sees their own evaluations and drafts.
    case assessor
    /// Sees their team's released evaluations, dashboard and coaching plans.
    case teamLeader = "team-leader"
    /// Sees only their own released evaluations and coaching plan.
    case agent

    /// The role as people say it.
    public var title: String {
        switch self {
        case .admin: return "Administrator"
        case .qaLead: return "QA lead"
        case .assessor: return "Assessor"
        case .teamLeader: return "Team leader"
        case .agent: return "Agent"
        }
    }

    /// The spellings `--role` accepts.
    public static let spellings = allCases.map(\.rawValue).joined(separator: ", ")
}
