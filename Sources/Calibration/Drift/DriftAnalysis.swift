import QAModel

import Scoring

/// Tracks each assessor's deviation from the reference period by period and flags drift: a change from the
/// assessor's own baseline that the EWMA chart and the two-sided CUSUM detect. A steady lean present from the
/// start is not drift (it is what `CalibrationSession` reports).
///
/// Each assessor is charted against their own baseline (their first `baselinePeriods` periods): its mean
/// deviation, adjusted for how well the calls scored (a lenient assessor has more to give away on a weak call
/// than on a perfect one), and the SD of their per-call deviations about it. A period's mean deviation is
/// compared with what the baseline expects for calls like these and standardized by σ/√calls together with
/// the uncertainty of the baseline itself; the EWMA limits allow for that uncertainty being shared by every
/// period.
public struct DriftAnalysis: Sendable {
    public let plan: ScoringPlan
    public let reference: CalibrationReference
    public let options: DriftOptions

    /// σ is never taken below this many points, so that a baseline in which everyone agreed exactly does not
    /// make every later difference look infinitely large.
    public static let minimumSigma = 0.5
    /// Baseline calls from which an assessor's own figures are used: the case-mix slope is fitted, and their
    /// own SD counts (it is pooled with everyone's, weighted by degrees of freedom, below this it is everyone's).
    public static let minimumOwnCalls = 10
    /// Weight, in degrees of freedom, of the pooled SD in each assessor's σ: an assessor with few baseline
    /// calls is charted with something close to the pooled figure, one with many with their own.
    public static let pooledDegrees = 8.0

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
        if let since = options.since.flatMap(CalendarDay.init) {
            kept = evaluations.filter { $0.evaluation.callDate >= since }
        }
        let (grouped, groupNotes) = CalibrationCall.group(kept)
        notes += groupNotes
        // An auto-fail sets a total to 0 whatever the assessor's lean, so a comparison in which the assessor
        // or the reference auto-failed says nothing about drift in scoring (a missed or extra critical failure
        // is what qa calibrate reports first). Only those comparisons are left out: the other assessors on the
        // same call are still compared.
        let comparer = ReferenceComparer(plan: plan, reference: reference)
        let all = grouped.flatMap(comparer.comparisons)
        let comparisons = all.filter { !$0.autoFailed && !$0.referenceAutoFailed }
        if comparisons.count < all.count {
            let n = all.count - comparisons.count
            notes.append("\(n) of \(all.count) assessor–reference comparison\(all.count == 1 ? "" : "s") left out of the drift "
                + "charts because the assessor or the reference auto-failed the call (critical failure)")
        }
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
        let days = comparisons.map(\.callDate)
        let (labels, order) = PeriodAssigner(period: options.period).assign(days)
        var periodOfCall: [String: String] = [:]
        for (c, label) in zip(comparisons, labels) { periodOfCall[c.callID] = label }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })

        // Each assessor's (reference total, deviation) pairs per period.
        var series: [String: [[Pair]]] = [:]
        for (c, label) in zip(comparisons, labels) {
            guard let p = position[label] else { continue }
            if series[c.assessor] == nil { series[c.assessor] = Array(repeating: [], count: order.count) }
            series[c.assessor]?[p].append(Pair(reference: c.referenceTotal, deviation: c.deviation))
        }
        let assessorIDs = series.keys.sorted()

        // Baselines: each assessor's first N periods with calls.
        var baselines: [String: Baseline] = [:]
        var pooledSS = 0.0, pooledDF = 0
        for id in assessorIDs {
            let periods = series[id] ?? []
            var calls: [Pair] = []
            var used = 0
            var end = periods.count
            for (p, list) in periods.enumerated() where !list.isEmpty {
                if used == options.baselinePeriods { end = p; break }
                calls += list
                used += 1
            }
            let baseline = Baseline(calls, end: end, fitSlope: calls.count >= Self.minimumOwnCalls)
            baselines[id] = baseline
            pooledSS += baseline.residualSS
            pooledDF += baseline.residualDF
        }
        var sigma: Double
        var source: String
        if pooledDF >= 2 {
            sigma = (pooledSS / Double(pooledDF)).squareRoot()
            source = "pooled SD of per-call deviations about each assessor's baseline, over each assessor's first \(options.baselinePeriods) periods (\(pooledDF) degrees of freedom)"
        } else {
            // Fallback: the SD about each assessor's mean over every period.
            var ss = 0.0, df = 0
            for id in assessorIDs {
                let all = Baseline((series[id] ?? []).flatMap { $0 }, end: 0, fitSlope: false)
                ss += all.residualSS
                df += all.residualDF
            }
            sigma = df > 0 ? (ss / Double(df)).squareRoot() : 0
            source = "too few baseline calls to estimate σ (\(pooledDF) degrees of freedom); pooled SD over all periods (\(df) degrees of freedom) used instead"
        }
        if !(sigma >= Self.minimumSigma) {
            source += "; raised to the minimum of \(formatPoints(Self.minimumSigma, signed: false)) points (the deviations barely varied)"
            sigma = Self.minimumSigma
        }
        source += "; each assessor is charted with their own SD pooled with this one (weights: their degrees of freedom and \(Int(Self.pooledDegrees)))"

        // Charts.
        var results: [AssessorDrift] = []
        var flags: [DriftFlag] = []
        for id in assessorIDs {
            let periods = series[id] ?? []
            guard let base = baselines[id] else { continue }
            let ownDF = Double(base.residualDF)
            let variance = max((base.residualSS + Self.pooledDegrees * sigma * sigma) / (ownDF + Self.pooledDegrees),
                               Self.minimumSigma * Self.minimumSigma)
            let s = variance.squareRoot()
            var points: [DriftPoint] = []
            var monitored: [Int] = []  // indices into points
            var z: [Double] = []
            var ownShare: [Double] = []
            var loadings: [[Double]] = []
            for (p, list) in periods.enumerated() where !list.isEmpty {
                let n = Double(list.count)
                let m = list.reduce(0) { $0 + $1.deviation } / n
                let x = list.reduce(0) { $0 + $1.reference } / n
                let d = x - base.referenceMean
                let expected = base.mean + base.slope * d
                // The expected value's error: the baseline mean's (σ²/n₀) and, with a slope, the slope's (d²σ²/Sxx).
                let meanError = s / Double(max(base.count, 1)).squareRoot()
                let slopeError = base.fitted ? abs(d) * s / base.referenceSS.squareRoot() : 0
                let own = variance / n
                let scale = (own + meanError * meanError + slopeError * slopeError).squareRoot()
                let standardized = (m - expected) / scale
                points.append(DriftPoint(period: order[p], calls: list.count, meanDeviation: m, meanReferenceTotal: x,
                                         expectedDeviation: expected, standardized: standardized, inBaseline: p < base.end))
                if p >= base.end {
                    monitored.append(points.count - 1)
                    z.append(standardized)
                    ownShare.append(own / (scale * scale))
                    loadings.append([meanError / scale, (d < 0 ? -slopeError : slopeError) / scale])
                }
            }
            let ewma = ControlCharts.ewma(z, lambda: options.lambda, L: options.L, ownVariance: ownShare,
                                          sharedLoadings: loadings)
            let cusum = ControlCharts.cusum(z, k: options.k)
            var flag: DriftFlag? = nil
            for (t, i) in monitored.enumerated() {
                points[i].ewma = ewma[t].value
                points[i].ewmaLimit = ewma[t].limit
                points[i].cusumUpper = cusum[t].upper
                points[i].cusumLower = cusum[t].lower
                guard flag == nil else { continue }
                let ewmaSignal = abs(ewma[t].value) > ewma[t].limit
                let cusumSignal = cusum[t].upper > options.h || cusum[t].lower > options.h
                var charts: [String] = []
                var up = false
                switch options.signal {
                case .both:
                    guard ewmaSignal, cusumSignal else { continue }
                    let cusumUp = cusum[t].upper > options.h
                    // Both charts must point the same way; they always do unless the series swung sharply.
                    guard (ewma[t].value > 0) == cusumUp else { continue }
                    charts = ["EWMA", "CUSUM"]
                    up = cusumUp
                case .either:
                    if ewmaSignal {
                        charts.append("EWMA")
                        up = ewma[t].value > 0
                    }
                    if cusumSignal {
                        charts.append("CUSUM")
                        up = charts.count == 1 ? cusum[t].upper > options.h : up
                    }
                }
                guard !charts.isEmpty else { continue }
                let direction = up ? "lenient" : "severe"
                let afterBaseline = t + 1
                let window = monitored[max(0, t - 2)...t].map { points[$0] }
                let recentCalls = window.reduce(0) { $0 + $1.calls }
                let recentMean = window.reduce(0.0) { $0 + $1.meanDeviation * Double($1.calls) } / Double(max(recentCalls, 1))
                let recentExpected = window.reduce(0.0) { $0 + $1.expectedDeviation * Double($1.calls) } / Double(max(recentCalls, 1))
                let chartText = charts.count == 2 ? "the EWMA and CUSUM charts" : "the \(charts[0]) chart"
                let reason = "\(chartText) crossed the \(up ? "upper" : "lower") limit in \(points[i].period) "
                    + "(\(afterBaseline) period\(afterBaseline == 1 ? "" : "s") after the baseline): now more \(direction) than usual — "
                    + "\(formatPoints(recentMean)) points against the reference over the last \(window.count) period\(window.count == 1 ? "" : "s") "
                    + "(\(recentCalls) calls), where their baseline (\(formatPoints(base.mean)) over \(base.count) calls) "
                    + "expects \(formatPoints(recentExpected)) for calls scoring like these"
                flag = DriftFlag(assessor: id, period: points[i].period, direction: direction, charts: charts, reason: reason)
            }
            if let flag { flags.append(flag) }
            results.append(AssessorDrift(assessor: id, baselineMean: base.mean, baselineCalls: base.count,
                                         baselineReferenceTotal: base.referenceMean, caseMixSlope: base.slope,
                                         sigma: s, points: points, flag: flag))
        }
        flags.sort { (position[$0.period] ?? 0, $0.assessor) < (position[$1.period] ?? 0, $1.assessor) }
        let unmonitored = results.filter { a in !a.points.contains { !$0.inBaseline } }.map(\.assessor)
        if !unmonitored.isEmpty {
            notes.append("\(unmonitored.joined(separator: ", ")) \(unmonitored.count == 1 ? "has" : "have") no periods after "
                + "the baseline (their first \(options.baselinePeriods) periods with calls), so drift cannot be charted yet; "
                + "a shorter --baseline-periods charts sooner, with a less certain baseline")
        }

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

/// One call of an assessor's series: the reference total and the assessor's deviation from it.
struct Pair {
    var reference: Double
    var deviation: Double
}

/// An assessor's baseline: the mean deviation, and (with enough calls) the least-squares slope of the
/// deviation on the reference total, so that periods of stronger or weaker calls are compared fairly; the
/// residual sum of squares about that line and its degrees of freedom.
struct Baseline {
    /// Index of the first period after the baseline.
    var end: Int
    var count: Int
    var mean: Double
    var referenceMean: Double
    /// Σ (reference − referenceMean)².
    var referenceSS: Double
    var slope: Double
    var fitted: Bool
    var residualSS: Double
    var residualDF: Int

    init(_ calls: [Pair], end: Int, fitSlope: Bool) {
        self.end = end
        count = calls.count
        let n = Double(max(calls.count, 1))
        mean = calls.reduce(0) { $0 + $1.deviation } / n
        referenceMean = calls.reduce(0) { $0 + $1.reference } / n
        var sxx = 0.0, sxy = 0.0, syy = 0.0
        for c in calls {
            let dx = c.reference - referenceMean, dy = c.deviation - mean
            sxx += dx * dx
            sxy += dx * dy
            syy += dy * dy
        }
        referenceSS = sxx
        fitted = fitSlope && sxx > 1e-9
        slope = fitted ? sxy / sxx : 0
        residualSS = fitted ? max(0, syy - slope * sxy) : syy
        residualDF = max(0, calls.count - (fitted ? 2 : 1))
    }
}
