import QAModel
import Scoring

/// A coaching one-to-one as the follow-up needs it: whose, when, which criteria were discussed, and when to
/// look again. The workbench stores it; this is the plain value.
public struct CoachingSessionFacts: Hashable, Sendable {
    public var agentID: String
    public var heldOn: CalendarDay
    /// The criterion ids discussed (development areas of the agent's plan).
    public var areas: [String]
    public var followUpOn: CalendarDay

    public init(agentID: String, heldOn: CalendarDay, areas: [String], followUpOn: CalendarDay) {
        self.agentID = agentID
        self.heldOn = heldOn
        self.areas = areas
        self.followUpOn = followUpOn
    }
}

/// The rules of a follow-up (the defaults are the documented ones of `docs/coaching.md`).
public struct FollowUpRules: Hashable, Sendable {
    /// Evaluations needed on each side (before and after) before a difference is tested at all.
    public var minimumPerSide: Int
    /// The longest window compared on each side, in days.
    public var maximumWindowDays: Int
    /// The p-value under which a difference is called more than chance.
    public var significanceLevel: Double

    public init(minimumPerSide: Int = 10, maximumWindowDays: Int = 91, significanceLevel: Double = 0.05) {
        self.minimumPerSide = minimumPerSide
        self.maximumWindowDays = maximumWindowDays
        self.significanceLevel = significanceLevel
    }
}

/// What a follow-up concludes about one coached criterion.
public enum FollowUpVerdict: String, Hashable, Sendable {
    /// Fewer than the minimum evaluations on one side (or both): no test is made.
    case tooLittleEvidence
    /// Better after the session, and more than chance at this sample size.
    case improved
    /// Worse after the session, and more than chance.
    case worse
    /// A difference no bigger than chance would often give.
    case noClearChange
    /// The criterion is not in any evaluation of the windows' templates.
    case notScored
}

/// How a criterion's results are measured and tested.
public enum FollowUpMeasure: String, Hashable, Sendable {
    /// A yes/no criterion: the share of evaluations with full credit, tested with Fisher's exact test.
    case fullCreditRate
    /// A graded criterion (scale, choice, points, …): the mean share of its points earned, tested with Welch's t-test.
    case meanEarned
}

/// One side (before or after) of a coached criterion.
public struct FollowUpSide: Hashable, Sendable {
    /// Evaluations where the criterion applied.
    public var evaluations: Int
    /// The full-credit rate or mean earned share (0–1); nil with no evaluations.
    public var value: Double?
}

/// A coached criterion before and after the session.
public struct CriterionFollowUp: Hashable, Sendable {
    public var criterionID: String
    public var prompt: String
    public var measure: FollowUpMeasure
    public var before: FollowUpSide
    public var after: FollowUpSide
    /// The test's two-sided p-value; nil when no test was made.
    public var pValue: Double?
    public var verdict: FollowUpVerdict
}

/// The follow-up of a one-to-one: the coached criteria on official evaluations after the session against the
/// same length of time before it, and the KPIs for the same periods.
public struct SessionFollowUp: Hashable, Sendable {
    /// The days compared: before the session and after it (the session day itself is in neither).
    public var before: DayRange
    public var after: DayRange
    public var criteria: [CriterionFollowUp]
    /// KPIs of the agent's calls in each window (nil when the workspace has no calls for them).
    public var kpisBefore: KPIFigures?
    public var kpisAfter: KPIFigures?
    /// Evaluations in the windows left out because their call day is in an exclusion window.
    public var evaluationsExcluded: Int
    public var exclusions: [ExclusionWindow]
    public var rules: FollowUpRules
}

/// Computes follow-ups (pure: no I/O).
public enum FollowUpCalculator {
    /// The windows compared when the follow-up is made on `today`: after = the day after the session up to
    /// today (at most `maximumWindowDays`), before = the same number of days up to the day before the session.
    /// Nil when today is not after the session day.
    public static func windows(heldOn: CalendarDay, today: CalendarDay, rules: FollowUpRules = FollowUpRules())
        -> (before: DayRange, after: DayRange)? {
        let length = min(today.daysSinceEpoch - heldOn.daysSinceEpoch, rules.maximumWindowDays)
        guard length >= 1 else { return nil }
        return (DayRange(from: heldOn.adding(days: -length), to: heldOn.adding(days: -1)),
                DayRange(from: heldOn.adding(days: 1), to: heldOn.adding(days: length)))
    }

    /// The follow-up of `session` on `today` from the agent's scored official evaluations (others are ignored;
    /// each scored with the template version it was made with) and, if any, the calls' KPIs. `scorecard` (the
    /// newest template) gives the criteria's wording and kind. Nil when today is not after the session day.
    public static func followUp(
        _ session: CoachingSessionFacts, evaluations: [ScoredEvaluation], scorecard: Scorecard, kpis: KPITable?,
        exclusions: [ExclusionWindow], today: CalendarDay, rules: FollowUpRules = FollowUpRules()
    ) -> SessionFollowUp? {
        guard let (before, after) = windows(heldOn: session.heldOn, today: today, rules: rules) else { return nil }
        func excluded(_ day: CalendarDay) -> Bool { exclusions.contains { $0.contains(day) } }
        var beforeSet: [ScoredEvaluation] = []
        var afterSet: [ScoredEvaluation] = []
        var left = 0
        for item in evaluations
        where item.evaluation.agentID == session.agentID && item.evaluation.purpose == .official {
            let day = item.evaluation.callDate
            let side: Int = before.contains(day) ? 0 : after.contains(day) ? 1 : -1
            guard side >= 0 else { continue }
            if excluded(day) {
                left += 1
                continue
            }
            if side == 0 { beforeSet.append(item) } else { afterSet.append(item) }
        }
        let criteria = session.areas.map { id -> CriterionFollowUp in
            let criterion = scorecard.criteria.first { $0.id == id }
            let measure: FollowUpMeasure
            if case .yesNo? = criterion?.answerType { measure = .fullCreditRate } else { measure = .meanEarned }
            func values(_ set: [ScoredEvaluation]) -> [Double] {
                set.compactMap { item in
                    guard let score = item.score.criteria.first(where: { $0.id == id }), score.applicable,
                          let earned = score.earned else { return nil }
                    let share = min(1, max(0, earned))
                    return measure == .fullCreditRate ? (share >= 1 - 1e-9 ? 1 : 0) : share
                }
            }
            let x = values(beforeSet), y = values(afterSet)
            func side(_ v: [Double]) -> FollowUpSide {
                FollowUpSide(evaluations: v.count, value: v.isEmpty ? nil : v.reduce(0, +) / Double(v.count))
            }
            var p: Double?
            let verdict: FollowUpVerdict
            if criterion == nil && x.isEmpty && y.isEmpty {
                verdict = .notScored
            } else if x.count < rules.minimumPerSide || y.count < rules.minimumPerSide {
                verdict = .tooLittleEvidence
            } else {
                switch measure {
                case .fullCreditRate:
                    let a = x.filter { $0 == 1 }.count, c = y.filter { $0 == 1 }.count
                    p = TwoSampleTests.fisherExact(a, x.count - a, c, y.count - c)
                case .meanEarned:
                    p = TwoSampleTests.welch(before: x, after: y)?.p
                }
                let difference = (side(y).value ?? 0) - (side(x).value ?? 0)
                if let p, p < rules.significanceLevel, abs(difference) > 1e-12 {
                    verdict = difference > 0 ? .improved : .worse
                } else {
                    verdict = .noClearChange
                }
            }
            return CriterionFollowUp(criterionID: id, prompt: criterion?.prompt ?? id, measure: measure,
                                     before: side(x), after: side(y), pValue: p, verdict: verdict)
        }
        var kpisBefore: KPIFigures?
        var kpisAfter: KPIFigures?
        if let kpis {
            let own = kpis.calls.filter { $0.agentID == session.agentID }
            func figures(_ range: DayRange) -> KPIFigures? {
                let calls = own.filter { call in call.date.map { range.contains($0) && !excluded($0) } ?? false }
                guard !calls.isEmpty else { return nil }
                let fcr = calls.compactMap(\.firstContactResolution)
                return KPIFigures(
                    calls: calls.count, averageHandleTimeSeconds: Statistics.mean(calls.compactMap(\.handleTimeSeconds)),
                    firstContactResolutionRate: fcr.isEmpty ? nil : Double(fcr.filter { $0 }.count) / Double(fcr.count),
                    averageCSAT: Statistics.mean(calls.compactMap(\.csat)), other: [])
            }
            kpisBefore = figures(before)
            kpisAfter = figures(after)
        }
        return SessionFollowUp(before: before, after: after, criteria: criteria, kpisBefore: kpisBefore,
                               kpisAfter: kpisAfter, evaluationsExcluded: left,
                               exclusions: exclusions.filter { w in w.end >= before.from && w.start <= after.to },
                               rules: rules)
    }
}

/// The follow-up in plain words, one line each (the CLI prints them; the workbench shows them).
public enum FollowUpWording {
    /// Each coached criterion's sentence.
    public static func line(_ item: CriterionFollowUp, rules: FollowUpRules) -> String {
        func value(_ side: FollowUpSide) -> String {
            guard let v = side.value else { return "no result" }
            return "\(percent(v))" + (item.measure == .fullCreditRate ? " full credit" : " of its points")
        }
        func count(_ n: Int) -> String { "\(n) evaluation\(n == 1 ? "" : "s")" }
        let figures = "before: \(value(item.before)) over \(count(item.before.evaluations)); "
            + "after: \(value(item.after)) over \(count(item.after.evaluations))"
        let test = item.measure == .fullCreditRate ? "Fisher's exact test" : "Welch's t-test"
        let p = item.pValue.map { "p = \(pText($0)), \(test)" } ?? ""
        let verdict: String
        switch item.verdict {
        case .tooLittleEvidence:
            verdict = "too little evidence yet (each side needs at least \(rules.minimumPerSide) evaluations)"
        case .improved: verdict = "better after the one-to-one, more than chance (\(p))"
        case .worse: verdict = "worse after the one-to-one, more than chance (\(p))"
        case .noClearChange: verdict = "no clear change: a difference this size could be chance (\(p))"
        case .notScored: verdict = "not scored in these periods"
        }
        return "\(item.prompt) [\(item.criterionID)]: \(figures) — \(verdict)."
    }

    /// The KPI sentence for the two windows, or nil without KPIs.
    public static func kpiLine(_ followUp: SessionFollowUp) -> String? {
        guard followUp.kpisBefore != nil || followUp.kpisAfter != nil else { return nil }
        func text(_ k: KPIFigures?) -> String {
            guard let k else { return "no calls" }
            var parts = ["\(k.calls) call\(k.calls == 1 ? "" : "s")"]
            if let aht = k.averageHandleTimeSeconds { parts.append("handle time \(Int(aht.rounded())) s") }
            if let fcr = k.firstContactResolutionRate { parts.append("first-contact resolution \(percent(fcr))") }
            if let csat = k.averageCSAT { parts.append("CSAT \(formatNumber((csat * 100).rounded() / 100))") }
            return parts.joined(separator: ", ")
        }
        return "Calls (KPIs): before: \(text(followUp.kpisBefore)); after: \(text(followUp.kpisAfter))."
    }

    /// The windows compared, in words.
    public static func windowsLine(_ followUp: SessionFollowUp) -> String {
        var text = "Compared: \(followUp.before.from) to \(followUp.before.to) (before) with \(followUp.after.from) "
            + "to \(followUp.after.to) (after), \(followUp.after.length) days each, official evaluations only"
        if followUp.evaluationsExcluded > 0 {
            text += "; \(followUp.evaluationsExcluded) evaluation\(followUp.evaluationsExcluded == 1 ? "" : "s") "
                + "in exclusion windows left out"
        }
        return text + "."
    }

    static func percent(_ v: Double) -> String { "\(Int((v * 100).rounded()))%" }

    /// A p-value as the follow-up writes it (`0.012`, `< 0.001`).
    public static func pValueText(_ p: Double) -> String { pText(p) }

    static func pText(_ p: Double) -> String {
        if p < 0.001 { return "< 0.001" }
        return formatNumber((p * 1000).rounded() / 1000)
    }
}
