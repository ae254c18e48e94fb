import QAModel
import Scoring

/// What `qa score --group-by` groups by: a record field, or the answer to an (informational) criterion.
public enum GroupKey: Sendable, Hashable, CustomStringConvertible {
    case agent
    case team
    case assessor
    /// The answer to this criterion (e.g. an unscored "call type" question).
    case criterion(String)

    /// Parses `agent`, `team`, `assessor` or a criterion id of the template.
    public init?(_ text: String, scorecard: Scorecard) {
        switch text {
        case "agent": self = .agent
        case "team": self = .team
        case "assessor": self = .assessor
        default:
            guard scorecard.criterion(text) != nil else { return nil }
            self = .criterion(text)
        }
    }

    public var description: String {
        switch self {
        case .agent: return "agent"
        case .team: return "team"
        case .assessor: return "assessor"
        case .criterion(let id): return id
        }
    }

    /// Whether the group can be told from the record's identifying fields alone (not from an answer).
    public var needsAnswers: Bool {
        if case .criterion = self { return true }
        return false
    }

    /// The group of a record known by its identifying fields; `nil` for a criterion key (see `needsAnswers`).
    public func value(of evaluation: Evaluation) -> String? {
        switch self {
        case .agent: return evaluation.agentID
        case .team: return evaluation.teamID ?? "(no team)"
        case .assessor: return evaluation.assessorID
        case .criterion: return nil
        }
    }

    /// The group an evaluation falls in.
    public func value(of scored: ScoredEvaluation) -> String {
        switch self {
        case .agent: return scored.evaluation.agentID
        case .team: return scored.evaluation.teamID ?? "(no team)"
        case .assessor: return scored.evaluation.assessorID
        case .criterion(let id):
            guard let answer = scored.score.criteria.first(where: { $0.id == id })?.answer else { return "(not asked)" }
            return answer.description
        }
    }
}

/// Running figures over a stream of scored evaluations: count, mean total, pass rate, auto-fails, evaluations
/// with any critical failure, bands. Keeps sums, not records, so memory stays flat however long the batch.
public struct ScoreStatistics: Sendable, Hashable {
    public private(set) var count = 0
    public private(set) var totalSum = 0.0
    public private(set) var totalSquares = 0.0
    public private(set) var passed = 0
    public private(set) var autoFailed = 0
    /// Evaluations with at least one critical failure (any scope).
    public private(set) var withCriticalFailure = 0
    /// Band id → evaluations in it.
    public private(set) var bands: [String: Int] = [:]
    /// Criterion id → critical failures of it.
    public private(set) var criticalFailuresByCriterion: [String: Int] = [:]
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity

    public init() {}

    public mutating func add(_ score: EvaluationScore) {
        add(total: score.total, passed: score.passed, autoFailed: score.autoFailed, band: score.band,
            failures: score.criticalFailures, criterion: \.criterion)
    }

    public mutating func add(_ score: ScoreOverview) {
        add(total: score.total, passed: score.passed, autoFailed: score.autoFailed, band: score.band,
            failures: score.criticalFailures, criterion: \.criterion)
    }

    private mutating func add<Failure>(total: Double, passed isPassed: Bool, autoFailed isAutoFailed: Bool, band: Band?,
                                       failures: [Failure], criterion: KeyPath<Failure, String>) {
        count += 1
        totalSum += total
        totalSquares += total * total
        minimum = min(minimum, total)
        maximum = max(maximum, total)
        if isPassed { passed += 1 }
        if isAutoFailed { autoFailed += 1 }
        if !failures.isEmpty { withCriticalFailure += 1 }
        bands[band?.id ?? "", default: 0] += 1
        for failure in failures { criticalFailuresByCriterion[failure[keyPath: criterion], default: 0] += 1 }
    }

    public var meanTotal: Double? { count > 0 ? totalSum / Double(count) : nil }
    public var passRate: Double? { count > 0 ? Double(passed) / Double(count) : nil }
    public var criticalFailureRate: Double? { count > 0 ? Double(withCriticalFailure) / Double(count) : nil }
    /// Sample standard deviation of the totals (needs two or more).
    public var standardDeviation: Double? {
        guard count > 1 else { return nil }
        let mean = totalSum / Double(count)
        return (max(0, (totalSquares - Double(count) * mean * mean) / Double(count - 1))).squareRoot()
    }
}
