import QAModel
import Testing
@testable import Scoring

/// Worked examples for the scoring modes and answer kinds that match Amazon Connect and Genesys Cloud
/// (docs/scoring.md, "Platform scoring modes" and "More answer kinds").
@Suite("Platform scoring modes and richer criteria")
struct PlatformModeTests {
    /// Connect's documented example: four questions, options A1/A2/A3 worth 10/5/0.
    /// Source: Amazon Connect Administrator Guide, "Use scoring and weights on agent evaluation forms",
    /// https://docs.aws.amazon.com/connect/latest/adminguide/about-scoring-and-weights.html
    func connectForm(_ mode: ScoringMode, sections: [(Double, [Double])]) -> Scorecard {
        let options = [ChoiceOption(id: "a1", label: "A1", points: 10), ChoiceOption(id: "a2", label: "A2", points: 5),
                       ChoiceOption(id: "a3", label: "A3", points: 0)]
        var q = 0
        return Scorecard(
            id: "connect", version: "1", title: "Connect example", scoring: mode,
            categories: [Category(id: "general", title: "General")],
            sections: sections.enumerated().map { s, spec in
                Section(id: "s\(s + 1)", title: "Section \(s + 1)", weight: mode == .sectionOnly ? spec.0 : nil,
                        criteria: spec.1.map { weight in
                            q += 1
                            return Criterion(id: "q\(q)", category: "general", prompt: "Q\(q)",
                                             answerType: .choice(options: options), weight: weight,
                                             allowsNotApplicable: true)
                        })
            },
            passMark: 50)
    }

    let connectAnswers: [String: AnswerValue] = ["q1": .token("a1"), "q2": .token("a2"), "q3": .token("a2"),
                                                 "q4": .token("a3")]

    @Test("Connect QUESTION_ONLY: 60 %, and 75 % with Q4 N/A")
    func connectQuestionOnly() throws {
        let card = connectForm(.questionOnly, sections: [(100, [40, 20, 20, 20])])
        // 40·1 + 20·0.5 + 20·0.5 + 20·0 = 60 of 100.
        #expect(near(try score(card, connectAnswers).total, 60))
        var answers = connectAnswers
        answers["q4"] = .notApplicable
        // (40 + 10 + 10)/(40 + 20 + 20) = 60/80 = 75.
        #expect(near(try score(card, answers).total, 75))
    }

    @Test("Connect SECTION_ONLY: section weights spread evenly over the questions")
    func connectSectionOnly() throws {
        let card = connectForm(.sectionOnly, sections: [(60, [1, 1]), (40, [1, 1])])
        // Question weights 30, 30, 20, 20: 30·1 + 30·0.5 + 20·0.5 + 20·0 = 55.
        #expect(near(try score(card, connectAnswers).total, 55))
        var answers = connectAnswers
        answers["q4"] = .notApplicable
        // N/A weight redistributed over all remaining questions: (30 + 15 + 10)/80 = 68.75.
        #expect(near(try score(card, answers).total, 68.75))
    }

    /// Genesys' documented example. Source: Genesys Cloud Resource Center, "Evaluation form weights",
    /// https://help.mypurecloud.com/?p=144862
    func genesysForm(_ mode: ScoringMode) -> Scorecard {
        func q(_ id: String, critical: Bool = false) -> Criterion {
            Criterion(id: id, category: "general", prompt: id, answerType: .yesNo(points: 1),
                      critical: critical ? CriticalRule(scope: .flag, failingAnswers: .belowTop) : nil)
        }
        return Scorecard(
            id: "genesys", version: "1", title: "Genesys example", scoring: mode,
            categories: [Category(id: "general", title: "General")],
            sections: [Section(id: "g1", title: "Group 1", weight: mode == .scaledPoints ? 40 : nil,
                               criteria: [q("q1-1", critical: true), q("q1-2")]),
                       Section(id: "g2", title: "Group 2", weight: mode == .scaledPoints ? 20 : nil,
                               criteria: [q("q2-1")])],
            passMark: 50)
    }

    @Test("Genesys scaled points: 60 %; plain points: 66.67 %")
    func genesysScaledPoints() throws {
        let answers: [String: AnswerValue] = ["q1-1": .yes, "q1-2": .no, "q2-1": .yes]
        // (1·40 + 1·20)/(2·40 + 1·20) = 60/100.
        let scaled = try score(genesysForm(.scaledPoints), answers)
        #expect(near(scaled.total, 60))
        // Critical score: q1-1 earned 1 of 1 → 100; non-critical: (0 + 1)/(1 + 1) = 50.
        #expect(near(scaled.criticalScore, 100))
        #expect(near(scaled.nonCriticalScore, 50))
        // Plain points: (1 + 0 + 1)/3.
        #expect(near(try score(genesysForm(.points), answers).total, 200.0 / 3))
    }

    @Test("Multi-select: the sum of the chosen options, capped at the maximum")
    func multiSelect() throws {
        let card = Scorecard(
            id: "m", version: "1", title: "m", categories: [Category(id: "general", title: "General")],
            sections: [Section(id: "s", title: "s", criteria: [
                Criterion(id: "checks", category: "general", prompt: "Which checks were done?",
                          answerType: .multiSelect(options: [
                              ChoiceOption(id: "name", label: "Name", points: 2),
                              ChoiceOption(id: "dob", label: "Date of birth", points: 2),
                              ChoiceOption(id: "postcode", label: "Postcode", points: 3),
                              ChoiceOption(id: "none", label: "None", points: 0),
                          ], max: 4),
                          critical: CriticalRule(scope: .form, failingAnswers: .answers(["none"]))),
            ])],
            passMark: 50)
        // name + postcode = 5, capped at 4 → 4/4 = 100.
        #expect(near(try score(card, ["checks": .tokens(["name", "postcode"])]).total, 100))
        // name alone = 2/4 = 50.
        #expect(near(try score(card, ["checks": .tokens(["name"])]).total, 50))
        // "none" is a failing option: form-level auto-fail.
        let failed = try score(card, ["checks": .tokens(["none"])])
        #expect(failed.autoFailed && failed.total == 0)
    }

    @Test("Numeric criteria scored by ranges; a range can fail")
    func numericRanges() throws {
        let card = Scorecard(
            id: "n", version: "1", title: "n", categories: [Category(id: "general", title: "General")],
            sections: [Section(id: "s", title: "s", criteria: [
                Criterion(id: "hold", category: "general", prompt: "Longest hold (seconds)",
                          answerType: .numeric(ranges: [NumericRange(min: 0, max: 30, points: 2),
                                                        NumericRange(min: 31, max: 60, points: 1),
                                                        NumericRange(min: 61, max: nil, points: 0, fails: true)]),
                          critical: CriticalRule(scope: .flag, failingAnswers: .answers([]))),
            ])],
            passMark: 50)
        #expect(near(try score(card, ["hold": .number(12)]).total, 100))     // 2/2
        #expect(near(try score(card, ["hold": .number(45)]).total, 50))      // 1/2
        let long = try score(card, ["hold": .number(75)])                    // 0/2, failing range
        #expect(long.total == 0 && long.criticalFailures.map(\.criterion) == ["hold"] && !long.autoFailed)
        #expect(ScoringPlan(card).check(evaluation(card, ["hold": .number(-5)])).isFailure)
    }

    @Test("Bonus credit adds earned points, not possible points; totals are capped at 100")
    func bonus() throws {
        var card = demoScorecard(sectionWeights: (nil, nil))
        card.sections[0].criteria.append(Criterion(
            id: "delight", category: "empathy", prompt: "Went the extra mile?", answerType: .yesNo(points: 1),
            weight: 1, bonus: true))
        var answers = baseAnswers
        answers["delight"] = .yes
        answers["resolve"] = .token("full")
        answers["tone"] = .number(5)
        // (1 + 2 + 2 + 3 + bonus 1)/8 = 9/8 → capped at 100.
        #expect(near(try score(card, answers).total, 100))
        // Bonus is capped at the section: a section never scores above 100.
        answers["tone"] = .number(1)
        answers["greet"] = .no
        // opening = (0 + 2 + bonus 1)/3 = 100; handling = (0 + 3)/5 = 60; total = (3·1 + 5·0.6)/8 = 75.
        #expect(near(try score(card, answers).total, 75))
        answers["delight"] = .no
        // Without the bonus: opening = 2/3; total = (2 + 3)/8 = 62.5.
        #expect(near(try score(card, answers).total, 62.5))
    }

    @Test("Failing on anything below the top answer")
    func belowTop() throws {
        var card = demoScorecard()
        card.sections[1].criteria[0].critical = CriticalRule(scope: .form, failingAnswers: .belowTop)
        #expect(try score(card, baseAnswers).autoFailed)       // tone 4 of 5
        var answers = baseAnswers
        answers["tone"] = .number(5)
        #expect(try score(card, answers).autoFailed == false)
    }

    @Test("A section condition, default-to-top, and thresholds")
    func sectionRules() throws {
        var card = demoScorecard()
        card.sections[1].condition = .answerIsNot(criterion: "greet", noneOf: ["no"], position: .unknown)
        card.sections[0].defaultsToTop = true
        card.sections[1].thresholds = [Threshold(title: "Needs improvement", below: 70),
                                       Threshold(title: "Unacceptable", below: 40)]
        card.sections[1].criteria[1].thresholds = [Threshold(title: "Coach", below: 60)]
        // greet and verify unanswered → default to yes; handling = 60 → "Needs improvement"; resolve 50 → "Coach".
        let result = try score(card, ["tone": .number(4), "resolve": .token("partial"), "complained": .no])
        #expect(near(result.total, 76))
        #expect(result.sections[1].threshold == "Needs improvement")
        #expect(result.criteria.first { $0.id == "resolve" }?.threshold == "Coach")
        // greet = no → the handling section drops out entirely; only opening counts: (0 + 2)/3.
        let dropped = try score(card, ["greet": .no])
        #expect(dropped.sections[1].score == nil)
        #expect(near(dropped.total, 200.0 / 3))
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
