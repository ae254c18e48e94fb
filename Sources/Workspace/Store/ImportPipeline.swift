import Batch
import Foundation
import QAModel
import Records
import Scoring

/// A record handed to `EvaluationImporter.importRecords` by its reading side.
public enum ImportRecord: Sendable {
    /// A record read whole, to be checked and stored.
    case evaluation(Evaluation, RecordLocation)
    /// A record that could not be read (reported, never stored).
    case unreadable(InvalidEvaluation)
}

/// What became of one record of `EvaluationImporter.importRecords`, in the order the records were read.
public enum ImportOutcome: Sendable {
    /// Valid: stored, or found to be already there (counted in the summary). An id that the workspace holds for
    /// another template's evaluation is still refused when stored, through `invalidWhenStored`.
    case accepted(RecordLocation)
    /// Checked and found invalid against its template version (or its template is not in the workspace).
    case invalid(InvalidEvaluation)
    /// Could not be read.
    case unreadable(InvalidEvaluation)
}

/// A template version as the import checks records against it.
struct VersionInfo {
    var rowID: Int64
    var plan: ScoringPlan
    var writer: EvaluationWriter
    var workspace: ScoringWorkspace
    /// For each section-N/A answer column, the section's index.
    var notApplicableSections: [Int]

    init(_ stored: StoredTemplate, rowID: Int64) {
        self.rowID = rowID
        plan = ScoringPlan(stored.scorecard)
        writer = EvaluationWriter(format: .csv, scorecard: stored.scorecard)
        workspace = ScoringWorkspace(plan)
        notApplicableSections = stored.scorecard.sections.indices.filter { stored.scorecard.sections[$0].allowsNotApplicable }
    }

    /// What `check` found.
    enum Checked {
        /// The overview (total, pass, band, auto-fail — the fast path of `qa score`, all a revision stores of the
        /// score), the answers as placed in the stored layout, and the version's row id.
        case valid(ScoreOverview, answers: String, rowID: Int64)
        case invalid(InvalidEvaluation)
    }

    /// Places and checks one record's answers in this version's workspace.
    mutating func check(_ evaluation: Evaluation, location: RecordLocation) -> Checked {
        let problems = plan.index(evaluation, into: &workspace.input)
        switch plan.overviewInput(in: &workspace, problems: problems) {
        case .failure(let failure):
            return .invalid(InvalidEvaluation(location: location, evaluationID: evaluation.id,
                                              diagnostics: RecordDiagnostics.diagnostics(evaluation, location, failure, plan: plan)))
        case .success(let overview):
            return .valid(overview, answers: answerCells(evaluation), rowID: rowID)
        }
    }

    /// The stored answer cells of the evaluation just placed in `workspace.input`.
    func answerCells(_ evaluation: Evaluation) -> String {
        let raw = workspace.input
        let criteria = plan.criteria.count
        return writer.answerCells(
            answer: { k in
                if k < criteria { return plan.recordedAnswer(k, in: raw) }
                return raw.sectionMarkedNotApplicable[notApplicableSections[k - criteria]] ? .notApplicable : nil
            },
            comment: { k in raw.comments[k] }, hasComments: !evaluation.comments.isEmpty)
    }
}

/// A valid record, checked and laid out for storing (`evaluation` keeps its identifying fields only).
struct Pending {
    var evaluation: Evaluation
    var templateRowID: Int64
    var answers: String
    var sha: String
    var overview: ScoreOverview
    var location: RecordLocation
    /// Texts the stored rows need, made while checking (on the reading thread in `importRecords`).
    var texts: Texts

    struct Texts {
        var callDate: String
        var callTimestamp: String?
        var evaluatedAt: String
        /// The audit entry's subject.
        var subject: String

        init(_ e: Evaluation) {
            callDate = e.callDate.description
            callTimestamp = e.callTimestamp?.description
            evaluatedAt = e.evaluatedAt.description
            subject = "evaluation \(e.id)"
        }
    }
}

/// The check of one record before it is stored, with no database work: the template version it names, its
/// answers checked and scored (the overview: total, pass, band, auto-fail), its stored layout and content hash.
/// Runs on the import's reading thread in `importRecords`, and inline in `add`.
struct RecordChecker {
    enum Result {
        case valid(Pending)
        case invalid(InvalidEvaluation)
    }

    /// Every template version records may name (`add` fills it as it meets them).
    var versions: [TemplateIdentity: VersionInfo]
    /// The template id of each evaluation id in the chunk being gathered, and the chunk's valid records.
    private var chunkTemplates: [String: String] = [:]
    private var chunkCount = 0

    init(versions: [TemplateIdentity: VersionInfo]) {
        self.versions = versions
    }

    /// Called when a chunk is handed over for storing: ids are checked against the next chunk's from now on.
    mutating func startChunk() {
        chunkTemplates.removeAll(keepingCapacity: true)
        chunkCount = 0
    }

    mutating func check(_ evaluation: Evaluation, location: RecordLocation) -> Result {
        let identity = TemplateIdentity(id: evaluation.scorecardID, version: evaluation.scorecardVersion)
        // Checked in place in the table (`?.` on the dictionary's element): a copy taken out and put back would copy
        // every buffer of the version's workspace for each record.
        guard let checked = versions[identity]?.check(evaluation, location: location) else {
            return .invalid(InvalidEvaluation(location: location, evaluationID: evaluation.id, diagnostics: [
                RecordDiagnostics.templateMissing(evaluation, location)]))
        }
        switch checked {
        case .invalid(let invalid):
            return .invalid(invalid)
        case .valid(let overview, let answers, let rowID):
            if let other = chunkTemplates[evaluation.id], other != evaluation.scorecardID {
                return .invalid(InvalidEvaluation(location: location, evaluationID: evaluation.id, diagnostics: [
                    RecordDiagnostics.idUsedByAnotherTemplate(evaluation, storedTemplate: other, location)]))
            }
            chunkTemplates[evaluation.id] = evaluation.scorecardID
            chunkCount += 1
            if chunkCount >= EvaluationImporter.chunkSize { startChunk() }
            let texts = Pending.Texts(evaluation)
            let sha = Self.contentHash(evaluation, texts: texts, answers: answers)
            // Storing needs the identifying fields only (the answers and comments are in `answers` now): the
            // dictionaries are let go here, on the reading thread, not by the storing one.
            var stored = evaluation
            stored.answers = [:]
            stored.comments = [:]
            return .valid(Pending(evaluation: stored, templateRowID: rowID, answers: answers, sha: sha,
                                  overview: overview, location: location, texts: texts))
        }
    }

    /// The content hash of a record: every field that is stored, each length-prefixed.
    static func contentHash(_ e: Evaluation, texts: Pending.Texts, answers: String) -> String {
        // The dates as `texts` wrote them out once for the stored rows (`callDateText` is the timestamp, or the day).
        Hashing.sha256(fields: [e.id, e.callID, e.agentID, e.teamID ?? "", e.assessorID, e.scorecardID, e.scorecardVersion,
                                texts.callTimestamp ?? texts.callDate, texts.evaluatedAt, e.purpose.rawValue, answers],
                       domain: "qa-evaluation-1")
    }

}

/// What the reading thread hands the storing thread: up to a chunk of checked records, with what became of every
/// record read in between (in order), or the error that stopped the reading.
enum ImportMessage {
    case batch(ImportBatch)
    case failed(SendableError)
}

/// Records read, in order: each valid one's index in `items`, or why it is not stored.
struct ImportBatch {
    enum Event {
        case valid(Int)
        case invalid(InvalidEvaluation)
        case unreadable(InvalidEvaluation)
    }

    var events: [Event] = []
    var items: [Pending] = []
}

/// An error passed from the reading thread to the storing one.
struct SendableError: @unchecked Sendable {
    let error: Error

    init(_ error: Error) {
        self.error = error
    }
}

/// A value handed to a new thread once: the creating thread never touches it again.
final class Handover<Value>: @unchecked Sendable {
    private var value: Value?

    init(_ value: Value) {
        self.value = value
    }

    func take() -> Value {
        guard let taken = value else { preconditionFailure("a handed-over value is taken once") }
        value = nil
        return taken
    }
}

/// A bounded queue of messages from the reading thread to the storing one. The reader waits while it is full
/// (memory stays flat however long the file); the storer waits while it is empty. `cancel` (the storer stopped)
/// wakes a waiting reader, whose `put` then fails.
final class ImportChannel: @unchecked Sendable {
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private var queue: [ImportMessage] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// Queues a message, waiting for room; false when the storer has stopped.
    func put(_ message: ImportMessage) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(message)
        condition.broadcast()
        return true
    }

    /// The reader is done (`error`: why it stopped early).
    func finish(_ error: SendableError?) {
        condition.lock()
        defer { condition.unlock() }
        if let error, !cancelled { queue.append(.failed(error)) }
        finished = true
        condition.broadcast()
    }

    /// The next message, waiting for one; nil once the reader is done and everything was taken.
    func take() -> ImportMessage? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let message = queue.removeFirst()
        condition.broadcast()
        return message
    }

    /// The storer stops: the reader is told at its next record, and this waits until it has stopped, so that no
    /// reading goes on after the import returns.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
    }
}
