import QAModel
import Records
import Scoring
import Workspace

/// Stored answers (the workspace's CSV cells by column) read back into an evaluation record.
public enum StoredAnswers {
    /// The record of one stored revision: `cells` by column (`<criterion>`, `section:<id>`, `comment:<criterion>`).
    public static func evaluation(_ cells: [String: String], summary: EvaluationSummary, scorecard: Scorecard,
                                  evaluatedAt: String) -> Evaluation {
        var answers: [String: AnswerValue] = [:]
        var comments: [String: String] = [:]
        for (column, text) in cells {
            if column.hasPrefix("comment:") {
                comments[String(column.dropFirst(8))] = text
            } else if let value = StoredAnswerCell.answer(text) {
                if scorecard.criterion(column).map({ if case .multiSelect = $0.answerType { return true } else { return false } }) == true,
                   case .token(let one) = value, one != "na" {
                    answers[column] = .tokens([one])
                } else {
                    answers[column] = value
                }
            }
        }
        return Evaluation(id: summary.key, callID: summary.callKey, agentID: summary.agent, teamID: summary.team,
                          assessorID: summary.assessor, scorecardID: scorecard.id, scorecardVersion: scorecard.version,
                          callDate: CalendarDay(String(summary.callDate.prefix(10))) ?? CalendarDay(daysSinceEpoch: 0),
                          evaluatedAt: Timestamp(evaluatedAt) ?? Timestamp(secondsSinceEpoch: 0),
                          answers: answers, comments: comments)
    }
}

/// One evaluation as its page shows it: the summary, its current revision scored (sections, categories, critical
/// failures, each answer and comment) and every revision in order.
public struct EvaluationDetail: Sendable {
    public var summary: EvaluationSummary
    public var template: StoredTemplate
    public var record: Evaluation
    public var score: EvaluationScore?
    public var history: EvaluationHistory

    /// The evaluation, when `account` may see it.
    public static func load(_ key: String, for account: Account, in workspace: Workspace,
                            templates: TemplateCache) throws -> EvaluationDetail? {
        try workspace.database.read { session -> EvaluationDetail? in
            guard let summary = try Listings.evaluation(key, visibleTo: account, now: workspace.now(), session),
                  let history = try EvaluationHistory.load(key, session),
                  let current = history.revisions.last else { return nil }
            let (template, plan) = try templates.template(current.templateRowID, session)
            let record = StoredAnswers.evaluation(current.cells, summary: summary, scorecard: template.scorecard,
                                                  evaluatedAt: current.evaluatedAt)
            let score: EvaluationScore?
            if case .success(let s) = plan.score(record) { score = s } else { score = nil }
            return EvaluationDetail(summary: summary, template: template, record: record, score: score, history: history)
        }
    }
}
