import QAModel
import Records
import ScorecardFormat
import Scoring

/// A template version held in the workspace.
public struct StoredTemplate: Sendable {
    /// The row id (what evaluations refer to).
    public var rowID: Int64
    public var scorecard: Scorecard
    /// The XML exactly as imported.
    public var xml: [UInt8]
    public var sha256: String
    /// The stored answer layout: CSV column names of answers and comments, in order.
    public var answerColumns: [String]
}

/// What importing a template did.
public enum TemplateImportOutcome: Sendable, Equatable {
    case added(scorecardID: String, version: String)
    /// The same bytes were already there.
    case unchanged(scorecardID: String, version: String)
}

/// Templates in the workspace: every version ever imported, byte for byte, never changed afterwards.
public enum TemplateStore {
    /// Stores a template version (already loaded and valid) with its XML bytes. The same id and version with the
    /// same bytes is `unchanged`; with different bytes it is refused: a version, once stored, never changes
    /// (give the changed template a new version).
    public static func add(_ scorecard: Scorecard, xml: [UInt8], source: String, in workspace: Workspace,
                           session: SQLSession) throws -> TemplateImportOutcome {
        let sha = Hashing.sha256(bytes: xml)
        if let row = try session.first("SELECT sha256 FROM templates WHERE scorecard_id = ? AND version = ?",
                                        .text(scorecard.id), .text(scorecard.version)) {
            if row.text(0) == sha { return .unchanged(scorecardID: scorecard.id, version: scorecard.version) }
            throw WorkspaceError("template '\(scorecard.id)' version \(scorecard.version) is already in the workspace with "
                + "different content; a stored version never changes: give the changed template a new version "
                + "(the version attribute of <scorecard>)")
        }
        let columns = EvaluationWriter(format: .csv, scorecard: scorecard).answerColumnNames
        let writer = CSVLine()
        try session.execute("""
            INSERT INTO templates (scorecard_id, version, title, xml, sha256, answer_columns, imported_at, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, .text(scorecard.id), .text(scorecard.version), .text(scorecard.title),
            .text(String(decoding: xml, as: UTF8.self)), .text(sha), .text(writer.join(columns)),
            .text(workspace.now().description), .text(workspace.actor))
        try AuditLog.append(session, AuditEntry(at: workspace.now(), actor: workspace.actor, action: "template.imported",
                                                subject: "template \(scorecard.id) \(scorecard.version)",
                                                details: "sha256 \(sha); from \(source)"))
        return .added(scorecardID: scorecard.id, version: scorecard.version)
    }

    /// Every stored version (id, version, title), oldest import first.
    public static func list(_ session: SQLSession) throws -> [(rowID: Int64, scorecardID: String, version: String, title: String, importedAt: String)] {
        try session.query("SELECT id, scorecard_id, version, title, imported_at FROM templates ORDER BY id").map {
            ($0.integer(0) ?? 0, $0.text(1) ?? "", $0.text(2) ?? "", $0.text(3) ?? "", $0.text(4) ?? "")
        }
    }

    /// Loads a stored version by row id (parsed from its stored XML).
    public static func load(rowID: Int64, _ session: SQLSession) throws -> StoredTemplate {
        guard let row = try session.first("SELECT xml, sha256, answer_columns, scorecard_id, version FROM templates WHERE id = ?",
                                          .integer(rowID)) else {
            throw WorkspaceError("template row \(rowID) is missing from the workspace")
        }
        let xml = Array((row.text(0) ?? "").utf8)
        let name = "workspace template \(row.text(3) ?? "?") \(row.text(4) ?? "?")"
        let result = ScorecardLoader.load(bytes: xml, path: name)
        guard let scorecard = result.scorecard else {
            throw WorkspaceError("\(name) no longer loads (\(result.diagnostics.first.map { "\($0)" } ?? "invalid")); "
                + "it was valid when imported, so this qa reads templates differently: report it")
        }
        return StoredTemplate(rowID: rowID, scorecard: scorecard, xml: xml, sha256: row.text(1) ?? "",
                              answerColumns: CSVLine().split(row.text(2) ?? ""))
    }

    /// The row id of a stored version, or nil.
    public static func rowID(scorecardID: String, version: String, _ session: SQLSession) throws -> Int64? {
        try session.first("SELECT id FROM templates WHERE scorecard_id = ? AND version = ?",
                          .text(scorecardID), .text(version))?.integer(0)
    }
}

/// Column-name lists stored as one CSV line (names may hold commas only in theory; ids cannot).
struct CSVLine {
    func join(_ names: [String]) -> String { names.joined(separator: ",") }
    func split(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
}
