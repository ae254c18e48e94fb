import ArgumentParser
import TextEscaping
import Batch
import Coaching
import DelimitedText
import Diagnostics
import Evaluator
import Foundation
import QAModel
import Records
import ScorecardFormat
import Scoring
import Workspace

/// `qa coach`: coaching plans for one agent, a team or everyone, from scored evaluations.
struct CoachCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coach",
        abstract: "Build coaching plans for a one-to-one: strengths, development areas with evidence, SMART targets.",
        discussion: """
            Scores every evaluation with the template, then builds a plan for each agent chosen: the period and \
            number of evaluations behind it, the average score, band, pass rate and trend beside the team's, \
            category scores against the team, what is going well, up to three development areas (critical \
            compliance failures first, then the criteria that cost the most score) with the calls and the \
            assessors' comments that show them, and a SMART target for each with a review date.

            With --kpis, handle time, first-contact resolution and CSAT are set beside the QA scores. With \
            --exclude, days such as a system outage are left out of every figure, and the plan says so.

            The plan explains its rules in docs/coaching.md. Evaluations that do not fit the template are \
            reported as FILE:LINE: error: … (grouped, at most 20 lines per file; --all-problems lists every one) \
            and left out; the plans are made from the valid ones and the exit code is then 1. --strict stops at \
            the first invalid record instead.
            Exit codes: 0 plans written; 1 problems found in the inputs (reported); 64 wrong or missing options \
            (the usage-error code of the option parser); \
            3 a file could not be read or written.

            'qa coach session' records one-to-ones from a plan and follows them up (see 'qa coach session --help').
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, html, csv, json
    }

    @OptionGroup var template: ScorecardOption

    @Option(help: ArgumentHelp("Make a plan for this agent.", valueName: "id"))
    var agent: String?

    @Option(help: ArgumentHelp("Make a plan for every agent of this team.", valueName: "id"))
    var team: String?

    @Flag(help: "Make a plan for every agent in the evaluations.")
    var all = false

    @Option(help: ArgumentHelp("First call date to include (YYYY-MM-DD). Default: the earliest found.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last call date to include (YYYY-MM-DD). Default: the latest found.", valueName: "date"))
    var to: String?

    @Option(help: ArgumentHelp(
        "Calls file (CSV: call_id,agent_id,team_id,date,handle_time_seconds,first_contact_resolution,csat,…) to set KPIs beside the scores.",
        valueName: "calls.csv"))
    var kpis: String?

    @Option(help: ArgumentHelp("Periods to leave out (CSV: start,end[,reason], dates YYYY-MM-DD, both days included).",
                               valueName: "windows.csv"))
    var exclude: String?

    @Option(help: ArgumentHelp("Days from the end of the period (--to, or today) to the review.", valueName: "days"))
    var reviewIn: Int = 30

    @Option(help: "Output format: markdown, html (one printable file with charts), csv (one row per development area) or json.")
    var format: Format = .markdown

    @OptionGroup var report: ReportOutputOption

    @OptionGroup var problems: RecordProblemOptions

    @OptionGroup var purpose: PurposeOption

    @OptionGroup var input: EvaluationInputOptions

    func validate() throws {
        let chosen = [agent != nil, team != nil, all].filter { $0 }.count
        if chosen != 1 {
            throw ValidationError("Choose whose plans to build: exactly one of --agent ID, --team ID or --all.")
        }
        try StoredSelectionOptions.checkDates(from: from, to: to)
        if reviewIn < 0 || reviewIn > Limits.reviewInDays {
            throw ValidationError("--review-in must be from 0 to \(Limits.text(Limits.reviewInDays)) days (ten years).")
        }
    }

    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let origin = try EvaluationOrigin.choose(inputs: input.inputs, options: workspaceOptions)
        var parts: [(BatchScorer, [InputSource])] = []
        var plan: ScoringPlan
        var stored: StoredInput?
        var storedKPIs: KPITable?
        var openWorkspace: Workspace?
        defer { openWorkspace?.close() }
        var periodStart = from.flatMap(CalendarDay.init)
        var periodNote: String?
        switch origin {
        case .files:
            let path = try template.file(command: "coach")
            let inputs: [String] = input.inputs.isEmpty ? ["-"] : input.inputs
            try OutputOverlap.refuse(output: report.output,
                                     inputs: inputs + [path] + (kpis.map { [$0] } ?? []) + (exclude.map { [$0] } ?? []),
                                     command: "coach")
            plan = ScoringPlan(try TemplateFile.load(path))
            parts = [(BatchScorer(plan: plan, purposes: purpose.purposes(default: [.official])), try input.sources())]
        case .workspace(let workspace):
            // Kept open until the plans are made: the evaluations stream from it as they are scored.
            openWorkspace = workspace
            try OutputOverlap.refuse(output: report.output, inputs: (kpis.map { [$0] } ?? []) + (exclude.map { [$0] } ?? []),
                                     command: "coach")
            // A plan compares the agent with their team: read the team's evaluations (the agent's team as stored).
            var teams: [String] = team.map { [$0] } ?? []
            if let agent {
                let agentTeam = try WorkspaceProblems.run { try PeopleDirectory.team(of: agent, workspace) }
                guard let agentTeam else {
                    throw WorkspaceProblems.fail("the workspace has no agent '\(agent)' (or no team for them); check the id "
                        + "(agents are named as in the evaluations' agent_id)")
                }
                teams = [agentTeam]
            }
            // A one-to-one looks at recent work: from a workspace, the plan covers the 13 weeks up to --to (or the
            // latest call) unless --from says otherwise.
            if from == nil {
                let latest = try WorkspaceProblems.run {
                    try workspace.database.read { try StoredEvaluations.latestCallDate(teams: teams, to: to.flatMap(CalendarDay.init), $0) }
                }
                if let end = to.flatMap(CalendarDay.init) ?? latest {
                    periodStart = end.adding(days: -(Self.workspacePeriodDays - 1))
                    periodNote = "the plan covers the \(Self.workspacePeriodDays / 7) weeks up to \(end) (--from to look further back)"
                }
            }
            let selection = StoredSelectionOptions.chosen(from: periodStart?.description, to: to, teams: teams)
            let input = try StoredInput.load(workspace, selection: selection, purposes: purpose.purposes(default: [.official]),
                                             scorecard: template.scorecard, command: "coach")
            let plans = input.parts.map { ScoringPlan($0.template.scorecard) }
            guard let newest = plans.last else { return }
            plan = newest
            parts = zip(plans, input.parts).map { (BatchScorer(plan: $0), [$1.source]) }
            stored = input
            if kpis == nil {
                storedKPIs = try WorkspaceProblems.run {
                    try workspace.database.read { try CallStore.kpiTable(teams: teams, $0) }
                }
                if storedKPIs?.calls.isEmpty == true { storedKPIs = nil }
            }
        }
        let problemReport = RecordProblemReport(problems)

        // Exclusion windows and KPIs: rows with problems are reported and left out.
        var windows: [ExclusionWindow] = []
        if let exclude {
            let table = try TableFile.read(exclude, problems: problemReport)
            let read = ExclusionWindow.windows(from: table)
            windows = read.windows
            for problem in read.problems { problemReport.add(Self.diagnostic(problem, in: exclude, rule: "coach.exclusions")) }
        }
        var kpiTable: KPITable? = storedKPIs
        if let kpis {
            let table = try TableFile.read(kpis, problems: problemReport)
            let read = KPITable.read(table)
            kpiTable = read.table
            for problem in read.problems { problemReport.add(Self.diagnostic(problem, in: kpis, rule: "coach.kpis")) }
        }
        if let periodNote { Problems.note(nil, periodNote) }
        let settings = CoachingSettings(
            from: periodStart, to: to.flatMap(CalendarDay.init), exclusions: windows,
            today: Self.today(), reviewInDays: reviewIn)

        // Evaluations: check and score each, report the ones that do not fit, keep those that can matter (in the
        // planner's compact form: a plan compares the agent with the whole team, so a team's period is held at once).
        let planner = CoachingPlanner(scorecard: plan.scorecard, settings: settings)
        var scored = planner.evaluationSet()
        let versions = parts.count
        do {
            for (scorer, sources) in parts {
                try scorer.run(sources: sources, keepAnswers: false, keepComments: true) { item in
                    switch item {
                    case .invalid(let invalid):
                        try problemReport.invalid(invalid)
                    case .scored(var evaluation, let location):
                        problemReport.valid(location)
                        guard settings.mayInclude(callDate: evaluation.evaluation.callDate) else { return }
                        if versions > 1 {
                            // Across a template revision: criteria compared by id, in the newest version's layout.
                            evaluation = ScoredEvaluation(evaluation: evaluation.evaluation, score: evaluation.score.aligned(to: plan))
                        }
                        scored.add(evaluation)
                    }
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
            stored.noteLeftOut(counting: "coaching plans count official evaluations only")
            if versions > 1 {
                Problems.note(nil, "each evaluation was scored with the template version it was made with (\(stored.versionsText)); "
                    + "the plan speaks of version \(plan.scorecard.version)'s criteria, matched by id")
            }
        } else if let scorer = parts.first?.0 {
            PurposeOption.noteLeftOut(scorer.leftOut, counting: "coaching plans count official evaluations only")
        }

        // Plans.
        let selection: AgentSelection = agent.map { .agent($0) } ?? team.map { .team($0) } ?? .all
        let run = planner.plans(for: selection, evaluations: scored, kpis: kpiTable)
        for name in run.agentsWithoutEvaluations {
            problemReport.add(Problems.runError(
                "no valid evaluations for \(name) in the period (after exclusions); no plan made", rule: "coach.no-evaluations"))
        }
        problemReport.finish(verb: "used")

        let text: String
        switch format {
        case .markdown: text = MarkdownRenderer.render(run.plans)
        case .html: text = HTMLRenderer.render(run.plans)
        case .csv: text = CSVRenderer.render(run.plans)
        case .json: text = try JSONRenderer.render(run.plans)
        }
        try ReportSink.emit(text, to: report.output)
        if let output = report.output {
            Terminal.error("\(run.plans.count) plan\(run.plans.count == 1 ? "" : "s") written to \(Escaping.terminal(output))")
        }
        try problemReport.exitIfNeeded()
    }

    /// How far back a plan made from a workspace looks when --from is not given: 13 weeks.
    static let workspacePeriodDays = 91

    /// Today's date in the local time zone.
    private static func today() -> CalendarDay { SessionSetup.today() }

    /// A KPI or exclusion-table problem as a diagnostic (`file:row N: error: column: message`).
    private static func diagnostic(_ problem: TableProblem, in path: String, rule: String) -> Diagnostics.Diagnostic {
        Diagnostics.Diagnostic(
            DiagnosticLocation(file: path, row: problem.row > 0 ? problem.row : nil, field: problem.field),
            rule: rule, message: problem.message)
    }

}
