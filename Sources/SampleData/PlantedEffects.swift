import JSON
import QAModel

/// What a sample data set was built to contain — the answer key that calibration, drift and coaching
/// checks must recover (written as `planted.json` by `qa sample`).
public struct PlantedEffects: Hashable, Sendable, Codable {
    /// One weekly calibration session: the calls every assessor scored.
    public struct CalibrationSession: Hashable, Sendable, Codable {
        /// 1-based week of the period.
        public var week: Int
        /// Monday of that week (written `YYYY-MM-DD`).
        public var weekStart: CalendarDay
        public var callIDs: [String]
    }

    public var seed: UInt64
    public var scorecardID: String
    public var scorecardVersion: String
    /// The expert reference assessor, who scores what actually happened.
    public var expertAssessorID: String
    public var lenientAssessorID: String
    /// Expected average points above the truth on the total (0–100), from the template's weights.
    public var lenientExpectedPoints: Double
    public var severeAssessorID: String
    /// Expected average points below the truth on the total (0–100), as a positive number.
    public var severeExpectedPoints: Double
    public var driftingAssessorID: String
    public var driftDirection: DriftDirection
    /// 1-based week from which the drifting assessor drifts.
    public var driftStartWeek: Int
    /// Monday of the drift start week (written `YYYY-MM-DD`); the drifter is accurate on calls before it.
    public var driftStartDate: CalendarDay
    /// Expected points off the truth in the last week (growing linearly from 0 at the drift start).
    public var driftFinalExpectedPoints: Double
    /// Assessors with no planted bias (only ordinary noise), the expert excluded.
    public var ordinaryAssessorIDs: [String]
    /// Agent id → the criterion that agent is planted to be weak on.
    public var weakCriterionByAgent: [String: String]
    /// Agent id → team id.
    public var teamByAgent: [String: String]
    public var calibrationSessions: [CalibrationSession]

    /// The effects as pretty-printed JSON with sorted keys (stable byte for byte), without a final newline.
    public func json() throws -> String {
        try JSONValueEncoder(sortedKeys: true).text(self, style: .pretty)
    }
}
