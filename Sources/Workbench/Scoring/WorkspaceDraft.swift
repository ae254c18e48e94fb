import Evaluator
import JSON
import Workspace

/// A `qa evaluate` or scoring-form draft kept in the workspace's `drafts` table: one per call, assessor and template.
public struct WorkspaceDraft: DraftStore, Sendable {
    public let workspace: Workspace
    public let templateRowID: Int64
    public let callID: String
    public let assessorID: String
    public let scorecardID: String
    /// The blind calibration session the draft belongs to (its own draft, apart from an ordinary scoring).
    public let calibrationSession: Int64?

    public init(workspace: Workspace, templateRowID: Int64, callID: String, assessorID: String, scorecardID: String,
                calibrationSession: Int64? = nil) {
        self.calibrationSession = calibrationSession
        self.workspace = workspace
        self.templateRowID = templateRowID
        self.callID = callID
        self.assessorID = assessorID
        self.scorecardID = scorecardID
    }

    /// The draft's key: call, assessor and template (an evaluation id is only given when it is saved).
    public var key: String {
        "draft:\(scorecardID):\(callID):\(assessorID)" + (calibrationSession.map { ":calibration-\($0)" } ?? "")
    }

    public var location: String { "in the workspace (call \(callID), assessor \(assessorID))" }

    public func load() throws -> EvaluationDraft? {
        guard let text = try workspace.database.readWithoutTransaction({ try savedText($0) }) else { return nil }
        return try Self.decode(text)
    }

    /// The saved draft's text, read in `session` (nil: none saved).
    public func savedText(_ session: SQLSession) throws -> String? {
        try session.first("SELECT state FROM drafts WHERE evaluation_key = ?", .text(key))?.text(0)
    }

    /// A saved draft's text read back (refused when larger than a draft file may be).
    public static func decode(_ text: String) throws -> EvaluationDraft {
        guard text.utf8.count <= DraftFile.maxBytes else { throw DraftTooLarge() }
        return try EvaluationDraft(json: Array(text.utf8))
    }

    public func save(_ draft: EvaluationDraft) throws {
        let text = try JSONWriter.write(draft.jsonValue, style: .pretty)
        let now = workspace.now().description
        try workspace.change { session in
            if try session.first("SELECT 1 FROM drafts WHERE evaluation_key = ?", .text(key)) != nil {
                try session.execute("UPDATE drafts SET state = ?, updated_at = ? WHERE evaluation_key = ?",
                                    .text(text), .text(now), .text(key))
            } else {
                try session.execute("""
                    INSERT INTO drafts (evaluation_key, template_id, call_key, author, state, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, .text(key), .integer(templateRowID), .text(callID), .text(assessorID), .text(text), .text(now))
            }
        }
    }

    public func delete() throws {
        try workspace.change { session in
            try session.execute("DELETE FROM drafts WHERE evaluation_key = ?", .text(key))
        }
    }
}
