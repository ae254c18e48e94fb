import QAModel
import Scoring
import SampleData
@testable import Calibration

/// Test helpers shared by the session and drift tests: a small scorecard, evaluations built by hand, and
/// sample data sets from `SampleGenerator`.
enum SessionFixtures {
    /// A weighted form: greeting (yes/no), empathy (1–5 scale), resolution (points 0–10), and a form-scope
    /// critical GDPR check (yes/no; `no` fails the whole evaluation). Unweighted sections, criterion weights
    /// 1, 2, 2 and 1, so a total is 100 × Σ weight × earned / 6 (unless the GDPR check fails: total 0).
    static let scorecard = Scorecard(
        id: "calib", version: "1", title: "Calibration test form",
        categories: [Category(id: "service", title: "Service"), Category(id: "compliance", title: "Compliance", kind: .compliance)],
        sections: [
            Section(id: "call", title: "Call", criteria: [
                Criterion(id: "greeting", category: "service", prompt: "Greeted the customer", answerType: .yesNo(points: 1), weight: 1),
                Criterion(id: "empathy", category: "service", prompt: "Showed empathy",
                          answerType: .scale(min: 1, max: 5, labels: []), weight: 2),
                Criterion(id: "resolution", category: "service", prompt: "Resolved the issue",
                          answerType: .points(max: 10), weight: 2),
                Criterion(id: "gdpr", category: "compliance", prompt: "Verified identity before disclosing data",
                          answerType: .yesNo(points: 1), weight: 1,
                          critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"]))),
            ]),
        ],
        passMark: 80)

    static let plan = ScoringPlan(scorecard)

    /// An evaluation of `call` by `assessor` with the given answers, scored.
    static func scored(_ call: String, _ assessor: String, greeting: String = "yes", empathy: Double = 5,
                       resolution: Double = 10, gdpr: String = "yes", date: String = "2025-01-06") -> ScoredEvaluation {
        let evaluation = Evaluation(
            id: "\(call)-\(assessor)", callID: call, agentID: "agent-01", assessorID: assessor, scorecardID: "calib",
            scorecardVersion: "1", callDate: testDay(date), evaluatedAt: testStamp(date + "T10:00:00Z"),
            answers: ["greeting": .token(greeting), "empathy": .number(empathy), "resolution": .number(resolution),
                      "gdpr": .token(gdpr)])
        switch plan.score(evaluation) {
        case .success(let score): return ScoredEvaluation(evaluation: evaluation, score: score)
        case .failure(let failure): fatalError("fixture does not score: \(failure.problems)")
        }
    }

    /// A form shaped like a real contact-centre scorecard, for sample data: three weighted sections, twelve
    /// criteria of every answer type, a form-scope GDPR check and a section-scope disclosure check.
    static let realisticScorecard: Scorecard = {
        func yesNo(_ id: String, _ category: String, weight: Double = 1, critical: CriticalScope? = nil) -> Criterion {
            Criterion(id: id, category: category, prompt: id, answerType: .yesNo(points: 1), weight: weight,
                      critical: critical.map { CriticalRule(scope: $0, failingAnswers: .answers(["no"])) })
        }
        let scale = AnswerType.scale(min: 1, max: 5, labels: [])
        let choice = AnswerType.choice(options: [
            ChoiceOption(id: "full", label: "Fully", points: 2), ChoiceOption(id: "partly", label: "Partly", points: 1),
            ChoiceOption(id: "none", label: "Not at all", points: 0),
        ])
        return Scorecard(
            id: "realistic", version: "1", title: "Customer service call",
            categories: [Category(id: "service", title: "Service"), Category(id: "empathy", title: "Empathy", kind: .empathy),
                         Category(id: "resolution", title: "Resolution", kind: .resolution), Category(id: "compliance", title: "Compliance", kind: .compliance)],
            sections: [
                Section(id: "opening", title: "Opening", weight: 20, criteria: [
                    yesNo("greeting", "service"), yesNo("name-used", "service"),
                    Criterion(id: "tone", category: "empathy", prompt: "tone", answerType: scale, weight: 2),
                ]),
                Section(id: "handling", title: "Handling", weight: 50, criteria: [
                    Criterion(id: "empathy", category: "empathy", prompt: "empathy", answerType: scale, weight: 2),
                    Criterion(id: "listening", category: "empathy", prompt: "listening", answerType: scale, weight: 1),
                    Criterion(id: "diagnosis", category: "resolution", prompt: "diagnosis", answerType: choice, weight: 2),
                    Criterion(id: "resolution", category: "resolution", prompt: "resolution", answerType: .points(max: 10), weight: 3),
                    yesNo("expectations", "resolution"), yesNo("hold-etiquette", "service"),
                ]),
                Section(id: "closing", title: "Closing", weight: 30, criteria: [
                    yesNo("summary", "resolution"), yesNo("further-help", "service"),
                    yesNo("gdpr", "compliance", weight: 2, critical: .form),
                ]),
            ],
            passMark: 80)
    }()

    static let realisticPlan = ScoringPlan(realisticScorecard)

    /// The realistic form with five form-level critical items in its closing section (GDPR check, identity
    /// check, recording notice, no promise beyond policy, no abusive language): the form on which a severe
    /// assessor who records critical fails auto-fails most calls.
    static let criticalHeavyScorecard: Scorecard = {
        var form = realisticScorecard
        let extra = ["identity-check", "recording-notice", "policy-promise", "respectful-language"].map { id in
            Criterion(id: id, category: "compliance", prompt: id, answerType: .yesNo(points: 1), weight: 1,
                      critical: CriticalRule(scope: .form, failingAnswers: .answers(["no"])))
        }
        form.id = "critical-heavy"
        form.sections[2].criteria += extra
        return form
    }()

    static let criticalHeavyPlan = ScoringPlan(criticalHeavyScorecard)

    /// A sample data set's scored evaluations and its answer key.
    static func sample(seed: UInt64, scorecard: Scorecard = realisticScorecard,
                       configure: (inout SampleConfig) -> Void = { _ in })
        throws -> (evaluations: [ScoredEvaluation], planted: PlantedEffects) {
        var config = SampleConfig()
        config.seed = seed
        config.evaluations = 300
        configure(&config)
        let generator = try SampleGenerator(scorecard: scorecard, config: config)
        let plan = ScoringPlan(scorecard)
        var scored: [ScoredEvaluation] = []
        generator.generate(evaluation: { evaluation in
            if case .success(let score) = plan.score(evaluation) {
                scored.append(ScoredEvaluation(evaluation: evaluation, score: score))
            }
        }, call: { _ in })
        return (scored, generator.planted)
    }
}
