import QAModel

/// The knobs of a synthetic data set: its size, its period, and how big the planted effects are.
///
/// Every field has a sensible default; `docs/sample-data.md` describes each one. The same seed and the
/// same configuration always produce byte-identical data.
public struct SampleConfig: Hashable, Sendable, Codable {
    /// Seed of the pseudo-random generator; change it for a different but equally shaped data set.
    public var seed: UInt64 = 1
    /// Put before every evaluation and call id (`in-` gives `in-ev-000001`, `in-call-000001`), so that data sets
    /// meant to live in one workspace do not reuse each other's ids.
    public var idPrefix = ""
    /// Number of teams (`team-a`, `team-b`, …).
    public var teams: Int = 3
    /// Agents in each team (`agent-01`, `agent-02`, … numbered across teams).
    public var agentsPerTeam: Int = 6
    /// Assessors, including the expert reference assessor (`assessor-1`, … plus `expertID`). At least 4:
    /// the expert, the lenient, the severe and the drifting assessor.
    public var assessors: Int = 6
    /// Id of the expert reference assessor, who always scores what actually happened.
    public var expertID: String = "qa-lead"
    /// Routine evaluations: one call each, scored by one assessor, spread over all weeks and assessors.
    public var evaluations: Int = 2000
    /// First day of the period, `YYYY-MM-DD` (a Monday reads best).
    public var periodStart: String = "2025-01-06"
    /// Length of the period in weeks; each week has one calibration session.
    public var weeks: Int = 12
    /// Calls in each weekly calibration session; every assessor, the expert included, scores every one.
    public var calibrationCallsPerSession: Int = 6

    /// Share of criteria that earn full credit on an agent's ordinary criteria.
    public var fullCreditRate: Double = 0.88
    /// Share of calls on which an agent earns full credit on their planted weak criterion.
    public var weakCriterionFullCreditRate: Double = 0.35
    /// Share of calls with at least one critical (auto-fail) answer, spread over the critical criteria.
    public var criticalFailureRate: Double = 0.025
    /// Share of criteria answered N/A where the template allows it.
    public var notApplicableRate: Double = 0.03
    /// Share of whole sections marked N/A where the template allows it.
    public var sectionNotApplicableRate: Double = 0.01
    /// Share of scored criteria on which an ordinary assessor's answer differs from what happened (noise
    /// that leaves their average unchanged).
    public var assessorNoise: Double = 0.03

    /// How many points (on the 0–100 total) the lenient assessor scores above the truth on average.
    public var lenientPoints: Double = 9
    /// How many points (on the 0–100 total) the severe assessor scores below the truth on average.
    public var severePoints: Double = 9
    /// Share of passing critical (auto-fail) answers the severe assessor records as failing, on top of the
    /// `severePoints` lean (0: the severe assessor fails a critical item only when it failed). On a form with
    /// several form-level critical items a rate of 0.25 auto-fails most of their calls.
    public var severeCriticalFailRate: Double = 0
    /// Week (1-based) in which the drifting assessor starts to drift; accurate before it.
    public var driftStartWeek: Int = 6
    /// Whether the drifting assessor grows lenient or severe.
    public var driftDirection: DriftDirection = .lenient
    /// How many points the drifting assessor is off by in the last week (growing linearly from 0).
    public var driftFinalPoints: Double = 12

    public init() {}

    /// The problems with this configuration, in plain words (empty when it can be used).
    public var problems: [String] {
        var found: [String] = []
        if teams < 1 || teams > 702 { found.append("teams must be between 1 and 702 (got \(teams))") }
        if agentsPerTeam < 1 { found.append("agents per team must be at least 1 (got \(agentsPerTeam))") }
        if assessors < 4 {
            found.append(
                "assessors must be at least 4 — the expert, a lenient, a severe and a drifting one (got \(assessors))")
        }
        if evaluations < 0 { found.append("evaluations must not be negative (got \(evaluations))") }
        if weeks < 1 { found.append("weeks must be at least 1 (got \(weeks))") }
        if calibrationCallsPerSession < 0 {
            found.append("calibration calls per session must not be negative (got \(calibrationCallsPerSession))")
        }
        if CalendarDay(periodStart) == nil {
            found.append("period start \"\(periodStart)\" is not a date written YYYY-MM-DD (years 0001–9999)")
        }
        if weeks >= 1 && !(1...weeks).contains(driftStartWeek) {
            found.append("drift start week must be between 1 and \(weeks) (got \(driftStartWeek))")
        }
        if expertID.isEmpty || expertID.hasPrefix("assessor-") {
            found.append("expert id must be non-empty and not of the form assessor-N (got \"\(expertID)\")")
        }
        let rates: [(String, Double)] = [
            ("full credit rate", fullCreditRate), ("weak criterion full credit rate", weakCriterionFullCreditRate),
            ("critical failure rate", criticalFailureRate), ("N/A rate", notApplicableRate),
            ("section N/A rate", sectionNotApplicableRate), ("assessor noise", assessorNoise),
            ("severe critical fail rate", severeCriticalFailRate),
        ]
        for (name, value) in rates where !(value >= 0 && value <= 1) {
            found.append("\(name) must be between 0 and 1 (got \(value))")
        }
        let points: [(String, Double)] = [
            ("lenient points", lenientPoints), ("severe points", severePoints),
            ("drift final points", driftFinalPoints),
        ]
        for (name, value) in points where !(value >= 0 && value <= 100) {
            found.append("\(name) must be between 0 and 100 (got \(value))")
        }
        return found
    }
}

/// Which way an assessor's scores move away from the truth.
public enum DriftDirection: String, Hashable, Sendable, Codable, CaseIterable {
    /// Scores higher than what happened.
    case lenient
    /// Scores lower than what happened.
    case severe
}
