import QAModel

/// Which calls a draw may pick from: call metadata a QA lead filters on. Every field left nil (or false) lets
/// every call through. Stored with the run as JSON, so the draw can be repeated and audited.
public struct SamplingFilter: Sendable, Hashable, Codable {
    /// First and last call date, inclusive (the period the quota is for).
    public var from: CalendarDay
    public var to: CalendarDay
    public var team: String?
    public var queue: String?
    public var direction: String?
    /// Call duration bounds in seconds, inclusive; calls without a duration are left out when either is set.
    public var minDurationSeconds: Int?
    public var maxDurationSeconds: Int?
    /// Only calls nobody has evaluated officially yet.
    public var notEvaluated: Bool

    public init(from: CalendarDay, to: CalendarDay, team: String? = nil, queue: String? = nil, direction: String? = nil,
                minDurationSeconds: Int? = nil, maxDurationSeconds: Int? = nil, notEvaluated: Bool = false) {
        self.from = from
        self.to = to
        self.team = team
        self.queue = queue
        self.direction = direction
        self.minDurationSeconds = minDurationSeconds
        self.maxDurationSeconds = maxDurationSeconds
        self.notEvaluated = notEvaluated
    }

    /// Whether a call's metadata passes the filter: the same test as `SamplingStore.candidates`' SQL, which also
    /// leaves out calls already waiting in a queue (a test holds the two equal).
    public func admits(_ call: SamplingCandidate) -> Bool {
        guard let day = CalendarDay(String(call.callDate.prefix(10))), day >= from, day <= to else { return false }
        if let team, call.team != team { return false }
        if let queue, call.queue != queue { return false }
        if let direction, call.direction != direction { return false }
        if minDurationSeconds != nil || maxDurationSeconds != nil {
            guard let duration = call.durationSeconds else { return false }
            if let minDurationSeconds, duration < minDurationSeconds { return false }
            if let maxDurationSeconds, duration > maxDurationSeconds { return false }
        }
        if notEvaluated, call.evaluatedOfficially { return false }
        return true
    }

    /// A problem with the filter in words, or nil.
    public var problem: String? {
        if to < from { return "the last day (\(to)) is before the first (\(from))" }
        if let minDurationSeconds, minDurationSeconds < 0 { return "the shortest duration cannot be negative" }
        if let minDurationSeconds, let maxDurationSeconds, maxDurationSeconds < minDurationSeconds {
            return "the longest duration (\(maxDurationSeconds) s) is shorter than the shortest (\(minDurationSeconds) s)"
        }
        return nil
    }
}

/// How many calls to draw from each agent's calls in the period.
public enum SamplingQuota: Sendable, Hashable, Codable {
    /// N calls per agent (all of them when the agent has fewer).
    case perAgent(Int)
    /// A share of each agent's calls, in percent, but at least `minimum` (all when the agent has fewer).
    case share(percent: Double, minimum: Int)

    /// How many of `available` calls to draw.
    public func count(available: Int) -> Int {
        switch self {
        case .perAgent(let n):
            return max(0, min(n, available))
        case .share(let percent, let minimum):
            // Rounded up: a share of a few calls still draws one; a hair of floating error does not add a call.
            let share = Int((percent / 100 * Double(available) - 1e-9).rounded(.up))
            return max(0, min(available, max(minimum, share)))
        }
    }

    /// The quota in words ("5 calls per agent", "10% of each agent's calls, at least 3").
    public var description: String {
        switch self {
        case .perAgent(let n): return "\(n) call\(n == 1 ? "" : "s") per agent"
        case .share(let percent, let minimum):
            return "\(formatShare(percent))% of each agent's calls, at least \(minimum)"
        }
    }

    /// A problem with the quota in words, or nil.
    public var problem: String? {
        switch self {
        case .perAgent(let n): return n < 1 ? "the number of calls per agent must be at least 1" : nil
        case .share(let percent, let minimum):
            if !(percent > 0 && percent <= 100) { return "the share must be more than 0 and at most 100 percent" }
            if minimum < 0 { return "the minimum per agent cannot be negative" }
            return nil
        }
    }
}

func formatShare(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
}

/// When the drawn calls are due: on a day, or a number of days after the draw.
public enum SamplingDue: Sendable, Hashable, Codable {
    case on(CalendarDay)
    case daysAfterDraw(Int)

    /// The due day for a draw made on `drawDay`.
    public func day(drawnOn drawDay: CalendarDay) -> CalendarDay {
        switch self {
        case .on(let day): return day
        case .daysAfterDraw(let days): return drawDay.adding(days: days)
        }
    }
}

/// The precision a QA lead asks of each agent's sample, at 95 % confidence: ± points on the agent's mean score
/// and ± percentage points on the agent's pass rate.
public struct SamplingPrecision: Sendable, Hashable, Codable {
    public var meanScorePoints: Double
    public var passRatePoints: Double

    public init(meanScorePoints: Double = 5, passRatePoints: Double = 10) {
        self.meanScorePoints = meanScorePoints
        self.passRatePoints = passRatePoints
    }
}

/// A QA lead's sampling policy: how many calls per agent, from which calls, scored with which template version
/// by which assessors, due when, and the precision asked for. Stored with the run as JSON.
public struct SamplingPolicy: Sendable, Hashable, Codable {
    public var quota: SamplingQuota
    /// The template version to score with (its row id, and its id and version for people reading the record).
    public var templateRowID: Int64
    public var scorecardID: String
    public var scorecardVersion: String
    /// The assessors, by account username or person id, in the order given (ties in the spread go in this order).
    public var assessors: [String]
    public var due: SamplingDue?
    public var precision: SamplingPrecision

    public init(quota: SamplingQuota, templateRowID: Int64, scorecardID: String, scorecardVersion: String,
                assessors: [String], due: SamplingDue?, precision: SamplingPrecision = SamplingPrecision()) {
        self.quota = quota
        self.templateRowID = templateRowID
        self.scorecardID = scorecardID
        self.scorecardVersion = scorecardVersion
        self.assessors = assessors
        self.due = due
        self.precision = precision
    }
}

/// A call a draw may pick: its key, agent and the metadata the filter reads.
public struct SamplingCandidate: Sendable, Hashable {
    public var callKey: String
    /// The agent's `people.id` and id in the data.
    public var agentID: Int64
    public var agentKey: String
    public var team: String?
    public var callDate: String
    public var queue: String?
    public var direction: String?
    public var durationSeconds: Int?
    public var evaluatedOfficially: Bool

    public init(callKey: String, agentID: Int64, agentKey: String, team: String? = nil, callDate: String,
                queue: String? = nil, direction: String? = nil, durationSeconds: Int? = nil,
                evaluatedOfficially: Bool = false) {
        self.callKey = callKey
        self.agentID = agentID
        self.agentKey = agentKey
        self.team = team
        self.callDate = callDate
        self.queue = queue
        self.direction = direction
        self.durationSeconds = durationSeconds
        self.evaluatedOfficially = evaluatedOfficially
    }
}

/// An assessor a draw spreads calls over: their `people.id` and the name they were given by.
public struct SamplingAssessor: Sendable, Hashable {
    public var personID: Int64
    public var name: String

    public init(personID: Int64, name: String) {
        self.personID = personID
        self.name = name
    }
}
