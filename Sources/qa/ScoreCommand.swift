import ArgumentParser
import TextEscaping
import Batch
import Diagnostics
import QAModel
import FileIO
import Records
import ScoreReport
import Scoring

/// `qa score`: score evaluation records against a template, one line per evaluation and a summary.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score evaluations against a scorecard template.",
        discussion: """
            Reads evaluation records (JSON, JSON Lines or CSV files, folders of them, or - for standard input), \
            checks each against the template and scores the valid ones. Invalid records are reported on stderr \
            with their file, line and criterion, and are not scored; the others still are. The same problem in \
            many records of a file is reported once with a count, at most 20 lines per file (--all-problems \
            lists every one); --strict stops at the first invalid record instead.

            Exit codes: 0 all scored; 1 some records were invalid (the valid ones are scored) or --strict stopped \
            the run; 3 a file could not be read or written; 64 wrong or missing options.
            """
    )

    @OptionGroup var template: ScorecardOption

    @Option(name: .long, help: "Output format: table, json, csv or markdown.")
    var format: ScoreReportFormat = .table

    @OptionGroup var report: ReportOutputOption

    @Option(name: .customLong("group-by"), help: "Add averages and pass rates per agent, team, assessor, or per answer to a criterion (e.g. call-type).")
    var groupBy: String?

    @OptionGroup var problems: RecordProblemOptions

    @OptionGroup var purpose: PurposeOption

    @OptionGroup var input: EvaluationInputOptions

    func run() throws {
        try OutputOverlap.refuse(output: report.output, inputs: (input.inputs.isEmpty ? ["-"] : input.inputs) + [template.scorecard],
                                 command: "score")
        let card = try TemplateFile.load(template.scorecard)
        let plan = ScoringPlan(card)
        var group: GroupKey?
        if let groupBy {
            guard let key = GroupKey(groupBy, scorecard: card) else {
                // Found only once the template is read, so reported here rather than in validate(); the usage
                // line must name this command, not the root.
                Terminal.error(Escaping.terminal("Error: --group-by must be agent, team, assessor or a criterion id of template "
                    + "'\(card.id)' (\(card.criteria.map(\.id).joined(separator: ", "))); '\(groupBy)' is none of these.", limit: 2_000) + "\n"
                    + "  See 'qa score --help' for more information.")
                throw ExitCode.validationFailure
            }
            group = key
        }
        // Every input must exist before any output is written.
        let sources = try input.sources()
        let sink = try ReportSink(path: report.output)
        var writer = ScoreReportWriter(format: format, plan: plan, groupBy: group, emit: sink.write)
        let progress = ProgressLine(verb: "scored")
        let invalidRecords = RecordProblemReport(problems, progress: progress)
        do {
            try writer.begin()
            let scorer = BatchScorer(plan: plan, purposes: purpose.purposes(default: [.official]))
            if writer.acceptsOverviews {
                // Table and CSV reports need no per-criterion breakdown: the faster overview path.
                try scorer.runOverviews(sources: sources) { item in
                    switch item {
                    case .invalid(let record): try invalidRecords.invalid(record)
                    case .scored(_, _, let location): invalidRecords.valid(location)
                    }
                    try writer.add(item)
                    progress.update(writer.overall.count + writer.invalidCount)
                }
            } else {
                try scorer.run(sources: sources, keepAnswers: false) { item in
                    switch item {
                    case .invalid(let record): try invalidRecords.invalid(record)
                    case .scored(_, let location): invalidRecords.valid(location)
                    }
                    try writer.add(item)
                    progress.update(writer.overall.count + writer.invalidCount)
                }
            }
            try writer.finish()
            progress.finish()
            try sink.commit()
            PurposeOption.noteLeftOut(scorer.leftOut, counting: "scores count official evaluations only")
        } catch is StoppedAtFirstInvalidRecord {
            progress.finish()
            sink.discard()
            throw invalidRecords.stopped()
        } catch let error as RecordInputError {
            progress.finish()
            sink.discard()
            invalidRecords.finish(verb: "scored")
            throw Problems.fail(error)
        } catch let error as FileError {
            // The report could not be written (a full disk, a device that refuses it).
            progress.finish()
            sink.discard()
            invalidRecords.finish(verb: "scored")
            throw Problems.fail(error, writing: true)
        }
        invalidRecords.finish(verb: "scored")
        try invalidRecords.exitIfNeeded()
    }
}

extension ScoreReportFormat: ExpressibleByArgument {}
