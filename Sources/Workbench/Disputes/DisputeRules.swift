import QAModel
import Workspace

/// Who arbitrates a form's disputes by default: the evaluation's own assessor, a named QA lead, or nobody until a
/// QA lead takes or assigns the dispute.
public enum ArbitratorRule: Sendable, Hashable {
    case assessor
    case unassigned
    case lead(String)

    /// Reads the stored spelling (`assessor`, `unassigned`, `lead:<username>`).
    public init?(setting: String) {
        switch setting {
        case "assessor": self = .assessor
        case "unassigned": self = .unassigned
        default:
            guard setting.hasPrefix("lead:"), setting.count > 5 else { return nil }
            self = .lead(String(setting.dropFirst(5)))
        }
    }

    /// The stored spelling.
    public var setting: String {
        switch self {
        case .assessor: return "assessor"
        case .unassigned: return "unassigned"
        case .lead(let name): return "lead:\(name)"
        }
    }

    /// In words.
    public var words: String {
        switch self {
        case .assessor: return "the assessor who scored the evaluation"
        case .unassigned: return "nobody at first: a QA lead takes or assigns each dispute"
        case .lead(let name): return "the QA lead \(name)"
        }
    }
}

/// A form's dispute rules (for every version of it): how many days after release an agent may dispute, how many
/// disputes one evaluation may have, and who arbitrates.
public struct DisputeRules: Sendable, Hashable {
    public var windowDays: Int
    public var limit: Int
    public var arbitrator: ArbitratorRule

    /// The rules of a form without its own: 14 days, one dispute per evaluation, the assessor arbitrates.
    public static let defaults = DisputeRules(windowDays: 14, limit: 1, arbitrator: .assessor)

    public init(windowDays: Int, limit: Int, arbitrator: ArbitratorRule) {
        self.windowDays = windowDays
        self.limit = limit
        self.arbitrator = arbitrator
    }

    /// The `settings` key of a form's arbitrator rule.
    static func arbitratorKey(_ scorecardID: String) -> String { "dispute.arbitrator.\(scorecardID)" }

    /// The rules of form `scorecardID` (the defaults where it has none).
    public static func load(_ scorecardID: String, _ session: SQLSession) throws -> DisputeRules {
        var rules = defaults
        if let row = try session.first("SELECT dispute_window_days, dispute_limit FROM template_settings WHERE scorecard_id = ?",
                                       .text(scorecardID)) {
            if let window = row.integer(0) { rules.windowDays = Int(window) }
            if let limit = row.integer(1) { rules.limit = Int(limit) }
        }
        if let text = try session.first("SELECT value FROM settings WHERE key = ?", .text(arbitratorKey(scorecardID)))?.text(0),
           let rule = ArbitratorRule(setting: text) {
            rules.arbitrator = rule
        }
        return rules
    }

    /// The longest window and the highest limit a form may set.
    public static let maximumWindowDays = 365
    public static let maximumLimit = 10

    /// Saves form `scorecardID`'s rules (a QA lead only; false otherwise). Refused with the reason when a value is
    /// out of range or the named arbitrator is not an active QA lead.
    public static func save(_ rules: DisputeRules, for scorecardID: String, by account: Account,
                            in workspace: Workspace) throws -> Bool {
        guard account.role == .qaLead else { return false }
        guard (0...maximumWindowDays).contains(rules.windowDays) else {
            throw WorkflowRefusal("The dispute window is a number of days from 0 to \(maximumWindowDays) (0: no disputes).")
        }
        guard (0...maximumLimit).contains(rules.limit) else {
            throw WorkflowRefusal("The dispute limit is a number of disputes per evaluation from 0 to \(maximumLimit) "
                + "(0: no disputes).")
        }
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Bool in
            guard try session.first("SELECT 1 FROM templates WHERE scorecard_id = ?", .text(scorecardID)) != nil else {
                return false
            }
            if case .lead(let name) = rules.arbitrator {
                guard let lead = try AccountStore.find(username: name, session), lead.role == .qaLead, !lead.disabled else {
                    throw WorkflowRefusal("\(name) is not an active QA lead's account; choose a QA lead as the arbitrator.")
                }
            }
            try session.execute("""
                INSERT INTO template_settings (scorecard_id, dispute_window_days, dispute_limit, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (scorecard_id) DO UPDATE SET dispute_window_days = excluded.dispute_window_days,
                    dispute_limit = excluded.dispute_limit, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, .text(scorecardID), .integer(Int64(rules.windowDays)), .integer(Int64(rules.limit)),
                .text(account.username), .text(now.description))
            try session.execute("""
                INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, .text(arbitratorKey(scorecardID)), .text(rules.arbitrator.setting))
            try AuditLog.append(session, AuditEntry(
                at: now, actor: account.username, action: "template.dispute-rules", subject: "template:\(scorecardID)",
                details: "window \(rules.windowDays) days; limit \(rules.limit); arbitrator \(rules.arbitrator.setting)"))
            return true
        }
    }
}
