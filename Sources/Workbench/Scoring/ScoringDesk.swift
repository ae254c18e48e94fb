import Evaluator
import Foundation
import QAModel
import Records
import Scoring
import Workspace

/// Everything the scoring form needs for one call: the call, the template version and its compiled plan, and
/// the assessor's draft if they started one.
public struct ScoringContext: Sendable {
    public var call: CallSummary
    public var template: StoredTemplate
    public var plan: ScoringPlan
    public var drafts: WorkspaceDraft
    /// The blind calibration session the call is scored in (the evaluation's purpose is then calibration).
    public var calibrationSession: Int64?
    /// When opened for showing the form: the saved draft's text (nil: none), read in the same transaction.
    public var savedDraft: String??
    /// When opened for showing the form to a QA lead: the template versions they may choose between, newest
    /// first (read in the same transaction).
    public var templateChoices: [(rowID: Int64, scorecardID: String, version: String, title: String)] = []
}

/// Template versions parsed once and kept (a stored version never changes).
public final class TemplateCache: @unchecked Sendable {
    private var templates: [Int64: (StoredTemplate, ScoringPlan)] = [:]
    private let lock = NSLock()

    public init() {}

    /// The stored template with `rowID` and its plan.
    public func template(_ rowID: Int64, _ session: SQLSession) throws -> (StoredTemplate, ScoringPlan) {
        lock.lock()
        let cached = templates[rowID]
        lock.unlock()
        if let cached { return cached }
        let template = try TemplateStore.load(rowID: rowID, session)
        let entry = (template, ScoringPlan(template.scorecard))
        lock.lock()
        templates[rowID] = entry
        lock.unlock()
        return entry
    }
}

/// Scoring calls in the workbench: who may score which call with which template, drafts, submission (stored
/// as a new evaluation, never over another), release to the agent, and assigning calls to assessors.
public enum ScoringDesk {
    /// The scoring context when `account` may score `callKey`: a QA lead any call (with the template asked for,
    /// else the one it is assigned with, else the one the call's team was last scored with, else the newest), an
    /// assessor only a call assigned to them (with the assignment's template). Nil otherwise.
    /// `forShowing`: also read the saved draft and (for a QA lead) the template choices in the same read
    /// transaction, so showing the form costs one transaction.
    public static func open(call callKey: String, template requested: Int64?, for account: Account,
                            in workspace: Workspace, templates: TemplateCache,
                            forShowing: Bool = false) throws -> ScoringContext? {
        guard AccessPolicy.may(account.role, .scoreCalls) else { return nil }
        // Independent facts (the call and its candidate templates, the draft, the template list): no common
        // snapshot needed, so no transaction around them (on PostgreSQL two round trips fewer per form page).
        return try workspace.database.readWithoutTransaction { session -> ScoringContext? in
            // The call and the templates it could be scored with, in one statement (a page's round trips add up).
            guard let found = try Listings.callForScoring(callKey, requested: requested, for: account, session) else {
                return nil
            }
            let call = found.call
            let templateRowID: Int64
            if account.role == .qaLead {
                if let requested = found.requested {
                    templateRowID = requested
                } else if let assigned = found.assigned {
                    templateRowID = assigned
                } else if let usual = found.usual {
                    // The form the call's team was last scored with.
                    templateRowID = usual
                } else if let newest = try TemplateStore.list(session).last?.rowID {
                    templateRowID = newest
                } else {
                    return nil
                }
            } else {
                guard let assigned = found.assigned else { return nil }
                templateRowID = assigned
            }
            let (template, plan) = try templates.template(templateRowID, session)
            let drafts = WorkspaceDraft(workspace: workspace, templateRowID: templateRowID, callID: callKey,
                                        assessorID: account.personKey, scorecardID: template.scorecard.id)
            var context = ScoringContext(call: call, template: template, plan: plan, drafts: drafts)
            try context.readSaved(forShowing: forShowing, account, session)
            return context
        }
    }

    /// The scoring context for `callKey` in blind calibration session `sessionID`, when `account` is one of the
    /// session's assessors, the session is open, the call is one of its calls and they have not scored it in the
    /// session yet. Nil otherwise (the same "not found" as a call that does not exist).
    public static func open(call callKey: String, inCalibrationSession sessionID: Int64, for account: Account,
                            in workspace: Workspace, templates: TemplateCache,
                            forShowing: Bool = false) throws -> ScoringContext? {
        try workspace.database.read { session -> ScoringContext? in
            guard let templateRowID = try CalibrationDesk.scorableTemplate(session: sessionID, call: callKey,
                                                                          for: account, session),
                  let call = try Listings.call(callKey, session) else { return nil }
            let (template, plan) = try templates.template(templateRowID, session)
            let drafts = WorkspaceDraft(workspace: workspace, templateRowID: templateRowID, callID: callKey,
                                        assessorID: account.personKey, scorecardID: template.scorecard.id,
                                        calibrationSession: sessionID)
            var context = ScoringContext(call: call, template: template, plan: plan, drafts: drafts)
            context.calibrationSession = sessionID
            try context.readSaved(forShowing: forShowing, account, session)
            return context
        }
    }
}

extension ScoringContext {
    /// For showing the form: the saved draft and (for a QA lead scoring an ordinary call) the template choices.
    mutating func readSaved(forShowing: Bool, _ account: Account, _ session: SQLSession) throws {
        guard forShowing else { return }
        savedDraft = .some(try drafts.savedText(session))
        if account.role == .qaLead, calibrationSession == nil {
            templateChoices = try Listings.templates(session)
        }
    }
}

extension ScoringDesk {
    /// The form's state from the saved draft (empty when there is none).
    public static func resume(_ context: ScoringContext) throws -> ScoringFormState {
        var state = ScoringFormState(fields: ScoringFormFields(), plan: context.plan)
        let saved: EvaluationDraft?
        if let text = context.savedDraft { saved = try text.map(WorkspaceDraft.decode) } else { saved = try context.drafts.load() }
        if let draft = saved {
            state.progress = EvaluationProgress.resumed(from: draft, plan: context.plan).0
        }
        return state
    }

    /// Saves the form's answers as the assessor's draft (resumable from any machine).
    public static func saveDraft(_ state: ScoringFormState, _ context: ScoringContext, by account: Account,
                                 in workspace: Workspace) throws {
        let setup = setup(context, account)
        try context.drafts.save(state.progress.draft(setup: setup, savedAt: workspace.now()))
    }

    static func setup(_ context: ScoringContext, _ account: Account) -> SessionSetup {
        SessionSetup(callID: context.call.key, agentID: context.call.agent, teamID: context.call.team,
                     assessorID: account.personKey,
                     callDate: CalendarDay(context.call.callDate) ?? CalendarDay(daysSinceEpoch: 0))
    }

    /// The outcome of submitting the form.
    public enum Submission: Sendable {
        /// Stored: the evaluation's key.
        case stored(String)
        /// Not complete or not valid: the form's state with its problems.
        case problems(ScoringFormState)
    }

    /// Submits the form: when complete and valid, stores it as a new evaluation (official), releases it to the
    /// agent when `release`, marks the assignment done and deletes the draft — all in one change.
    public static func submit(_ state: ScoringFormState, _ context: ScoringContext, release: Bool, by account: Account,
                              in workspace: Workspace) throws -> Submission {
        var state = state
        let now = workspace.now()
        let setup = setup(context, account)
        let id = setup.evaluationID(at: Date(timeIntervalSince1970: TimeInterval(now.secondsSinceEpoch)))
        guard var record = state.record(id: id, callID: context.call.key, agentID: context.call.agent,
                                        teamID: context.call.team, assessorID: account.personKey,
                                        callDate: setup.callDate, evaluatedAt: now) else {
            return .problems(state)
        }
        if context.calibrationSession != nil { record.purpose = .calibration }
        let acting = workspace.acting(as: account.username)
        return try acting.change { session -> Submission in
            // The same person submitting the same call within the same second is a double click: the first one
            // stored it; answer with it (and drop the draft the second one saved), never a second evaluation.
            if try session.first("SELECT 1 FROM evaluations WHERE evaluation_key = ?", .text(record.id)) != nil {
                try session.execute("DELETE FROM drafts WHERE evaluation_key = ?", .text(context.drafts.key))
                return .stored(record.id)
            }
            let importer = EvaluationImporter(workspace: acting, session: session, reason: "scored in the workbench")
            importer.invalidWhenStored = { invalid in
                throw WorkspaceError("the evaluation could not be stored: \(invalid.problems.joined(separator: "; "))")
            }
            if let invalid = try importer.add(record, location: RecordLocation(file: "workbench", line: 1)) {
                throw WorkspaceError("the evaluation could not be stored: \(invalid.problems.joined(separator: "; "))")
            }
            try importer.flush()
            if let sessionID = context.calibrationSession {
                // A calibration score: sealed in its session, never released, never an assignment's work.
                try CalibrationDesk.recordSubmission(record.id, session: sessionID, by: account, at: now, session)
                try session.execute("DELETE FROM drafts WHERE evaluation_key = ?", .text(context.drafts.key))
                return .stored(record.id)
            }
            if release {
                try session.execute("""
                    UPDATE evaluations SET release_at = ?, released_at = ?, status = 'released' WHERE evaluation_key = ?
                    """, .text(now.description), .text(now.description), .text(record.id))
                try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "evaluation.released",
                                                        subject: "evaluation:\(record.id)"))
                if let facts = try EvaluationFacts.load(record.id, session) {
                    try ReleaseDesk.notifyReleased(facts, at: now, session)
                }
            }
            let completed = try session.query(
                "SELECT id FROM assignments WHERE call_key = ? AND assessor_id = ? AND state IN ('open', 'claimed')",
                .text(context.call.key), .integer(account.personID))
            try AuditLog.append(session, completed.compactMap { $0.integer(0) }.map {
                AuditEntry(at: now, actor: account.username, action: "assignment.done", subject: "assignment:\($0)",
                           details: "evaluation \(record.id)")
            })
            try session.execute("""
                UPDATE assignments SET state = 'done', completed_at = ?,
                    evaluation_id = (SELECT id FROM evaluations WHERE evaluation_key = ?)
                WHERE call_key = ? AND assessor_id = ? AND state IN ('open', 'claimed')
                """, .text(now.description), .text(record.id), .text(context.call.key), .integer(account.personID))
            try session.execute("DELETE FROM drafts WHERE evaluation_key = ?", .text(context.drafts.key))
            return .stored(record.id)
        }
    }

    /// Releases a stored evaluation to its agent now (a QA lead, or the assessor who scored it); see
    /// `ReleaseDesk` for a release on a date. False when the person may not see or release it.
    public static func release(_ key: String, by account: Account, in workspace: Workspace) throws -> Bool {
        try ReleaseDesk.release(key, by: account, in: workspace) != nil
    }

    /// Assigns calls to an assessor to score with a template, due on a day (the QA lead's simple assignment; the
    /// sampling policies come with the workflow). Calls already assigned to that assessor are left as they are.
    /// Returns how many were assigned.
    public static func assign(calls: [String], to assessor: Account, template: Int64, dueOn: CalendarDay?,
                              by account: Account, in workspace: Workspace) throws -> Int {
        guard AccessPolicy.may(account.role, .assignCalls) else { return 0 }
        let now = workspace.now()
        return try workspace.change { session in
            guard try session.first("SELECT 1 FROM templates WHERE id = ?", .integer(template)) != nil else { return 0 }
            var added = 0
            for call in calls {
                guard try session.first("SELECT 1 FROM calls WHERE call_key = ?", .text(call)) != nil,
                      try session.first("""
                        SELECT 1 FROM assignments WHERE call_key = ? AND assessor_id = ? AND state IN ('open', 'claimed')
                        """, .text(call), .integer(assessor.personID)) == nil else { continue }
                try session.execute("""
                    INSERT INTO assignments (call_key, assessor_id, template_id, due_on, state, created_at)
                    VALUES (?, ?, ?, ?, 'open', ?)
                    """, .text(call), .integer(assessor.personID), .integer(template), SQLValue(dueOn?.description),
                    .text(now.description))
                try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "assignment.added",
                                                        subject: "call:\(call)",
                                                        details: "to \(assessor.username)" + (dueOn.map { ", due \($0)" } ?? "")))
                added += 1
            }
            return added
        }
    }
}
