import FileIO
import Foundation
import JSON
import Records
#if canImport(Glibc)
import Glibc
#endif
import QAModel

/// An unfinished evaluation saved after every confirmed answer, so that quitting, a closed terminal or the end
/// of piped input loses nothing already confirmed. Stored as JSON beside the output (see `docs/evaluate.md`).
public struct EvaluationDraft: Hashable, Sendable {
    /// The draft format's version, for reading drafts written by older builds.
    public var format = 1
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var assessorID: String
    public var scorecardID: String
    public var scorecardVersion: String
    public var callDate: CalendarDay
    /// When the draft was last saved.
    public var savedAt: Timestamp
    /// Criterion id → confirmed answer.
    public var answers: [String: DraftAnswer]
    /// Criterion id → comment.
    public var comments: [String: String]
    /// Sections marked not applicable.
    public var sectionsNotApplicable: [String]
    /// Criterion ids (and `section:<id>` keys) in the order they were confirmed, for going back.
    public var history: [String]
    /// The criterion the assessor was on when the draft was saved (nil when all questions were answered).
    public var position: String?

    /// Whether this draft belongs to the same call, assessor and template version.
    public func belongs(callID: String, assessorID: String, scorecard: Scorecard) -> Bool {
        self.callID == callID && self.assessorID == assessorID
            && scorecardID == scorecard.id && scorecardVersion == scorecard.version
    }
}

/// An answer as stored in a draft: a JSON string, number, or array of option ids.
public struct DraftAnswer: Hashable, Sendable {
    public var value: AnswerValue

    public init(_ value: AnswerValue) {
        self.value = value
    }
}

/// Why a draft file could not be read: where, and what (never the draft's contents).
public struct DraftReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

extension EvaluationDraft {
    /// The draft as JSON, keys in alphabetical order (as drafts have always been written); `teamId` and
    /// `position` left out when there are none.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object.append("agentId", .string(agentID))
        object.append("answers", .object(JSONObject(answers.keys.sorted().map { ($0, answers[$0]?.value.jsonValue ?? .null) })))
        object.append("assessorId", .string(assessorID))
        object.append("callDate", .string(callDate.description))
        object.append("callId", .string(callID))
        object.append("comments", .object(JSONObject(comments.keys.sorted().map { ($0, .string(comments[$0] ?? "")) })))
        object.append("format", .int(format))
        object.append("history", .array(history.map(JSONValue.string)))
        if let position { object.append("position", .string(position)) }
        object.append("savedAt", .string(savedAt.description))
        object.append("scorecardId", .string(scorecardID))
        object.append("scorecardVersion", .string(scorecardVersion))
        object.append("sectionsNotApplicable", .array(sectionsNotApplicable.map(JSONValue.string)))
        if let teamID { object.append("teamId", .string(teamID)) }
        return .object(object)
    }

    /// Reads a draft from its JSON text (strict: duplicate keys, a wrong type or a missing field are refused,
    /// naming the field).
    public init(json bytes: [UInt8]) throws(DraftReadError) {
        let root: JSONValue
        do {
            root = try JSONReader.read(bytes, limits: JSONLimits(maximumBytes: DraftFile.maxBytes))
        } catch {
            throw DraftReadError("not valid JSON at \(error)")
        }
        guard case .object(let object) = root else { throw DraftReadError("a draft must be a JSON object") }
        func text(_ key: String) throws(DraftReadError) -> String {
            guard case .string(let value)? = object[key] else { throw DraftReadError("\(key): must be text") }
            return value
        }
        func optionalText(_ key: String) throws(DraftReadError) -> String? {
            switch object[key] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            default: throw DraftReadError("\(key): must be text or null")
            }
        }
        func texts(_ key: String) throws(DraftReadError) -> [String] {
            guard case .array(let items)? = object[key] else { throw DraftReadError("\(key): must be a list of text") }
            var out: [String] = []
            for item in items {
                guard case .string(let value) = item else { throw DraftReadError("\(key): must be a list of text") }
                out.append(value)
            }
            return out
        }
        func members(_ key: String) throws(DraftReadError) -> JSONObject {
            guard case .object(let members)? = object[key] else { throw DraftReadError("\(key): must be an object") }
            return members
        }
        guard let callDate = CalendarDay(try text("callDate")) else {
            throw DraftReadError("callDate: must be a date YYYY-MM-DD (years 0001–9999)")
        }
        guard let savedAt = Timestamp(try text("savedAt")) else {
            throw DraftReadError("savedAt: must be an ISO 8601 timestamp with a time zone")
        }
        guard case .number(let format)? = object["format"], format == format.rounded(), abs(format) < 1e9 else {
            throw DraftReadError("format: must be a whole number")
        }
        var answers: [String: DraftAnswer] = [:]
        for member in try members("answers").members {
            switch member.value {
            case .string(let token): answers[member.key] = DraftAnswer(.token(token))
            case .number(let number): answers[member.key] = DraftAnswer(.number(number))
            case .array(let items):
                var tokens: [String] = []
                for item in items {
                    guard case .string(let token) = item else {
                        throw DraftReadError("answers: a list may hold only option ids in quotes")
                    }
                    tokens.append(token)
                }
                answers[member.key] = DraftAnswer(.tokens(tokens))
            default: throw DraftReadError("answers: each answer must be text, a number or a list of option ids")
            }
        }
        var comments: [String: String] = [:]
        for member in try members("comments").members {
            guard case .string(let comment) = member.value else { throw DraftReadError("comments: each comment must be text") }
            comments[member.key] = comment
        }
        self.init(
            format: Int(format), callID: try text("callId"), agentID: try text("agentId"), teamID: try optionalText("teamId"),
            assessorID: try text("assessorId"), scorecardID: try text("scorecardId"),
            scorecardVersion: try text("scorecardVersion"), callDate: callDate, savedAt: savedAt,
            answers: answers, comments: comments, sectionsNotApplicable: try texts("sectionsNotApplicable"),
            history: try texts("history"), position: try optionalText("position"))
    }
}

/// Where a session keeps its draft.
public protocol DraftStore {
    /// Where the draft lives, as the assessor should be told it.
    var location: String { get }
    /// The saved draft, or nil when there is none.
    func load() throws -> EvaluationDraft?
    func save(_ draft: EvaluationDraft) throws
    /// Removes the draft (nothing happens when there is none).
    func delete() throws
}

/// A draft in a JSON file, replaced atomically on every save (a temporary file in the same folder, then a rename).
///
/// Only a regular file is ever read, replaced or removed at the draft's path: a folder, a link or a device
/// there is refused (`obstacle`), and `delete` removes only a draft this process wrote or read as a draft.
public struct DraftFile: DraftStore {
    public let url: URL
    private let ownership = DraftOwnership()

    public init(url: URL) {
        self.url = url
    }

    public var location: String { url.path }

    /// Why no draft can be kept at this path — something other than a regular file is there — or nil.
    public var obstacle: String? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a folder is where the draft file goes; move or rename the folder, or choose another --output"
        case S_IFLNK: return "a link is where the draft file goes; remove the link, or choose another --output"
        default: return "something that is not a file is where the draft file goes; choose another --output"
        }
    }

    /// The largest draft file read: 8 MiB (a draft holds one evaluation's answers and comments). A larger
    /// file is refused before it is read (`DraftTooLarge`).
    public static let maxBytes = 8 << 20

    public func load() throws -> EvaluationDraft? {
        if let obstacle { throw FileError(path: location, reason: obstacle) }
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        // The size is checked on the open file before reading, and the read itself is bounded.
        let size = try handle.seekToEnd()
        guard size <= UInt64(Self.maxBytes) else { throw DraftTooLarge() }
        try handle.seek(toOffset: 0)
        let data = try handle.read(upToCount: Self.maxBytes + 1) ?? Data()
        guard data.count <= Self.maxBytes else { throw DraftTooLarge() }
        let draft = try EvaluationDraft(json: Array(data))
        ownership.isOurs = true
        return draft
    }

    public func save(_ draft: EvaluationDraft) throws {
        let text = try JSONWriter.write(draft.jsonValue, style: .pretty) + "\n"
        // Never through a link or over a folder: only a regular file (or nothing) may be at the path.
        if let obstacle { throw FileError(path: location, reason: obstacle) }
        // A draft holds an assessor's answers and comments about a named agent: readable by its owner only.
        try AtomicFile.write(Array(text.utf8), to: url.path, permissions: 0o600)
        ownership.isOurs = true
    }

    /// Removes the draft: only a regular file, and only one this process wrote or read as a draft. Never
    /// recursive.
    public func delete() throws {
        var info = stat()
        guard ownership.isOurs, lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        if unlink(url.path) != 0 && errno != ENOENT {
            throw FileError(path: location, reason: "cannot remove the draft: \(String(cString: strerror(errno)))")
        }
    }
}

/// Whether the file at a draft's path is one this process wrote, or read as a valid draft.
private final class DraftOwnership {
    var isOurs = false
}

/// A draft file larger than `DraftFile.maxBytes`: it is not read, and not replaced.
public struct DraftTooLarge: Error, Sendable {
    public init() {}
}

/// A draft kept in memory (for tests, or when no draft file is wanted).
public final class DraftInMemory: DraftStore {
    public private(set) var draft: EvaluationDraft?
    /// How many times a draft was saved.
    public private(set) var saves = 0

    public init(_ draft: EvaluationDraft? = nil) {
        self.draft = draft
    }

    public var location: String { "(memory)" }
    public func load() throws -> EvaluationDraft? { draft }

    public func save(_ draft: EvaluationDraft) throws {
        self.draft = draft
        saves += 1
    }

    public func delete() throws { draft = nil }
}
