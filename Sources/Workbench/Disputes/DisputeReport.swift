import QAModel
import Workspace

/// What the disputes teach (a QA lead's report): which criteria are overturned, and whose answers, as a signal for
/// the next calibration session; and how long disputes take to resolve. Over the disputes raised in a period.
///
/// A dispute is *overturned* when its outcome is revised or partly revised; a criterion is overturned when the
/// arbitrator revised its answer. Rates are over the disputes (or items) decided, since open ones have no outcome
/// yet. In a dispute of the whole evaluation a criterion counts only where the arbitrator changed it.
public struct DisputeReport: Sendable, Hashable {
    /// One original assessor's disputes.
    public struct AssessorRow: Sendable, Hashable {
        public var assessor: String
        public var raised: Int
        public var resolved: Int
        public var overturned: Int
        /// Criteria whose answers were revised.
        public var criteriaOverturned: Int
        public init(assessor: String, raised: Int, resolved: Int, overturned: Int, criteriaOverturned: Int) {
            self.assessor = assessor
            self.raised = raised
            self.resolved = resolved
            self.overturned = overturned
            self.criteriaOverturned = criteriaOverturned
        }

        /// Overturned disputes over resolved ones (nil when none is resolved).
        public var overturnRate: Double? { resolved > 0 ? Double(overturned) / Double(resolved) : nil }
    }

    /// One criterion's disputed answers.
    public struct CriterionRow: Sendable, Hashable {
        public var scorecardID: String
        public var criterionID: String
        public var prompt: String
        public var disputed: Int
        public var decided: Int
        public var overturned: Int
        /// Overturned over decided (nil when none is decided).
        public var overturnRate: Double? { decided > 0 ? Double(overturned) / Double(decided) : nil }
    }

    public var from: CalendarDay?
    public var to: CalendarDay?
    public var raised = 0
    public var resolved = 0
    public var overturned = 0
    public var assessors: [AssessorRow] = []
    public var criteria: [CriterionRow] = []
    /// Seconds from raised to resolved, over the resolved disputes: the median and the longest (with its dispute).
    public var medianResolutionSeconds: Double?
    public var longestResolutionSeconds: Int?
    public var longestDispute: Int64?

    /// Disputes not yet resolved.
    public var open: Int { raised - resolved }

    /// The report over disputes raised from `from` to `to` (days, inclusive; either open-ended). Nil unless
    /// `account` is a QA lead.
    public static func build(from: CalendarDay?, to: CalendarDay?, for account: Account, in workspace: Workspace,
                             templates: TemplateCache) throws -> DisputeReport? {
        guard AccessPolicy.managesDisputes(account) else { return nil }
        return try workspace.database.read { session in
            var report = DisputeReport(from: from, to: to)
            var condition = "1 = 1"
            var bindings: [SQLValue] = []
            if let from {
                condition += " AND d.raised_at >= ?"
                bindings.append(.text(from.description))
            }
            if let to {
                condition += " AND d.raised_at < ?"
                bindings.append(.text(to.adding(days: 1).description))
            }
            var byAssessor: [String: AssessorRow] = [:]
            var durations: [(Int, Int64)] = []
            for row in try session.query("""
                SELECT d.id, asr.person_key, d.state, d.outcome, d.raised_at, d.resolved_at
                FROM disputes d JOIN evaluations e ON e.id = d.evaluation_id JOIN people asr ON asr.id = e.assessor_id
                WHERE \(condition)
                """, bindings) {
                let assessor = row.text(1) ?? ""
                var entry = byAssessor[assessor] ?? AssessorRow(assessor: assessor, raised: 0, resolved: 0, overturned: 0,
                                                               criteriaOverturned: 0)
                entry.raised += 1
                report.raised += 1
                if row.text(2) == "resolved" {
                    entry.resolved += 1
                    report.resolved += 1
                    if let outcome = row.text(3), outcome == "revised" || outcome == "partly revised" {
                        entry.overturned += 1
                        report.overturned += 1
                    }
                    if let raised = row.text(4).flatMap(Timestamp.init), let resolved = row.text(5).flatMap(Timestamp.init) {
                        durations.append((resolved.secondsSinceEpoch - raised.secondsSinceEpoch, row.integer(0) ?? 0))
                    }
                }
                byAssessor[assessor] = entry
            }
            var byCriterion: [String: CriterionRow] = [:]
            for row in try session.query("""
                SELECT t.scorecard_id, i.criterion_id, i.outcome, asr.person_key, r.template_id
                FROM dispute_items i JOIN disputes d ON d.id = i.dispute_id JOIN evaluations e ON e.id = d.evaluation_id
                JOIN people asr ON asr.id = e.assessor_id JOIN templates t ON t.id = e.template_id
                JOIN evaluation_revisions r ON r.evaluation_id = d.evaluation_id AND r.revision = d.revision
                WHERE i.criterion_id <> '*' AND \(condition)
                """, bindings) {
                let scorecard = row.text(0) ?? ""
                let criterion = row.text(1) ?? ""
                let key = scorecard + "\u{1F}" + criterion
                if byCriterion[key] == nil {
                    let prompt = try row.integer(4).map { try templates.template($0, session).0.scorecard.criterion(criterion)?.prompt }
                    byCriterion[key] = CriterionRow(scorecardID: scorecard, criterionID: criterion,
                                                    prompt: (prompt ?? nil) ?? criterion, disputed: 0, decided: 0,
                                                    overturned: 0)
                }
                byCriterion[key]?.disputed += 1
                if let outcome = row.text(2) {
                    byCriterion[key]?.decided += 1
                    if outcome == "revised" {
                        byCriterion[key]?.overturned += 1
                        byAssessor[row.text(3) ?? ""]?.criteriaOverturned += 1
                    }
                }
            }
            report.assessors = byAssessor.values.sorted {
                ($0.overturned, $1.assessor) > ($1.overturned, $0.assessor)
            }
            report.criteria = byCriterion.values.sorted {
                ($0.overturned, $0.disputed, $1.scorecardID, $1.criterionID) > ($1.overturned, $1.disputed, $0.scorecardID, $0.criterionID)
            }
            let sorted = durations.sorted { $0.0 < $1.0 }
            if !sorted.isEmpty {
                let middle = sorted.count / 2
                report.medianResolutionSeconds = sorted.count % 2 == 1 ? Double(sorted[middle].0)
                    : Double(sorted[middle - 1].0 + sorted[middle].0) / 2
                report.longestResolutionSeconds = sorted.last?.0
                report.longestDispute = sorted.last?.1
            }
            return report
        }
    }

    /// A rate as a whole percentage (`50%`), or a dash.
    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "–" }
        return "\(Int((rate * 100).rounded()))%"
    }
}
