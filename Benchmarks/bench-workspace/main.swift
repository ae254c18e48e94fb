// Workspace benchmark data: the 40-criterion benchmark template as XML and a year of a 500-seat centre's
// evaluations as CSV, for timing `qa import`, `qa score` and `qa coach` on a workspace against the same from
// files (docs/performance.md, "The workspace").
//   bench-workspace prepare N   writes /tmp/qa-bench/bench.xml and /tmp/qa-bench/workspace-N.csv (N evaluations,
//                               34 teams × 15 agents, 52 weeks from 2025-01-06, 10 assessors; made once)
// Run: swift build -c release --product bench-workspace && .build/release/bench-workspace prepare 1000000
import BenchSupport
import FileIO
import Foundation
import QAModel
import Records
import SampleData
import ScorecardFormat

let arguments = CommandLine.arguments
guard arguments.count == 3, arguments[1] == "prepare", let count = Int(arguments[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: bench-workspace prepare N\n".utf8))
    exit(64)
}
let directory = "/tmp/qa-bench"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
var card = benchmarkScorecard()
// What a stored template needs besides its rules (the XSD requires them).
card.owner = "Benchmark"
card.effectiveDate = CalendarDay("2025-01-01")
try AtomicFile.write(ScorecardWriter.xml(card), to: "\(directory)/bench.xml")
let csv = "\(directory)/workspace-\(count).csv"
if !FileManager.default.fileExists(atPath: csv) {
    var config = SampleConfig()
    config.evaluations = count
    config.calibrationCallsPerSession = 0
    config.teams = 34
    config.agentsPerTeam = 15
    config.assessors = 10
    config.weeks = 52
    let generator = try SampleGenerator(scorecard: card, config: config)
    let writer = EvaluationWriter(format: .csv, scorecard: card)
    let stream = try AtomicFileStream(path: csv)
    try stream.write(writer.prologue)
    try generator.generate(evaluation: { e in try stream.write(try writer.encode(e)) }, call: { _ in })
    try stream.commit()
}
print("wrote \(directory)/bench.xml and \(csv)")
