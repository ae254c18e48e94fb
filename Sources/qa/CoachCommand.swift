import ArgumentParser
import Batch
import Coaching
import DelimitedText
import Foundation
import QAModel
import Records
import ScorecardFormat
import Scoring

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
            reported as FILE:LINE: error: … and left out; the exit code is then 1.
            Exit codes: 0 plans written; 1 problems found in the inputs (reported); 64 wrong or missing options \
            (the usage-error code of the option parser); \
            3 a file could not be read or written.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, html, csv, json
    }

    @Option(help: ArgumentHelp("The scorecard template (XML) the evaluations were scored against.", valueName: "file"))
    var scorecard: String

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

    @Option(help: ArgumentHelp("Write the plans to this file (written in full or not at all). Default: standard output.",
                               valueName: "path"))
    var output: String?

    @Argument(help: ArgumentHelp("Evaluation files (.json, .jsonl, .csv), folders of them, or - for standard input (the default).",
                                 valueName: "input"))
    var inputs: [String]

    func validate() throws {
        let chosen = [agent != nil, team != nil, all].filter { $0 }.count
        if chosen != 1 {
            throw ValidationError("Choose whose plans to build: exactly one of --agent ID, --team ID or --all.")
        }
        if let from, CalendarDay(from) == nil { throw ValidationError("--from '\(from)' is not a date written YYYY-MM-DD.") }
        if let to, CalendarDay(to) == nil { throw ValidationError("--to '\(to)' is not a date written YYYY-MM-DD.") }
        if let start = from.flatMap(CalendarDay.init), let end = to.flatMap(CalendarDay.init), end < start {
            throw ValidationError("--to (\(end)) is before --from (\(start)).")
        }
        if reviewIn < 0 { throw ValidationError("--review-in must be 0 or more days.") }
    }

    func run() throws {
        var problemsFound = false
        let plan = ScoringPlan(try TemplateFile.load(scorecard))

        // Exclusion windows and KPIs.
        var windows: [ExclusionWindow] = []
        if let exclude {
            let (table, badRows) = try readTable(exclude)
            let read = ExclusionWindow.windows(from: table)
            windows = read.windows
            for problem in read.problems { Terminal.error("\(exclude):\(problem.row): error: \(fieldText(problem))") }
            problemsFound = problemsFound || badRows || !read.problems.isEmpty
        }
        var kpiTable: KPITable?
        if let kpis {
            let (table, badRows) = try readTable(kpis)
            let read = KPITable.read(table)
            kpiTable = read.table
            for problem in read.problems { Terminal.error("\(kpis):\(problem.row): error: \(fieldText(problem))") }
            problemsFound = problemsFound || badRows || !read.problems.isEmpty
        }
        let settings = CoachingSettings(
            from: from.flatMap(CalendarDay.init), to: to.flatMap(CalendarDay.init), exclusions: windows,
            today: Self.today(), reviewInDays: reviewIn)

        // Evaluations: check and score each, report the ones that do not fit, keep those that can matter.
        var scored: [ScoredEvaluation] = []
        var locations: [String: RecordLocation] = [:]
        do {
            try BatchScorer(plan: plan).run(inputs: EvaluationInputs.resolve(inputs)) { item in
                switch item {
                case .invalid(let invalid):
                    problemsFound = true
                    Terminal.error(invalid.description)
                case .scored(let evaluation, let location):
                    guard settings.mayInclude(callDate: evaluation.evaluation.callDate) else { return }
                    scored.append(evaluation)
                    locations[evaluation.evaluation.id] = location
                }
            }
        } catch let error as RecordInputError {
            Terminal.error(error.description)
            throw ExitCode(3)
        }

        // Plans.
        let selection: AgentSelection = agent.map { .agent($0) } ?? team.map { .team($0) } ?? .all
        let run = CoachingPlanner(scorecard: plan.scorecard, settings: settings)
            .plans(for: selection, evaluations: scored, kpis: kpiTable)
        for id in run.undatedEvaluations {
            let place = locations[id].map { "\($0): " } ?? ""
            Terminal.error("\(place)error: evaluation \(id): callDate is not a date written YYYY-MM-DD; left out of the plans")
            problemsFound = true
        }
        for name in run.agentsWithoutEvaluations {
            Terminal.error("error: no valid evaluations for \(name) in the period (after exclusions); no plan made")
            problemsFound = true
        }

        let text: String
        switch format {
        case .markdown: text = MarkdownRenderer.render(run.plans)
        case .html: text = HTMLRenderer.render(run.plans)
        case .csv: text = CSVRenderer.render(run.plans)
        case .json: text = JSONRenderer.render(run.plans)
        }
        try ReportSink.emit(text, to: output)
        if let output {
            Terminal.error("\(run.plans.count) plan\(run.plans.count == 1 ? "" : "s") written to \(output)")
        }
        if problemsFound { throw ExitCode(1) }
    }

    /// Today's date in the local time zone.
    private static func today() -> CalendarDay {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDay(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
            ?? CalendarDay(dayNumber: Int((Date().timeIntervalSince1970 / 86400).rounded(.down)))
    }

    private func fieldText(_ problem: TableProblem) -> String {
        (problem.field.map { "\($0): " } ?? "") + problem.message
    }

    /// Reads a small CSV table (KPIs, exclusion windows); rows with a CSV problem are reported and skipped
    /// (the second value says whether there were any).
    private func readTable(_ path: String) throws -> (TableRows, Bool) {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            Terminal.error("\(path): error: \(error)")
            throw ExitCode(3)
        }
        var header: [String]?
        var rows: [(row: Int, fields: [String])] = []
        var rowProblems = false
        while true {
            do {
                guard let row = try reader.next() else { break }
                if header == nil { header = row.fields } else { rows.append((row.index, row.fields)) }
            } catch let error as CSVError {
                switch error {
                case .fieldCountMismatch, .invalidUTF8, .textAfterClosingQuote:
                    Terminal.error("\(path):\(error.line ?? 0): error: \(error)")
                    rowProblems = true
                case .unterminatedQuote, .cannotOpen, .readFailed:
                    Terminal.error("\(path):\(error.line.map(String.init) ?? "0"): error: \(error)")
                    throw ExitCode(error.line == nil ? 3 : 1)
                }
            }
        }
        return (TableRows(header: header ?? [], rows: rows), rowProblems)
    }
}
