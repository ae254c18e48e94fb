import QAModel
import Scoring

/// Whom assessors are compared against: a named expert assessor, or the consensus of the other assessors on
/// the same call (each assessor left out of their own reference; see `ConsensusTotal`).
public enum CalibrationReference: Hashable, Sendable, CustomStringConvertible {
    case assessor(String)
    case consensus

    /// Reads a command-line value: `consensus`, or an assessor id.
    public init(argument: String) {
        self = argument == "consensus" ? .consensus : .assessor(argument)
    }

    public var description: String {
        switch self {
        case .assessor(let id): return id
        case .consensus: return "consensus"
        }
    }
}

/// A call scored by two or more assessors (at most one evaluation per assessor), the unit of calibration.
public struct CalibrationCall: Sendable {
    public var callID: String
    /// The call's date.
    public var callDate: CalendarDay
    /// One evaluation per assessor, sorted by assessor id.
    public var evaluations: [ScoredEvaluation]

    /// Groups evaluations by call and keeps the calls scored by two or more assessors. When an assessor
    /// scored the same call twice, the later evaluation (by `evaluatedAt`, then id) counts; each such case is
    /// described in `notes`.
    public static func group(_ evaluations: [ScoredEvaluation]) -> (calls: [CalibrationCall], notes: [String]) {
        var byCall: [String: [String: ScoredEvaluation]] = [:]
        var order: [String] = []
        var notes: [String] = []
        for scored in evaluations {
            let e = scored.evaluation
            if byCall[e.callID] == nil {
                byCall[e.callID] = [:]
                order.append(e.callID)
            }
            if let previous = byCall[e.callID]?[e.assessorID] {
                let keepNew = (e.evaluatedAt, e.id) > (previous.evaluation.evaluatedAt, previous.evaluation.id)
                let kept = keepNew ? e.id : previous.evaluation.id
                notes.append("call \(e.callID): \(e.assessorID) scored it more than once; evaluation \(kept) (the later one) is used")
                if keepNew { byCall[e.callID]?[e.assessorID] = scored }
            } else {
                byCall[e.callID]?[e.assessorID] = scored
            }
        }
        var calls: [CalibrationCall] = []
        for id in order {
            guard let byAssessor = byCall[id], byAssessor.count >= 2 else { continue }
            let sorted = byAssessor.values.sorted { $0.evaluation.assessorID < $1.evaluation.assessorID }
            guard let date = sorted.first?.evaluation.callDate else { continue }
            calls.append(CalibrationCall(callID: id, callDate: date, evaluations: sorted))
        }
        calls.sort { ($0.callDate, $0.callID) < ($1.callDate, $1.callID) }
        return (calls, notes)
    }
}

/// One assessor's evaluation of one call set against the reference for that assessor on that call.
struct ReferenceComparison: Sendable {
    var assessor: String
    var callID: String
    var callDate: CalendarDay
    var total: Double
    var referenceTotal: Double
    var deviation: Double { total - referenceTotal }
    /// Whether the assessor's evaluation, and the reference, auto-failed the call (total 0 whatever else was
    /// answered).
    var autoFailed: Bool
    var referenceAutoFailed: Bool
    /// How many assessors formed the reference: 1 for a named expert, the others counted for the consensus.
    var referenceAssessors: Int
    /// Per criterion (plan order): the assessor's answer key and the reference's answer keys (several on a
    /// consensus tie; empty when the reference has none).
    var answerKeys: [String]
    var referenceKeys: [Set<String>]
    /// Critical criteria the reference failed and the assessor did not, and the reverse.
    var missedCritical: [String]
    var extraCritical: [String]
}

/// The consensus total for one assessor on one call, from the other assessors' scores (leave-one-out):
/// the call auto-fails when more than half of them auto-failed it (total 0); otherwise the reference is
/// the median total of those who did not. A single assessor's extreme total, auto-fail included, can
/// then neither drag the reference nor define anyone else's deviation.
struct ConsensusTotal: Hashable, Sendable {
    var total: Double
    var autoFailed: Bool
    /// How many of the other assessors the total was taken from.
    var formedBy: Int

    init(_ others: [EvaluationScore]) {
        let failed = others.filter(\.autoFailed)
        autoFailed = 2 * failed.count > others.count
        let standing = autoFailed ? failed : others.filter { !$0.autoFailed }
        formedBy = standing.count
        total = Self.median(standing.map(\.total))
    }

    /// The middle value (the mean of the two middle ones for an even count); 0 for none.
    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Builds `ReferenceComparison`s for each call under a reference.
struct ReferenceComparer {
    let plan: ScoringPlan
    let reference: CalibrationReference

    /// A comparable key for an answer: `""` when the criterion did not apply, `na`, a token, a number, or
    /// the chosen options sorted and joined with `|`.
    static func key(_ answer: AnswerValue?) -> String {
        switch answer {
        case nil: return ""
        case .tokens(let ts)?: return ts.sorted().joined(separator: "|")
        case let value?: return value.description
        }
    }

    /// How a set of reference keys reads in a report (`yes`, `yes or no (tie)`, `not asked`).
    static func display(_ keys: Set<String>) -> String {
        let words = keys.sorted().map { $0.isEmpty ? "not asked" : $0 }
        if words.count <= 1 { return words.first ?? "—" }
        return words.joined(separator: " or ") + " (tie)"
    }

    func answerKeys(_ scored: ScoredEvaluation) -> [String] {
        scored.score.criteria.map { Self.key($0.answer) }
    }

    func failed(_ scored: ScoredEvaluation) -> Set<String> {
        Set(scored.score.criticalFailures.map(\.criterion))
    }

    func comparisons(_ call: CalibrationCall) -> [ReferenceComparison] {
        let keys = call.evaluations.map(answerKeys)
        let fails = call.evaluations.map(failed)
        var result: [ReferenceComparison] = []
        switch reference {
        case .assessor(let expert):
            guard let r = call.evaluations.firstIndex(where: { $0.evaluation.assessorID == expert }) else { return [] }
            for (a, scored) in call.evaluations.enumerated() where a != r {
                result.append(ReferenceComparison(
                    assessor: scored.evaluation.assessorID, callID: call.callID, callDate: call.callDate,
                    total: scored.score.total, referenceTotal: call.evaluations[r].score.total,
                    autoFailed: scored.score.autoFailed, referenceAutoFailed: call.evaluations[r].score.autoFailed,
                    referenceAssessors: 1, answerKeys: keys[a], referenceKeys: keys[r].map { [$0] },
                    missedCritical: fails[r].subtracting(fails[a]).sorted(),
                    extraCritical: fails[a].subtracting(fails[r]).sorted()))
            }
        case .consensus:
            for (a, scored) in call.evaluations.enumerated() {
                let others = call.evaluations.indices.filter { $0 != a }
                let reference = ConsensusTotal(others.map { call.evaluations[$0].score })
                let criterionCount = keys[a].count
                var refKeys: [Set<String>] = []
                refKeys.reserveCapacity(criterionCount)
                for i in 0..<criterionCount {
                    var tally: [String: Int] = [:]
                    for o in others where i < keys[o].count { tally[keys[o][i], default: 0] += 1 }
                    let top = tally.values.max() ?? 0
                    refKeys.append(Set(tally.filter { $0.value == top }.keys))
                }
                // A critical failure is the consensus when more than half of the others recorded it.
                var failCounts: [String: Int] = [:]
                for o in others { for c in fails[o] { failCounts[c, default: 0] += 1 } }
                let consensusFails = Set(failCounts.filter { 2 * $0.value > others.count }.keys)
                result.append(ReferenceComparison(
                    assessor: scored.evaluation.assessorID, callID: call.callID, callDate: call.callDate,
                    total: scored.score.total, referenceTotal: reference.total,
                    autoFailed: scored.score.autoFailed, referenceAutoFailed: reference.autoFailed,
                    referenceAssessors: reference.formedBy,
                    answerKeys: keys[a], referenceKeys: refKeys,
                    missedCritical: consensusFails.subtracting(fails[a]).sorted(),
                    extraCritical: fails[a].subtracting(consensusFails).subtracting(
                        Set(failCounts.filter { 2 * $0.value == others.count }.keys)).sorted()))
            }
        }
        return result
    }
}

/// The level and values a criterion's answers are compared at for Krippendorff's alpha.
enum CriterionValues {
    static func level(_ type: AnswerType) -> CriterionAgreementLevel {
        switch type {
        case .yesNo, .choice, .multiSelect: return .nominal
        case .scale: return .ordinal
        case .points, .numeric: return .interval
        }
    }

    /// The value an answer contributes (nil for N/A or not asked): a category code for yes/no and choice,
    /// the scale point, the earned fraction for points and numeric, and for multi-select the earned fraction
    /// treated as a category.
    static func value(_ criterion: Criterion, _ score: CriterionScore) -> Double? {
        guard let answer = score.answer, !answer.isNotApplicable else { return nil }
        switch criterion.answerType {
        case .yesNo:
            return answer == .yes ? 1 : (answer == .no ? 0 : nil)
        case .choice(let options):
            guard case .token(let t) = answer, let i = options.firstIndex(where: { $0.id == t }) else { return nil }
            return Double(i)
        case .scale:
            if case .number(let v) = answer { return v }
            return nil
        case .points, .numeric, .multiSelect:
            return criterion.earnedFraction(for: answer)
        }
    }
}
