import QAModel

/// An independent, exact implementation of docs/scoring.md for the differential test. It reads only the
/// model (`Scorecard`, `Evaluation`) and works in `Fraction`; it does not call the Scoring module, its
/// `ExactNumber`, or QAModel's answer semantics. Where the docs leave a detail open, the choice made here is
/// stated beside it.
struct ReferenceScorer {
    /// How bonus credit is bounded in the pooled modes (points, scaled-points, question-only, section-only).
    enum BonusPooling {
        /// Earned points are pooled form-wide and only the total is capped at 100 (the kernel's reading).
        case formWide
        /// docs/scoring.md §7 read literally: "A section never scores above 100 … so bonus credit can make up
        /// for misses in its own section only" — each section's points are capped before they are pooled.
        case perSection
        /// docs/scoring.md as it stands: per section, except in `points` forms, whose bonus points are added to
        /// the form's total (§6, Example 14; Amazon Connect's points-based scoring).
        case documented
    }

    /// Whether a criterion accepts `na` when only its section has `na="allowed"` (docs/scorecard-format.md:
    /// "Every criterion also accepts `na` when `na="allowed"` on it or its section").
    var sectionAllowsCriterionNotApplicable = true
    var bonusPooling = BonusPooling.formWide
    /// Template numbers already read exactly (a cache: reading a decimal is the reference's costliest step).
    private let numbers = NumberCache()

    final class NumberCache {
        var values: [Double: Fraction] = [:]
        func callAsFunction(_ value: Double) -> Fraction {
            if let known = values[value] { return known }
            let exact = Fraction(value)
            values[value] = exact
            return exact
        }
    }

    struct Outcome {
        var problems: [String] = []
        var total = Fraction.zero
        var passed = false
        var autoFailed = false
        var bandID: String?
        /// By section, template order; `nil` when the section dropped out.
        var sectionScores: [Fraction?] = []
        var sectionThresholds: [String?] = []
        /// By criterion, template order: the criterion's score (fraction × 100) when it counts.
        var criterionScores: [Fraction?] = []
        var criterionThresholds: [String?] = []
        var isValid: Bool { problems.isEmpty }
    }

    private enum State {
        case inapplicable
        case notApplicable
        /// Answered (or defaulted): the earned points and whether the answer fails a critical rule.
        case answered(earned: Fraction, failing: Bool)
    }

    func score(_ card: Scorecard, _ evaluation: Evaluation) -> Outcome {
        var out = Outcome()
        let answers = evaluation.answers
        // Unknown keys and section marks.
        let criterionIDs = Set(card.sections.flatMap { $0.criteria.map(\.id) })
        for key in answers.keys where !criterionIDs.contains(key) {
            if key.hasPrefix("section:"), let section = card.sections.first(where: { "section:\($0.id)" == key }) {
                if answers[key] != .token("na") { out.problems.append("\(key): a section answer can only be na") }
                if !section.allowsNotApplicable { out.problems.append("\(key): section N/A not allowed") }
            } else {
                out.problems.append("\(key): unknown")
            }
        }
        // Decide every criterion in template order (the generators only make conditions that read earlier
        // criteria, so template order is a dependency order).
        var effective: [String: AnswerValue] = [:]
        var states: [[State]] = []
        for section in card.sections {
            let markedNA = answers["section:\(section.id)"] == .token("na") && section.allowsNotApplicable
            let sectionApplies = !markedNA && (section.condition.map { holds($0, effective) } ?? true)
            var sectionStates: [State] = []
            for c in section.criteria {
                let applies = sectionApplies && (c.condition.map { holds($0, effective) } ?? true)
                let raw = answers[c.id]
                guard applies else {
                    if let raw, raw != .token("na") { out.problems.append("\(c.id): answered but does not apply") }
                    sectionStates.append(.inapplicable)
                    continue
                }
                guard let raw else {
                    if section.defaultsToTop, let top = topAnswer(c.answerType) {
                        effective[c.id] = top
                        sectionStates.append(.answered(earned: possible(c.answerType), failing: false))
                    } else {
                        out.problems.append("\(c.id): no answer")
                        sectionStates.append(.inapplicable)
                    }
                    continue
                }
                if raw == .token("na") {
                    let allowed = c.allowsNotApplicable || (sectionAllowsCriterionNotApplicable && section.allowsNotApplicable)
                    if !allowed { out.problems.append("\(c.id): na not allowed") }
                    // A criterion answered N/A matches `na` in conditions, and nothing else.
                    if allowed { effective[c.id] = .token("na") }
                    sectionStates.append(.notApplicable)
                    continue
                }
                var value = raw
                if case .multiSelect = c.answerType, case .token(let t) = raw { value = .tokens([t]) }
                guard let earned = earnedPoints(c.answerType, value) else {
                    out.problems.append("\(c.id): invalid answer \(raw)")
                    sectionStates.append(.inapplicable)
                    continue
                }
                if let rule = c.commentRequired, matches(rule, value, c),
                   (evaluation.comments[c.id] ?? "").allSatisfy(\.isWhitespace) {
                    out.problems.append("\(c.id): comment required")
                }
                effective[c.id] = value
                sectionStates.append(.answered(earned: earned, failing: failing(c, value)))
            }
            states.append(sectionStates)
        }
        let anything = card.sections.indices.contains { s in
            card.sections[s].criteria.indices.contains { i in
                if case .answered = states[s][i] { return card.sections[s].criteria[i].scored }
                return false
            }
        }
        if !anything { out.problems.append("nothing applies") }
        guard out.isValid else { return out }

        // Critical failures.
        var zeroed = [Bool](repeating: false, count: card.sections.count)
        for (s, section) in card.sections.enumerated() {
            for (i, c) in section.criteria.enumerated() {
                guard case .answered(_, true) = states[s][i], let rule = c.critical else { continue }
                switch rule.scope {
                case .form: out.autoFailed = true
                case .section: zeroed[s] = true
                case .flag: break
                }
            }
        }

        // Per criterion: its weight in the mode (`w`), its numerator and denominator contributions.
        let mode = card.scoring
        let pointsBased = mode == .points || mode == .scaledPoints
        var sectionNum = [Fraction](repeating: .zero, count: card.sections.count)
        var sectionDen = sectionNum
        var deduction = Fraction.zero
        var bonusAdded = Fraction.zero
        for (s, section) in card.sections.enumerated() {
            let sectionWeight = section.weight.map(numbers.callAsFunction) ?? .one
            let questions = section.criteria.filter { $0.scored && !$0.bonus }.count
            for (i, c) in section.criteria.enumerated() {
                let top = possible(c.answerType)
                if c.scored, case .answered(let earned, _) = states[s][i], top > .zero {
                    out.criterionScores.append(.hundred * earned / top)
                } else {
                    out.criterionScores.append(nil)
                }
                guard c.scored, case .answered(let earned, _) = states[s][i] else { continue }
                let weight: Fraction
                switch mode {
                case .weighted, .deduction, .questionOnly, .points: weight = numbers(c.weight)
                case .scaledPoints: weight = sectionWeight * numbers(c.weight)
                // docs: "each question weighing its section weight / the section's number of scored questions"
                // (a bonus question gets the same per-question weight; the docs do not say otherwise).
                case .sectionOnly: weight = questions > 0 ? sectionWeight / Fraction(questions) : .zero
                }
                let fraction = zeroed[s] ? Fraction.zero : earned / top
                let num = pointsBased ? weight * (zeroed[s] ? .zero : earned) : weight * fraction
                let den = c.bonus ? Fraction.zero : (pointsBased ? weight * top : weight)
                sectionNum[s] = sectionNum[s] + num
                sectionDen[s] = sectionDen[s] + den
                if mode == .deduction {
                    // docs §5: subtract weight × (1 − fraction). A bonus-option answer worth more than full
                    // credit deducts nothing (the docs do not say it gives points back; the kernel does not).
                    if c.bonus {
                        bonusAdded = bonusAdded + num
                    } else {
                        deduction = deduction + weight * (.one - Fraction.min(.one, fraction))
                    }
                }
            }
        }
        // Section scores (docs §2 for weighted forms: the weighted mean of the applicable criteria's fractions,
        // never above 100; in the points-based modes the section's points over its possible points; deduction
        // forms report sections like weighted forms).
        var cappedFraction: [Fraction?] = []
        for s in card.sections.indices {
            if sectionDen[s] > .zero {
                let f = Fraction.min(.one, sectionNum[s] / sectionDen[s])
                cappedFraction.append(f)
                out.sectionScores.append(.hundred * f)
            } else {
                cappedFraction.append(nil)
                out.sectionScores.append(nil)
            }
        }
        var total = Fraction.zero
        switch mode {
        case .weighted:
            let declared = card.sections.contains { $0.weight != nil }
            var num = Fraction.zero, den = Fraction.zero
            for s in card.sections.indices {
                guard let f = cappedFraction[s] else { continue }
                let share = declared ? numbers(card.sections[s].weight ?? 0) : sectionDen[s]
                num = num + share * f
                den = den + share
            }
            total = den > .zero ? .hundred * num / den : .zero
        case .deduction:
            total = Fraction.min(.hundred, Fraction.max(.zero, numbers(card.deductionStart) - deduction + bonusAdded))
        case .points, .scaledPoints, .questionOnly, .sectionOnly:
            var num = Fraction.zero, den = Fraction.zero
            for s in card.sections.indices {
                switch bonusPooling {
                case .formWide: num = num + sectionNum[s]
                case .perSection: num = num + Fraction.min(sectionNum[s], sectionDen[s])
                case .documented:
                    num = num + (card.scoring == .points ? sectionNum[s] : Fraction.min(sectionNum[s], sectionDen[s]))
                }
                den = den + sectionDen[s]
            }
            total = den > .zero ? Fraction.min(.hundred, .hundred * num / den) : .zero
        }
        if out.autoFailed { total = .zero }
        out.total = total
        out.passed = !out.autoFailed && total >= numbers(card.passMark)
        out.bandID = card.bands.enumerated().first { k, band in
            let min = numbers(band.min), max = numbers(band.max)
            return total >= min && (total < max || (k == 0 && total == max))
        }?.element.id
        for (s, section) in card.sections.enumerated() {
            out.sectionThresholds.append(out.sectionScores[s].flatMap { lowestThreshold(section.thresholds, $0) })
        }
        let criteria = card.sections.flatMap(\.criteria)
        for (k, c) in criteria.enumerated() {
            out.criterionThresholds.append(out.criterionScores[k].flatMap { lowestThreshold(c.thresholds, $0) })
        }
        return out
    }

    /// docs §4: the lowest threshold the score is under.
    private func lowestThreshold(_ thresholds: [Threshold], _ score: Fraction) -> String? {
        thresholds.filter { score < numbers($0.below) }.min { $0.below < $1.below }?.title
    }

    // MARK: What an answer is worth (docs §1)

    func possible(_ type: AnswerType) -> Fraction {
        switch type {
        case .yesNo(let points): return numbers(points)
        case .scale(let min, let max, _): return Fraction(max - min)
        case .choice(let options): return options.filter { !$0.bonus }.map { numbers($0.points) }.max() ?? .zero
        case .points(let max): return numbers(max)
        case .multiSelect(_, let max): return numbers(max)
        case .numeric(let ranges): return ranges.map { numbers($0.points) }.max() ?? .zero
        }
    }

    /// The points an answer earns, or `nil` when it is not a valid answer of this type.
    func earnedPoints(_ type: AnswerType, _ answer: AnswerValue) -> Fraction? {
        switch (type, answer) {
        case (.yesNo(let points), .token("yes")): return numbers(points)
        case (.yesNo, .token("no")): return .zero
        case (.scale(let min, let max, _), .number(let v)):
            guard let whole = Int(exactly: v), whole >= min, whole <= max else { return nil }
            return Fraction(whole - min)
        case (.choice(let options), .token(let id)):
            return options.first { $0.id == id }.map { numbers($0.points) }
        case (.points(let max), .number(let v)):
            guard v >= 0, v <= max else { return nil }
            return numbers(v)
        case (.multiSelect(let options, let max), .tokens(let ids)):
            var base = Fraction.zero, bonus = Fraction.zero
            for id in ids {
                guard let option = options.first(where: { $0.id == id }) else { return nil }
                if option.bonus { bonus = bonus + numbers(option.points) } else { base = base + numbers(option.points) }
            }
            return Fraction.min(base, numbers(max)) + bonus
        case (.numeric(let ranges), .number(let v)):
            return ranges.first { r in (r.min.map { v >= $0 } ?? true) && (r.max.map { v <= $0 } ?? true) }
                .map { numbers($0.points) }
        default:
            return nil
        }
    }

    /// The full-credit answer (for default-to-top sections and condition tests on defaulted criteria).
    func topAnswer(_ type: AnswerType) -> AnswerValue? {
        switch type {
        case .yesNo: return .token("yes")
        case .scale(_, let max, _): return .number(Double(max))
        case .choice(let options):
            return options.filter { !$0.bonus }.max { $0.points < $1.points }.map { .token($0.id) }
        case .points(let max): return .number(max)
        case .multiSelect(let options, _): return .tokens(options.filter { !$0.bonus }.map(\.id))
        case .numeric(let ranges):
            guard let best = ranges.max(by: { $0.points < $1.points }) else { return nil }
            return .number(best.min ?? best.max ?? 0)
        }
    }

    private func tokens(_ answer: AnswerValue) -> [String] {
        switch answer {
        case .token(let t): return [t]
        case .tokens(let ts): return ts
        case .number(let n):
            return [n == n.rounded() && abs(n) < 1e15 ? String(Int(n)) : String(n)]
        }
    }

    private func matches(_ match: AnswerMatch, _ answer: AnswerValue, _ c: Criterion) -> Bool {
        switch match {
        case .any: return true
        case .belowTop:
            guard let earned = earnedPoints(c.answerType, answer) else { return false }
            return earned < possible(c.answerType)
        case .answers(let set): return tokens(answer).contains { set.contains($0) }
        }
    }

    private func failing(_ c: Criterion, _ answer: AnswerValue) -> Bool {
        guard let rule = c.critical else { return false }
        if case .numeric(let ranges) = c.answerType, case .number(let v) = answer,
           let range = ranges.first(where: { r in (r.min.map { v >= $0 } ?? true) && (r.max.map { v <= $0 } ?? true) }),
           range.fails {
            return true
        }
        return matches(rule.failingAnswers, answer, c)
    }

    /// docs/scorecard-format.md, Conditions: an unanswered or not-applicable criterion is "not equal".
    private func holds(_ condition: Condition, _ effective: [String: AnswerValue]) -> Bool {
        switch condition {
        case .answerIs(let id, let set, _):
            guard let value = effective[id] else { return false }
            return tokens(value).contains { set.contains($0) }
        case .answerIsNot(let id, let set, _):
            guard let value = effective[id] else { return true }
            return !tokens(value).contains { set.contains($0) }
        case .all(let parts): return parts.allSatisfy { holds($0, effective) }
        case .any(let parts): return parts.contains { holds($0, effective) }
        }
    }
}
