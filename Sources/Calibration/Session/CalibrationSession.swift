import Scoring

/// A calibration session: several assessors' scored evaluations of the same calls, measured against a
/// reference (an expert or the consensus). `analyze` produces the `CalibrationReport`.
public struct CalibrationSession: Sendable {
    public let plan: ScoringPlan
    public let reference: CalibrationReference
    /// Points within which a total counts as matching the reference (default 5).
    public let tolerance: Double

    /// Fewest calls before an assessor can be called lenient, severe or inconsistent.
    public static let minimumCallsForBias = 3
    /// Krippendorff's thresholds: below 0.667 no conclusions, below 0.8 only tentative ones.
    public static let lowAlpha = 0.667
    public static let acceptableAlpha = 0.8
    /// At or above this share of answers matching the reference, a low alpha reflects answers that rarely
    /// vary rather than loose wording: the criterion is explained, not flagged.
    public static let highExactAgreement = 0.9
    /// Fewest calls answered by two or more assessors before a criterion's agreement is judged (flagged low or
    /// tentative): alpha from fewer swings by tenths with one answer.
    public static let minimumCallsForAgreement = 10

    public init(plan: ScoringPlan, reference: CalibrationReference, tolerance: Double = 5) {
        self.plan = plan
        self.reference = reference
        self.tolerance = tolerance
    }

    /// Analyses the evaluations; throws `CalibrationProblem` when there is nothing to calibrate (no call
    /// scored by two assessors, or the named reference scored none of them).
    public func analyze(_ evaluations: [ScoredEvaluation]) throws(CalibrationProblem) -> CalibrationReport {
        var (calls, notes) = CalibrationCall.group(evaluations)
        guard !calls.isEmpty else {
            throw CalibrationProblem(message:
                "no calibration calls: no call was scored by two or more assessors (\(evaluations.count) evaluations read); "
                + "a calibration session needs the same calls scored by several assessors")
        }
        if case .assessor(let expert) = reference {
            let withExpert = calls.filter { $0.evaluations.contains { $0.evaluation.assessorID == expert } }
            guard !withExpert.isEmpty else {
                let present = Set(calls.flatMap { $0.evaluations.map(\.evaluation.assessorID) }).sorted()
                throw CalibrationProblem(message:
                    "the reference assessor '\(expert)' scored none of the \(calls.count) calibration calls; "
                    + "assessors on those calls: \(present.joined(separator: ", ")); or use --reference consensus")
            }
            if withExpert.count < calls.count {
                notes.append("\(calls.count - withExpert.count) of \(calls.count) calls scored by several assessors were not scored by \(expert) and are left out")
            }
            calls = withExpert
        }
        let comparer = ReferenceComparer(plan: plan, reference: reference)
        let comparisons = calls.map(comparer.comparisons)
        let flat = comparisons.flatMap { $0 }

        let criteria = criterionResults(calls: calls, comparisons: flat)
        let assessors = assessorResults(flat)
        let callResults = calls.map(callResult)

        var flags: [CalibrationFlag] = []
        for a in assessors { flags += a.flagDetails }
        for c in criteria { flags += c.flags }
        flags.sort { ($0.kind, $0.subject) < ($1.kind, $1.subject) }
        let assessorIDs = Set(calls.flatMap { $0.evaluations.map(\.evaluation.assessorID) })
        let formedBy = flat.map(\.referenceAssessors)
        return CalibrationReport(
            reference: reference.description, referenceMethod: Self.method(reference),
            referenceAssessorsFewest: formedBy.min() ?? 0, referenceAssessorsMost: formedBy.max() ?? 0, tolerance: tolerance, calibrationCalls: calls.count,
            assessorCount: assessorIDs.count, flags: flags, assessors: assessors.map(\.result),
            criteria: criteria.map(\.result), calls: callResults, agenda: agenda(calls), notes: notes)
    }

    /// The assessor whose answers differed from the reference most often on a criterion, with the count
    /// (`assessor-3 (12 answers)`); `nil` with no differences.
    static func mostDifferent(_ differences: [AnswerDifference]) -> String? {
        var count: [String: Int] = [:]
        for d in differences { count[d.assessor, default: 0] += 1 }
        guard let top = count.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) else { return nil }
        return "\(top.key) (\(top.value) of \(differences.count) differing answers)"
    }

    /// The reference in plain words, for the report's header.
    static func method(_ reference: CalibrationReference) -> String {
        switch reference {
        case .assessor(let id):
            return "\(id)'s scores: every other assessor is compared with \(id) on the calls \(id) scored"
        case .consensus:
            return "the consensus of the other assessors on each call, never the assessor themself: the middle (median) "
                + "of their totals, the answer most of them gave on each question, and an auto-fail only when more than "
                + "half of them auto-failed the call"
        }
    }

    // MARK: - Assessors

    private func assessorResults(_ comparisons: [ReferenceComparison]) -> [(result: AssessorCalibration, flagDetails: [CalibrationFlag])] {
        var byAssessor: [String: [ReferenceComparison]] = [:]
        for c in comparisons { byAssessor[c.assessor, default: []].append(c) }
        return byAssessor.keys.sorted().map { id in
            let list = byAssessor[id] ?? []
            let deviations = list.map(\.deviation)
            let summary = DeviationSummary(deviations)
            let within = deviations.filter { abs($0) <= tolerance + 1e-9 }.count
            let missed = list.flatMap { c in c.missedCritical.map { CriticalDisagreement(callID: c.callID, criterion: $0) } }
            let extra = list.flatMap { c in c.extraCritical.map { CriticalDisagreement(callID: c.callID, criterion: $0) } }

            var differences: [CriterionDifference] = []
            for (i, criterion) in plan.criteria.enumerated() {
                var compared = 0, different = 0
                for c in list where i < c.answerKeys.count {
                    let mine = c.answerKeys[i]
                    let theirs = c.referenceKeys[i]
                    if mine.isEmpty && theirs == [""] { continue }
                    compared += 1
                    if !theirs.contains(mine) { different += 1 }
                }
                if different > 0 {
                    differences.append(CriterionDifference(criterion: criterion.id, differentCalls: different, comparedCalls: compared))
                }
            }
            differences.sort {
                let l = Double($0.differentCalls) / Double(max($0.comparedCalls, 1))
                let r = Double($1.differentCalls) / Double(max($1.comparedCalls, 1))
                return l != r ? l > r : $0.criterion < $1.criterion
            }

            var flags: [CalibrationFlag] = []
            let n = list.count
            let tol = formatPoints(tolerance, signed: false)
            if !missed.isEmpty {
                let items = missed.prefix(5).map { "\($0.criterion) on \($0.callID)" }.joined(separator: ", ")
                flags.append(CalibrationFlag(kind: .missedCritical, subject: id, reason:
                    "missed \(missed.count) critical fail\(missed.count == 1 ? "" : "s") the reference recorded: \(items)"
                    + (missed.count > 5 ? ", …" : "")))
            }
            if let s = summary, n >= Self.minimumCallsForBias, abs(s.mean) > tolerance, s.ciSide != 0,
               s.ciSide == (s.mean > 0 ? 1 : -1), let lo = s.ciLower, let hi = s.ciUpper {
                let direction = s.mean > 0 ? "above" : "below"
                flags.append(CalibrationFlag(kind: s.mean > 0 ? .lenient : .severe, subject: id, reason:
                    "\(formatPoints(s.mean)) points \(direction) the reference on average over \(n) calls "
                    + "(95% CI \(formatPoints(lo)) to \(formatPoints(hi))); \(within) of \(n) within ±\(tol)"))
            } else if n >= Self.minimumCallsForBias, 2 * within < n, let s = summary {
                flags.append(CalibrationFlag(kind: .inconsistent, subject: id, reason:
                    "only \(within) of \(n) calls within ±\(tol) of the reference although the average is "
                    + "\(formatPoints(s.mean)) points; mean absolute difference \(formatPoints(s.meanAbsolute, signed: false)) points"))
            }
            let result = AssessorCalibration(
                assessor: id, calls: n, meanDeviation: summary?.mean, ci95Lower: summary?.ciLower,
                ci95Upper: summary?.ciUpper, standardDeviation: summary?.standardDeviation,
                meanAbsoluteDeviation: summary?.meanAbsolute, withinTolerance: within,
                withinToleranceShare: n > 0 ? Double(within) / Double(n) : nil,
                missedCriticals: missed, extraCriticals: extra, mostDifferentCriteria: Array(differences.prefix(5)),
                deviations: list.map { CallDeviation(callID: $0.callID, total: $0.total, referenceTotal: $0.referenceTotal, deviation: $0.deviation,
                                                 referenceAssessors: $0.referenceAssessors) },
                flags: flags.map(\.kind))
            return (result, flags)
        }
    }

    // MARK: - Criteria

    private func criterionResults(calls: [CalibrationCall], comparisons: [ReferenceComparison])
        -> [(result: CriterionCalibration, flags: [CalibrationFlag])] {
        plan.criteria.enumerated().compactMap { i, criterion in
            guard criterion.scored else { return nil }
            let level = CriterionValues.level(criterion.answerType)
            let units: [[Double]] = calls.map { call in
                call.evaluations.compactMap { scored in
                    i < scored.score.criteria.count ? CriterionValues.value(criterion, scored.score.criteria[i]) : nil
                }
            }
            let outcome = CriterionAlpha.compute(units: units, level: level)
            var agreed = 0, compared = 0
            var differences: [AnswerDifference] = []
            for c in comparisons where i < c.answerKeys.count {
                let mine = c.answerKeys[i]
                let theirs = c.referenceKeys[i]
                if mine.isEmpty && theirs == [""] { continue }
                compared += 1
                if theirs.contains(mine) {
                    agreed += 1
                } else {
                    differences.append(AnswerDifference(
                        callID: c.callID, assessor: c.assessor, answer: mine.isEmpty ? "not asked" : mine,
                        referenceAnswer: ReferenceComparer.display(theirs)))
                }
            }
            let exact = compared > 0 ? Double(agreed) / Double(compared) : nil
            var alpha: Double? = nil
            var note: String? = nil
            var verdict = "undefined"
            var flags: [CalibrationFlag] = []
            let callsWithPairs = units.filter { $0.count >= 2 }.count
            switch outcome {
            case .value(let a):
                alpha = a
                let exactText = exact.map { "; \(formatPercent($0)) of answers match the reference (\(agreed) of \(compared))" } ?? ""
                let paradox = (exact ?? 0) >= Self.highExactAgreement
                if a >= Self.acceptableAlpha {
                    verdict = "acceptable"
                } else if callsWithPairs < Self.minimumCallsForAgreement {
                    // Alpha from a handful of calls swings widely: one different answer can move it by 0.3.
                    verdict = "too few calls"
                    note = "alpha \(formatAlpha(a)) over \(callsWithPairs) call\(callsWithPairs == 1 ? "" : "s") is too few to judge "
                        + "agreement (at least \(Self.minimumCallsForAgreement) are needed); not flagged"
                } else if paradox {
                    // Alpha measures agreement beyond chance: when nearly every call gets the same answer there is
                    // little variation to agree on, and a handful of differences pull alpha down. Explain it rather
                    // than send the QA lead to reword a criterion most assessors already answer alike.
                    verdict = "rarely varies"
                    note = "alpha \(formatAlpha(a)) over \(callsWithPairs) calls is low only because most calls get the same answer"
                        + "\(exactText): a few differences weigh heavily; discuss the \(differences.count) answer"
                        + "\(differences.count == 1 ? "" : "s") that differ from the reference, the wording is not the problem; not flagged"
                } else if let range = CriterionAlpha.interval(units: units, level: level), range.upper < Self.acceptableAlpha {
                    // The evidence says agreement is not acceptable: even the top of its 95% interval is below 0.8.
                    let evidence = "alpha \(formatAlpha(a)) over \(callsWithPairs) calls (95% interval \(formatAlpha(range.lower)) to "
                        + "\(formatAlpha(range.upper)))"
                    let who = Self.mostDifferent(differences).map { "; most differences: \($0)" } ?? ""
                    if a < Self.lowAlpha {
                        verdict = "low"
                        flags.append(CalibrationFlag(kind: .lowAgreement, subject: criterion.id, reason:
                            "\(evidence) is below 0.667, too low to rely on\(exactText)\(who); a candidate for rewording or clearer guidance"))
                    } else {
                        verdict = "tentative"
                        flags.append(CalibrationFlag(kind: .tentativeAgreement, subject: criterion.id, reason:
                            "\(evidence) is below 0.8, good enough only for tentative conclusions\(exactText)\(who); consider clearer guidance"))
                    }
                } else {
                    verdict = "uncertain"
                    let range = CriterionAlpha.interval(units: units, level: level)
                    note = "alpha \(formatAlpha(a)) over \(callsWithPairs) calls"
                        + (range.map { " (95% interval \(formatAlpha($0.lower)) to \(formatAlpha($0.upper)))" } ?? "")
                        + " may still be acceptable: the calls so far cannot tell; not flagged"
                }
            case .undefined(let why):
                note = "alpha is undefined: \(why)"
            }
            let result = CriterionCalibration(
                criterion: criterion.id, answerType: criterion.answerType.kindName, level: level, calls: callsWithPairs,
                alpha: alpha, alphaNote: note, exactAgreement: exact, agreedPairs: agreed, comparedPairs: compared,
                differences: differences, agreement: verdict)
            return (result, flags)
        }
    }

    // MARK: - Calls

    /// The calls on which the assessors answered at least one question differently, ordered by how far apart
    /// their totals were, then by how many questions split the room, then by date.
    private func agenda(_ calls: [CalibrationCall]) -> [AgendaCall] {
        let items: [(AgendaCall, Int)] = calls.compactMap { call in
            var questions: [AgendaQuestion] = []
            for (i, criterion) in plan.criteria.enumerated() {
                var answers: [AssessorAnswer] = []
                var tally: [String: Int] = [:]
                for scored in call.evaluations where i < scored.score.criteria.count {
                    let key = ReferenceComparer.key(scored.score.criteria[i].answer)
                    let shown = key.isEmpty ? "not asked" : key
                    tally[shown, default: 0] += 1
                    answers.append(AssessorAnswer(assessor: scored.evaluation.assessorID, answer: shown,
                                                  comment: scored.evaluation.comments[criterion.id]))
                }
                guard tally.count > 1 else { continue }
                questions.append(AgendaQuestion(
                    criterion: criterion.id, question: criterion.prompt,
                    referenceAnswer: referenceAnswer(answers, tally: tally), answers: answers))
            }
            guard !questions.isEmpty else { return nil }
            let totals = call.evaluations.map(\.score.total)
            let lo = totals.min() ?? 0, hi = totals.max() ?? 0
            return (AgendaCall(callID: call.callID, callDate: call.callDate, lowestTotal: lo, highestTotal: hi,
                               range: hi - lo, questions: questions), questions.count)
        }
        return items.sorted { a, b in
            if a.0.range != b.0.range { return a.0.range > b.0.range }
            if a.1 != b.1 { return a.1 > b.1 }
            return (a.0.callDate, a.0.callID) < (b.0.callDate, b.0.callID)
        }.map(\.0)
    }

    /// The expert's answer, or for the consensus the answer most assessors on the call gave (tied answers
    /// joined with `or`).
    private func referenceAnswer(_ answers: [AssessorAnswer], tally: [String: Int]) -> String {
        if case .assessor(let expert) = reference {
            return answers.first { $0.assessor == expert }.map { "\($0.answer) (\(expert))" } ?? "—"
        }
        let top = tally.values.max() ?? 0
        let modal = tally.filter { $0.value == top }.keys.sorted()
        return modal.joined(separator: " or ") + " (\(top) of \(answers.count))"
    }

    private func callResult(_ call: CalibrationCall) -> CallCalibration {
        let totals = call.evaluations.map { AssessorTotal(assessor: $0.evaluation.assessorID, total: $0.score.total) }
        let values = totals.map(\.total)
        let lo = values.min() ?? 0
        let hi = values.max() ?? 0
        var split: [SplitCriterion] = []
        for (i, criterion) in plan.criteria.enumerated() {
            var groups: [String: [String]] = [:]
            for scored in call.evaluations where i < scored.score.criteria.count {
                let key = ReferenceComparer.key(scored.score.criteria[i].answer)
                groups[key.isEmpty ? "not asked" : key, default: []].append(scored.evaluation.assessorID)
            }
            if groups.count > 1 {
                let answers = groups.map { AnswerGroup(answer: $0.key, assessors: $0.value.sorted()) }
                    .sorted { ($0.assessors.count, $1.answer) > ($1.assessors.count, $0.answer) }
                split.append(SplitCriterion(criterion: criterion.id, answers: answers))
            }
        }
        return CallCalibration(
            callID: call.callID, callDate: call.callDate, totals: totals, minimum: lo, maximum: hi, range: hi - lo,
            standardDeviation: DeviationSummary(values)?.standardDeviation, splitCriteria: split)
    }
}

/// `+8.4`, `-3`, `0` — one decimal, a sign when asked.
func formatPoints(_ value: Double, signed: Bool = true) -> String {
    let rounded = (value * 10).rounded() / 10
    let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format1(rounded))
    if signed && rounded > 0 { return "+" + text }
    return text == "-0" ? "0" : text
}

func format1(_ value: Double) -> String {
    let tenths = Int((abs(value) * 10).rounded())
    return (value < 0 && tenths > 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
}

func formatAlpha(_ value: Double) -> String {
    let thousandths = Int((abs(value) * 1000).rounded())
    let frac = String(thousandths % 1000)
    return (value < 0 && thousandths > 0 ? "-" : "") + "\(thousandths / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
}

func formatPercent(_ share: Double) -> String {
    "\(Int((share * 100).rounded()))%"
}
