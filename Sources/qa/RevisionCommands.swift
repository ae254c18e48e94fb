import ArgumentParser
import Batch
import Diagnostics
import QAModel
import Records
import Revisions
import Scoring
import Workspace
import TextEscaping

/// Loading the two versions a revision command compares: both are checked and every problem of both is printed
/// before the command gives up (the most serious exit code wins: 3 unreadable over 1 invalid).
enum TemplateVersions {
    static func load(old: String, new: String) throws -> (old: ScoringPlan, new: ScoringPlan) {
        var loaded: [Scorecard] = []
        var failure: ExitCode?
        for path in [old, new] {
            do {
                loaded.append(try TemplateFile.load(path))
            } catch let code as ExitCode {
                if failure == nil || code.rawValue == ExitStatus.cannotReadOrWrite.rawValue { failure = code }
            }
        }
        if let failure { throw failure }
        guard loaded.count == 2 else { throw Problems.exit(.problemsFound) }
        return (ScoringPlan(loaded[0]), ScoringPlan(loaded[1]))
    }
}

/// `qa scorecard diff OLD NEW [--format text|json]`
struct ScorecardDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a template: criteria added, removed, reworded, reweighted, rules changed.",
        discussion: """
            Both templates are checked first, as qa scorecard validate checks them. Criteria, sections, bands and \
            categories are matched by id; the changes are listed in the order of the new version, each criterion's \
            share of the total (as qa scorecard show computes it) old → new. "No changes" when the two differ only in \
            their version. --format json prints a stable form for other tools (see docs/revisions.md).
            Exit codes: 0 compared (with or without changes); 1 a template has errors (listed); 3 a file could not \
            be read; 64 wrong or missing options.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: ArgumentHelp("The old version of the template (XML).", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The new version of the template (XML).", valueName: "new"))
    var new: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        let plans = try TemplateVersions.load(old: old, new: new)
        let diff = TemplateDiff(old: plans.old, new: plans.new)
        switch format {
        case .text: print(Escaping.terminal(TemplateDiffRenderer.text(diff), keepingLineBreaks: true), terminator: "")
        case .json: print(try TemplateDiffRenderer.json(diff), terminator: "")
        }
    }
}

/// `qa scorecard what-if OLD NEW INPUT... [--group-by team|agent|none] [--format text|json]`
struct ScorecardWhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "what-if",
        abstract: "Re-score evaluations made with one version of a template under another, before it is published.",
        discussion: """
            Reads the evaluations made with the old version (files, folders or - ; evaluations for other templates \
            or versions are left out and counted), scores each under both versions where its answers carry over, \
            and shows how the average total, the pass rate and the band shares would move, overall, per team (or \
            agent) and per criterion, and which evaluations would change result.

            An answer carries over when the criterion is in both versions with the same kind of answer and the \
            answer means the same under both. A criterion with no usable answer (new, or its answer no longer \
            valid) is left out of the new score as an N/A answer is, and the report says on how many evaluations \
            and why; nothing is guessed. Official evaluations only by default (--purpose). See docs/revisions.md.

            Evaluations that are not valid for the old version are reported as FILE:LINE: error: … and left out \
            (--strict stops at the first).
            Exit codes: 0 compared; 1 a template has errors, records were invalid (the valid ones are used) or no \
            evaluation could be re-scored; 3 a file could not be read or written; 64 wrong or missing options.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Grouping: String, ExpressibleByArgument, CaseIterable {
        case team, agent, none
    }

    @Argument(help: ArgumentHelp("The version the evaluations were made with (XML).", valueName: "old"))
    var old: String

    @Argument(help: ArgumentHelp("The version to re-score them under (XML).", valueName: "new"))
    var new: String

    @Option(name: .customLong("group-by"), help: "Figures per team (the default), per agent, or none.")
    var groupBy: Grouping = .team

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var report: ReportOutputOption

    @OptionGroup var problems: RecordProblemOptions

    @OptionGroup var purpose: PurposeOption

    @OptionGroup var input: EvaluationInputOptions

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @OptionGroup var selection: StoredSelectionOptions

    func run() throws {
        let origin = try EvaluationOrigin.choose(inputs: input.inputs, options: workspaceOptions)
        var inputs = [old, new]
        if case .files = origin { inputs += input.inputs.isEmpty ? ["-"] : input.inputs }
        try OutputOverlap.refuse(output: report.output, inputs: inputs, command: "scorecard what-if")
        let plans = try TemplateVersions.load(old: old, new: new)
        let sources: [InputSource]
        var stored: StoredInput?
        switch origin {
        case .files:
            if !selection.isEmpty {
                throw ValidationError("--from, --to, --team and --agent choose among a workspace's evaluations; with files, "
                    + "give the files to re-score")
            }
            sources = try input.sources()
        case .workspace(let workspace):
            // The stored evaluations made with the old version (by its id and version), in the period chosen.
            defer { workspace.close() }
            var chosen = selection
            chosen.versionFilter = plans.old.scorecard.version
            let loaded = try StoredInput.load(workspace, selection: chosen, purposes: purpose.purposes(default: [.official]),
                                              scorecard: plans.old.scorecard.id, command: "scorecard what-if")
            sources = loaded.parts.map(\.source)
            stored = loaded
            try run(plans: plans, sources: sources, stored: stored)
            return
        }
        try run(plans: plans, sources: sources, stored: stored)
    }

    private func run(plans: (old: ScoringPlan, new: ScoringPlan), sources: [InputSource], stored: StoredInput?) throws {
        let problemReport = RecordProblemReport(problems)
        let scorer = BatchScorer(plan: plans.old, purposes: purpose.purposes(default: [.official]),
                                 leavesOutOtherTemplates: true)
        var analysis = WhatIfAnalysis(old: plans.old, new: plans.new)
        let grouping = groupBy
        do {
            try scorer.run(sources: sources) { item in
                switch item {
                case .invalid(let invalid):
                    try problemReport.invalid(invalid)
                case .scored(let scored, let location):
                    problemReport.valid(location)
                    analysis.add(scored.evaluation, group: Self.groupKey(scored.evaluation, grouping))
                }
            }
        } catch is StoppedAtFirstInvalidRecord {
            throw problemReport.stopped()
        } catch let error as RecordInputError {
            problemReport.finish(verb: "used")
            throw Problems.fail(error)
        }
        if let stored {
            try stored.finish()
            stored.noteLeftOut(counting: "what-if counts official evaluations only")
        }
        if let other = scorer.otherTemplates.summary {
            Problems.note(nil, "\(other) left out: what-if re-scores the evaluations made with \(Self.name(plans.old))")
        }
        PurposeOption.noteLeftOut(scorer.leftOut, counting: "what-if counts official evaluations only")
        let result = analysis.report
        if result.counts.rescored == 0 {
            problemReport.add(Problems.runError(
                "no evaluation made with \(Self.name(plans.old)) could be re-scored under \(Self.name(plans.new)); "
                    + "give the evaluations made with the old version", rule: "what-if.nothing-rescored"))
        }
        problemReport.finish(verb: "used")
        let by = grouping == .none ? nil : grouping.rawValue
        let text: String
        switch format {
        case .text: text = Escaping.terminal(WhatIfRenderer.text(result, groupedBy: by), keepingLineBreaks: true)
        case .json: text = try WhatIfRenderer.json(result, groupedBy: by)
        }
        try ReportSink.emit(text, to: report.output)
        try problemReport.exitIfNeeded()
    }

    /// `template 'x' version '1.0'`.
    static func name(_ plan: ScoringPlan) -> String {
        "template \(Quoting.quoted(plan.scorecard.id, kind: "id")) version \(Quoting.quoted(plan.scorecard.version, kind: "version"))"
    }

    /// The group an evaluation's figures go to.
    static func groupKey(_ evaluation: Evaluation, _ grouping: Grouping) -> String? {
        switch grouping {
        case .team: return evaluation.teamID ?? "(no team)"
        case .agent: return evaluation.agentID
        case .none: return nil
        }
    }
}
