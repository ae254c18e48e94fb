import ArgumentParser
import Batch
import Diagnostics
import Evaluator
import JSON
import QAModel
import Records
import ScorecardFormat
import TextEscaping
import Workbench
import Workspace

extension EvaluateCommand {
    /// `qa evaluate` inside a workspace (no --output): the template from the workspace (or imported from the file
    /// given), the draft kept in the workspace after every answer (resumable from any machine that reaches the
    /// same database), and the confirmed evaluation stored as a new evaluation — never over another one.
    func runInWorkspace(_ workspace: Workspace) throws {
        defer { workspace.close() }
        guard let scorecard = template.scorecard else {
            Terminal.error("Error: Missing expected argument '--scorecard <file>' (a template file or a template id of the "
                + "workspace)\n  See 'qa evaluate --help' for more information.")
            throw ExitCode.validationFailure
        }
        let stored = try WorkspaceProblems.run { () throws -> StoredTemplate in
            if scorecard.hasSuffix(".xml") {
                // A file: stored first when the workspace does not hold this version yet (never a changed copy of one).
                let card = try TemplateFile.load(scorecard)
                let bytes = try readWholeFile(scorecard)
                return try workspace.change { session in
                    _ = try TemplateStore.add(card, xml: bytes, source: scorecard, in: workspace, session: session)
                    guard let rowID = try TemplateStore.rowID(scorecardID: card.id, version: card.version, session) else {
                        throw WorkspaceError("the template was not stored")
                    }
                    return try TemplateStore.load(rowID: rowID, session)
                }
            }
            return try workspace.database.read { session in
                guard let newest = try TemplateStore.list(session).last(where: { $0.scorecardID == scorecard }) else {
                    throw WorkspaceError("the workspace has no template '\(scorecard)'; give the template file, or import it "
                        + "first (qa import TEMPLATE.xml)")
                }
                return try TemplateStore.load(rowID: newest.rowID, session)
            }
        }
        let setup = try sessionSetupForWorkspace()
        let drafts = WorkspaceDraft(workspace: workspace, templateRowID: stored.rowID, callID: call, assessorID: assessor,
                                    scorecardID: stored.scorecard.id)
        var session = EvaluationSession(scorecard: stored.scorecard, setup: setup, input: StandardInputLines(),
                                        output: StandardOutputText(), drafts: drafts)
        guard case .confirmed(let record) = session.run() else { throw Problems.exit(.problemsFound) }
        do {
            try workspace.change { session in
                if try session.first("SELECT 1 FROM evaluations WHERE evaluation_key = ?", .text(record.id)) != nil {
                    throw WorkspaceError("an evaluation with the id \(record.id) is already stored, and qa evaluate never "
                        + "replaces one; your answers are kept in the draft: run the command again in a moment")
                }
                let importer = EvaluationImporter(workspace: workspace, session: session, reason: "scored with qa evaluate")
                importer.invalidWhenStored = { invalid in
                    throw WorkspaceError("the evaluation could not be stored: \(invalid.problems.joined(separator: "; "))")
                }
                if let invalid = try importer.add(record, location: RecordLocation(file: "qa evaluate", line: 1)) {
                    throw WorkspaceError("the evaluation could not be stored: \(invalid.problems.joined(separator: "; "))")
                }
                try importer.flush()
                try session.execute("DELETE FROM drafts WHERE evaluation_key = ?", .text(drafts.key))
            }
        } catch {
            throw WorkspaceProblems.fail(WorkspaceProblems.describe(error, location: workspace.location)
                + " (your answers are in the workspace draft)")
        }
        print("Saved evaluation \(Escaping.terminal(record.id)) in the workspace (qa history \(Escaping.terminal(record.id))).")
    }
}

