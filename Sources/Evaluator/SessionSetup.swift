import Foundation
import QAModel

/// Who and what an evaluation session is for: the call, agent, assessor, the call date, the transcript to show,
/// and the clock that stamps the record (injected so tests are repeatable).
public struct SessionSetup: Sendable {
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var assessorID: String
    public var callDate: CalendarDay
    /// The call transcript, shown a page at a time, if one was given.
    public var transcript: String?
    /// Repeat each line read after its prompt (for piped input, so the output reads like a conversation).
    public var echoInput: Bool
    public var now: @Sendable () -> Date

    public init(callID: String, agentID: String, teamID: String? = nil, assessorID: String, callDate: CalendarDay,
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
        let t = Self.timestamp(date)
        let (y, m, d) = t.day.components
        let digits = [(y, 4), (m, 2), (d, 2), (t.hour, 2), (t.minute, 2), (t.second ?? 0, 2)].map { value, width in
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "ev-\(callID)-\(assessorID)-" + digits.joined()
    }

    /// The moment `date` as a UTC timestamp with whole seconds, e.g. `2026-11-23T17:06:24Z`.
    public static func timestamp(_ date: Date) -> Timestamp {
        Timestamp(secondsSinceEpoch: Int(date.timeIntervalSince1970.rounded(.down)))
    }

    /// The day `date` falls on in the local time zone (the default call date).
    public static func today(_ date: Date = Date(), in zone: TimeZone = .current) -> CalendarDay {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        return CalendarDay(daysSinceEpoch: local >= 0 ? local / 86_400 : -((-local + 86_399) / 86_400))
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

extension SessionSetup {
    /// The default draft file for a session: beside the output (`<output>.draft.json`), or in the current
    /// folder named after the call (`<call>.draft.json`, characters other than letters, digits, `.`, `-`, `_`
    /// replaced by `_`) — also when the output is not a file (`/dev/stdout`, a device or a pipe), so that no
    /// draft is ever put in `/dev`.
    public static func draftPath(output: String?, callID: String) -> String {
        if let output, !isStreamOrDevice(output) { return output + ".draft.json" }
        let safe = String(callID.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return scalar.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-" || c == "_") ? c : "_"
        })
        return "./\(safe.hasPrefix(".") ? "_" + safe : safe).draft.json"
    }

    /// Whether `path` names standard output or error, or an existing device, pipe or socket.
    private static func isStreamOrDevice(_ path: String) -> Bool {
        if ["/dev/stdout", "/dev/stderr"].contains(path) || path.hasPrefix("/dev/fd/") || path.hasPrefix("/proc/self/fd/") {
            return true
        }
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG && (info.st_mode & S_IFMT) != S_IFDIR
    }
}
