import ArgumentParser
import Diagnostics
import DelimitedText
import Foundation
import QAModel
import FileIO
import Records
import SampleData
import TextEscaping
import ScorecardFormat

/// `qa sample`: write a seeded synthetic data set with planted effects for a scorecard.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Make an invented practice data set for a scorecard, with known effects planted in it.",
        discussion: """
            Writes OUTPUT/evaluations.jsonl (or .csv), OUTPUT/calls.csv (handle time, first-contact \
            resolution, CSAT, transfers per call) and OUTPUT/planted.json (the answer key: the lenient, severe \
            and drifting assessors and each agent's weak criterion). No real people or customers appear. The \
            same scorecard, seed and options always give the same files. See docs/sample-data.md.
            Exit codes: 0 written; 1 the template has errors or the options do not fit it (listed); 3 a file \
            could not be read or written; 64 wrong or missing options.
            """
    )

    @OptionGroup var scorecardOption: ScorecardOption
    @Option(help: "Seed: change it for a different data set of the same shape.")
    var seed: UInt64 = 1
    @Option(help: "Routine evaluations (one call each).")
    var evaluations: Int = 2000
    @Option(help: "Number of teams.")
    var teams: Int = 3
    @Option(help: "Agents in each team.")
    var agentsPerTeam: Int = 6
    @Option(help: "Assessors, including the expert qa-lead (at least 4).")
    var assessors: Int = 6
    @Option(help: "First day of the period (YYYY-MM-DD).")
    var start: String = "2025-01-06"
    @Option(help: "Length of the period in weeks (one calibration session a week).")
    var weeks: Int = 12
    @Option(help: "Calls in each weekly calibration session; every assessor scores each one.")
    var calibrationCalls: Int = 6
    @Option(help: "How many points above the truth the lenient assessor scores on average.")
    var lenientPoints: Double = 9
    @Option(help: "How many points below the truth the severe assessor scores on average.")
    var severePoints: Double = 9
    @Option(help: "Share (0–1) of passing critical answers the severe assessor records as failing (auto-fails); 0 for none.")
    var severeCriticalFailRate: Double = 0
    @Option(help: "Week in which the drifting assessor starts to drift.")
    var driftStartWeek: Int = 6
    @Option(help: "Which way the drifting assessor drifts: lenient or severe.")
    var driftDirection: DriftDirection = .lenient
    @Option(help: "How many points off the drifting assessor is by the last week.")
    var driftPoints: Double = 12
    @Option(name: .customLong("id-prefix"),
            help: "Text put before every evaluation and call id (e.g. 'in-'), so data sets meant for one workspace do not share ids.")
    var idPrefix: String = ""
    @Option(help: "Evaluations file format: jsonl or csv.")
    var format: SampleFormat = .jsonl
    @Option(help: "Folder to write the files into (created if missing).")
    var output: String

    enum SampleFormat: String, ExpressibleByArgument { case jsonl, csv }

    /// Every numeric option bounded (docs/limits.md), and the size of the whole data set worked out with
    /// checked arithmetic, so no option can overflow or ask for hundreds of megabytes: exit 64.
    func validate() throws {
        func within(_ name: String, _ value: Int, _ range: ClosedRange<Int>) throws {
            guard range.contains(value) else {
                throw ValidationError("\(name) must be from \(Limits.text(range.lowerBound)) to \(Limits.text(range.upperBound)) (got \(value)).")
            }
        }
        try within("--evaluations", evaluations, 0...Limits.sampleEvaluations)
        try within("--teams", teams, 1...702)
        try within("--agents-per-team", agentsPerTeam, 1...Limits.sampleAgentsPerTeam)
        try within("--assessors", assessors, 4...Limits.sampleAssessors)
        try within("--weeks", weeks, 1...Limits.sampleWeeks)
        try within("--calibration-calls", calibrationCalls, 0...Limits.sampleCalibrationCalls)
        try within("--drift-start-week", driftStartWeek, 1...weeks)
        if start.count == 10, let year = Int(start.prefix(4)), !(1900...2999).contains(year) {
            throw ValidationError("--start must be a date from 1900 to 2999 (got \(start)).")
        }
        for (name, value) in [("--lenient-points", lenientPoints), ("--severe-points", severePoints),
                              ("--drift-points", driftPoints)] where !(value >= 0 && value <= 100) {
            throw ValidationError("\(name) must be from 0 to 100 points (got \(value)).")
        }
        if !(severeCriticalFailRate >= 0 && severeCriticalFailRate <= 1) {
            throw ValidationError("--severe-critical-fail-rate must be from 0 to 1 (got \(severeCriticalFailRate)).")
        }
        let calibration = weeks.multipliedReportingOverflow(by: calibrationCalls)
        let calibrationEvaluations = calibration.partialValue.multipliedReportingOverflow(by: assessors)
        let total = evaluations.addingReportingOverflow(calibrationEvaluations.partialValue)
        if calibration.overflow || calibrationEvaluations.overflow || total.overflow
            || total.partialValue > Limits.sampleTotalEvaluations {
            throw ValidationError("these options make more than \(Limits.text(Limits.sampleTotalEvaluations)) evaluations "
                + "(--evaluations plus --weeks × --calibration-calls × --assessors); ask for fewer.")
        }
    }

    func run() throws {
        let template = try TemplateFile.load(try scorecardOption.file(command: "sample"))

        var config = SampleConfig()
        config.seed = seed
        config.idPrefix = idPrefix
        config.evaluations = evaluations
        config.teams = teams
        config.agentsPerTeam = agentsPerTeam
        config.assessors = assessors
        config.periodStart = start
        config.weeks = weeks
        config.calibrationCallsPerSession = calibrationCalls
        config.lenientPoints = lenientPoints
        config.severePoints = severePoints
        config.severeCriticalFailRate = severeCriticalFailRate
        config.driftStartWeek = driftStartWeek
        config.driftDirection = driftDirection
        config.driftFinalPoints = driftPoints
        let generator: SampleGenerator
        do {
            generator = try SampleGenerator(scorecard: template, config: config)
        } catch let error as SampleSetupError {
            for problem in error.problems { Problems.report(Problems.runError("\(problem)", rule: "sample.options")) }
            throw Problems.exit(.problemsFound)
        }

        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let writer = EvaluationWriter(format: format == .csv ? .csv : .jsonLines, scorecard: template)
            let evaluationsFile = try AtomicFileStream(path: output + "/evaluations." + format.rawValue)
            let callsFile = try AtomicFileStream(path: output + "/calls.csv")
            let csv = CSVWriter()
            try evaluationsFile.write(writer.prologue)
            try callsFile.write(csv.record(CallRecord.csvHeader))
            try generator.generate(
                evaluation: { try evaluationsFile.write(writer.encode($0)) },
                call: { try callsFile.write(csv.record($0.csvFields)) })
            try evaluationsFile.commit()
            try callsFile.commit()
            try AtomicFile.write(Array((try generator.planted.json() + "\n").utf8), to: output + "/planted.json")
        } catch let error as FileError {
            throw Problems.fail(error, writing: true)
        } catch is CocoaError {
            Problems.report(Problems.fileError(output, "cannot create this folder: a file of that name is in the way, "
                + "or the folder it goes in cannot be written; choose another --output folder", rule: Rule.unwritableFile))
            throw Problems.exit(.cannotReadOrWrite)
        }
        let planted = generator.planted
        print("""
            wrote \(generator.evaluationCount) evaluations of \(generator.callCount) calls to \(Escaping.terminal(output)) \
            (seed \(seed)); planted: lenient \(planted.lenientAssessorID), severe \(planted.severeAssessorID), \
            drifting \(planted.driftingAssessorID) from \(planted.driftStartDate) — see planted.json
            """)
    }
}

extension DriftDirection: ExpressibleByArgument {}

