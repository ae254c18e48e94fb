// Scoring benchmark.
//   bench-scoring core [N]   the scoring core: check + score N evaluations already in memory (default 1,000,000),
//                            coded answers placed as codes as the CSV reader does (BENCH_INPUT=values: as values)
//   bench-scoring rich [N]   the same with the platform rules in use: 8 of the 40 criteria multi-select or numeric
//                            ranges, 2 bonus criteria, a section condition, Connect's question-only mode
//   bench-scoring files [N]  end to end: generate N evaluations with SampleData into JSON Lines and CSV files
//                            (once, under /tmp/qa-bench), then read, check and score each file as `qa score` does
//                            for table/CSV reports (BENCH_DETAIL=full: with the full breakdown, as for JSON/markdown;
//                            BENCH_FILE=path: that file only)
// Run: swift build -c release --product bench-scoring && .build/release/bench-scoring core
import Batch
import Foundation
import QAModel
import FileIO
import Records
import SampleData
import Scoring
import BenchSupport

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "core"
let count = arguments.dropFirst().first.flatMap { Int($0) } ?? 1_000_000
let card = benchmarkScorecard(rich: mode == "rich")
if mode == "files" {
    try scoreFiles(card: card, count: count)
    exit(0)
}
let plan = ScoringPlan(card)
// A pool of 1,024 distinct answer sets, cycled: the work per evaluation is the same as for fresh data.
var rng = SplitMix64(state: 42)
var pool: [IndexedAnswers] = []
let valuesInput = ProcessInfo.processInfo.environment["BENCH_INPUT"] == "values"
for _ in 0..<1024 {
    var raw = IndexedAnswers(criteria: plan.criteria.count, sections: plan.sectionRanges.count)
    for (i, c) in plan.criteria.enumerated() {
        let r = rng.next() % 100
        switch c.answerType {
        case .yesNo: raw.answers[i] = r < 85 ? .yes : (r < 97 ? .no : .notApplicable)
        case .scale: raw.answers[i] = .number(Double(1 + rng.next() % 5))
        case .choice: raw.answers[i] = .token(r < 70 ? "full" : (r < 90 ? "part" : "none"))
        case .multiSelect: raw.answers[i] = .tokens(r < 60 ? ["a", "c"] : ["b"])
        case .numeric: raw.answers[i] = .number(Double(rng.next() % 90))
        default: break
        }
        if c.id == "c3" && plan.recordedAnswer(plan.criterionIndex["c2"] ?? 0, in: raw) != .yes { raw.answers[i] = nil }
        if mode == "rich" && plan.sectionOfCriterion[i] == 5 && plan.recordedAnswer(0, in: raw) == .token("none") { raw.answers[i] = nil }
        if c.id == "c2" && raw.answers[i] == .no { raw.comments[i] = "missed" }
        // Coded answers are handed over as codes, as the CSV reader does for cells spelled exactly as one
        // (BENCH_INPUT=values: as answer values, the general path of other readers).
        if !valuesInput, let value = raw.answers[i], let code = plan.codedAnswers(of: i)?.firstIndex(of: value) {
            raw.answers[i] = nil
            plan.place(code: code, criterion: i, into: &raw)
        }
    }
    pool.append(raw)
}
var totalSum = 0.0
var passed = 0
var invalid = 0
var workspace = ScoringWorkspace(plan)
let start = Date()
for k in 0..<count {
    if plan.check(pool[k & 1023], into: &workspace).isEmpty {
        let s = plan.summarize(&workspace)
        totalSum += s.total
        if s.passed { passed += 1 }
    } else {
        if invalid == 0, ProcessInfo.processInfo.environment["BENCH_DEBUG"] != nil { print(plan.check(pool[k & 1023], into: &workspace)) }
        invalid += 1
    }
}
let seconds = Date().timeIntervalSince(start)
print("scoring core\(mode == "rich" ? " (platform rules in use)" : ""): \(count) evaluations of a \(plan.criteria.count)-criterion template in \(String(format: "%.3f", seconds)) s")
print("  \(String(format: "%.0f", Double(count) / seconds)) evaluations/s on one core; mean total \(String(format: "%.2f", totalSum / Double(count))), \(passed) passed, \(invalid) invalid")
print("  peak memory \(String(format: "%.1f", peakMemoryMB())) MB")

/// Generates the files once, then times reading + checking + scoring each of them.
func scoreFiles(card: Scorecard, count: Int) throws {
    let directory = "/tmp/qa-bench"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let jsonl = "\(directory)/evaluations-\(count).jsonl", csv = "\(directory)/evaluations-\(count).csv"
    if !FileManager.default.fileExists(atPath: csv) {
        var config = SampleConfig()
        config.evaluations = count
        config.calibrationCallsPerSession = 0
        let generator = try SampleGenerator(scorecard: card, config: config)
        let jsonWriter = EvaluationWriter(format: .jsonLines, scorecard: card)
        let csvWriter = EvaluationWriter(format: .csv, scorecard: card)
        let jsonStream = try AtomicFileStream(path: jsonl), csvStream = try AtomicFileStream(path: csv)
        try csvStream.write(csvWriter.prologue)
        try generator.generate(evaluation: { e in
            try jsonStream.write(try jsonWriter.encode(e))
            try csvStream.write(try csvWriter.encode(e))
        }, call: { _ in })
        try jsonStream.commit()
        try csvStream.commit()
    }
    let plan = ScoringPlan(card)
    let only = ProcessInfo.processInfo.environment["BENCH_FILE"]
    // The overview path is what `qa score --format table|csv` runs; BENCH_DETAIL=full scores with the full
    // per-criterion breakdown, as for the JSON and markdown reports.
    let full = ProcessInfo.processInfo.environment["BENCH_DETAIL"] == "full"
    for path in only.map({ [$0] }) ?? [csv, jsonl] {
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var scored = 0, invalid = 0, passed = 0
        let start = Date()
        if full {
            try BatchScorer(plan: plan).run(inputs: [path], keepAnswers: false) { item in
                switch item {
                case .scored(let e, _):
                    scored += 1
                    if e.score.passed { passed += 1 }
                case .invalid: invalid += 1
                }
            }
        } else {
            try BatchScorer(plan: plan).runOverviews(inputs: [path]) { item in
                switch item {
                case .scored(_, let overview, _):
                    scored += 1
                    if overview.passed { passed += 1 }
                case .invalid: invalid += 1
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let mb = Double(bytes) / 1_000_000
        print("\(path.hasSuffix("csv") ? "CSV        " : "JSON Lines "): \(scored) scored, \(invalid) invalid, \(passed) passed; "
              + "\(String(format: "%.1f", mb)) MB in \(String(format: "%.2f", seconds)) s = "
              + "\(String(format: "%.1f", mb / seconds)) MB/s, \(String(format: "%.0f", Double(scored + invalid) / seconds)) evaluations/s")
    }
    print("  peak memory \(String(format: "%.1f", peakMemoryMB())) MB")
}
