import QAModel
import Scoring
import Testing

/// The kernel's effective weights in percent (what `qa scorecard show` prints).
private func effectiveWeights(_ card: Scorecard) -> [String: Double] {
    ScoringPlan(card).effectiveWeightPercentages
}

private func yesNo(_ id: String, weight: Double = 1, points: Double = 1, scored: Bool = true, bonus: Bool = false) -> Criterion {
    Criterion(id: id, category: "empathy", prompt: id, answerType: .yesNo(points: points), weight: weight,
              scored: scored, bonus: bonus)
}

private func card(_ scoring: ScoringMode, _ sections: [Section], deductionStart: Double = 100) -> Scorecard {
    Scorecard(id: "t", version: "1", title: "T", scoring: scoring, categories: [Category(id: "empathy", title: "E")],
              sections: sections, passMark: 80, deductionStart: deductionStart)
}

private func expectClose(_ actual: [String: Double], _ expected: [String: Double]) {
    #expect(Set(actual.keys) == Set(expected.keys))
    for (id, value) in expected {
        #expect(abs((actual[id] ?? .nan) - value) < 1e-9, "\(id): \(actual[id] ?? .nan) ≠ \(value)")
    }
}

@Test func weightedWithSectionWeights() {
    let weights = effectiveWeights(card(.weighted, [
        Section(id: "s1", title: "S1", weight: 20, criteria: [yesNo("a", weight: 2), yesNo("b", weight: 3)]),
        Section(id: "s2", title: "S2", weight: 80, criteria: [
            yesNo("c"), yesNo("d", bonus: true), yesNo("e", scored: false), yesNo("f", weight: 3),
        ]),
    ]))
    // s1 share 20/100; a = 0.2 × 2/5 = 8 %, b = 0.2 × 3/5 = 12 %.
    // s2 share 80/100 over c (1) and f (3) only: c = 0.8 × 1/4 = 20 %, f = 0.8 × 3/4 = 60 %; bonus and unscored 0.
    expectClose(weights, ["a": 8, "b": 12, "c": 20, "d": 0, "e": 0, "f": 60])
}

@Test func weightedWithoutSectionWeights() {
    let weights = effectiveWeights(card(.weighted, [
        Section(id: "s1", title: "S1", criteria: [yesNo("a", weight: 2), yesNo("b", weight: 3)]),
        Section(id: "s2", title: "S2", criteria: [yesNo("c", weight: 5)]),
    ]))
    // Σ weights = 2 + 3 + 5 = 10: a 20 %, b 30 %, c 50 %.
    expectClose(weights, ["a": 20, "b": 30, "c": 50])
}

@Test func pointsModeUsesPossiblePoints() {
    let choice = Criterion(id: "c", category: "empathy", prompt: "c", answerType: .choice(options: [
        ChoiceOption(id: "top", label: "Top", points: 6), ChoiceOption(id: "mid", label: "Mid", points: 3),
        ChoiceOption(id: "wow", label: "Wow", points: 10, bonus: true),
    ]))
    let scale = Criterion(id: "b", category: "empathy", prompt: "b", answerType: .scale(min: 1, max: 5, labels: []))
    let weights = effectiveWeights(card(.points, [
        Section(id: "s", title: "S", criteria: [yesNo("a", points: 2), scale, choice]),
    ]))
    // Possible points: yes-no 2, scale 5 − 1 = 4, choice 6 (the bonus option does not count): total 12.
    // a = 2/12 = 16.667 %, b = 4/12 = 33.333 %, c = 6/12 = 50 %.
    expectClose(weights, ["a": 200.0 / 12, "b": 400.0 / 12, "c": 50])
}

@Test func scaledPointsWeighsPointsBySectionWeight() {
    // Genesys' group-weight shape: two 1-point questions in a group weighted 40, one in a group weighted 20.
    let weights = effectiveWeights(card(.scaledPoints, [
        Section(id: "g1", title: "G1", weight: 40, criteria: [yesNo("a"), yesNo("b")]),
        Section(id: "g2", title: "G2", weight: 20, criteria: [yesNo("c")]),
    ]))
    // Σ possible × weight = 1×40 + 1×40 + 1×20 = 100: a 40 %, b 40 %, c 20 %.
    expectClose(weights, ["a": 40, "b": 40, "c": 20])
}

@Test func deductionModeIsPointsOfTheHundredPointTotal() {
    let weights = effectiveWeights(card(.deduction, [
        Section(id: "s", title: "S", criteria: [yesNo("a", weight: 5), yesNo("b", weight: 25)]),
    ], deductionStart: 50))
    // A deduction form takes a criterion's weight off the total in points, whatever it starts at: a moves the
    // total by 5 of 100 points (5 %), b by 25 (25 %). (Before the kernel, `show` said 5/50 = 10 %.)
    expectClose(weights, ["a": 5, "b": 25])
}

@Test func pointsModeCountsWeightTimesPoints() {
    // The case: a yes/no of weight 3 and a 1–5 scale of weight 1 in points mode. The scorer counts
    // weight × points: 3 × 1 and 1 × 4, so the yes/no weighs 3/7 and the scale 4/7 (`show` used to say 20/80).
    let scale = Criterion(id: "s", category: "empathy", prompt: "s", answerType: .scale(min: 1, max: 5, labels: []))
    let weights = effectiveWeights(card(.points, [
        Section(id: "x", title: "X", criteria: [yesNo("y", weight: 3), scale]),
    ]))
    expectClose(weights, ["y": 300.0 / 7, "s": 400.0 / 7])
}

@Test func questionOnlyUsesQuestionWeights() {
    // Amazon Connect's example weights 40/20/20/20.
    let weights = effectiveWeights(card(.questionOnly, [
        Section(id: "s", title: "S", criteria: [
            yesNo("q1", weight: 40), yesNo("q2", weight: 20), yesNo("q3", weight: 20), yesNo("q4", weight: 20),
        ]),
    ]))
    expectClose(weights, ["q1": 40, "q2": 20, "q3": 20, "q4": 20])
}

@Test func sectionOnlySpreadsSectionWeightEvenly() {
    let weights = effectiveWeights(card(.sectionOnly, [
        Section(id: "s1", title: "S1", weight: 60, criteria: [yesNo("a", weight: 9), yesNo("b"), yesNo("c")]),
        Section(id: "s2", title: "S2", weight: 40, criteria: [yesNo("d"), yesNo("e")]),
    ]))
    // s1: 60 % over 3 questions = 20 % each (criterion weights ignored); s2: 40 % over 2 = 20 % each.
    expectClose(weights, ["a": 20, "b": 20, "c": 20, "d": 20, "e": 20])
}

