// Measures how fast SampleData generates evaluations for a 40-criterion template.
// Run: swift run -c release bench-sample [evaluations]
import Foundation
import QAModel
import SampleData

/// A 40-criterion template: 5 weighted sections of 8 criteria mixing yes/no, 1–5 scales and choices,
/// with one critical item and comment rules, like a large inbound form.
func fortyCriterionScorecard() -> Scorecard {
    let categories = ["compliance", "empathy", "resolution", "process"]
    let sections = (1...5).map { s in
        Section(id: "s\(s)", title: "Section \(s)", weight: Double(10 + 5 * s), criteria: (1...8).map { c in
            let id = "s\(s)c\(c)"
            let type: AnswerType
            switch c % 3 {
            case 0: type = .scale(min: 1, max: 5, labels: [])
            case 1: type = .yesNo(points: 1)
            default: type = .choice(options: [
                ChoiceOption(id: "full", label: "Full", points: 2), ChoiceOption(id: "part", label: "Part", points: 1),
                ChoiceOption(id: "none", label: "None", points: 0),
            ])
            }
            return Criterion(
                id: id, category: categories[(s + c) % 4], prompt: "Criterion \(id)?", answerType: type,
                weight: Double(1 + c % 3), allowsNotApplicable: c == 8,
                critical: s == 1 && c == 1 ? CriticalRule(scope: .form, failingAnswers: .answers(["no"])) : nil,
                commentRequired: c % 4 == 0 ? .belowTop : nil)
        })
    }
    return Scorecard(
        id: "bench-40", version: "1", title: "Benchmark form",
        categories: categories.map { Category(id: $0, title: $0) }, sections: sections, passMark: 80)
}

let count = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
var config = SampleConfig()
config.evaluations = count
do {
    let generator = try SampleGenerator(scorecard: fortyCriterionScorecard(), config: config)
    var answers = 0
    var calls = 0
    let start = DispatchTime.now().uptimeNanoseconds
    generator.generate(evaluation: { answers += $0.answers.count }, call: { _ in calls += 1 })
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let evaluations = generator.evaluationCount
    print("generated \(evaluations) evaluations (\(answers) answers) and \(calls) calls in "
        + "\(String(format: "%.2f", seconds)) s: \(Int(Double(evaluations) / seconds)) evaluations/s")
} catch {
    print("cannot generate: \(error)")
}
