import Foundation
import JSON
import QAModel

/// The contact-centre platforms whose evaluation forms can be imported.
public enum FormPlatform: String, Hashable, Sendable, CaseIterable {
    /// Amazon Connect: a `DescribeEvaluationForm` response or a bare `EvaluationForm` object.
    case connect
    /// Genesys Cloud: the body of `GET /api/v2/quality/forms/evaluations/{formId}`.
    case genesys
}

/// Reads an evaluation form as Amazon Connect or Genesys Cloud return it and builds the equivalent template.
///
/// The mapping, field by field, is in `docs/import.md`. Anything the template cannot say exactly as the platform
/// does is listed in `ImportResult.losses`; malformed input throws `FormImportError` naming every JSON path at
/// fault. No I/O happens here: callers pass the file's bytes.
public enum FormImporter {
    /// Forms larger than this are refused before parsing (real forms are well under 1 MB).
    public static let sizeLimit = 8 * 1024 * 1024

    /// The category every imported criterion belongs to: neither platform has categories (see `docs/import.md`).
    public static let importedCategory = Category(id: "general", title: "General (imported form)", kind: .other)

    public static func importForm(_ data: Data, from platform: FormPlatform) throws(FormImportError) -> ImportResult {
        switch platform {
        case .connect: return try importConnect(data: data)
        case .genesys: return try importGenesys(data: data)
        }
    }

    public static func importConnect(data: Data) throws(FormImportError) -> ImportResult {
        let root = JSONNode(value: try FormJSON.parse(data, limit: sizeLimit), path: "$")
        var reader = ConnectFormReader()
        return try reader.read(root)
    }

    public static func importGenesys(data: Data) throws(FormImportError) -> ImportResult {
        let root = JSONNode(value: try FormJSON.parse(data, limit: sizeLimit), path: "$")
        var reader = GenesysFormReader()
        return try reader.read(root)
    }

    /// The nearest faithful rule for a scored question none of whose answers earns points (a call-reason
    /// classifier, say): the template would refuse it ("can never earn points"), so it becomes unscored —
    /// asked, recorded and usable in conditions, never in the score, which is what the platform's 0 points mean.
    /// The one place this rule is applied, by both readers; a loss says so.
    ///
    /// It also settles what the template could not say: an unscored question is no bonus (its bonus could never
    /// count), and a critical answer that earns full credit is not a failing answer (a loss says so).
    static func settleScoring(_ criterion: inout Criterion, path: String, log: ProblemLog) {
        if criterion.scored, !criterion.bonus, !(criterion.answerType.possiblePoints > 0) {
            criterion.scored = false
            log.loss(path, what: "question \"\(criterion.id)\" whose answers are all worth 0 points",
                     reason: "nothing on it can earn points, so the template asks it as an unscored (informational) criterion; the total is unchanged")
        }
        if !criterion.scored { criterion.bonus = false }
        if case .choice(let options) = criterion.answerType, let critical = criterion.critical,
           case .answers(let failing) = critical.failingAnswers {
            let top = options.filter { !$0.bonus }.map(\.points).max()
            let topIDs = Set(options.filter { !$0.bonus && $0.points == top }.map(\.id))
            let kept = failing.subtracting(topIDs)
            if kept != failing {
                log.loss(path, what: "automatic fail on the best-scoring answer of question \"\(criterion.id)\"",
                         reason: "a template fails a call on poor answers only; \(kept.isEmpty ? "the question has no failing answer in the template" : "only its other failing answers fail the call")")
                criterion.critical = kept.isEmpty ? nil
                    : CriticalRule(scope: critical.scope, failingAnswers: .answers(kept), countsInCriticalScore: critical.countsInCriticalScore)
            }
        }
    }

    /// A problem when no question of the form earns points: a template needs at least one scored question.
    static func requireScoredQuestion(_ sections: [Section], log: ProblemLog) {
        guard !sections.isEmpty, !sections.contains(where: { $0.criteria.contains { $0.scored && !$0.bonus } }) else { return }
        log.problem("$", "no question on this form can earn points (weights 0, answers worth 0, or excluded from scoring), so it has no score to carry over; give at least one question points and weight on the platform, then import it again")
    }

    /// A problem when a choice question offers fewer than two answers (a template needs two to choose from).
    static func requireTwoAnswers(_ options: [JSONNode], path: String, log: ProblemLog) {
        if options.count == 1 {
            log.problem(path, "a choice question needs at least two answers to choose from; add one on the platform, then import again")
        }
    }

    /// The longest platform id kept (`platform-id`); longer ids are not real platform ids.
    static let platformIDLimit = 256

    /// The single band of a form that declares none (templates need at least one).
    static let unbandedBand = Band(id: "all-scores", title: "All scores (the imported form has no bands)", min: 0, max: 100)

    /// The effective date used when the platform's form carries no date: 1970-01-01.
    static let placeholderDate = CalendarDay(daysSinceEpoch: 0)

    /// The effective date for a form: the platform's date, or the placeholder with a loss recorded.
    static func effectiveDate(_ node: JSONNode?, log: ProblemLog) -> CalendarDay {
        if let date = day(node) { return date }
        log.loss(node?.path ?? "$", what: "no date of last change",
                 reason: "templates need an effective date; it is set to \(placeholderDate) — put in the date the form applies from")
        return placeholderDate
    }

    /// The day of an ISO 8601 date or timestamp (its date as written), or of an epoch-seconds number (in UTC);
    /// `nil` when there is none or it is not a real day of the years 0001–9999.
    static func day(_ node: JSONNode?) -> CalendarDay? {
        guard let node else { return nil }
        switch node.value {
        case .string(let text):
            return CalendarDay.parseDateOrTimestamp(text)?.day
        case .number(let seconds) where seconds.isFinite && abs(seconds) < 1e11:
            let day = Timestamp(secondsSinceEpoch: Int(seconds.rounded(.down))).day
            return CalendarDay.years.contains(day.year) ? day : nil
        default:
            return nil
        }
    }
}
