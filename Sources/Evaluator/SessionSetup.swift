import Foundation
import QAModel

/// Who and what an evaluation session is for: the call, agent, assessor, the call date, the transcript to show,
/// and the clock that stamps the record (injected so tests are repeatable).
public struct SessionSetup: Sendable {
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var assessorID: String
    /// `YYYY-MM-DD`.
    public var callDate: String
    /// The call transcript, shown a page at a time, if one was given.
    public var transcript: String?
    /// Repeat each line read after its prompt (for piped input, so the output reads like a conversation).
    public var echoInput: Bool
    public var now: @Sendable () -> Date

    public init(callID: String, agentID: String, teamID: String? = nil, assessorID: String, callDate: String,
                transcript: String? = nil, echoInput: Bool = false, now: @escaping @Sendable () -> Date = { Date() }) {
        self.callID = callID
        self.agentID = agentID
        self.teamID = teamID
        self.assessorID = assessorID
        self.callDate = callDate
        self.transcript = transcript
        self.echoInput = echoInput
        self.now = now
    }

    /// The evaluation id for a record finished at `date`: `ev-<call>-<assessor>-<yyyyMMddHHmmss>` (UTC).
    public func evaluationID(at date: Date) -> String {
        "ev-\(callID)-\(assessorID)-\(Self.stamp(date, "yyyyMMddHHmmss"))"
    }

    /// ISO 8601 timestamp in UTC, e.g. `2026-11-23T17:06:24Z`.
    public static func timestamp(_ date: Date) -> String {
        stamp(date, "yyyy-MM-dd'T'HH:mm:ss'Z'")
    }

    /// The calendar date in UTC, `YYYY-MM-DD`.
    public static func day(_ date: Date) -> String {
        stamp(date, "yyyy-MM-dd")
    }

    private static func stamp(_ date: Date, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = format
        return formatter.string(from: date)
    }
}

/// How a session ended.
public enum SessionOutcome: Hashable, Sendable {
    /// The assessor confirmed the summary; write this record, then delete the draft.
    case confirmed(Evaluation)
    /// The assessor typed `q`; the draft holds everything confirmed.
    case quit
    /// Input ended (end of a pipe, Ctrl-D) before the end; the draft holds everything confirmed.
    case inputEnded
    /// The assessor answered `n` to saving; the draft is kept.
    case notSaved
    /// The draft location holds a draft of a different call, assessor or template; nothing was changed.
    case draftBelongsElsewhere
}
