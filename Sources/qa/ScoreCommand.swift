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

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var selection: StoredSelectionOptions

    func run() throws {
        switch try EvaluationOrigin.choose(inputs: input.inputs, options: workspaceOptions) {
        case .files:
            if !selection.isEmpty {
                throw ValidationError("--from, --to, --team and --agent choose among a workspace's evaluations; with files, "
                    + "give the files to score")
            }
            let path = try template.file(command: "score")
            try OutputOverlap.refuse(output: report.output, inputs: (input.inputs.isEmpty ? ["-"] : input.inputs) + [path],
                                     command: "score")
            let plan = ScoringPlan(try TemplateFile.load(path))
            let group = try groupKey(plan.scorecard)
            // Every input must exist before any output is written.
            let sources = try input.sources()
            let scorer = BatchScorer(plan: plan, purposes: purpose.purposes(default: [.official]))
            try score([(scorer, sources)], plans: [plan], group: group)
            PurposeOption.noteLeftOut(scorer.leftOut, counting: "scores count official evaluations only")
        case .workspace(let workspace):
            defer { workspace.close() }
            let stored = try StoredInput.load(workspace, selection: selection, purposes: purpose.purposes(default: [.official]),
                                              scorecard: template.scorecard, command: "score")
            let plans = stored.parts.map { ScoringPlan($0.template.scorecard) }
            guard let newest = plans.last else { return }
            let group = try groupKey(newest.scorecard)
            try score(zip(plans, stored.parts).map { (BatchScorer(plan: $0), [$1.source]) }, plans: plans, group: group,
                      whenRead: stored.finish)
            stored.noteLeftOut(counting: "scores count official evaluations only")
            if plans.count > 1 {
                Problems.note(nil, "each evaluation was scored with the template version it was made with (\(stored.versionsText))")
            }
        }
    }

    private func groupKey(_ card: Scorecard) throws -> GroupKey? {
        guard let groupBy else { return nil }
        guard let key = GroupKey(groupBy, scorecard: card) else {
            // Found only once the template is read, so reported here rather than in validate(); the usage
            // line must name this command, not the root.
            Terminal.error(Escaping.terminal("Error: --group-by must be agent, team, assessor or a criterion id of template "
                + "'\(card.id)' (\(card.criteria.map(\.id).joined(separator: ", "))); '\(groupBy)' is none of these.", limit: 2_000) + "\n"
                + "  See 'qa score --help' for more information.")
            throw ExitCode.validationFailure
        }
        return key
    }

    /// Scores each part's sources with its scorer (one per template version) into one report.
    private func score(_ parts: [(BatchScorer, [InputSource])], plans: [ScoringPlan], group: GroupKey?,
                       whenRead: () throws -> Void = {}) throws {
        let sink = try ReportSink(path: report.output)
        var writer = ScoreReportWriter(format: format, plans: plans, groupBy: group, emit: sink.write)
        let progress = ProgressLine(verb: "scored")
        let invalidRecords = RecordProblemReport(problems, progress: progress)
        do {
            try writer.begin()
            for (scorer, sources) in parts {
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
            }
            // Nothing is written when the workspace could not be read to the end.
            do {
                try whenRead()
            } catch {
                progress.finish()
                sink.discard()
                throw error
            }
            try writer.finish()
            progress.finish()
            try sink.commit()
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
