import ArgumentParser
import Batch
import QAModel
import Records
import ScoreReport
import Scoring

/// `qa score`: score evaluation records against a template, one line per evaluation and a summary.
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score evaluations against a scorecard template.",
        discussion: """
            Reads evaluation records (JSON, JSON Lines or CSV files, folders of them, or - for standard input), \
            checks each against the template and scores the valid ones. Invalid records are listed on stderr \
            with their file, line and criterion, and are not scored; the others still are.

            Exit codes: 0 all scored; 1 some records were invalid; 3 a file could not be read or written; 64 wrong \
            or missing options.
            """
    )

    @Option(name: .long, help: "The scorecard template (XML).")
    var scorecard: String

    @Option(name: .long, help: "Output format: table, json, csv or markdown.")
    var format: ScoreReportFormat = .table

    @Option(name: .long, help: "Write the report to this file (written in full or not at all).")
    var output: String?

    @Option(name: .customLong("group-by"), help: "Add averages and pass rates per agent, team, assessor, or per answer to a criterion (e.g. call-type).")
    var groupBy: String?

    @Option(name: .customLong("input-format"), help: "Format of standard input (json, jsonl or csv) when it cannot be told from the data.")
    var inputFormat: RecordFormat?

    @Argument(help: "Evaluation files, folders, or - for standard input.")
    var inputs: [String]

    func run() throws {
        let card = try TemplateFile.load(scorecard)
        let plan = ScoringPlan(card)
        var group: GroupKey?
        if let groupBy {
            guard let key = GroupKey(groupBy, scorecard: card) else {
                // Found only once the template is read, so reported here rather than in validate(); the usage
                // line must name this command, not the root.
                Terminal.error("Error: --group-by must be agent, team, assessor or a criterion id of template "
                    + "'\(card.id)' (\(card.criteria.map(\.id).joined(separator: ", "))); '\(groupBy)' is none of these.\n"
                    + "  See 'qa score --help' for more information.")
                throw ExitCode.validationFailure
            }
            group = key
        }
        // Every input must exist before any output is written.
        let sources: [InputSource]
        do {
            sources = try InputSources.expand(inputs, standardInputFormat: inputFormat)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(3)
        }
        let sink = try ReportSink(path: output)
        var writer = ScoreReportWriter(format: format, plan: plan, groupBy: group, emit: sink.write)
        let progress = ProgressLine(verb: "scored")
        var invalidCount = 0
        do {
            try writer.begin()
            let scorer = BatchScorer(plan: plan)
            func report(invalid record: InvalidEvaluation) {
                invalidCount += 1
                Terminal.error(record.description)
            }
            if writer.acceptsOverviews {
                // Table and CSV reports need no per-criterion breakdown: the faster overview path.
                try scorer.runOverviews(sources: sources) { item in
                    if case .invalid(let record) = item { report(invalid: record) }
                    try writer.add(item)
                    progress.update(writer.overall.count + invalidCount)
                }
            } else {
                try scorer.run(sources: sources, keepAnswers: false) { item in
                    if case .invalid(let record) = item { report(invalid: record) }
                    try writer.add(item)
                    progress.update(writer.overall.count + invalidCount)
                }
            }
            try writer.finish()
            progress.finish()
            try sink.commit()
        } catch let error as RecordInputError {
            progress.finish()
            sink.discard()
            Terminal.error(error.description)
            throw ExitCode(3)
        }
        if invalidCount > 0 {
            Terminal.error("\(invalidCount) invalid record\(invalidCount == 1 ? "" : "s") not scored; \(writer.overall.count) scored.")
            throw ExitCode(1)
        }
    }
}

extension ScoreReportFormat: ExpressibleByArgument {}
extension RecordFormat: ExpressibleByArgument {}
