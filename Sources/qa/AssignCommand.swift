import ArgumentParser
import Foundation
import QAModel
import Workbench
import Workspace

/// `qa assign`: sampling calls for evaluation and the assessors' queues (draw, list, progress, claim, release,
/// replace). The work is done by `Workbench`'s `SamplingStore` and `AssignmentQueue`; this only reads options
/// and prints.
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Draw calls to score by a sampling policy and manage the assessors' queues.",
        discussion: """
            A draw picks calls at random from each agent's calls in the period (each agent on its own), with a \
            recorded seed and filter so anyone can repeat and audit it, and spreads them evenly over the assessors \
            (never an assessor's own calls). The plan shows, per agent, the margin of error the sample gives on the \
            mean score and the pass rate, and warns when it cannot give the precision asked for (docs/sampling.md). \
            Exit codes: 0 done; 1 refused (an unknown assessor or form, nothing to draw, an assignment not open); \
            3 the workspace could not be opened; 64 wrong options.
            """,
        subcommands: [Draw.self, List.self, Progress.self, Claim.self, Release.self, Replace.self])

    struct Draw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw calls per agent by a policy and assign them to assessors (or --dry-run to see the plan).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("The form to score with: its id, or id@version (default: its newest version).",
                                   valueName: "id[@version]"))
        var template: String

        @Option(help: ArgumentHelp("Calls to draw per agent in the period.", valueName: "n"))
        var perAgent: Int?

        @Option(help: ArgumentHelp("A share of each agent's calls, in percent (with --min).", valueName: "percent"))
        var share: Double?

        @Option(help: ArgumentHelp("With --share: at least this many calls per agent.", valueName: "n"))
        var min: Int = 1

        @Option(help: ArgumentHelp("First call date of the period (YYYY-MM-DD).", valueName: "date"))
        var from: String

        @Option(help: ArgumentHelp("Last call date of the period (YYYY-MM-DD).", valueName: "date"))
        var to: String

        @Option(help: "Only calls of this team.")
        var team: String?

        @Option(help: "Only calls of this queue.")
        var queue: String?

        @Option(help: "Only calls of this direction (e.g. inbound, outbound).")
        var direction: String?

        @Option(help: ArgumentHelp("Only calls at least this long (seconds).", valueName: "seconds"))
        var minDuration: Int?

        @Option(help: ArgumentHelp("Only calls at most this long (seconds).", valueName: "seconds"))
        var maxDuration: Int?

        @Flag(help: "Only calls nobody has evaluated officially yet.")
        var notEvaluated = false

        @Option(name: .customLong("assessor"), help: ArgumentHelp(
            "An assessor to give calls to: an account name or a person id (repeat for several).", valueName: "name"))
        var assessors: [String] = []

        @Option(help: ArgumentHelp("The day the calls are due (YYYY-MM-DD).", valueName: "date"))
        var due: String?

        @Option(help: ArgumentHelp("The calls are due this many days after the draw.", valueName: "days"))
        var dueIn: Int?

        @Option(help: ArgumentHelp("The seed of the draw (a whole number); without it one is made and printed.",
                                   valueName: "seed"))
        var seed: UInt64?

        @Option(help: ArgumentHelp("Precision asked for on each agent's mean score: ± points at 95%.", valueName: "points"))
        var precisionPoints: Double = 5

        @Option(help: ArgumentHelp("Precision asked for on each agent's pass rate: ± percentage points at 95%.",
                                   valueName: "points"))
        var precisionPassRate: Double = 10

        @Flag(help: "Show the plan without recording anything.")
        var dryRun = false

        func validate() throws {
            try StoredSelectionOptions.checkDates(from: from, to: to)
            switch (perAgent, share) {
            case (nil, nil): throw ValidationError("give --per-agent N or --share PERCENT (with --min N).")
            case (.some, .some): throw ValidationError("give either --per-agent or --share, not both.")
            default: break
            }
            if let problem = quota.problem { throw ValidationError(problem + ".") }
            if assessors.isEmpty { throw ValidationError("name at least one --assessor.") }
            if due != nil, dueIn != nil { throw ValidationError("give either --due or --due-in, not both.") }
            if let due, CalendarDay(due) == nil { throw ValidationError("--due '\(due)' is not a date written YYYY-MM-DD.") }
            if let dueIn, dueIn < 0 { throw ValidationError("--due-in cannot be negative.") }
            if let minDuration, minDuration < 0 { throw ValidationError("--min-duration cannot be negative.") }
            if let minDuration, let maxDuration, maxDuration < minDuration {
                throw ValidationError("--max-duration is shorter than --min-duration.")
            }
            guard precisionPoints > 0, precisionPassRate > 0 else {
                throw ValidationError("--precision-points and --precision-pass-rate must be more than 0.")
            }
        }

        var quota: SamplingQuota {
            if let perAgent { return .perAgent(perAgent) }
            return .share(percent: share ?? 0, minimum: min)
        }

        func run() throws {
            guard let first = CalendarDay(from), let last = CalendarDay(to) else { throw ExitCode.validationFailure }
            let filter = SamplingFilter(from: first, to: last, team: team, queue: queue, direction: direction,
                                        minDurationSeconds: minDuration, maxDurationSeconds: maxDuration,
                                        notEvaluated: notEvaluated)
            let dueRule: SamplingDue? = due.flatMap(CalendarDay.init).map { .on($0) } ?? dueIn.map { .daysAfterDraw($0) }
            let chosenSeed = seed ?? SamplingStore.newSeed()
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try AssignCommand.refusing {
                guard let form = try workspace.database.read({ try SamplingStore.template(template, $0) }) else {
                    throw SamplingError("there is no form '\(template)' in the workspace (see 'qa history' or the "
                        + "Templates page; import one with 'qa import FILE.xml')")
                }
                let policy = SamplingPolicy(quota: quota, templateRowID: form.rowID, scorecardID: form.id,
                                            scorecardVersion: form.version, assessors: assessors, due: dueRule,
                                            precision: SamplingPrecision(meanScorePoints: precisionPoints,
                                                                         passRatePoints: precisionPassRate))
                if dryRun {
                    let preview = try workspace.database.read {
                        try SamplingStore.preview(policy, filter: filter, seed: chosenSeed, today: workspace.now().day, $0)
                    }
                    print(AssignCommand.planText(preview, seedGiven: seed != nil))
                    print("Dry run: nothing was recorded. Run again without --dry-run and with --seed \(chosenSeed) to draw these calls.")
                } else {
                    let result = try SamplingStore.draw(policy, filter: filter, seed: chosenSeed, by: workspace.actor,
                                                        in: workspace)
                    print(AssignCommand.planText(result.preview, seedGiven: seed != nil))
                    print("Recorded as sampling run \(result.runID): \(result.preview.draw.drawn.count) calls assigned"
                        + (result.preview.dueOn.map { ", due \($0)" } ?? "") + ". Each assessor was told in the workbench.")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the calls waiting in the queues (or every assignment with --all).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("Only this assessor's queue (account name or person id).", valueName: "name"))
        var assessor: String?

        @Option(name: .customLong("run"), help: ArgumentHelp("Only this sampling run's assignments.", valueName: "n"))
        var runID: Int64?

        @Flag(help: "Also those done and replaced.")
        var all = false

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try AssignCommand.refusing {
                let today = workspace.now().day
                let items = try workspace.database.read { session -> [QueueAssignment] in
                    var person: Int64?
                    if let assessor {
                        guard let found = try SamplingStore.assessors([assessor], session).assessors.first else { return [] }
                        person = found.personID
                    }
                    return try AssignmentQueue.list(assessorID: person, runID: runID, all: all, session)
                }
                if items.isEmpty {
                    print(all ? "No assignments match." : "No calls are waiting to be scored.")
                    return
                }
                let rows = items.map { item -> [String] in
                    var state = item.state + (item.isOverdue(today: today) ? " (overdue)" : "")
                    if item.state == "replaced" {
                        state += item.replacedBy.map { " by \($0)" } ?? " (no replacement)"
                        if let reason = item.reason { state += ": \(reason)" }
                    }
                    return [String(item.id), item.callKey, item.agentKey, item.assessorKey,
                            "\(item.templateTitle) \(item.templateVersion)", item.dueOn ?? "–",
                            item.runID.map(String.init) ?? "by hand", state]
                }
                for line in AssignCommand.columns([["id", "call", "agent", "assessor", "form", "due", "run", "state"]] + rows) {
                    print(line)
                }
            }
        }
    }

    struct Progress: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show each run's progress per assessor: assigned, claimed, done, overdue, replaced.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(name: .customLong("run"), help: ArgumentHelp("Only this sampling run.", valueName: "n"))
        var runID: Int64?

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try AssignCommand.refusing {
                let today = workspace.now().day
                let (rows, runs) = try workspace.database.read { session in
                    (try AssignmentQueue.progress(runID: runID, today: today, session), try AssignmentQueue.runs(id: runID, session))
                }
                if let runID, runs.isEmpty { throw SamplingError("there is no sampling run \(runID)") }
                if rows.isEmpty {
                    print("No assignments yet: draw some with 'qa assign draw'.")
                    return
                }
                let byRun = Dictionary(grouping: rows, by: \.runID)
                for runID in byRun.keys.sorted(by: { ($0 ?? 0) < ($1 ?? 0) }) {
                    if let runID, let summary = runs.first(where: { $0.id == runID }) {
                        var heading = "Run \(runID), drawn by \(summary.drawnBy) at \(summary.drawnAt), seed \(summary.seed)"
                        if let filter = summary.filter { heading += ": calls from \(filter.from) to \(filter.to)" }
                        print(heading)
                    } else {
                        print("Assigned by hand")
                    }
                    let table = [["assessor", "assigned", "open", "claimed", "done", "overdue", "replaced"]]
                        + (byRun[runID] ?? []).map { row in
                            [row.assessor] + [row.assigned, row.open, row.claimed, row.done, row.overdue, row.replaced].map(String.init)
                        }
                    for line in AssignCommand.columns(table) { print("  " + line) }
                }
            }
        }
    }

    struct Claim: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Claim an open assignment (it is being scored).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The assignment's id (see 'qa assign list').")
        var id: Int64

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try AssignCommand.refusing {
                guard let done = try AssignmentQueue.claim(id, by: .commandLine(workspace.actor), in: workspace) else {
                    throw SamplingError("there is no assignment \(id)")
                }
                print("Claimed assignment \(id): call \(done.callKey) for \(done.assessorKey).")
            }
        }
    }

    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a claimed assignment back to open.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The assignment's id (see 'qa assign list').")
        var id: Int64

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try AssignCommand.refusing {
                guard let done = try AssignmentQueue.release(id, by: .commandLine(workspace.actor), in: workspace) else {
                    throw SamplingError("there is no assignment \(id)")
                }
                print("Released assignment \(id): call \(done.callKey) is open again.")
            }
        }
    }

    struct Replace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace an assignment's call with another of the same agent, drawn from the run's filter.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The assignment's id (see 'qa assign list').")
        var id: Int64

        @Option(help: "Why the call is replaced (e.g. the recording is missing).")
        var reason: String

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try AssignCommand.refusing {
                guard let outcome = try AssignmentQueue.replace(id, reason: reason, by: .commandLine(workspace.actor),
                                                                in: workspace) else {
                    throw SamplingError("there is no assignment \(id)")
                }
                switch outcome {
                case .replaced(let new):
                    print("Replaced assignment \(id): call \(new.callKey) (assignment \(new.id)) takes its place.")
                case .noneEligible:
                    print("Took assignment \(id) out of the queue; no other call of that agent in the run's filter is "
                        + "left to replace it with.")
                }
            }
        }
    }

    /// Runs `body`; a sampling problem is printed as an error with exit 1, a workspace problem with exit 3.
    static func refusing(_ body: () throws -> Void) throws {
        do {
            try WorkspaceProblems.run(body)
        } catch let error as SamplingError {
            Terminal.error("Error: \(error.message)")
            throw ExitCode(1)
        }
    }

    /// Rows as columns padded to their widest cell (two spaces between), the last column unpadded.
    static func columns(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                c == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ")
        }
    }

    /// The plan as printed: the policy, the seed, per agent the calls available and drawn and the margins, the
    /// spread over the assessors, the assumptions and the warnings.
    static func planText(_ preview: SamplingPreview, seedGiven: Bool) -> String {
        let policy = preview.policy, filter = preview.filter, plan = preview.plan
        var lines: [String] = []
        var scope = "calls from \(filter.from) to \(filter.to)"
        if let team = filter.team { scope += ", team \(team)" }
        if let queue = filter.queue { scope += ", queue \(queue)" }
        if let direction = filter.direction { scope += ", \(direction)" }
        if let low = filter.minDurationSeconds { scope += ", at least \(low) s" }
        if let high = filter.maxDurationSeconds { scope += ", at most \(high) s" }
        if filter.notEvaluated { scope += ", not yet evaluated" }
        lines.append("Sampling plan: \(policy.quota.description); \(scope); form \(policy.scorecardID) version \(policy.scorecardVersion).")
        lines.append("Seed: \(preview.seed)" + (seedGiven ? "" : " (made for this draw; give --seed \(preview.seed) to repeat it)."))
        lines.append("Calls that pass the filter: \(preview.candidateCount) (fingerprint \(preview.candidateFingerprint.prefix(16))).")
        lines.append("Precision asked for, at 95%: ±\(SamplingPlan.number(plan.precision.meanScorePoints)) points on the mean "
            + "score, ±\(SamplingPlan.number(plan.precision.passRatePoints)) percentage points on the pass rate.")
        lines.append("")
        lines += columns([["agent", "available", "drawn", "±mean score", "±pass rate", "needed for mean / pass rate"]]
            + plan.agents.map { agent in
                [agent.agentKey, String(agent.available), String(agent.drawn), "±" + SamplingPlan.number(agent.scoreMargin),
                 "±" + SamplingPlan.number(agent.passRateMargin), "\(agent.neededForScore) / \(agent.neededForPassRate)"]
            })
        if plan.agents.isEmpty { lines.append("(no agent has calls that pass the filter)") }
        lines.append("")
        var perAssessor: [String: Int] = [:]
        for drawn in preview.draw.drawn { perAssessor[drawn.assessor.name, default: 0] += 1 }
        let spread = policy.assessors.map { "\($0) \(perAssessor[$0] ?? 0)" }
        lines.append("Calls per assessor: " + spread.joined(separator: ", ") + (preview.dueOn.map { "; due \($0)" } ?? "") + ".")
        lines += plan.assumptions.lines
        if !preview.withoutAccount.isEmpty {
            lines.append("Without an account (not told in the workbench): \(preview.withoutAccount.joined(separator: ", ")).")
        }
        if !plan.warnings.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            lines += plan.warnings.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
