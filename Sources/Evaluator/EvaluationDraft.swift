import FileIO
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import QAModel

/// An unfinished evaluation saved after every confirmed answer, so that quitting, a closed terminal or the end
/// of piped input loses nothing already confirmed. Stored as JSON beside the output (see `docs/evaluate.md`).
public struct EvaluationDraft: Codable, Hashable, Sendable {
    /// The draft format's version, for reading drafts written by older builds.
    public var format = 1
    public var callID: String
    public var agentID: String
    public var teamID: String?
    public var assessorID: String
    public var scorecardID: String
    public var scorecardVersion: String
    public var callDate: String
    /// ISO 8601 time the draft was last saved.
    public var savedAt: String
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

    enum CodingKeys: String, CodingKey {
        case format, callDate, savedAt, answers, comments, sectionsNotApplicable, history, position
        case callID = "callId", agentID = "agentId", teamID = "teamId", assessorID = "assessorId"
        case scorecardID = "scorecardId", scorecardVersion
    }

    /// Whether this draft belongs to the same call, assessor and template version.
    public func belongs(callID: String, assessorID: String, scorecard: Scorecard) -> Bool {
        self.callID == callID && self.assessorID == assessorID
            && scorecardID == scorecard.id && scorecardVersion == scorecard.version
    }
}

/// An answer as stored in a draft: a JSON string, number, or array of option ids.
public struct DraftAnswer: Codable, Hashable, Sendable {
    public var value: AnswerValue

    public init(_ value: AnswerValue) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let token = try? container.decode(String.self) {
            value = .token(token)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else {
            value = .tokens(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .token(let t): try container.encode(t)
        case .number(let n): try container.encode(n)
        case .tokens(let ts): try container.encode(ts)
        }
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
        let draft = try JSONDecoder().decode(EvaluationDraft.self, from: data)
        ownership.isOurs = true
        return draft
    }

    public func save(_ draft: EvaluationDraft) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(draft)
        data.append(0x0A)
        // Never through a link or over a folder: only a regular file (or nothing) may be at the path.
        if let obstacle { throw FileError(path: location, reason: obstacle) }
        // A draft holds an assessor's answers and comments about a named agent: readable by its owner only.
        try AtomicFile.write(Array(data), to: url.path, permissions: 0o600)
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
public struct DraftTooLarge: Error, Sendable {}

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
