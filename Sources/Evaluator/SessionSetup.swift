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

extension SessionSetup {
    /// Today's date in the local time zone, `YYYY-MM-DD` (the default call date).
    public static func today(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// Whether the text is a real calendar date written `YYYY-MM-DD`.
    public static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }

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
