import QAModel

/// A 40-criterion template: 6 sections, 3 categories, a condition and a form-level critical item; `rich` adds
/// the platform rules (multi-select, numeric ranges, bonus, a section condition, question-only scoring).
public func benchmarkScorecard(rich: Bool = false) -> Scorecard {
    let categories = ["empathy", "compliance", "resolution"]
    var sections: [Section] = []
    var n = 0
    for s in 0..<6 {
        var criteria: [Criterion] = []
        let count = s < 4 ? 7 : 6
        for _ in 0..<count {
            n += 1
            let id = "c\(n)"
            let type: AnswerType
            switch n % 4 {
            case 0: type = .scale(min: 1, max: 5, labels: [])
            case 1: type = .choice(options: [ChoiceOption(id: "full", label: "Full", points: 2),
                                            ChoiceOption(id: "part", label: "Part", points: 1),
                                            ChoiceOption(id: "none", label: "None", points: 0)])
            default: type = .yesNo(points: 1)
            }
            var c = Criterion(id: id, category: categories[n % 3], prompt: id, answerType: type,
                              weight: Double(1 + n % 3), allowsNotApplicable: true)
            if n == 2 { c.critical = CriticalRule(scope: .form, failingAnswers: .answers(["no"])) }
            if n == 3 { c.condition = .answerIs(criterion: "c2", anyOf: ["yes"], position: .unknown) }
            if rich && n % 10 == 6 {
                c.answerType = .multiSelect(options: [ChoiceOption(id: "a", label: "A", points: 2),
                                                      ChoiceOption(id: "b", label: "B", points: 2),
                                                      ChoiceOption(id: "c", label: "C", points: 3)], max: 4)
            }
            if rich && n % 10 == 7 {
                c.answerType = .numeric(ranges: [NumericRange(min: 0, max: 30, points: 2), NumericRange(min: 31, max: 60, points: 1),
                                                 NumericRange(min: 61, max: nil, points: 0, fails: true)])
                c.critical = CriticalRule(scope: .flag, failingAnswers: .answers([]))
            }
            if rich && (n == 20 || n == 40) { c.bonus = true }
            criteria.append(c)
        }
        var section = Section(id: "s\(s)", title: "Section \(s)", weight: Double(10 + 5 * s), criteria: criteria)
        if rich && s == 5 { section.condition = .answerIsNot(criterion: "c1", noneOf: ["none"], position: .unknown) }
        sections.append(section)
    }
    return Scorecard(id: "bench", version: "1", title: "Benchmark", scoring: rich ? .questionOnly : .weighted,
                     categories: categories.map { Category(id: $0, title: $0) },
                     sections: sections, passMark: 80,
                     bands: [Band(id: "hi", title: "High", min: 80, max: 100), Band(id: "lo", title: "Low", min: 0, max: 80)])
}

