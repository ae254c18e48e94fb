import Workspace

/// What each role may do, in one place. Pages and actions ask `may`; which evaluations, teams and agents a
/// person may see is decided by `evaluationScope` and the `sees…` checks. Anything refused looks exactly like
/// something that does not exist ("not found"), so ids cannot be probed.
public enum AccessPolicy {
    /// Things a person may do in the workbench.
    public enum Capability: String, CaseIterable, Sendable {
        /// Open the scoring form for a call and submit evaluations.
        case scoreCalls
        /// See every call and assign calls to assessors.
        case assignCalls
        /// See team dashboards (a team leader only their own team's).
        case seeDashboards
        /// See coaching plans (an agent only their own, a team leader their team's).
        case seeCoachingPlans
        /// See the calibration and drift reports.
        case seeCalibration
        /// See the templates.
        case seeTemplates
        /// Add and disable accounts.
        case manageAccounts
        /// Set and run the retention policy (pseudonymise or purge old evaluations).
        case manageRetention
    }

    /// Whether `role` may do `capability` at all.
    public static func may(_ role: Role, _ capability: Capability) -> Bool {
        switch capability {
        case .scoreCalls: return role == .qaLead || role == .assessor
        case .assignCalls, .seeCalibration, .seeTemplates: return role == .qaLead
        case .seeDashboards: return role == .qaLead || role == .teamLeader
        case .seeCoachingPlans: return role == .qaLead || role == .teamLeader || role == .agent
        case .manageAccounts, .manageRetention: return role == .admin
        }
    }

    /// The SQL condition (on `evaluations e`) selecting the evaluations `account` may see, and its bindings:
    /// a QA lead every one but the sealed answers of open calibration sessions (`unsealed`); an assessor those
    /// they scored; a team leader their team's released official ones;
    /// an agent their own released official ones; an administrator none.
    public static func evaluationScope(_ account: Account, now: String) -> (sql: String, bindings: [SQLValue]) {
        let released = "e.purpose = 'official' AND e.released_at IS NOT NULL AND e.released_at <= ?"
        switch account.role {
        case .qaLead: return ("(e.assessor_id = ? OR \(unsealed))", [.integer(account.personID)])
        case .assessor: return ("e.assessor_id = ?", [.integer(account.personID)])
        case .teamLeader: return ("e.team = ? AND \(released)", [SQLValue(account.team), .text(now)])
        case .agent: return ("e.agent_id = ? AND \(released)", [.integer(account.personID), .text(now)])
        case .admin: return ("1 = 0", [])
        }
    }

    /// The SQL condition (on `evaluations e`) that an evaluation is not sealed: it belongs to no blind
    /// calibration session, or to one that has been revealed. An open session's answers are seen by nobody but
    /// the assessor who gave them (the QA lead included), on every page and report.
    public static let unsealed = CalibrationSeal.unsealed

    // The release, acknowledgement and dispute workflow (`ReleaseDesk`, `DisputeDesk`).

    /// Whether `account` may release an evaluation (now, on a date, or cancel a scheduled release): a QA lead, or
    /// the assessor who scored it; official evaluations only.
    public static func mayRelease(_ account: Account, assessorID: Int64, purpose: String) -> Bool {
        guard purpose == "official" else { return false }
        switch account.role {
        case .qaLead: return true
        case .assessor: return assessorID == account.personID
        default: return false
        }
    }

    /// Whether `account` may acknowledge or dispute an evaluation (once released to them): only its agent.
    public static func mayAcknowledgeOrDispute(_ account: Account, agentID: Int64, purpose: String) -> Bool {
        account.role == .agent && account.personID == agentID && purpose == "official"
    }

    /// Whether `account` may decide a dispute: only its arbitrator (the evaluation's assessor or a QA lead).
    public static func mayArbitrate(_ account: Account, arbitrator: String?) -> Bool {
        (account.role == .qaLead || account.role == .assessor) && arbitrator == account.username
    }

    /// Whether `account` may take or assign a dispute's arbitration, and set a form's dispute rules: QA leads.
    public static func managesDisputes(_ account: Account) -> Bool { account.role == .qaLead }

    /// The SQL condition (on `disputes d` joined to `evaluations e`) selecting the disputes `account` may see: a QA
    /// lead every one; an assessor those of evaluations they scored or that they arbitrate; a team leader their
    /// team's; an agent their own; an administrator none.
    public static func disputeScope(_ account: Account) -> (sql: String, bindings: [SQLValue]) {
        switch account.role {
        case .qaLead: return ("1 = 1", [])
        case .assessor: return ("(e.assessor_id = ? OR d.arbitrator = ?)", [.integer(account.personID), .text(account.username)])
        case .teamLeader: return ("e.team = ?", [SQLValue(account.team)])
        case .agent: return ("e.agent_id = ?", [.integer(account.personID)])
        case .admin: return ("1 = 0", [])
        }
    }

    /// Whether `account` may see the dashboard of `team`.
    public static func seesTeam(_ account: Account, _ team: String) -> Bool {
        switch account.role {
        case .qaLead: return true
        case .teamLeader: return account.team == team
        default: return false
        }
    }

    /// Whether `account` may see the coaching plan of the agent `agentKey` in `agentTeam`.
    public static func seesAgent(_ account: Account, agentKey: String, agentTeam: String?) -> Bool {
        switch account.role {
        case .qaLead: return true
        case .teamLeader: return agentTeam != nil && account.team == agentTeam
        case .agent: return account.personKey == agentKey
        default: return false
        }
    }

    /// Whose view of a team's evaluations a coaching plan is built from, for `account`: a QA lead's own (every
    /// official one); for a team leader or agent, the team leader's (the team's released official ones) — an agent's
    /// plan compares them with their team in figures only, never naming another agent.
    public static func planViewer(_ account: Account, team: String) -> Account {
        guard account.role == .agent || account.role == .teamLeader else { return account }
        var viewer = account
        viewer.role = .teamLeader
        viewer.team = team
        return viewer
    }

    /// Whether only released evaluations count for `account` (agents and team leaders see what QA released).
    public static func seesReleasedOnly(_ account: Account) -> Bool {
        account.role == .agent || account.role == .teamLeader
    }
}

extension AccessPolicy {
    /// What a person does with an assignment in a queue.
    public enum QueueAction: String, Sendable {
        case claim, release, replace
    }

    /// Whether `account` may `action` an assignment given to the person `assessorID`: the assessor it is given
    /// to may claim, release and replace it; a QA lead may release or replace anyone's (claiming is the
    /// assessor's own).
    public static func mayHandleAssignment(_ account: Account, assessorID: Int64, _ action: QueueAction) -> Bool {
        guard may(account.role, .scoreCalls) else { return false }
        if account.personID == assessorID { return true }
        return account.role == .qaLead && action != .claim
    }

    /// Whether `account` sees the queue of the person `assessorID` (their own; a QA lead everyone's).
    public static func seesQueue(_ account: Account, assessorID: Int64) -> Bool {
        guard may(account.role, .scoreCalls) else { return false }
        return account.personID == assessorID || account.role == .qaLead
    }
}

extension AccessPolicy {
    /// Whether `account` may record a coaching one-to-one for an agent of `agentTeam`: a QA lead for anyone, a
    /// team leader for the agents of their own team. Agents read theirs; nobody else sees them.
    public static func mayRecordCoachingSession(_ account: Account, agentTeam: String?) -> Bool {
        switch account.role {
        case .qaLead: return true
        case .teamLeader: return agentTeam != nil && account.team == agentTeam
        default: return false
        }
    }
}
