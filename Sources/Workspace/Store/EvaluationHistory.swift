import DelimitedText
import QAModel
import Records

/// One stored revision of an evaluation: its answers and comments as stored, the score they gave, who made it,
/// when and why.
public struct StoredRevision: Sendable, Hashable {
    public var revision: Int
    public var scorecardVersion: String
    public var createdAt: String
    public var author: String
    public var reason: String
    public var evaluatedAt: String
    public var total: Double?
    public var passed: Bool
    public var band: String?
    public var autoFailed: Bool
    /// Answer and comment columns (`criterion`, `section:<id>`, `comment:<criterion>`) → value; empty cells left out.
    public var cells: [String: String]
    /// The columns in the template version's order.
    public var columns: [String]
    /// The template version's row id.
    public var templateRowID: Int64 = 0
}

/// An evaluation's whole history: what it is, and every revision, oldest first.
public struct EvaluationHistory: Sendable, Hashable {
    public var evaluationID: String
    public var callID: String
    public var agentID: String
    public var assessorID: String
    public var scorecardID: String
    public var purpose: String
    public var status: String
    public var revisions: [StoredRevision]

    /// What changed from one revision to the next: (column, before, after) for every answer or comment that
    /// differs, in the newer version's column order (then columns only the older had).
    public static func changes(from old: StoredRevision, to new: StoredRevision) -> [(column: String, before: String?, after: String?)] {
        var result: [(String, String?, String?)] = []
        for column in new.columns + old.columns.filter({ !new.columns.contains($0) }) where old.cells[column] != new.cells[column] {
            result.append((column, old.cells[column], new.cells[column]))
        }
        return result
    }

    /// Loads the history of one evaluation, or nil when the workspace has none with that id.
    public static func load(_ evaluationID: String, _ session: SQLSession) throws -> EvaluationHistory? {
        guard let row = try session.first("""
            SELECT e.id, e.call_key, a.person_key, s.person_key, t.scorecard_id, e.purpose, e.status
            FROM evaluations e JOIN people a ON a.id = e.agent_id JOIN people s ON s.id = e.assessor_id
            JOIN templates t ON t.id = e.template_id
            WHERE e.evaluation_key = ?
            """, .text(evaluationID)) else { return nil }
        var layouts: [Int64: [String]] = [:]
        var revisions: [StoredRevision] = []
        for r in try session.query("""
            SELECT r.revision, t.version, r.created_at, r.author, r.reason, r.evaluated_at, r.total_score, r.passed, r.band,
                   r.auto_failed, r.answers, r.template_id, t.answer_columns
            FROM evaluation_revisions r JOIN templates t ON t.id = r.template_id
            WHERE r.evaluation_id = ? ORDER BY r.revision
            """, [.integer(row.integer(0) ?? 0)]) {
            let templateID = r.integer(11) ?? 0
            let columns = layouts[templateID] ?? CSVLine().split(r.text(12) ?? "")
            layouts[templateID] = columns
            let cells = Self.cellMap(columns: columns, answers: r.text(10) ?? "")
            revisions.append(StoredRevision(
                revision: Int(r.integer(0) ?? 0), scorecardVersion: r.text(1) ?? "", createdAt: r.text(2) ?? "",
                author: r.text(3) ?? "", reason: r.text(4) ?? "", evaluatedAt: r.text(5) ?? "", total: r.real(6),
                passed: (r.integer(7) ?? 0) != 0, band: r.text(8), autoFailed: (r.integer(9) ?? 0) != 0,
                cells: cells, columns: columns, templateRowID: templateID))
        }
        return EvaluationHistory(evaluationID: evaluationID, callID: row.text(1) ?? "", agentID: row.text(2) ?? "",
                                 assessorID: row.text(3) ?? "", scorecardID: row.text(4) ?? "", purpose: row.text(5) ?? "",
                                 status: row.text(6) ?? "", revisions: revisions)
    }

    /// One stored answer row by column (`columns`: its template version's `answer_columns`); empty cells left out.
    public static func cellMap(columns: [String], answers: String) -> [String: String] {
        var map: [String: String] = [:]
        for (column, value) in zip(columns, cells(answers)) where !value.isEmpty { map[column] = value }
        return map
    }

    /// The cells of one stored answer row (CSV, the tool's own formula guard removed).
    public static func cells(_ text: String) -> [String] {
        var reader = CSVReader(bytes: Array((text + "\n").utf8))
        guard let record = try? reader.next() else { return [] }
        return record.fields.map(CSVWriter.removingFormulaGuard)
    }
}
