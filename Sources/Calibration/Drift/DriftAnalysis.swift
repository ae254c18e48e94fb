import Scoring

/// Tracks each assessor's deviation from the reference period by period and flags drift: a change from the
/// assessor's own baseline that an EWMA chart or a two-sided CUSUM detects. A steady lean present from the
/// start is not drift (it is what `CalibrationSession` reports).
public struct DriftAnalysis: Sendable {
    public let plan: ScoringPlan
    public let reference: CalibrationReference
    public let options: DriftOptions

    /// σ is never taken below this many points, so that a baseline in which everyone agreed exactly does not
    /// make every later difference look infinitely large.
    public static let minimumSigma = 0.5
    /// Baseline degrees of freedom from which an assessor's own within-period SD is used when it is larger
    /// than the pooled one (a noisy assessor is not flagged for their usual noise; a quiet one is not held
    /// to a tighter σ estimated from a few calls).
    public static let minimumOwnDegrees = 9

    public init(plan: ScoringPlan, reference: CalibrationReference, options: DriftOptions) {
        self.plan = plan
        self.reference = reference
        self.options = options
    }

    public func analyze(_ evaluations: [ScoredEvaluation]) throws(CalibrationProblem) -> DriftReport {
        let problems = options.problems
        guard problems.isEmpty else { throw CalibrationProblem(message: problems.joined(separator: "; ")) }
        var notes: [String] = []
        var kept = evaluations
        if let since = options.since.flatMap(CallDay.init) {
            kept = evaluations.filter { (CallDay($0.evaluation.callDate) ?? since) >= since }
        }
        var undated = 0
        kept = kept.filter { scored in
            if CallDay(scored.evaluation.callDate) == nil { undated += 1; return false }
            return true
        }
        if undated > 0 { notes.append("\(undated) evaluations have no readable call date and are left out") }
        let (grouped, groupNotes) = CalibrationCall.group(kept)
        notes += groupNotes
        let comparer = ReferenceComparer(plan: plan, reference: reference)
        let comparisons = grouped.flatMap(comparer.comparisons)
        guard !comparisons.isEmpty else {
            let what: String
            if case .assessor(let id) = reference {
                what = "no call was scored by both \(id) and another assessor"
            } else {
                what = "no call was scored by two or more assessors"
            }
            throw CalibrationProblem(message: "nothing to chart: \(what)"
                + (options.since.map { " on or after \($0)" } ?? "") + " (\(evaluations.count) evaluations read)")
        }

        // Periods.
        // Every kept evaluation has a readable date (checked above); 0 only guards the type.
        let days = comparisons.map { CallDay($0.callDate) ?? CallDay(day: 0) }
        let (labels, order) = PeriodAssigner(period: options.period).assign(days)
        var periodOfCall: [String: String] = [:]
        for (c, label) in zip(comparisons, labels) { periodOfCall[c.callID] = label }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })

        // Each assessor's deviations per period.
        var series: [String: [[Double]]] = [:]
        for (c, label) in zip(comparisons, labels) {
            guard let p = position[label] else { continue }
            if series[c.assessor] == nil { series[c.assessor] = Array(repeating: [], count: order.count) }
            series[c.assessor]?[p].append(c.deviation)
        }
        let assessorIDs = series.keys.sorted()

        // Baseline: each assessor's first N periods with calls. Two variance components, pooled across
        // assessors: σ² of one call about its period's mean (within), and τ² of period means beyond what σ²/n
        // explains (between: a session's calls are often alike, e.g. all from one team).
        var baselineEnd: [String: Int] = [:]  // index of first period after the baseline
        var baselineMean: [String: Double] = [:]
        var baselineCalls: [String: Int] = [:]
        var baselinePeriodCount: [String: Int] = [:]
        var own: [String: (within: Double?, between: Double?)] = [:]
        var withinSS = 0.0, withinDF = 0, betweenExcess = 0.0, betweenWeight = 0.0
        for id in assessorIDs {
            let periods = series[id] ?? []
            var cells: [[Double]] = []
            var end = periods.count
            for (p, list) in periods.enumerated() where !list.isEmpty {
                if cells.count == options.baselinePeriods { end = p; break }
                cells.append(list)
            }
            let c = VarianceComponents(cells)
            baselineEnd[id] = end
            baselineMean[id] = c.mean
            baselineCalls[id] = c.count
            baselinePeriodCount[id] = cells.count
            withinSS += c.withinSS
            withinDF += c.withinDF
            if let excess = c.betweenExcessTimesWeight {
                betweenExcess += excess.value
                betweenWeight += excess.weight
            }
            own[id] = (c.withinDF >= Self.minimumOwnDegrees ? c.withinVariance : nil, c.betweenVariance)
        }
        var sigma: Double
        var source: String
        if withinDF >= 2 {
            sigma = (withinSS / Double(withinDF)).squareRoot()
            source = "pooled within-assessor SD of per-call deviations about their period's mean, over each assessor's first \(options.baselinePeriods) periods (\(withinDF) degrees of freedom)"
        } else {
            // Fallback: the same pooled SD over every period.
            var ss = 0.0, df = 0
            for id in assessorIDs {
                let c = VarianceComponents((series[id] ?? []).filter { !$0.isEmpty })
                ss += c.withinSS
                df += c.withinDF
            }
            sigma = df > 0 ? (ss / Double(df)).squareRoot() : 0
            source = "too few baseline calls to estimate σ (\(withinDF) degrees of freedom); pooled within-assessor SD over all periods (\(df) degrees of freedom) used instead"
        }
        if !(sigma >= Self.minimumSigma) {
            source += "; raised to the minimum of \(formatPoints(Self.minimumSigma, signed: false)) points (the deviations barely varied)"
            sigma = Self.minimumSigma
        }
        let tauSquared = betweenWeight > 0 ? max(0, betweenExcess / betweenWeight) : 0
        source += "; between-period SD τ = \(formatPoints(tauSquared.squareRoot(), signed: false)) points; each assessor is charted with "
            + "the larger of the pooled and their own figures (own σ only with \(Self.minimumOwnDegrees) or more degrees of freedom)"

        // Charts.
        var results: [AssessorDrift] = []
        var flags: [DriftFlag] = []
        for id in assessorIDs {
            let periods = series[id] ?? []
            let mean0 = baselineMean[id] ?? 0
            let end = baselineEnd[id] ?? periods.count
            let sigmaSquared = own[id]?.within.map { max($0, Self.minimumSigma * Self.minimumSigma) } ?? sigma * sigma
            let tauA = max(own[id]?.between ?? 0, tauSquared)
            let n0 = Double(max(baselineCalls[id] ?? 0, 1))
            let p0 = Double(max(baselinePeriodCount[id] ?? 0, 1))
            // The baseline mean is itself an estimate; its variance σ²/n₀ + τ²/P₀ adds to that of each difference.
            let baselineVariance = sigmaSquared / n0 + tauA / p0
            var points: [DriftPoint] = []
            var monitored: [Int] = []  // indices into points
            var z: [Double] = []
            for (p, list) in periods.enumerated() where !list.isEmpty {
                let n = Double(list.count)
                let m = list.reduce(0, +) / n
                let standardized = (m - mean0) / (sigmaSquared / n + tauA + baselineVariance).squareRoot()
                points.append(DriftPoint(period: order[p], calls: list.count, meanDeviation: m, standardized: standardized,
                                         inBaseline: p < end))
                if p >= end {
                    monitored.append(points.count - 1)
                    z.append(standardized)
                }
            }
            let ewma = ControlCharts.ewma(z, lambda: options.lambda, L: options.L)
            let cusum = ControlCharts.cusum(z, k: options.k)
            var flag: DriftFlag? = nil
            for (t, i) in monitored.enumerated() {
                points[i].ewma = ewma[t].value
                points[i].ewmaLimit = ewma[t].limit
                points[i].cusumUpper = cusum[t].upper
                points[i].cusumLower = cusum[t].lower
                guard flag == nil else { continue }
                var charts: [String] = []
                var up = false
                if abs(ewma[t].value) > ewma[t].limit {
                    charts.append("EWMA")
                    up = ewma[t].value > 0
                }
                if cusum[t].upper > options.h || cusum[t].lower > options.h {
                    charts.append("CUSUM")
                    up = charts.count == 1 ? cusum[t].upper > options.h : up
                }
                if !charts.isEmpty {
                    let direction = up ? "lenient" : "severe"
                    let afterBaseline = t + 1
                    let window = monitored[max(0, t - 2)...t].map { points[$0] }
                    let recentCalls = window.reduce(0) { $0 + $1.calls }
                    let recentMean = window.reduce(0.0) { $0 + $1.meanDeviation * Double($1.calls) } / Double(max(recentCalls, 1))
                    let chartText = charts.count == 2 ? "the EWMA and CUSUM charts" : "the \(charts[0]) chart"
                    let reason = "\(chartText) crossed the \(up ? "upper" : "lower") limit in \(order.isEmpty ? "" : points[i].period) "
                        + "(\(afterBaseline) period\(afterBaseline == 1 ? "" : "s") after the baseline): now \(direction)r than usual — "
                        + "\(formatPoints(recentMean)) points against the reference over the last \(window.count) period\(window.count == 1 ? "" : "s") "
                        + "(\(recentCalls) calls), baseline \(formatPoints(mean0)) over \(baselineCalls[id] ?? 0) calls"
                    flag = DriftFlag(assessor: id, period: points[i].period, direction: direction, charts: charts, reason: reason)
                }
            }
            if let flag { flags.append(flag) }
            results.append(AssessorDrift(assessor: id, baselineMean: mean0, baselineCalls: baselineCalls[id] ?? 0,
                                         sigma: sigmaSquared.squareRoot(), tau: tauA.squareRoot(),
                                         points: points, flag: flag))
        }
        flags.sort { (position[$0.period] ?? 0, $0.assessor) < (position[$1.period] ?? 0, $1.assessor) }

        let agreement = rollingAgreement(grouped, order: order, periodOf: { periodOfCall[$0.callID] })
        let counts = order.map { label in PeriodCount(period: label, comparisons: labels.filter { $0 == label }.count) }
        return DriftReport(options: options, sigma: sigma, sigmaSource: source, periods: counts, flags: flags,
                           assessors: results, criterionAgreement: agreement, notes: notes)
    }

    /// Alpha per scored criterion over each window of `agreementWindow` periods ending at each period.
    private func rollingAgreement(_ calls: [CalibrationCall], order: [String],
                                  periodOf: (CalibrationCall) -> String?) -> [CriterionAgreementSeries] {
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        var callsByPeriod = [[CalibrationCall]](repeating: [], count: order.count)
        for call in calls {
            guard let label = periodOf(call), let p = position[label] else { continue }
            callsByPeriod[p].append(call)
        }
        return plan.criteria.enumerated().compactMap { i, criterion in
            guard criterion.scored else { return nil }
            let level = CriterionValues.level(criterion.answerType)
            var windows: [AgreementWindow] = []
            for p in order.indices {
                let from = max(0, p - options.agreementWindow + 1)
                let windowCalls = callsByPeriod[from...p].flatMap { $0 }
                let units: [[Double]] = windowCalls.map { call in
                    call.evaluations.compactMap { scored in
                        i < scored.score.criteria.count ? CriterionValues.value(criterion, scored.score.criteria[i]) : nil
                    }
                }
                var alpha: Double? = nil
                if case .value(let a) = CriterionAlpha.compute(units: units, level: level) { alpha = a }
                windows.append(AgreementWindow(period: order[p], calls: windowCalls.count, alpha: alpha))
            }
            return CriterionAgreementSeries(criterion: criterion.id, level: level, windows: windows)
        }
    }
}

/// One-way variance components of deviations grouped by period: the within-period sum of squares and the
/// between-period variance of period means beyond σ²/n (ANOVA estimator, floored at 0).
struct VarianceComponents {
    var count: Int
    var mean: Double
    var withinSS: Double
    var withinDF: Int
    /// (MSB − MSW) × n₀-weight numerator and weight (P − 1)·n₀, for pooling τ² across assessors.
    var betweenExcessTimesWeight: (value: Double, weight: Double)?

    init(_ cells: [[Double]]) {
        let all = cells.flatMap { $0 }
        count = all.count
        mean = all.isEmpty ? 0 : all.reduce(0, +) / Double(all.count)
        var ssw = 0.0, ssb = 0.0, sumSquaresOfSizes = 0.0
        for cell in cells where !cell.isEmpty {
            let n = Double(cell.count)
            let m = cell.reduce(0, +) / n
            ssw += cell.reduce(0) { $0 + ($1 - m) * ($1 - m) }
            ssb += n * (m - mean) * (m - mean)
            sumSquaresOfSizes += n * n
        }
        withinSS = ssw
        withinDF = count - cells.filter { !$0.isEmpty }.count
        let periods = cells.filter { !$0.isEmpty }.count
        let n = Double(count)
        if periods >= 2, withinDF >= 1 {
            let msb = ssb / Double(periods - 1)
            let msw = ssw / Double(withinDF)
            let n0 = (n - sumSquaresOfSizes / n) / Double(periods - 1)
            betweenExcessTimesWeight = ((msb - msw) * Double(periods - 1), n0 * Double(periods - 1))
        } else {
            betweenExcessTimesWeight = nil
        }
    }

    var withinVariance: Double? { withinDF > 0 ? withinSS / Double(withinDF) : nil }

    var betweenVariance: Double? {
        guard let e = betweenExcessTimesWeight, e.weight > 0 else { return nil }
        return max(0, e.value / e.weight)
    }
}
