// bench-coach: how long coaching plans take for a whole contact centre.
//
// Generates a seeded sample data set (SampleData), scores it, then builds a plan for every agent and renders
// all four formats. Reports evaluations, agents, seconds per phase and peak memory.
//
//   swift run -c release bench-coach [EVALUATIONS] [TEAMS] [AGENTS_PER_TEAM]
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Coaching
import Foundation
import QAModel
import SampleData
import Scoring

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func peakMemoryMB() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_maxrss) / 1024   // kilobytes on Linux
}

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let evaluations = arguments.first ?? 100_000
let teams = arguments.count > 1 ? arguments[1] : 20
let perTeam = arguments.count > 2 ? arguments[2] : 12

var criteria: [Criterion] = []
for i in 0..<20 {
    let category = ["empathy", "compliance", "resolution"][i % 3]
    criteria.append(Criterion(
        id: "q\(i)", category: category, prompt: "Question \(i)",
        answerType: i % 4 == 0 ? .scale(min: 1, max: 5, labels: []) : .yesNo(points: 1), weight: Double(1 + i % 3),
        critical: i == 1 ? CriticalRule(scope: .form, failingAnswers: .answers(["no"])) : nil))
}
let scorecard = Scorecard(
    id: "bench", version: "1", title: "Bench",
    categories: [Category(id: "empathy", title: "Empathy"), Category(id: "compliance", title: "Compliance"),
                 Category(id: "resolution", title: "Resolution")],
    sections: [Section(id: "a", title: "A", criteria: Array(criteria[0..<10])),
               Section(id: "b", title: "B", criteria: Array(criteria[10...]))],
    passMark: 80)

var config = SampleConfig()
config.evaluations = evaluations
config.teams = teams
config.agentsPerTeam = perTeam
let generator: SampleGenerator
do {
    generator = try SampleGenerator(scorecard: scorecard, config: config)
} catch {
    print("cannot generate: \(error)")
    exit(1)
}
let plan = ScoringPlan(scorecard)
var scored: [ScoredEvaluation] = []
scored.reserveCapacity(generator.evaluationCount)
var calls: [CallKPIs] = []
let t0 = now()
generator.generate(evaluation: { evaluation in
    if case .success(let score) = plan.score(evaluation) {
        scored.append(ScoredEvaluation(evaluation: evaluation, score: score))
    }
}, call: { call in
    calls.append(CallKPIs(callID: call.callID, agentID: call.agentID, teamID: call.teamID, date: call.date,
                          handleTimeSeconds: Double(call.handleTimeSeconds),
                          firstContactResolution: call.firstContactResolution, csat: Double(call.csat),
                          other: ["transfers": Double(call.transfers)]))
})
let t1 = now()
let settings = CoachingSettings(today: CalendarDay(year: 2025, month: 4, day: 1) ?? CalendarDay(daysSinceEpoch: 0))
let run = CoachingPlanner(scorecard: scorecard, settings: settings)
    .plans(for: .all, evaluations: scored, kpis: KPITable(calls: calls, otherColumns: ["transfers"]))
let t2 = now()
var bytes = 0
bytes += MarkdownRenderer.render(run.plans).utf8.count
bytes += HTMLRenderer.render(run.plans).utf8.count
bytes += CSVRenderer.render(run.plans).utf8.count
bytes += ((try? JSONRenderer.render(run.plans)) ?? "").utf8.count
let t3 = now()
print("evaluations \(scored.count), calls \(calls.count), agents \(run.plans.count)")
print("generate+score \(String(format: "%.2f", t1 - t0)) s; plans \(String(format: "%.2f", t2 - t1)) s; "
    + "render 4 formats \(String(format: "%.2f", t3 - t2)) s (\(bytes / 1024) KiB); peak memory \(Int(peakMemoryMB())) MB")
