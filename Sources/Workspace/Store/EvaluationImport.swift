import Foundation
import Batch
import FileIO
import QAModel
import Records
import Scoring

/// What an import of evaluations did, by outcome.
public struct EvaluationImportSummary: Sendable, Equatable {
    /// Evaluations new to the workspace (revision 1 stored).
    public var added = 0
    /// Evaluations already there whose content changed: a new revision was stored.
    public var revised = 0
    /// Evaluations already there with exactly this content.
    public var unchanged = 0
    /// Records equal to an earlier revision of an evaluation that has been revised since: not stored again (an
    /// older file re-imported never undoes a later change).
    public var older = 0
    /// Records not imported because they were invalid (including ids already used by another template's evaluation).
    public var invalid = 0
    /// Records of another purpose than the ones asked for (none are left out unless asked).
    public var leftOut = 0
    /// The first revised evaluations' ids and new revision numbers (for the report; at most 20).
    public var revisedExamples: [(String, Int)] = []

    public init() {}

    public static func == (a: Self, b: Self) -> Bool {
        a.added == b.added && a.revised == b.revised && a.unchanged == b.unchanged && a.older == b.older
            && a.invalid == b.invalid && a.leftOut == b.leftOut
    }
}

/// Imports evaluation records into the workspace, within one write transaction the caller holds.
///
/// Each record is checked against the template version it names (which must be in the workspace) exactly as
/// `qa score` checks it; invalid records are handed to `invalid` and not stored. A valid record is stored as:
/// - a new evaluation (revision 1) when its id is new;
/// - nothing new when the evaluation's current revision has the same content (importing a file twice is one
///   import);
/// - a new revision when its content differs (the earlier revisions stay, with their scores);
/// - nothing new when it equals an earlier, superseded revision (counted as `older`).
///
/// Records are buffered and stored in chunks (a few statements per thousand records on either engine).
public final class EvaluationImporter {
    private let workspace: Workspace
    private let session: SQLSession
    private let reason: String
    private var checker = RecordChecker(versions: [:])
    private var people: [String: Int64] = [:]
    private var pending: [Pending] = []
    public private(set) var summary = EvaluationImportSummary()
    /// Records stored together: a few statements per thousand records on either engine.
    static let chunkSize = 1_000

    /// Receives the records found invalid only when stored (an id the workspace holds for another template's
    /// evaluation), at the next `flush`.
    public var invalidWhenStored: (InvalidEvaluation) throws -> Void = { _ in }

    /// `reason` is recorded with each revision (e.g. "imported from evaluations.csv").
    /// When set, new official evaluations are stored as released to their agents at this time (`qa import
    /// --release`: past evaluations the agents have already seen).
    public var releasedAt: Timestamp?

    public init(workspace: Workspace, session: SQLSession, reason: String) {
        self.workspace = workspace
        self.session = session
        self.reason = reason
    }

    /// Checks one record; stores it (buffered) when valid, or returns why it is not.
    public func add(_ evaluation: Evaluation, location: RecordLocation) throws -> InvalidEvaluation? {
        let identity = TemplateIdentity(id: evaluation.scorecardID, version: evaluation.scorecardVersion)
        if checker.versions[identity] == nil, let info = try Self.versionInfo(identity, session) {
            checker.versions[identity] = info
        }
        switch checker.check(evaluation, location: location) {
        case .invalid(let invalid):
            summary.invalid += 1
            return invalid
        case .valid(let item):
            pending.append(item)
            if pending.count >= Self.chunkSize { try flush() }
            return nil
        }
    }

    private static func versionInfo(_ identity: TemplateIdentity, _ session: SQLSession) throws -> VersionInfo? {
        guard let rowID = try TemplateStore.rowID(scorecardID: identity.id, version: identity.version, session) else {
            return nil
        }
        return VersionInfo(try TemplateStore.load(rowID: rowID, session), rowID: rowID)
    }

    /// Imports the records `read` hands over, checking them on a second thread while this one stores them: the
    /// import's two halves (reading, checking and scoring; the database's work) run side by side.
    ///
    /// `read` runs on the second thread and calls its argument with each record in order; when that call throws
    /// (the import was stopped) `read` must let the error through. `outcome` is called on this thread with what
    /// became of each record, in the order read; an error it throws stops the import (nothing more is stored, and
    /// the caller's transaction is expected to roll back). Every template version the records may name must be
    /// in the workspace already (they are loaded before reading starts).
    public func importRecords(
        _ read: @escaping @Sendable (_ emit: (ImportRecord) throws -> Void) throws -> Void,
        outcome: (ImportOutcome) throws -> Void
    ) throws {
        try flush()
        // SQLite: a page cache of 128 MiB while the import writes (the default 2 MiB spills the indexes' pages to the
        // log again and again); bounded, so memory stays flat however many records come.
        if session.dialect == .sqlite { try session.execute("PRAGMA cache_size = -131072", []) }
        defer { if session.dialect == .sqlite { _ = try? session.execute("PRAGMA cache_size = -2000", []) } }
        var known: [TemplateIdentity: VersionInfo] = [:]
        for template in try TemplateStore.list(session) {
            known[TemplateIdentity(id: template.scorecardID, version: template.version)] =
                VersionInfo(try TemplateStore.load(rowID: template.rowID, session), rowID: template.rowID)
        }
        let channel = ImportChannel(capacity: 4)
        let start = Handover(RecordChecker(versions: known))
        Thread.detachNewThread {
            var checker = start.take()
            var batch = ImportBatch()
            do {
                try read { record in
                    if channel.isCancelled { throw ImportChannel.Cancelled() }
                    switch record {
                    case .unreadable(let invalid):
                        batch.events.append(.unreadable(invalid))
                    case .evaluation(let evaluation, let location):
                        switch checker.check(evaluation, location: location) {
                        case .invalid(let invalid):
                            batch.events.append(.invalid(invalid))
                        case .valid(let item):
                            batch.events.append(.valid(batch.items.count))
                            batch.items.append(item)
                            if batch.items.count >= EvaluationImporter.chunkSize {
                                guard channel.put(.batch(batch)) else { throw ImportChannel.Cancelled() }
                                batch = ImportBatch()
                            }
                        }
                    }
                }
                if !batch.events.isEmpty { _ = channel.put(.batch(batch)) }
                channel.finish(nil)
            } catch {
                channel.finish(error is ImportChannel.Cancelled ? nil : SendableError(error))
            }
        }
        do {
            while let message = channel.take() {
                switch message {
                case .failed(let error):
                    throw error.error
                case .batch(let batch):
                    for event in batch.events {
                        switch event {
                        case .valid(let index):
                            try outcome(.accepted(batch.items[index].location))
                        case .invalid(let invalid):
                            summary.invalid += 1
                            try outcome(.invalid(invalid))
                        case .unreadable(let invalid):
                            summary.invalid += 1
                            try outcome(.unreadable(invalid))
                        }
                    }
                    pending = batch.items
                    try flush()
                }
            }
        } catch {
            channel.cancel()
            throw error
        }
    }

    /// Stores what is buffered.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        let chunk = pending
        pending.removeAll(keepingCapacity: true)
        checker.startChunk()
        try resolvePeople(chunk)

        // The current state of every evaluation the chunk names.
        var state: [String: (rowID: Int64?, revision: Int64, sha: String)] = [:]
        var storedTemplate: [String: String] = [:]
        let keys = Array(Set(chunk.map(\.evaluation.id)))
        for row in try session.query(
            "SELECT e.evaluation_key, e.id, e.current_revision, e.current_sha256, t.scorecard_id FROM evaluations e "
                + "JOIN templates t ON t.id = e.template_id WHERE e.evaluation_key IN ("
                + placeholders(keys.count) + ")", keys.map(SQLValue.text)) {
            state[row.text(0) ?? ""] = (row.integer(1), row.integer(2) ?? 0, row.text(3) ?? "")
            storedTemplate[row.text(0) ?? ""] = row.text(4)
        }

        // What to store, as indices into the chunk (the records themselves are not copied).
        let now = workspace.now().description
        var added: [Int] = []
        var revisions: [(index: Int, revision: Int64)] = []
        var updates: [(index: Int, revision: Int64)] = []
        var audit: [AuditEntry] = []
        let at = workspace.now()
        for index in chunk.indices {
            let id = chunk[index].evaluation.id
            let sha = chunk[index].sha
            // An evaluation keeps its template (a revision may move it to a newer version of it, never elsewhere).
            if let other = storedTemplate[id], other != chunk[index].evaluation.scorecardID {
                summary.invalid += 1
                let item = chunk[index]
                try invalidWhenStored(InvalidEvaluation(location: item.location, evaluationID: id, diagnostics: [
                    RecordDiagnostics.idUsedByAnotherTemplate(item.evaluation, storedTemplate: other, item.location)]))
                continue
            }
            if let current = state[id] {
                if current.sha == sha {
                    summary.unchanged += 1
                    continue
                }
                if let rowID = current.rowID, try isEarlierRevision(rowID, sha: sha) {
                    summary.older += 1
                    continue
                }
                if current.rowID == nil,
                   revisions.contains(where: { chunk[$0.index].evaluation.id == id && chunk[$0.index].sha == sha }) {
                    summary.older += 1
                    continue
                }
                let next = current.revision + 1
                state[id] = (current.rowID, next, sha)
                revisions.append((index, next))
                updates.append((index, next))
                summary.revised += 1
                if summary.revisedExamples.count < 20 { summary.revisedExamples.append((id, Int(next))) }
                audit.append(AuditEntry(at: at, actor: workspace.actor, action: "evaluation.revised",
                                        subject: chunk[index].texts.subject,
                                        details: "revision \(next); sha256 \(sha); \(reason)"))
            } else {
                state[id] = (nil, 1, sha)
                added.append(index)
                revisions.append((index, 1))
                summary.added += 1
                audit.append(AuditEntry(at: at, actor: workspace.actor, action: "evaluation.imported",
                                        subject: chunk[index].texts.subject,
                                        details: "revision 1; sha256 \(sha); \(reason)"))
            }
        }

        // New evaluations, each value bound as it is given (no row built first).
        let released = releasedAt.map { SQLValue.text($0.description) } ?? .null
        var rowIDs: [String: Int64] = [:]
        var lookUp = true
        if !added.isEmpty {
            let ids = try session.insertRows(into: "evaluations", columns: Self.evaluationColumns, count: added.count) { row, column in
                // Each field read in place (`chunk[k].…`), not through a copy of the record.
                let k = added[row]
                switch column {
                case 0: return .text(chunk[k].evaluation.id)
                case 1: return .text(chunk[k].evaluation.callID)
                case 2: return .integer(people[chunk[k].evaluation.agentID] ?? 0)
                case 3: return .integer(people[chunk[k].evaluation.assessorID] ?? 0)
                case 4: return SQLValue(chunk[k].evaluation.teamID)
                case 5: return .integer(chunk[k].templateRowID)
                case 6: return .text(chunk[k].evaluation.purpose.rawValue)
                case 7: return .text("submitted")
                case 8: return .text(chunk[k].texts.callDate)
                case 9: return SQLValue(chunk[k].texts.callTimestamp)
                case 10: return .text(chunk[k].texts.evaluatedAt)
                case 11: return .integer(1)
                case 12: return .text(chunk[k].sha)
                case 13, 14: return .text(now)
                default: return chunk[k].evaluation.purpose == .official ? released : .null  // release_at, released_at
                }
            }
            // Row ids of every evaluation that gets a revision: those stored before are in `state`; SQLite gives the
            // new ones as it inserts them; otherwise they are looked up.
            if let ids, ids.count == added.count {
                for (index, id) in zip(added, ids) { rowIDs[chunk[index].evaluation.id] = id }
                for (key, current) in state { if let id = current.rowID { rowIDs[key] = id } }
                lookUp = false
            }
        }
        let revisedKeys = Array(Set(revisions.map { chunk[$0.index].evaluation.id }))
        if lookUp, !revisedKeys.isEmpty {
            for row in try session.query("SELECT evaluation_key, id FROM evaluations WHERE evaluation_key IN ("
                                         + placeholders(revisedKeys.count) + ")", revisedKeys.map(SQLValue.text)) {
                rowIDs[row.text(0) ?? ""] = row.integer(1)
            }
        }
        var revisionRowIDs: [Int64] = []
        revisionRowIDs.reserveCapacity(revisions.count)
        for (index, _) in revisions {
            let key = chunk[index].evaluation.id
            guard let rowID = rowIDs[key] else { throw WorkspaceError("evaluation \(key) was not stored") }
            revisionRowIDs.append(rowID)
        }
        let actor = workspace.actor
        _ = try session.insertRows(into: "evaluation_revisions", columns: Self.revisionColumns, count: revisions.count) { row, column in
            let k = revisions[row].index
            switch column {
            case 0: return .integer(revisionRowIDs[row])
            case 1: return .integer(revisions[row].revision)
            case 2: return .integer(chunk[k].templateRowID)
            case 3: return .text(chunk[k].answers)
            case 4: return .text(chunk[k].texts.evaluatedAt)
            case 5: return .real(chunk[k].overview.total)
            case 6: return SQLValue(chunk[k].overview.passed)
            case 7: return SQLValue(chunk[k].overview.band?.id)
            case 8: return SQLValue(chunk[k].overview.autoFailed)
            case 9: return .text(chunk[k].sha)
            case 10: return .text(actor)
            case 11: return .text(now)
            case 12: return .text(reason)
            default: return .null  // source
            }
        }
        for (index, revision) in updates {
            let item = chunk[index]
            let e = item.evaluation
            try session.execute("""
                UPDATE evaluations SET call_key = ?, agent_id = ?, assessor_id = ?, team = ?, template_id = ?,
                    purpose = ?, call_date = ?, call_timestamp = ?, evaluated_at = ?, current_revision = ?,
                    current_sha256 = ?, updated_at = ?
                WHERE evaluation_key = ?
                """, [.text(e.callID), .integer(people[e.agentID] ?? 0), .integer(people[e.assessorID] ?? 0),
                      SQLValue(e.teamID), .integer(item.templateRowID), .text(e.purpose.rawValue),
                      .text(item.texts.callDate), SQLValue(item.texts.callTimestamp),
                      .text(item.texts.evaluatedAt), .integer(revision), .text(item.sha), .text(now), .text(e.id)])
        }
        if !audit.isEmpty { try AuditLog.append(session, audit) }
    }

    static let evaluationColumns = [
        "evaluation_key", "call_key", "agent_id", "assessor_id", "team", "template_id", "purpose", "status",
        "call_date", "call_timestamp", "evaluated_at", "current_revision", "current_sha256", "created_at", "updated_at",
        "release_at", "released_at",
    ]

    static let revisionColumns = [
        "evaluation_id", "revision", "template_id", "answers", "evaluated_at", "total_score", "passed", "band", "auto_failed",
        "content_sha256", "author", "created_at", "reason", "source",
    ]

    private func isEarlierRevision(_ rowID: Int64, sha: String) throws -> Bool {
        try session.first("SELECT 1 FROM evaluation_revisions WHERE evaluation_id = ? AND content_sha256 = ?",
                          .integer(rowID), .text(sha)) != nil
    }

    /// Makes sure every agent and assessor of the chunk has a `people` row, and caches their row ids.
    private func resolvePeople(_ chunk: [Pending]) throws {
        var teams: [String: String?] = [:]
        for item in chunk {
            if people[item.evaluation.agentID] == nil { teams[item.evaluation.agentID] = item.evaluation.teamID }
            if people[item.evaluation.assessorID] == nil, teams[item.evaluation.assessorID] == nil {
                teams[item.evaluation.assessorID] = .some(nil)
            }
        }
        try PeopleStore.resolve(Array(teams.keys), teams: teams, into: &people, session: session, now: workspace.now())
    }
}

/// People in the workspace, by the id the data uses for them.
public enum PeopleStore {
    /// The row id of the person with `key`, added (with `team`) when the workspace does not know them yet.
    public static func id(of key: String, team: String?, session: SQLSession, now: Timestamp) throws -> Int64 {
        var cache: [String: Int64] = [:]
        try resolve([key], teams: [key: team], into: &cache, session: session, now: now)
        guard let id = cache[key] else { throw WorkspaceError("the person could not be recorded") }
        return id
    }

    /// Adds the missing keys and fills `cache` with every key's row id.
    public static func resolve(_ keys: [String], teams: [String: String?], into cache: inout [String: Int64],
                        session: SQLSession, now: Timestamp) throws {
        guard !keys.isEmpty else { return }
        func lookup() throws {
            for row in try session.query("SELECT person_key, id FROM people WHERE person_key IN (" + placeholders(keys.count) + ")",
                                         keys.map(SQLValue.text)) {
                cache[row.text(0) ?? ""] = row.integer(1)
            }
        }
        try lookup()
        let missing = keys.filter { cache[$0] == nil }
        guard !missing.isEmpty else { return }
        try session.insertMany(into: "people", columns: ["person_key", "team", "created_at"], rows: missing.map {
            [.text($0), SQLValue(teams[$0] ?? nil), .text(now.description)]
        })
        try lookup()
    }
}

/// `?, ?, ?` for an IN list.
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: max(count, 1)).joined(separator: ", ")
}
