import QAModel

/// The settings of a drift analysis; every default is documented in `docs/calibration.md`.
public struct DriftOptions: Hashable, Sendable, Codable {
    public var reference: String
    /// Only calls on or after this date (`YYYY-MM-DD`) count.
    public var since: String?
    public var period: DriftPeriod
    /// EWMA smoothing weight λ (0 < λ ≤ 1) and limit width L (in standard errors).
    public var lambda: Double
    public var L: Double
    /// CUSUM reference value k and decision interval h, in σ units.
    public var k: Double
    public var h: Double
    /// Periods at the start of each assessor's series that set their baseline (mean and σ).
    public var baselinePeriods: Int
    /// Periods in each rolling agreement window.
    public var agreementWindow: Int
    /// Whether one chart crossing its limit flags an assessor, or both charts must (in the same period).
    public var signal: DriftSignalRule

    /// The default chart settings, tuned for a drift that starts small and grows (docs/calibration.md,
    /// *Tuning*): EWMA λ = 0.5, L = 3; CUSUM k = 0.75, h = 3; both charts must signal. With a known baseline
    /// the in-control average run length is about 575 periods (a false alarm in about 1% of 7-period series;
    /// `Benchmarks/drift-arl/arl.py`).
    public static let defaultLambda = 0.5
    public static let defaultL = 3.0
    public static let defaultK = 0.75
    public static let defaultH = 3.0

    public init(reference: CalibrationReference, since: String? = nil, period: DriftPeriod = .week,
                lambda: Double = defaultLambda, L: Double = defaultL, k: Double = defaultK, h: Double = defaultH,
                baselinePeriods: Int = 5,
                agreementWindow: Int = 4, signal: DriftSignalRule = .both) {
        self.reference = reference.description
        self.since = since
        self.period = period
        self.lambda = lambda
        self.L = L
        self.k = k
        self.h = h
        self.baselinePeriods = baselinePeriods
        self.agreementWindow = agreementWindow
        self.signal = signal
    }

    /// Problems with the settings, in plain words (empty when usable).
    public var problems: [String] {
        var found: [String] = []
        if !(lambda > 0 && lambda <= 1) { found.append("--lambda must be more than 0 and at most 1 (got \(lambda))") }
        if !(L > 0) { found.append("--L must be more than 0 (got \(L))") }
        if !(k >= 0) { found.append("--k must be 0 or more (got \(k))") }
        if !(h > 0) { found.append("--h must be more than 0 (got \(h))") }
        if baselinePeriods < 1 { found.append("--baseline-periods must be at least 1 (got \(baselinePeriods))") }
        if agreementWindow < 1 { found.append("the agreement window must be at least 1 period (got \(agreementWindow))") }
        if let since, CalendarDay(since) == nil { found.append("--since \"\(since)\" is not a date written YYYY-MM-DD") }
        return found
    }
}

/// Which chart signals flag an assessor for drift.
public enum DriftSignalRule: String, Hashable, Sendable, Codable, CaseIterable {
    /// The EWMA chart and the CUSUM are both beyond their limits in the same period (fewer false alarms).
    case both
    /// Either chart beyond its limit (earlier signals, more false alarms).
    case either
}

/// Each assessor's deviation from the reference over time, with EWMA and CUSUM charts, the baseline the
/// charts are measured from, rolling agreement per criterion, and the assessors flagged for drift.
public struct DriftReport: Sendable, Encodable {
    public var options: DriftOptions
    /// σ of one call's deviation (points), from the baseline, and how it was estimated.
    public var sigma: Double
    public var sigmaSource: String
    /// Period labels in time order, with the number of compared (assessor, call) pairs in each.
    public var periods: [PeriodCount]
    /// Assessors flagged for drift, earliest signal first.
    public var flags: [DriftFlag]
    public var assessors: [AssessorDrift]
    public var criterionAgreement: [CriterionAgreementSeries]
    public var notes: [String]
}

/// A period and how many comparisons fell in it.
public struct PeriodCount: Hashable, Sendable, Encodable {
    public var period: String
    public var comparisons: Int
}

/// An assessor whose chart crossed its limit: when, which way, and the figures.
public struct DriftFlag: Hashable, Sendable, Encodable {
    public var assessor: String
    /// The first period in which a chart signalled.
    public var period: String
    /// `lenient` (scores rose against the reference) or `severe`.
    public var direction: String
    /// The charts that signalled in that period: `EWMA`, `CUSUM`.
    public var charts: [String]
    public var reason: String
}

/// One assessor's series: baseline, then each period's mean deviation and chart values.
public struct AssessorDrift: Sendable, Encodable {
    public var assessor: String
    /// Mean deviation over the assessor's baseline periods: the chart's target (their usual lean).
    public var baselineMean: Double
    public var baselineCalls: Int
    /// Mean reference total of the baseline calls (the call score the baseline mean belongs to).
    public var baselineReferenceTotal: Double
    /// How the assessor's deviation changes with the reference total, in points of deviation per point of
    /// reference total, from the baseline calls (0 with fewer than `DriftAnalysis.minimumOwnCalls`). A lenient
    /// assessor gives more away on weaker calls (negative slope), a severe one takes more off stronger calls.
    public var caseMixSlope: Double
    /// σ of one call's deviation about the baseline (points): the assessor's own SD, pooled with the SD of
    /// all assessors in proportion to how many baseline calls they have.
    public var sigma: Double
    public var points: [DriftPoint]
    public var flag: DriftFlag?
}

/// One period of an assessor's series. Chart values are absent in the baseline periods.
public struct DriftPoint: Hashable, Sendable, Encodable {
    public var period: String
    public var calls: Int
    public var meanDeviation: Double
    /// Mean reference total of the period's calls.
    public var meanReferenceTotal: Double
    /// The deviation the baseline expects for calls scoring like these:
    /// baselineMean + caseMixSlope × (meanReferenceTotal − baselineReferenceTotal).
    public var expectedDeviation: Double
    /// (mean deviation − expected) / √(σ²/calls + the variance of the expected value).
    public var standardized: Double
    public var inBaseline: Bool
    public var ewma: Double?
    public var ewmaLimit: Double?
    public var cusumUpper: Double?
    public var cusumLower: Double?
}

/// Krippendorff's alpha for one criterion over a rolling window of periods.
public struct CriterionAgreementSeries: Sendable, Encodable {
    public var criterion: String
    public var level: CriterionAgreementLevel
    public var windows: [AgreementWindow]
}

/// Alpha over the calls of the periods ending at `period`.
public struct AgreementWindow: Hashable, Sendable, Encodable {
    public var period: String
    public var calls: Int
    public var alpha: Double?
}
