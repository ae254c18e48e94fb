import Foundation
import QAModel
import Workspace

/// A workflow step refused for a reason the person can act on ("the dispute window closed on …"), in plain words.
/// Anything the person may not see or do at all is "not found" instead (nil or false), never a refusal.
public struct WorkflowRefusal: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What the release, acknowledgement and dispute steps need to know about one evaluation, read in their
/// transaction.
struct EvaluationFacts: Sendable {
    var rowID: Int64
    var key: String
    var callKey: String
    var agentID: Int64
    var assessorID: Int64
    var agentKey: String
    var assessorKey: String
    var team: String?
    var purpose: String
    var status: String
    var releasedAt: String?
    var acknowledgedAt: String?
    var scorecardID: String
    var currentRevision: Int64

    static func load(_ key: String, _ session: SQLSession) throws -> EvaluationFacts? {
        guard let row = try session.first("""
            SELECT e.id, e.evaluation_key, e.call_key, e.agent_id, e.assessor_id, ag.person_key, asr.person_key, e.team,
                   e.purpose, e.status, e.released_at, e.acknowledged_at, t.scorecard_id, e.current_revision
            FROM evaluations e JOIN people ag ON ag.id = e.agent_id JOIN people asr ON asr.id = e.assessor_id
            JOIN templates t ON t.id = e.template_id WHERE e.evaluation_key = ?
            """, .text(key)), let rowID = row.integer(0) else { return nil }
        return EvaluationFacts(
            rowID: rowID, key: row.text(1) ?? key, callKey: row.text(2) ?? "", agentID: row.integer(3) ?? 0,
            assessorID: row.integer(4) ?? 0, agentKey: row.text(5) ?? "", assessorKey: row.text(6) ?? "",
            team: row.text(7), purpose: row.text(8) ?? "", status: row.text(9) ?? "", releasedAt: row.text(10),
            acknowledgedAt: row.text(11), scorecardID: row.text(12) ?? "", currentRevision: row.integer(13) ?? 1)
    }

    /// Whether the evaluation has reached its agent by `now`.
    func isReleased(by now: Timestamp) -> Bool {
        guard let releasedAt else { return false }
        return releasedAt <= now.description
    }

    /// The audit log's and notifications' spelling of this evaluation.
    var subject: String { "evaluation:\(key)" }

    /// The evaluation's page.
    var link: String { "/evaluations/" + WorkflowText.pathSegment(key) }
}

/// Small shared wordings of the workflow.
public enum WorkflowText {
    /// A path segment safe in a URL.
    public static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? ""
    }

    /// A moment as people read it: `2026-12-05 09:00 UTC`.
    public static func moment(_ text: String) -> String {
        guard let t = Timestamp(text) else { return text }
        let utc = Timestamp(secondsSinceEpoch: t.secondsSinceEpoch)
        let hm = utc.description.dropFirst(11).prefix(5)
        return "\(utc.day) \(hm) UTC"
    }

    /// A duration in days and hours (`2 days 3 hours`, `5 hours`, `under an hour`).
    public static func duration(seconds: Int) -> String {
        let hours = seconds / 3600
        let days = hours / 24
        let rest = hours % 24
        func unit(_ n: Int, _ word: String) -> String { n == 1 ? "1 \(word)" : "\(n) \(word)s" }
        if days == 0 { return hours == 0 ? "under an hour" : unit(hours, "hour") }
        return rest == 0 ? unit(days, "day") : unit(days, "day") + " " + unit(rest, "hour")
    }

    /// The moment as stored (UTC, `Z`).
    static func stored(_ t: Timestamp) -> String { Timestamp(secondsSinceEpoch: t.secondsSinceEpoch).description }
}
