import BigInt
import QAModel
import Scoring
import Testing

/// Issue 16, "Done means" 2: the kernel against an independent exact-arithmetic reference scorer
/// (`ReferenceScorer`, `Fraction`) over generated templates and evaluations in every mode, with N/A (criterion
/// and section), conditions (is / is-not, all-of / any-of, on criteria and sections), bonus criteria and bonus
/// options, multi-select and numeric ranges, critical items of every scope, default-to-top sections and
/// thresholds on sections and criteria.
///
/// Edges: for each template, once its evaluations are scored, the template is re-issued twice and every
/// evaluation scored again — (1) with the pass mark and the top band's lower edge set to exactly one
/// evaluation's exact total (a short decimal), the middle band's edge to another, and section and criterion
/// thresholds to exact section and criterion scores, so decisions sit on the edge; (2) with the pass mark, band
/// edge and thresholds 10-decimal roundings of totals and scores that are not short decimals, so decisions sit
/// within 1e-10 of an edge.
///
/// Asserted: the same validity; identical pass/fail, band id, autoFailed, section and criterion threshold
/// titles; totals and section scores equal to 1e-9; a total that is exactly a decimal of at most 9 places is
/// reported as exactly that decimal's `Double` (85, not 84.99999999999999).
@Suite("Kernel against an exact reference scorer")
struct KernelDifferentialTests {
    /// Valid generated evaluations per mode (7 modes: 105,000 in all).
    static let evaluationsPerMode = 15_000
    static let evaluationsPerTemplate = 40

    struct Counts {
        var templates = 0
        var generated = 0
        var valid = 0
        var invalid = 0
        var autoFailed = 0
        var variants = 0
        var variantScorings = 0
        var onPassMark = 0
        var nearPassMark = 0
        var onBandEdge = 0
        var onSectionThreshold = 0
        var onCriterionThreshold = 0
        var nearThreshold = 0
        var exactDecimalTotals = 0
    }

    @Test("every mode: identical decisions, totals to 1e-9", arguments: KernelMode.allCases)
    func differential(mode: KernelMode) {
        // The reference follows the docs literally: bonus credit capped per section before it is pooled (but
        // pooled form-wide in `points` forms, as Connect's points-based scoring adds it to the total), and a
        // criterion answerable `na` through its section's `na="allowed"` (the kernel was brought in line with
        // both; `KernelDocsAgreementTests` holds the smallest cases).
        var reference = ReferenceScorer()
        reference.bonusPooling = .documented
        reference.sectionAllowsCriterionNotApplicable = true
        let seed = 0x16_0002 &+ UInt64(mode.hashValueStable) &* 1_000_003
        var templates = TemplateGenerator(rng: SeededGenerator(seed: seed), features: .everything)
        var evaluations = EvaluationGenerator(rng: SeededGenerator(seed: seed ^ 0xE7A1), reference: reference)
        var counts = Counts()
        var mismatches: [String] = []
        let start = ContinuousClock.now
        while counts.valid < Self.evaluationsPerMode {
            let card = templates.template(mode, id: "diff-\(mode.hashValueStable)-\(counts.templates)")
            counts.templates += 1
            let plan = ScoringPlan(card)
            var scored: [(Evaluation, ReferenceScorer.Outcome)] = []
            for e in 0..<Self.evaluationsPerTemplate {
                let evaluation = evaluations.evaluation(card, id: "\(card.id)-\(e)")
                counts.generated += 1
                let expected = reference.score(card, evaluation)
                Self.compare(plan.score(evaluation), expected, card, evaluation, into: &mismatches)
                if expected.isValid {
                    counts.valid += 1
                    if expected.autoFailed { counts.autoFailed += 1 }
                    if expected.total.shortDecimal(maxDigits: 9) != nil { counts.exactDecimalTotals += 1 }
                    scored.append((evaluation, expected))
                } else {
                    counts.invalid += 1
                }
            }
            for variant in [Self.onEdge(card, scored), Self.nearEdge(card, scored)].compactMap({ $0 }) {
                counts.variants += 1
                let variantPlan = ScoringPlan(variant)
                let passMark = Fraction(variant.passMark)
                let bandEdges = Set(variant.bands.flatMap { [Fraction($0.min), Fraction($0.max)] })
                // Only pass mark, bands and thresholds changed: score again the evaluations whose figures sit
                // within 1e-7 of a placed value (and every eighth as a control).
                for (n, (evaluation, before)) in scored.enumerated() where n % 8 == 0 || Self.isNearPlaced(variant, before) {
                    let expected = reference.score(variant, evaluation)
                    counts.variantScorings += 1
                    Self.compare(variantPlan.score(evaluation), expected, variant, evaluation, into: &mismatches)
                    guard !expected.autoFailed else { continue }
                    if expected.total == passMark { counts.onPassMark += 1 }
                    else if abs(expected.total.doubleValue - variant.passMark) < 1e-7 { counts.nearPassMark += 1 }
                    if bandEdges.contains(expected.total), expected.total != .zero, expected.total != .hundred {
                        counts.onBandEdge += 1
                    }
                    for (s, section) in variant.sections.enumerated() {
                        guard let score = expected.sectionScores[s] else { continue }
                        for threshold in section.thresholds {
                            if Fraction(threshold.below) == score { counts.onSectionThreshold += 1 }
                            else if abs(score.doubleValue - threshold.below) < 1e-7 { counts.nearThreshold += 1 }
                        }
                    }
                    for (i, c) in variant.criteria.enumerated() {
                        guard let score = expected.criterionScores[i] else { continue }
                        for threshold in c.thresholds {
                            if Fraction(threshold.below) == score { counts.onCriterionThreshold += 1 }
                            else if abs(score.doubleValue - threshold.below) < 1e-7 { counts.nearThreshold += 1 }
                        }
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        print("differential, \(mode): \(counts.templates) templates, \(counts.generated) evaluations generated, "
              + "\(counts.valid) valid (\(counts.autoFailed) auto-failed, \(counts.exactDecimalTotals) with a "
              + "short-decimal total), \(counts.invalid) invalid; \(counts.variants) edge templates, "
              + "\(counts.variantScorings) edge scorings: \(counts.onPassMark) exactly on the pass mark, "
              + "\(counts.nearPassMark) within 1e-7 of it, \(counts.onBandEdge) on a band edge, "
              + "\(counts.onSectionThreshold) on a section threshold, \(counts.onCriterionThreshold) on a "
              + "criterion threshold, \(counts.nearThreshold) next to a threshold; \(elapsed)")
        #expect(counts.valid >= Self.evaluationsPerMode)
        #expect(counts.onPassMark > 0 && counts.onBandEdge > 0 && counts.onSectionThreshold > 0
                && counts.onCriterionThreshold > 0 && counts.nearPassMark > 0)
        #expect(mismatches.isEmpty,
                "\(mismatches.count) disagreements; first:\n\(mismatches.prefix(5).joined(separator: "\n\n"))")
    }

    // MARK: Comparing

    static func compare(_ result: Result<EvaluationScore, CheckFailure>, _ expected: ReferenceScorer.Outcome,
                        _ card: Scorecard, _ evaluation: Evaluation, into mismatches: inout [String]) {
        var differences: [String] = []
        switch result {
        case .failure(let failure):
            if expected.isValid { differences.append("kernel refused it: \(failure.problems)") }
        case .success(let score):
            guard expected.isValid else {
                differences.append("kernel scored it; the reference finds: \(expected.problems)")
                break
            }
            let total = expected.total.doubleValue
            if abs(score.total - total) > 1e-9 { differences.append("total \(score.total) ≠ \(expected.total) (\(total))") }
            if let decimal = expected.total.shortDecimal(maxDigits: 9), score.total != Double(decimal) {
                differences.append("total \(score.total) is not reported as exactly \(decimal)")
            }
            if score.passed != expected.passed { differences.append("passed \(score.passed) ≠ \(expected.passed)") }
            if score.autoFailed != expected.autoFailed {
                differences.append("autoFailed \(score.autoFailed) ≠ \(expected.autoFailed)")
            }
            if score.band?.id != expected.bandID {
                differences.append("band \(score.band?.id ?? "none") ≠ \(expected.bandID ?? "none")")
            }
            for (s, section) in score.sections.enumerated() {
                let want = expected.sectionScores[s]
                switch (section.score, want) {
                case (nil, nil): break
                case (let got?, let want?) where abs(got - want.doubleValue) <= 1e-9: break
                default: differences.append("section \(section.id) \(section.score.map { "\($0)" } ?? "nil") ≠ \(want.map { "\($0)" } ?? "nil")")
                }
                if section.threshold != expected.sectionThresholds[s] {
                    differences.append("section \(section.id) threshold \(section.threshold ?? "none") ≠ \(expected.sectionThresholds[s] ?? "none")")
                }
            }
            for (i, criterion) in score.criteria.enumerated() where criterion.threshold != expected.criterionThresholds[i] {
                differences.append("criterion \(criterion.id) threshold \(criterion.threshold ?? "none") ≠ "
                                   + "\(expected.criterionThresholds[i] ?? "none") (score \(expected.criterionScores[i].map { "\($0)" } ?? "nil"))")
            }
        }
        guard !differences.isEmpty else { return }
        mismatches.append("\(card.id) [\(card.scoring.rawValue)] evaluation \(evaluation.id): "
                          + differences.joined(separator: "; ") + "\n  answers: \(describe(evaluation))"
                          + "\n  template: \(describe(card))")
    }

    static func describe(_ evaluation: Evaluation) -> String {
        evaluation.answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            + (evaluation.comments.isEmpty ? "" : " comments: \(evaluation.comments.keys.sorted())")
    }

    static func describe(_ card: Scorecard) -> String {
        "pass \(card.passMark), bands \(card.bands.map { "\($0.id) \($0.min)–\($0.max)" }); "
            + card.sections.map { s in
                "\(s.id)(w \(s.weight.map { "\($0)" } ?? "-")\(s.allowsNotApplicable ? " na" : "")\(s.defaultsToTop ? " top" : "")"
                    + "\(s.condition.map { " if \($0)" } ?? "")\(s.thresholds.isEmpty ? "" : " th \(s.thresholds.map(\.below))")): "
                    + s.criteria.map { c in
                        "\(c.id) \(c.answerType) w\(c.weight)\(c.scored ? "" : " unscored")\(c.bonus ? " bonus" : "")"
                            + "\(c.allowsNotApplicable ? " na" : "")\(c.critical.map { " critical \($0.scope) \($0.failingAnswers)" } ?? "")"
                            + "\(c.condition.map { " if \($0)" } ?? "")\(c.commentRequired.map { " comment \($0)" } ?? "")"
                            + "\(c.thresholds.isEmpty ? "" : " th \(c.thresholds.map(\.below))")"
                    }.joined(separator: "; ")
            }.joined(separator: " | ")
    }

    // MARK: Placing edges

    /// Whether any of the evaluation's figures lies within 1e-7 of the template's pass mark, a band edge, or one
    /// of its own thresholds.
    static func isNearPlaced(_ card: Scorecard, _ outcome: ReferenceScorer.Outcome) -> Bool {
        func near(_ value: Fraction?, _ edges: [Double]) -> Bool {
            guard let value else { return false }
            let v = value.doubleValue
            return edges.contains { abs(v - $0) <= 1e-7 }
        }
        if near(outcome.total, [card.passMark] + card.bands.flatMap { [$0.min, $0.max] }) { return true }
        for (s, section) in card.sections.enumerated() where near(outcome.sectionScores[s], section.thresholds.map(\.below)) {
            return true
        }
        for (i, c) in card.criteria.enumerated() where near(outcome.criterionScores[i], c.thresholds.map(\.below)) {
            return true
        }
        return false
    }

    /// The template with its pass mark, band edges and thresholds placed exactly on values the evaluations
    /// reach (short decimals of at most 4 places), or `nil` when none qualifies.
    static func onEdge(_ card: Scorecard, _ scored: [(Evaluation, ReferenceScorer.Outcome)]) -> Scorecard? {
        func short(_ f: Fraction) -> Double? {
            guard f > .zero, f < .hundred, let text = f.shortDecimal(maxDigits: 4) else { return nil }
            return Double(text)
        }
        let totals = scored.filter { !$0.1.autoFailed }.compactMap { short($0.1.total) }
        guard let top = totals.first else { return nil }
        var card = card
        card.passMark = top
        let middle = totals.filter { $0 < top }.max() ?? (top / 2).rounded(.down)
        card.bands = middle > 0 ? TemplateGenerator.bands(top: top, middle: middle)
            : [Band(id: "high", title: "High", min: top, max: 100), Band(id: "low", title: "Low", min: 0, max: top)]
        var k = 0
        for s in card.sections.indices {
            let sectionScores = scored.compactMap { $0.1.sectionScores[s].flatMap(short) }
            if let below = sectionScores.first {
                card.sections[s].thresholds = [Threshold(title: "Needs work", below: below)]
                if let lower = sectionScores.filter({ $0 < below }).max() {
                    card.sections[s].thresholds.append(Threshold(title: "Unacceptable", below: lower))
                }
            }
            for i in card.sections[s].criteria.indices {
                let criterionScores = scored.compactMap { $0.1.criterionScores[k].flatMap(short) }
                k += 1
                if let below = criterionScores.last {
                    card.sections[s].criteria[i].thresholds = [Threshold(title: "Coach", below: below)]
                }
            }
        }
        return card
    }

    /// The template with its pass mark, top band edge and thresholds 10-decimal roundings of totals and scores
    /// that are not short decimals (so the computed figure lies within 1e-10 of the edge), or `nil`.
    static func nearEdge(_ card: Scorecard, _ scored: [(Evaluation, ReferenceScorer.Outcome)]) -> Scorecard? {
        func near(_ f: Fraction) -> Double? {
            guard f > .one, f < Fraction(99), f.shortDecimal(maxDigits: 9) == nil else { return nil }
            return Double(f.rounded(digits: 10))
        }
        guard let top = scored.lazy.filter({ !$0.1.autoFailed }).compactMap({ near($0.1.total) }).first else { return nil }
        var card = card
        card.passMark = top
        card.bands = [Band(id: "high", title: "High", min: top, max: 100), Band(id: "low", title: "Low", min: 0, max: top)]
        var k = 0
        for s in card.sections.indices {
            if let below = scored.lazy.compactMap({ $0.1.sectionScores[s].flatMap(near) }).first {
                card.sections[s].thresholds = [Threshold(title: "Needs work", below: below)]
            }
            for i in card.sections[s].criteria.indices {
                if let below = scored.lazy.compactMap({ $0.1.criterionScores[k].flatMap(near) }).first {
                    card.sections[s].criteria[i].thresholds = [Threshold(title: "Coach", below: below)]
                }
                k += 1
            }
        }
        return card
    }
}

extension Fraction {
    /// The value rounded to `digits` decimal places (half up), as decimal text.
    func rounded(digits: Int) -> String {
        let (n, d) = parts
        let scale = BigInt(10).power(digits)
        let scaled = (n * scale * 2 + d) / (d * 2)
        let rounded = Fraction(decimal: "\(scaled)e-\(digits)") ?? .zero
        return rounded.shortDecimal(maxDigits: digits) ?? "0"
    }
}
