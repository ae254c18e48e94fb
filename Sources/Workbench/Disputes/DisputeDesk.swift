import Evaluator
import QAModel
import Records
import Scoring
import Workspace

/// One disputed item: a criterion (or `*`, the whole evaluation), the agent's comment and proposed answer, and
/// the arbitrator's decision (`upheld` or `revised`) with the reason.
public struct DisputeItem: Sendable, Hashable {
    /// The criterion id, or `DisputeItem.whole`.
    public var criterionID: String
    /// The agent's comment (empty on a criterion the arbitrator changed in a dispute of the whole evaluation).
    public var comment: String
    /// The proposed answer as typed answers are read (`yes`, `4`, `option-a,option-b`).
    public var proposedAnswer: String?
    public var outcome: String?
    public var reason: String?

    /// The criterion id that stands for the whole evaluation.
    public static let whole = "*"
}

/// A dispute of an evaluation: who raised it and when, against which revision, where it stands (`open`,
/// `in review`, `resolved`), its arbitrator and outcome (`upheld`, `revised`, `partly revised`).
public struct Dispute: Sendable, Hashable {
    public var id: Int64
    public var evaluationKey: String
    public var callKey: String
    public var agent: String
    public var assessor: String
    public var team: String?
    public var scorecardID: String
    /// The revision disputed, and its template version's row id.
    public var revision: Int64
    public var templateRowID: Int64
    public var raisedBy: String
    public var raisedAt: String
    public var whole: Bool
    public var state: String
    public var arbitrator: String?
    public var resolvedAt: String?
    public var outcome: String?
    public var resolutionRevision: Int64?
    public var items: [DisputeItem]

    /// Where it stands, in words.
    public var stateWords: String {
        switch state {
        case "open":
            return arbitrator.map { "raised, waiting for the arbitrator (\($0))" }
                ?? "raised, waiting for a QA lead to assign an arbitrator"
        case "in review": return "in review by \(arbitrator ?? "the arbitrator")"
        case "resolved":
            return "resolved on \(resolvedAt.map(WorkflowText.moment) ?? "?"): \(outcome ?? "decided")"
        default: return state
        }
    }
}

/// What the agent's dispute form asks about one answer.
public struct DisputeQuestion: Sendable, Hashable {
    public var criterionID: String
    public var prompt: String
    public var sectionTitle: String
    /// The answer given, as the evaluation page shows it.
    public var currentAnswer: String
    /// What may be proposed instead, one line per accepted answer.
    public var accepted: [String]
}

/// What a person may do with an evaluation in the workflow, and where it stands.
public struct EvaluationWorkflowState: Sendable {
    /// released, acknowledged, disputed, in review, resolved — in words, with dates.
    public var words: String
    public var canRelease = false
    /// The moment a release is scheduled for (in the future), when one is.
    public var scheduledFor: String?
    public var canAcknowledge = false
    /// Whether the agent may open the dispute form; `disputeRefusal` says why not when they may not.
    public var canDispute = false
    public var disputeRefusal: String?
    /// The disputes of the evaluation the person may see, newest last.
    public var disputes: [Dispute] = []
}

/// Disputes: an agent raises one on their released official evaluation (the whole evaluation or named criteria,
/// each with a comment and a proposed answer) within the form's window and limit; the arbitrator reviews it and
/// decides each item upheld or revised with a reason; a revision is a new revision of the evaluation, scored by
/// the same kernel with the same template version, the original kept in the history.
public enum DisputeDesk {
    // MARK: Reading

    static let columns = """
        d.id, e.evaluation_key, e.call_key, ag.person_key, asr.person_key, e.team, t.scorecard_id, d.revision,
        r.template_id, d.raised_by, d.raised_at, d.whole_evaluation, d.state, d.arbitrator, d.resolved_at, d.outcome,
        d.resolution_revision
        FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id
        JOIN people ag ON ag.id = e.agent_id JOIN people asr ON asr.id = e.assessor_id
        JOIN templates t ON t.id = e.template_id
        JOIN evaluation_revisions r ON r.evaluation_id = d.evaluation_id AND r.revision = d.revision
        """

    static func dispute(_ row: SQLRow) -> Dispute? {
        guard let id = row.integer(0), let key = row.text(1) else { return nil }
        return Dispute(id: id, evaluationKey: key, callKey: row.text(2) ?? "", agent: row.text(3) ?? "",
                       assessor: row.text(4) ?? "", team: row.text(5), scorecardID: row.text(6) ?? "",
                       revision: row.integer(7) ?? 1, templateRowID: row.integer(8) ?? 0, raisedBy: row.text(9) ?? "",
                       raisedAt: row.text(10) ?? "", whole: (row.integer(11) ?? 0) != 0, state: row.text(12) ?? "",
                       arbitrator: row.text(13), resolvedAt: row.text(14), outcome: row.text(15),
                       resolutionRevision: row.integer(16), items: [])
    }

    /// The disputes `account` may see, newest first (optionally one evaluation's, or only those not resolved).
    public static func list(visibleTo account: Account, evaluation: String? = nil, unresolvedOnly: Bool = false,
                            _ session: SQLSession) throws -> [Dispute] {
        let scope = AccessPolicy.disputeScope(account)
        var sql = "SELECT \(columns) WHERE \(scope.sql)"
        var bindings = scope.bindings
        if let evaluation {
            sql += " AND e.evaluation_key = ?"
            bindings.append(.text(evaluation))
        }
        if unresolvedOnly { sql += " AND d.state <> 'resolved'" }
        sql += " ORDER BY d.raised_at DESC, d.id DESC"
        return try session.query(sql, bindings).compactMap(dispute)
    }

    /// One dispute with its items, when `account` may see it (nil otherwise, as when it does not exist).
    public static func load(_ id: Int64, for account: Account, _ session: SQLSession) throws -> Dispute? {
        let scope = AccessPolicy.disputeScope(account)
        guard var found = try session.first("SELECT \(columns) WHERE d.id = ? AND \(scope.sql)",
                                            [.integer(id)] + scope.bindings).flatMap(dispute) else { return nil }
        found.items = try items(id, session)
        return found
    }

    static func items(_ id: Int64, _ session: SQLSession) throws -> [DisputeItem] {
        try session.query("""
            SELECT criterion_id, comment, proposed_answer, outcome, reason FROM dispute_items WHERE dispute_id = ?
            ORDER BY criterion_id
            """, .integer(id)).map { row in
            DisputeItem(criterionID: row.text(0) ?? "", comment: row.text(1) ?? "", proposedAnswer: row.text(2),
                        outcome: row.text(3), reason: row.text(4))
        }
    }

    /// The open (not resolved) dispute of an evaluation (by row id), if any.
    static func openDispute(_ evaluationRowID: Int64, _ session: SQLSession) throws -> Int64? {
        try session.first("SELECT id FROM disputes WHERE evaluation_id = ? AND state <> 'resolved'",
                          .integer(evaluationRowID))?.integer(0)
    }

    /// The evaluation's current answers as a record, its template version and plan.
    static func current(_ facts: EvaluationFacts, templates: TemplateCache,
                        _ session: SQLSession) throws -> (record: Evaluation, template: StoredTemplate, plan: ScoringPlan, callTimestamp: Timestamp?)? {
        guard let history = try EvaluationHistory.load(facts.key, session), let revision = history.revisions.last,
              let summary = try session.first("SELECT \(Listings.evaluationColumns) WHERE e.evaluation_key = ?",
                                              .text(facts.key)).flatMap(Listings.summary) else { return nil }
        let (template, plan) = try templates.template(revision.templateRowID, session)
        var record = StoredAnswers.evaluation(revision.cells, summary: summary, scorecard: template.scorecard,
                                              evaluatedAt: revision.evaluatedAt)
        let stamp = try session.first("SELECT call_timestamp FROM evaluations WHERE id = ?", .integer(facts.rowID))?
            .text(0).flatMap(Timestamp.init)
        record.callTimestamp = stamp
        return (record, template, plan, stamp)
    }

    /// The questions of an evaluation's current revision an agent may dispute: those answered, in form order.
    static func questions(_ record: Evaluation, _ scorecard: Scorecard) -> [DisputeQuestion] {
        var list: [DisputeQuestion] = []
        for section in scorecard.sections {
            for criterion in section.criteria {
                guard let answer = record.answers[criterion.id] else { continue }
                let reader = AnswerReader(criterion, in: section)
                list.append(DisputeQuestion(criterionID: criterion.id, prompt: criterion.prompt,
                                            sectionTitle: section.title, currentAnswer: reader.display(answer),
                                            accepted: acceptedAnswers(reader)))
            }
        }
        return list
    }

    /// The answers a criterion accepts, one line each, without the numbers typed at the terminal (`yes`, `no`).
    public static func acceptedAnswers(_ reader: AnswerReader) -> [String] {
        reader.choices.map { line in
            let digits = line.prefix { $0.isNumber }
            guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix("  ") else { return line }
            return String(line.dropFirst(digits.count + 2))
        }
    }

    /// An answer as typed answers are read back (`AnswerReader`), for storing a proposed or decided answer.
    static func typed(_ value: AnswerValue) -> String {
        if case .tokens(let ids) = value { return ids.joined(separator: ",") }
        return value.description
    }

    /// Reads a typed answer to `criterionID` of `scorecard`: the answer, or the plain reason it is not one.
    static func read(_ text: String, _ criterionID: String, _ scorecard: Scorecard) -> Result<AnswerValue, WorkflowRefusal> {
        guard let section = scorecard.sections.first(where: { $0.criteria.contains { $0.id == criterionID } }),
              let criterion = section.criteria.first(where: { $0.id == criterionID }) else {
            return .failure(WorkflowRefusal("This question is not on the form."))
        }
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return .failure(WorkflowRefusal("Give the answer you propose.")) }
        switch AnswerReader(criterion, in: section).read(trimmed) {
        case .answer(let value): return .success(value)
        case .invalid(let message): return .failure(WorkflowRefusal(message))
        }
    }

    // MARK: Where an evaluation stands

    /// The workflow state of evaluation `key` for `account` (nil when they may not see it).
    public static func state(of key: String, for account: Account, in workspace: Workspace) throws -> EvaluationWorkflowState? {
        let now = workspace.now()
        return try workspace.database.read { session -> EvaluationWorkflowState? in
            guard try Listings.evaluation(key, visibleTo: account, now: now, session) != nil,
                  let facts = try EvaluationFacts.load(key, session) else { return nil }
            var state = EvaluationWorkflowState(words: "")
            state.disputes = try list(visibleTo: account, evaluation: key, session).reversed()
            let latest = state.disputes.last
            if facts.purpose != "official" {
                state.words = "not for the agent (a \(facts.purpose) evaluation)"
            } else if let latest, latest.state != "resolved" {
                state.words = latest.state == "in review" ? "in review (dispute \(latest.id): \(latest.stateWords))"
                    : "disputed (dispute \(latest.id): \(latest.stateWords))"
            } else if let at = facts.acknowledgedAt {
                state.words = "acknowledged by the agent on \(WorkflowText.moment(at))"
                if let latest { state.words += " (dispute \(latest.id): \(latest.stateWords))" }
            } else if let latest {
                state.words = "resolved (dispute \(latest.id): \(latest.outcome ?? "decided") on "
                    + "\(latest.resolvedAt.map(WorkflowText.moment) ?? "?"))"
            } else if let at = facts.releasedAt {
                if facts.isReleased(by: now) {
                    state.words = "released to the agent on \(WorkflowText.moment(at))"
                } else {
                    state.words = "to be released to the agent on \(WorkflowText.moment(at))"
                    state.scheduledFor = at
                }
            } else {
                state.words = "not released to the agent"
            }
            state.canRelease = ReleaseDesk.mayRelease(account, facts) && !facts.isReleased(by: now)
            if AccessPolicy.mayAcknowledgeOrDispute(account, agentID: facts.agentID, purpose: facts.purpose),
               facts.isReleased(by: now) {
                let open = latest.map { $0.state != "resolved" } ?? false
                state.canAcknowledge = facts.acknowledgedAt == nil && !open
                let refusal = try disputeRefusal(facts, now: now, session)
                state.canDispute = refusal == nil
                state.disputeRefusal = refusal
            }
            return state
        }
    }

    /// Why the agent may not dispute the evaluation now (nil when they may): acknowledged, a dispute open, the
    /// form's limit reached, or its window closed.
    static func disputeRefusal(_ facts: EvaluationFacts, now: Timestamp, _ session: SQLSession) throws -> String? {
        if let at = facts.acknowledgedAt {
            return "You acknowledged this evaluation on \(WorkflowText.moment(at)), so it can no longer be disputed."
        }
        if let open = try openDispute(facts.rowID, session) {
            return "Your dispute \(open) of this evaluation is still open."
        }
        let rules = try DisputeRules.load(facts.scorecardID, session)
        if rules.windowDays == 0 || rules.limit == 0 { return "Disputes are not taken on this form." }
        let count = Int(try session.first("SELECT COUNT(*) FROM disputes WHERE evaluation_id = ?",
                                          .integer(facts.rowID))?.integer(0) ?? 0)
        if count >= rules.limit {
            return "This evaluation has been disputed \(count == 1 ? "once" : "\(count) times"); the form allows "
                + (rules.limit == 1 ? "one dispute" : "\(rules.limit) disputes") + " per evaluation."
        }
        guard let releasedText = facts.releasedAt, let released = Timestamp(releasedText) else {
            return "This evaluation has not been released to you."
        }
        let closes = Timestamp(secondsSinceEpoch: released.secondsSinceEpoch + rules.windowDays * 86_400)
        if now > closes {
            return "Disputes on this form are taken for \(rules.windowDays) days after release; the window for this "
                + "evaluation closed on \(WorkflowText.moment(closes.description))."
        }
        return nil
    }

    // MARK: Raising

    /// The agent's dispute form for evaluation `key`: its questions, the form's rules and when the window
    /// closes, or the reason a dispute is not possible. Nil when `account` is not its agent or it has not
    /// reached them.
    public struct RaiseContext: Sendable {
        public var evaluationKey: String
        public var callKey: String
        public var rules: DisputeRules
        public var closesAt: String
        public var refusal: String?
        public var questions: [DisputeQuestion]
    }

    public static func raiseContext(_ key: String, for account: Account, in workspace: Workspace,
                                    templates: TemplateCache) throws -> RaiseContext? {
        let now = workspace.now()
        return try workspace.database.read { session -> RaiseContext? in
            guard try Listings.evaluation(key, visibleTo: account, now: now, session) != nil,
                  let facts = try EvaluationFacts.load(key, session),
                  AccessPolicy.mayAcknowledgeOrDispute(account, agentID: facts.agentID, purpose: facts.purpose),
                  facts.isReleased(by: now), let current = try current(facts, templates: templates, session) else {
                return nil
            }
            let rules = try DisputeRules.load(facts.scorecardID, session)
            let released = facts.releasedAt.flatMap(Timestamp.init) ?? now
            let closes = Timestamp(secondsSinceEpoch: released.secondsSinceEpoch + rules.windowDays * 86_400)
            return RaiseContext(evaluationKey: key, callKey: facts.callKey, rules: rules, closesAt: closes.description,
                                refusal: try disputeRefusal(facts, now: now, session),
                                questions: questions(current.record, current.template.scorecard))
        }
    }

    /// The agent's dispute as the form sends it: `whole=yes` with `comment.whole`; or `dispute.<id>=yes` for each
    /// answer disputed, with `comment.<id>` and `proposed.<id>`.
    public struct Request: Sendable {
        public var whole: Bool
        public var criteria: [String]
        public var comments: [String: String]
        public var proposed: [String: String]

        public init(whole: Bool, criteria: [String], comments: [String: String], proposed: [String: String]) {
            self.whole = whole
            self.criteria = criteria
            self.comments = comments
            self.proposed = proposed
        }

        /// Reads the form's name/value pairs.
        public init(pairs: [(String, String)]) {
            var whole = false
            var criteria: [String] = []
            var comments: [String: String] = [:]
            var proposed: [String: String] = [:]
            for (name, value) in pairs {
                if name == "whole", value == "yes" {
                    whole = true
                } else if name.hasPrefix("dispute."), value == "yes" {
                    let id = String(name.dropFirst(8))
                    if !criteria.contains(id) { criteria.append(id) }
                } else if name.hasPrefix("comment.") {
                    comments[String(name.dropFirst(8))] = value.trimmingSpaces
                } else if name.hasPrefix("proposed.") {
                    proposed[String(name.dropFirst(9))] = value.trimmingSpaces
                }
            }
            self.init(whole: whole, criteria: criteria, comments: comments, proposed: proposed)
        }
    }

    /// The longest comment or reason accepted.
    public static let maximumText = 4_000

    /// The outcome of raising a dispute or deciding one.
    public enum Outcome: Sendable, Equatable {
        /// Done: the dispute's id.
        case done(Int64)
        /// Not done: the problem with each field (by criterion id, `whole`, or `form`), in words.
        case problems([String: String])
    }

    /// The agent raises a dispute. Nil when `account` may not dispute the evaluation at all ("not found");
    /// refused (with the reason) outside the window, over the limit, after acknowledging, or while one is open.
    public static func raise(_ key: String, _ request: Request, by account: Account, in workspace: Workspace,
                             templates: TemplateCache) throws -> Outcome? {
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Outcome? in
            guard try Listings.evaluation(key, visibleTo: account, now: now, session) != nil,
                  let facts = try EvaluationFacts.load(key, session),
                  AccessPolicy.mayAcknowledgeOrDispute(account, agentID: facts.agentID, purpose: facts.purpose),
                  facts.isReleased(by: now), let current = try current(facts, templates: templates, session) else {
                return nil
            }
            if let refusal = try disputeRefusal(facts, now: now, session) { throw WorkflowRefusal(refusal) }
            let scorecard = current.template.scorecard
            let answered = Set(questions(current.record, scorecard).map(\.criterionID))
            var problems: [String: String] = [:]
            var items: [DisputeItem] = []
            func comment(_ field: String) -> String? {
                let text = request.comments[field] ?? ""
                if text.isEmpty {
                    problems[field] = "Say why you dispute this: a comment is required."
                    return nil
                }
                if text.count > maximumText {
                    problems[field] = "The comment is too long: at most \(maximumText) characters."
                    return nil
                }
                return text
            }
            if request.whole {
                if let text = comment("whole") {
                    items.append(DisputeItem(criterionID: DisputeItem.whole, comment: text))
                }
            } else if request.criteria.isEmpty {
                problems["form"] = "Choose the questions you dispute, or the whole evaluation."
            }
            if !request.whole {
                for id in request.criteria {
                    guard answered.contains(id) else {
                        problems[id] = "This question is not one of the evaluation's answers."
                        continue
                    }
                    let text = comment(id)
                    switch read(request.proposed[id] ?? "", id, scorecard) {
                    case .failure(let refusal):
                        problems[id] = problems[id].map { $0 + " " + refusal.message } ?? refusal.message
                    case .success(let value):
                        if value == current.record.answers[id] {
                            let given = "That is the answer already given: propose a different one."
                            problems[id] = problems[id].map { $0 + " " + given } ?? given
                        } else if let text {
                            items.append(DisputeItem(criterionID: id, comment: text, proposedAnswer: typed(value)))
                        }
                    }
                }
            }
            guard problems.isEmpty, !items.isEmpty else { return .problems(problems) }
            let rules = try DisputeRules.load(facts.scorecardID, session)
            let arbitrator = try arbitrator(rules.arbitrator, facts, session)
            try session.execute("""
                INSERT INTO disputes (evaluation_id, revision, raised_by, raised_at, whole_evaluation, state, arbitrator)
                VALUES (?, ?, ?, ?, ?, 'open', ?)
                """, .integer(facts.rowID), .integer(facts.currentRevision), .text(account.username),
                .text(now.description), .integer(request.whole ? 1 : 0), SQLValue(arbitrator))
            guard let id = try session.first("SELECT MAX(id) FROM disputes WHERE evaluation_id = ?",
                                             .integer(facts.rowID))?.integer(0) else {
                throw WorkspaceError("the dispute was not stored")
            }
            for item in items {
                try session.execute("""
                    INSERT INTO dispute_items (dispute_id, criterion_id, comment, proposed_answer) VALUES (?, ?, ?, ?)
                    """, .integer(id), .text(item.criterionID), .text(item.comment), SQLValue(item.proposedAnswer))
            }
            try session.execute("UPDATE evaluations SET status = 'disputed', updated_at = ? WHERE id = ?",
                                .text(now.description), .integer(facts.rowID))
            try AuditLog.append(session, AuditEntry(
                at: now, actor: account.username, action: "dispute.raised", subject: facts.subject,
                details: "dispute \(id); " + (request.whole ? "the whole evaluation" : "criteria "
                    + items.map(\.criterionID).joined(separator: ", ")) + "; arbitrator \(arbitrator ?? "unassigned")"))
            try notifyArbitration(id, facts, arbitrator: arbitrator, at: now, session)
            return .done(id)
        }
    }

    /// The arbitrator a new dispute gets under `rule`: the assessor's account, the named QA lead, or nobody (also
    /// when the account the rule names is missing or disabled).
    static func arbitrator(_ rule: ArbitratorRule, _ facts: EvaluationFacts, _ session: SQLSession) throws -> String? {
        switch rule {
        case .unassigned: return nil
        case .assessor:
            return try session.first("""
                SELECT username FROM accounts WHERE person_id = ? AND disabled_at IS NULL AND role IN ('assessor', 'qa-lead')
                ORDER BY id LIMIT 1
                """, .integer(facts.assessorID))?.text(0)
        case .lead(let name):
            guard let lead = try AccountStore.find(username: name, session), lead.role == .qaLead, !lead.disabled else {
                return nil
            }
            return name
        }
    }

    /// Tells the arbitrator about a dispute to decide, or every QA lead when it has none yet.
    static func notifyArbitration(_ id: Int64, _ facts: EvaluationFacts, arbitrator: String?, at now: Timestamp,
                                  _ session: SQLSession) throws {
        let link = "/disputes/\(id)"
        if let arbitrator {
            try Notifications.send(session, to: arbitrator, kind: .disputed, subject: facts.subject,
                                   message: "The evaluation of call \(facts.callKey) is disputed (dispute \(id)); you are "
                                       + "the arbitrator.", link: link, at: now)
        } else {
            for lead in try AccountStore.list(session) where lead.role == .qaLead && !lead.disabled {
                try Notifications.send(session, to: lead.username, kind: .disputed, subject: facts.subject,
                                       message: "The evaluation of call \(facts.callKey) is disputed (dispute \(id)) and "
                                           + "needs an arbitrator.", link: link, at: now)
            }
        }
    }

    // MARK: Arbitration

    /// Who may be made a dispute's arbitrator: the active QA leads and the evaluation's assessor's account.
    public static func possibleArbitrators(_ dispute: Dispute, _ session: SQLSession) throws -> [String] {
        var names = try AccountStore.list(session).filter { $0.role == .qaLead && !$0.disabled }.map(\.username)
        if let assessor = try session.first("""
            SELECT a.username FROM accounts a JOIN people p ON p.id = a.person_id
            WHERE p.person_key = ? AND a.disabled_at IS NULL AND a.role IN ('assessor', 'qa-lead') ORDER BY a.id LIMIT 1
            """, .text(dispute.assessor))?.text(0), !names.contains(assessor) {
            names.append(assessor)
        }
        return names
    }

    /// A QA lead takes a dispute not yet resolved (`to` their own username) or assigns it to another QA lead or
    /// the evaluation's assessor. False when `account` may not; refused when resolved or `to` may not arbitrate.
    public static func assign(_ id: Int64, to username: String, by account: Account, in workspace: Workspace) throws -> Bool {
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Bool in
            guard AccessPolicy.managesDisputes(account), let dispute = try load(id, for: account, session),
                  let facts = try EvaluationFacts.load(dispute.evaluationKey, session) else { return false }
            guard dispute.state != "resolved" else { throw WorkflowRefusal("This dispute is already resolved.") }
            guard try possibleArbitrators(dispute, session).contains(username) else {
                throw WorkflowRefusal("\(username) cannot arbitrate this dispute: choose a QA lead or the evaluation's assessor.")
            }
            try session.execute("UPDATE disputes SET arbitrator = ? WHERE id = ?", .text(username), .integer(id))
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "dispute.assigned",
                                                    subject: facts.subject, details: "dispute \(id); arbitrator \(username)"))
            if username != account.username {
                try notifyArbitration(id, facts, arbitrator: username, at: now, session)
            }
            return true
        }
    }

    /// The arbitrator opens the dispute for review: the dispute and the evaluation are then "in review". False
    /// when `account` is not its arbitrator; refused when already resolved.
    public static func startReview(_ id: Int64, by account: Account, in workspace: Workspace) throws -> Bool {
        let now = workspace.now()
        return try workspace.acting(as: account.username).change { session -> Bool in
            guard let dispute = try load(id, for: account, session),
                  AccessPolicy.mayArbitrate(account, arbitrator: dispute.arbitrator),
                  let facts = try EvaluationFacts.load(dispute.evaluationKey, session) else { return false }
            guard dispute.state != "resolved" else { throw WorkflowRefusal("This dispute is already resolved.") }
            guard dispute.state == "open" else { return true }
            try session.execute("UPDATE disputes SET state = 'in review' WHERE id = ?", .integer(id))
            try session.execute("UPDATE evaluations SET status = 'in review', updated_at = ? WHERE id = ?",
                                .text(now.description), .integer(facts.rowID))
            try AuditLog.append(session, AuditEntry(at: now, actor: account.username, action: "dispute.in-review",
                                                    subject: facts.subject, details: "dispute \(id)"))
            return true
        }
    }

    /// The arbitrator's decision on one criterion: upheld, or revised to a new answer (typed as answers are read).
    public struct Decision: Sendable, Hashable {
        public var revised: Bool
        public var answer: String
        public var reason: String

        public init(revised: Bool, answer: String = "", reason: String) {
            self.revised = revised
            self.answer = answer
            self.reason = reason
        }
    }

    /// The arbitrator's decisions as the form sends them: `decision.<id>` = `upheld` | `revised`, `answer.<id>`,
    /// `reason.<id>`, and `reason.whole` for a dispute of the whole evaluation.
    public static func decisions(pairs: [(String, String)]) -> (items: [String: Decision], wholeReason: String) {
        var outcome: [String: String] = [:]
        var answers: [String: String] = [:]
        var reasons: [String: String] = [:]
        for (name, value) in pairs {
            if name.hasPrefix("decision.") { outcome[String(name.dropFirst(9))] = value }
            if name.hasPrefix("answer.") { answers[String(name.dropFirst(7))] = value.trimmingSpaces }
            if name.hasPrefix("reason.") { reasons[String(name.dropFirst(7))] = value.trimmingSpaces }
        }
        var items: [String: Decision] = [:]
        for (id, choice) in outcome where choice == "upheld" || choice == "revised" {
            items[id] = Decision(revised: choice == "revised", answer: answers[id] ?? "", reason: reasons[id] ?? "")
        }
        return (items, reasons["whole"] ?? "")
    }

    /// The arbitrator decides the dispute. Every disputed criterion needs a decision and a reason; in a dispute of
    /// the whole evaluation, any answered criterion may be revised (each with a reason) and the whole needs a
    /// reason. Revised answers are stored as a new revision of the evaluation ("dispute N resolved", by the
    /// arbitrator), scored with the same template version; the original stays in the history. Nil when
    /// `account` is not the arbitrator; refused when already resolved.
    public static func decide(_ id: Int64, items decisions: [String: Decision], wholeReason: String = "",
                              by account: Account, in workspace: Workspace, templates: TemplateCache) throws -> Outcome? {
        let now = workspace.now()
        let acting = workspace.acting(as: account.username)
        return try acting.change { session -> Outcome? in
            guard let dispute = try load(id, for: account, session),
                  AccessPolicy.mayArbitrate(account, arbitrator: dispute.arbitrator),
                  let facts = try EvaluationFacts.load(dispute.evaluationKey, session),
                  let current = try current(facts, templates: templates, session) else { return nil }
            guard dispute.state != "resolved" else { throw WorkflowRefusal("This dispute is already resolved.") }
            let scorecard = current.template.scorecard
            var problems: [String: String] = [:]
            var revisedAnswers: [String: AnswerValue] = [:]
            var decided: [(criterion: String, decision: Decision, comment: String?)] = []
            let disputed = dispute.items.filter { $0.criterionID != DisputeItem.whole }.map(\.criterionID)
            let candidates = dispute.whole ? questions(current.record, scorecard).map(\.criterionID) : disputed
            for criterionID in candidates {
                guard let decision = decisions[criterionID] else {
                    if !dispute.whole { problems[criterionID] = "Decide: uphold the answer or revise it." }
                    continue
                }
                if dispute.whole && !decision.revised { continue }
                if decision.reason.isEmpty {
                    problems[criterionID] = "Give the reason for your decision."
                } else if decision.reason.count > maximumText {
                    problems[criterionID] = "The reason is too long: at most \(maximumText) characters."
                }
                if decision.revised {
                    switch read(decision.answer, criterionID, scorecard) {
                    case .failure(let refusal):
                        problems[criterionID] = problems[criterionID].map { $0 + " " + refusal.message } ?? refusal.message
                    case .success(let value):
                        if value == current.record.answers[criterionID] {
                            let same = "That is the answer already given: uphold it, or give a different answer."
                            problems[criterionID] = problems[criterionID].map { $0 + " " + same } ?? same
                        } else {
                            revisedAnswers[criterionID] = value
                        }
                    }
                }
                decided.append((criterionID, decision, disputed.contains(criterionID) ? nil : ""))
            }
            if dispute.whole {
                if wholeReason.isEmpty {
                    problems["whole"] = "Give the reason for your decision on the whole evaluation."
                } else if wholeReason.count > maximumText {
                    problems["whole"] = "The reason is too long: at most \(maximumText) characters."
                }
            }
            guard problems.isEmpty else { return .problems(problems) }

            var resolution: Int64?
            if !revisedAnswers.isEmpty {
                switch try storeRevision(dispute, facts, current, revisedAnswers,
                                         reasons: decided.reduce(into: [:]) { $0[$1.criterion] = $1.decision.reason },
                                         workspace: acting, session) {
                case .failure(let found): return .problems(found.problems)
                case .success(let revision): resolution = revision
                }
            }
            let outcome: String
            if revisedAnswers.isEmpty {
                outcome = "upheld"
            } else if dispute.whole || revisedAnswers.count == decided.count {
                outcome = "revised"
            } else {
                outcome = "partly revised"
            }
            for (criterionID, decision, comment) in decided {
                let result = decision.revised ? "revised" : "upheld"
                if let comment {
                    // A criterion the arbitrator changed in a dispute of the whole evaluation.
                    try session.execute("""
                        INSERT INTO dispute_items (dispute_id, criterion_id, comment, proposed_answer, outcome, reason)
                        VALUES (?, ?, ?, NULL, ?, ?)
                        """, .integer(id), .text(criterionID), .text(comment), .text(result), .text(decision.reason))
                } else {
                    try session.execute("UPDATE dispute_items SET outcome = ?, reason = ? WHERE dispute_id = ? AND criterion_id = ?",
                                        .text(result), .text(decision.reason), .integer(id), .text(criterionID))
                }
            }
            if dispute.whole {
                try session.execute("UPDATE dispute_items SET outcome = ?, reason = ? WHERE dispute_id = ? AND criterion_id = ?",
                                    .text(revisedAnswers.isEmpty ? "upheld" : "revised"), .text(wholeReason),
                                    .integer(id), .text(DisputeItem.whole))
            }
            try session.execute("""
                UPDATE disputes SET state = 'resolved', resolved_at = ?, outcome = ?, resolution_revision = ? WHERE id = ?
                """, .text(now.description), .text(outcome), resolution.map(SQLValue.integer) ?? .null, .integer(id))
            try session.execute("UPDATE evaluations SET status = 'resolved', updated_at = ? WHERE id = ?",
                                .text(now.description), .integer(facts.rowID))
            try AuditLog.append(session, AuditEntry(
                at: now, actor: account.username, action: "dispute.resolved", subject: facts.subject,
                details: "dispute \(id); \(outcome)" + (resolution.map { "; revision \($0)" } ?? "")
                    + (revisedAnswers.isEmpty ? "" : "; revised " + revisedAnswers.keys.sorted().joined(separator: ", "))))
            let message = "Dispute \(id) of the evaluation of call \(facts.callKey) is resolved: \(outcome)."
            try Notifications.send(session, toPerson: facts.agentID, kind: .resolved, subject: facts.subject,
                                   message: message, link: "/disputes/\(id)", at: now)
            if facts.assessorID != facts.agentID {
                try Notifications.send(session, toPerson: facts.assessorID, kind: .resolved, subject: facts.subject,
                                       message: message, link: "/disputes/\(id)", at: now)
            }
            return .done(id)
        }
    }

    /// Stores the evaluation's revised answers as a new revision, through the scoring form's reading of answers
    /// (answers to questions that no longer apply are dropped; rules such as required comments are checked; the
    /// arbitrator's reason becomes a revised answer's comment). The new revision's number, or the problems.
    static func storeRevision(_ dispute: Dispute, _ facts: EvaluationFacts,
                              _ current: (record: Evaluation, template: StoredTemplate, plan: ScoringPlan, callTimestamp: Timestamp?),
                              _ revised: [String: AnswerValue], reasons: [String: String], workspace: Workspace,
                              _ session: SQLSession) throws -> Result<Int64, ProblemList> {
        var fields = ScoringFormFields()
        let old = current.record
        for (id, value) in old.answers.merging(revised, uniquingKeysWith: { $1 }) {
            if id.hasPrefix("section:") {
                if value.isNotApplicable { fields.sectionsNotApplicable.insert(String(id.dropFirst(8))) }
            } else if case .tokens(let ids) = value {
                fields.answers[id] = ids
            } else {
                fields.answers[id] = [typed(value)]
            }
        }
        fields.comments = old.comments
        for id in revised.keys { fields.comments[id] = reasons[id] }
        var state = ScoringFormState(fields: fields, plan: current.plan)
        guard var record = state.record(id: old.id, callID: old.callID, agentID: old.agentID, teamID: old.teamID,
                                        assessorID: old.assessorID, callDate: old.callDate,
                                        evaluatedAt: old.evaluatedAt) else {
            var problems: [String: String] = [:]
            for (key, message) in state.problems {
                let prompt = current.template.scorecard.criterion(key)?.prompt
                problems[revised[key] != nil ? key : "form"] = prompt.map { "With the revised answers, “\($0)”: \(message)" } ?? message
            }
            return .failure(ProblemList(problems))
        }
        record.callTimestamp = current.callTimestamp
        record.purpose = .official
        let importer = EvaluationImporter(workspace: workspace, session: session, reason: "dispute \(dispute.id) resolved")
        importer.invalidWhenStored = { invalid in
            throw WorkspaceError("the revision could not be stored: \(invalid.problems.joined(separator: "; "))")
        }
        if let invalid = try importer.add(record, location: RecordLocation(file: "dispute \(dispute.id)", line: 1)) {
            return .failure(ProblemList(["form": "The revised answers are not valid: "
                + invalid.problems.joined(separator: "; ")]))
        }
        try importer.flush()
        guard importer.summary.revised == 1,
              let revision = try session.first("SELECT current_revision FROM evaluations WHERE id = ?",
                                               .integer(facts.rowID))?.integer(0) else {
            return .failure(ProblemList(["form": "These answers are those of an earlier revision of the evaluation; "
                + "uphold the answers instead, or give different ones."]))
        }
        return .success(revision)
    }

    /// Problems by field, as an error for `Result`.
    struct ProblemList: Error {
        var problems: [String: String]
        init(_ problems: [String: String]) { self.problems = problems }
    }
}
