import ArgumentParser
import QAModel
import TextEscaping
import Workbench
import Workspace

/// `--as USERNAME`: the workbench account a workflow command acts as (its role decides what it may do, as in
/// the browser); the login name by default.
struct ActingAccountOption: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("The workbench account to act as (default: your login name).",
                                                        valueName: "username"))
    var username: String?

    /// The account, or exit 1 with what to do when there is none (or it is disabled).
    func account(_ workspace: Workspace) throws -> Account {
        let name = username ?? Workspace.loginName()
        let found = try WorkspaceProblems.run { try workspace.database.read { try AccountStore.find(username: name, $0) } }
        guard let found, !found.disabled else {
            Terminal.error("Error: there is no active workbench account named \(Escaping.terminal(name)); name one with "
                + "--as USERNAME (see qa user list).")
            throw ExitCode(1)
        }
        return found
    }
}

/// Runs a workflow step: a refusal (with its reason) or "not found" exits 1; workspace problems exit 3.
enum WorkflowCommand {
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try WorkspaceProblems.run(body)
        } catch let refusal as WorkflowRefusal {
            Terminal.error("Error: \(Escaping.terminal(refusal.message))")
            throw ExitCode(1)
        }
    }

    static func notFound(_ what: String, _ account: Account) -> ExitCode {
        Terminal.error("Error: \(Escaping.terminal(what)) was not found, or \(Escaping.terminal(account.username)) "
            + "(\(account.role.title)) may not do that.")
        return ExitCode(1)
    }

    static func problems(_ problems: [String: String]) -> ExitCode {
        for (field, message) in problems.sorted(by: { $0.key < $1.key }) {
            Terminal.error("Error: \(Escaping.terminal(field)): \(Escaping.terminal(message))")
        }
        return ExitCode(1)
    }

    static let exitCodes = "Exit codes: 0 done; 1 refused (the reason is printed) or not found; 3 the workspace could "
        + "not be opened; 64 wrong options."
}

/// `qa release EVALUATION [--on DAY] [--cancel]`
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release an evaluation to its agent now or on a day, or cancel a scheduled release.",
        discussion: """
            A QA lead, or the assessor who scored the evaluation, may release it. --on DAY releases it at 00:00 UTC \
            of that day (or at a timestamp with its time zone): the agent sees it, and is told, from then. \
            \(WorkflowCommand.exitCodes)
            """)

    @Argument(help: "The evaluation's id.") var evaluation: String
    @Option(help: ArgumentHelp("Release on this day (YYYY-MM-DD) or at this timestamp.", valueName: "day")) var on: String?
    @Flag(help: "Cancel a release scheduled for later.") var cancel = false
    @OptionGroup var acting: ActingAccountOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func validate() throws {
        if let on, ReleaseDesk.moment(on) == nil {
            throw ValidationError("--on '\(on)' is not a day written YYYY-MM-DD or a timestamp with its time zone.")
        }
        if cancel, on != nil { throw ValidationError("give either --on or --cancel, not both") }
    }

    func run() throws {
        let workspace = try workspaceOptions.open()
        defer { workspace.close() }
        let account = try acting.account(workspace)
        try WorkflowCommand.run {
            if cancel {
                guard try ReleaseDesk.cancel(evaluation, by: account, in: workspace) else {
                    throw WorkflowCommand.notFound("evaluation \(evaluation)", account)
                }
                print("The scheduled release of \(Escaping.terminal(evaluation)) was cancelled.")
                return
            }
            guard let at = try ReleaseDesk.release(evaluation, on: on.flatMap(ReleaseDesk.moment), by: account,
                                                   in: workspace) else {
                throw WorkflowCommand.notFound("evaluation \(evaluation)", account)
            }
            print(at > workspace.now() ? "\(Escaping.terminal(evaluation)) will be released to the agent on \(WorkflowText.moment(at.description))."
                  : "Released \(Escaping.terminal(evaluation)) to the agent.")
        }
    }
}

/// `qa acknowledge EVALUATION`
struct AcknowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledge",
        abstract: "Acknowledge an evaluation released to you (as its agent).",
        discussion: WorkflowCommand.exitCodes)

    @Argument(help: "The evaluation's id.") var evaluation: String
    @OptionGroup var acting: ActingAccountOption
    @OptionGroup var workspaceOptions: WorkspaceOptions

    func run() throws {
        let workspace = try workspaceOptions.open()
        defer { workspace.close() }
        let account = try acting.account(workspace)
        try WorkflowCommand.run {
            guard try ReleaseDesk.acknowledge(evaluation, by: account, in: workspace) else {
                throw WorkflowCommand.notFound("evaluation \(evaluation)", account)
            }
            print("Acknowledged \(Escaping.terminal(evaluation)).")
        }
    }
}

/// `qa dispute list|show|raise|decide|assign|report|rules`
struct DisputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dispute",
        abstract: "Disputes of released evaluations: raise, list, show, decide, and what they teach.",
        discussion: """
            An agent disputes their released evaluation (named answers, each with a comment and a proposed answer, \
            or the whole evaluation) within the form's window and limit; the arbitrator decides each answer upheld \
            or revised with a reason; a revision is a new revision of the evaluation. The same rules as the \
            browser (docs/workbench.md). \(WorkflowCommand.exitCodes)
            """,
        subcommands: [List.self, Show.self, Raise.self, Decide.self, Assign.self, Report.self, Rules.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the disputes you may see, newest first.",
                                                        discussion: WorkflowCommand.exitCodes)
        @Flag(help: "Only those not resolved.") var open = false
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            let list = try WorkflowCommand.run {
                try workspace.database.read { try DisputeDesk.list(visibleTo: account, unresolvedOnly: open, $0) }
            }
            if list.isEmpty { print("No disputes to show.") }
            for d in list {
                print(Escaping.terminal("\(d.id)  \(d.evaluationKey)  call \(d.callKey)  agent \(d.agent)  assessor "
                    + "\(d.assessor)  raised \(WorkflowText.moment(d.raisedAt))  \(d.stateWords)"))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one dispute: what is disputed and the decisions.",
                                                        discussion: WorkflowCommand.exitCodes)
        @Argument(help: "The dispute's number.") var id: Int64
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            guard let d = try WorkflowCommand.run({ try workspace.database.read { try DisputeDesk.load(id, for: account, $0) } })
            else { throw WorkflowCommand.notFound("dispute \(id)", account) }
            var lines = ["Dispute \(d.id) of evaluation \(d.evaluationKey) (call \(d.callKey), agent \(d.agent), assessor \(d.assessor))",
                         "Raised by \(d.raisedBy) on \(WorkflowText.moment(d.raisedAt)) against revision \(d.revision)",
                         "Where it stands: \(d.stateWords)"]
            if let revision = d.resolutionRevision { lines.append("Revised answers: revision \(revision)") }
            for item in d.items {
                let what = item.criterionID == DisputeItem.whole ? "the whole evaluation" : item.criterionID
                var line = "- \(what)"
                if let proposed = item.proposedAnswer { line += ": proposed \(proposed)" }
                if !item.comment.isEmpty { line += "; comment: \(item.comment)" }
                if let outcome = item.outcome { line += "; \(outcome)" + (item.reason.map { ": \($0)" } ?? "") }
                lines.append(line)
            }
            print(Escaping.terminal(lines.joined(separator: "\n"), keepingLineBreaks: true))
        }
    }

    struct Raise: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Dispute an evaluation released to you (as its agent).",
            discussion: "Either --whole COMMENT, or for each answer disputed --criterion ID --answer ANSWER --comment TEXT "
                + "(in the same order). " + WorkflowCommand.exitCodes)
        @Argument(help: "The evaluation's id.") var evaluation: String
        @Option(help: ArgumentHelp("Dispute the whole evaluation, with this comment.", valueName: "comment")) var whole: String?
        @Option(help: "A criterion you dispute (repeat).") var criterion: [String] = []
        @Option(help: "The answer you propose for it (one per --criterion).") var answer: [String] = []
        @Option(help: "Why you dispute it (one per --criterion).") var comment: [String] = []
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func validate() throws {
            if whole == nil, criterion.isEmpty { throw ValidationError("give --whole COMMENT or at least one --criterion") }
            if whole != nil, !criterion.isEmpty { throw ValidationError("give either --whole or --criterion, not both") }
            if answer.count != criterion.count || comment.count != criterion.count {
                throw ValidationError("give one --answer and one --comment for each --criterion")
            }
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            var comments: [String: String] = [:]
            var proposed: [String: String] = [:]
            for (i, id) in criterion.enumerated() {
                comments[id] = comment[i]
                proposed[id] = answer[i]
            }
            if let whole { comments["whole"] = whole }
            let request = DisputeDesk.Request(whole: whole != nil, criteria: criterion, comments: comments, proposed: proposed)
            try WorkflowCommand.run {
                switch try DisputeDesk.raise(evaluation, request, by: account, in: workspace, templates: TemplateCache()) {
                case nil: throw WorkflowCommand.notFound("evaluation \(evaluation)", account)
                case .problems(let problems): throw WorkflowCommand.problems(problems)
                case .done(let id): print("Raised dispute \(id) of \(Escaping.terminal(evaluation)).")
                }
            }
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Decide a dispute (as its arbitrator): each answer upheld or revised, with a reason.",
            discussion: "--uphold CRITERION and --revise CRITERION=ANSWER (repeat), each with --reason CRITERION=TEXT; "
                + "for a dispute of the whole evaluation also --reason whole=TEXT. " + WorkflowCommand.exitCodes)
        @Argument(help: "The dispute's number.") var id: Int64
        @Option(help: "A criterion whose answer stands (repeat).") var uphold: [String] = []
        @Option(help: ArgumentHelp("A criterion's new answer, CRITERION=ANSWER (repeat).", valueName: "criterion=answer"))
        var revise: [String] = []
        @Option(help: ArgumentHelp("The reason for a decision, CRITERION=TEXT or whole=TEXT (repeat).", valueName: "criterion=text"))
        var reason: [String] = []
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        static func pair(_ text: String, _ option: String) throws -> (String, String) {
            guard let equals = text.firstIndex(of: "=") else { throw ValidationError("\(option) takes NAME=VALUE, not '\(text)'") }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }

        func validate() throws {
            for r in revise { _ = try Self.pair(r, "--revise") }
            for r in reason { _ = try Self.pair(r, "--reason") }
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            var reasons: [String: String] = [:]
            for r in reason {
                let (key, value) = try Self.pair(r, "--reason")
                reasons[key] = value
            }
            var items: [String: DisputeDesk.Decision] = [:]
            for c in uphold { items[c] = DisputeDesk.Decision(revised: false, reason: reasons[c] ?? "") }
            for r in revise {
                let (c, answer) = try Self.pair(r, "--revise")
                items[c] = DisputeDesk.Decision(revised: true, answer: answer, reason: reasons[c] ?? "")
            }
            try WorkflowCommand.run {
                guard try DisputeDesk.startReview(id, by: account, in: workspace) else {
                    throw WorkflowCommand.notFound("dispute \(id)", account)
                }
                switch try DisputeDesk.decide(id, items: items, wholeReason: reasons["whole"] ?? "", by: account,
                                              in: workspace, templates: TemplateCache()) {
                case nil: throw WorkflowCommand.notFound("dispute \(id)", account)
                case .problems(let problems): throw WorkflowCommand.problems(problems)
                case .done:
                    let outcome = try workspace.database.read { try DisputeDesk.load(id, for: account, $0) }
                    print("Dispute \(id) resolved: \(outcome?.outcome ?? "decided")"
                        + (outcome?.resolutionRevision.map { " (revision \($0) of the evaluation)" } ?? "") + ".")
                }
            }
        }
    }

    struct Assign: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a dispute, or assign it to an arbitrator (a QA lead).",
                                                        discussion: WorkflowCommand.exitCodes)
        @Argument(help: "The dispute's number.") var id: Int64
        @Option(help: ArgumentHelp("The arbitrator (a QA lead or the evaluation's assessor; default: you).", valueName: "username"))
        var to: String?
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            let target = to ?? account.username
            try WorkflowCommand.run {
                guard try DisputeDesk.assign(id, to: target, by: account, in: workspace) else {
                    throw WorkflowCommand.notFound("dispute \(id)", account)
                }
                print("Dispute \(id) is arbitrated by \(Escaping.terminal(target)).")
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What the disputes teach: overturned criteria by assessor and by criterion, resolution times.",
            discussion: "A QA lead's report over the disputes raised in the period. " + WorkflowCommand.exitCodes)
        @Option(help: ArgumentHelp("First day a dispute was raised on (YYYY-MM-DD).", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day a dispute was raised on (YYYY-MM-DD).", valueName: "date")) var to: String?
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func validate() throws { try StoredSelectionOptions.checkDates(from: from, to: to) }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            guard let report = try WorkflowCommand.run({
                try DisputeReport.build(from: from.flatMap(CalendarDay.init), to: to.flatMap(CalendarDay.init),
                                        for: account, in: workspace, templates: TemplateCache())
            }) else { throw WorkflowCommand.notFound("the dispute report", account) }
            print(Escaping.terminal(Self.text(report), keepingLineBreaks: true), terminator: "")
        }

        static func text(_ report: DisputeReport) -> String {
            var out = "Disputes raised: \(report.raised) (resolved \(report.resolved), open \(report.open), overturned "
                + "\(report.overturned))\n"
            if let median = report.medianResolutionSeconds, let longest = report.longestResolutionSeconds {
                out += "Resolution time: median \(WorkflowText.duration(seconds: Int(median.rounded()))), longest "
                    + "\(WorkflowText.duration(seconds: longest)) (dispute \(report.longestDispute ?? 0))\n"
            }
            out += "\nBy assessor (overturn rate over resolved disputes)\n"
            out += "assessor\traised\tresolved\toverturned\trate\tcriteria overturned\n"
            for row in report.assessors {
                out += "\(row.assessor)\t\(row.raised)\t\(row.resolved)\t\(row.overturned)\t"
                    + "\(DisputeReport.percent(row.overturnRate))\t\(row.criteriaOverturned)\n"
            }
            out += "\nBy criterion (overturn rate over decided answers)\n"
            out += "form\tcriterion\tdisputed\tdecided\toverturned\trate\n"
            for row in report.criteria {
                out += "\(row.scorecardID)\t\(row.criterionID)\t\(row.disputed)\t\(row.decided)\t\(row.overturned)\t"
                    + "\(DisputeReport.percent(row.overturnRate))\n"
            }
            return out
        }
    }

    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show or set a form's dispute rules (window, limit, arbitrator; a QA lead).",
            discussion: "Without options, shows them. " + WorkflowCommand.exitCodes)
        @Argument(help: "The form's template id.") var scorecard: String
        @Option(help: "Days after release an agent may dispute (0: none).") var window: Int?
        @Option(help: "Disputes per evaluation (0: none).") var limit: Int?
        @Option(help: ArgumentHelp("Who arbitrates: assessor, unassigned or lead:USERNAME.", valueName: "rule"))
        var arbitrator: String?
        @OptionGroup var acting: ActingAccountOption
        @OptionGroup var workspaceOptions: WorkspaceOptions

        func validate() throws {
            if let arbitrator, ArbitratorRule(setting: arbitrator) == nil {
                throw ValidationError("--arbitrator is assessor, unassigned or lead:USERNAME")
            }
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let account = try acting.account(workspace)
            guard AccessPolicy.managesDisputes(account) else { throw WorkflowCommand.notFound("the dispute rules", account) }
            try WorkflowCommand.run {
                var rules = try workspace.database.read { try DisputeRules.load(scorecard, $0) }
                if window != nil || limit != nil || arbitrator != nil {
                    if let window { rules.windowDays = window }
                    if let limit { rules.limit = limit }
                    if let rule = arbitrator.flatMap(ArbitratorRule.init(setting:)) { rules.arbitrator = rule }
                    guard try DisputeRules.save(rules, for: scorecard, by: account, in: workspace) else {
                        throw WorkflowCommand.notFound("template \(scorecard)", account)
                    }
                }
                print(Escaping.terminal("\(scorecard): disputes for \(rules.windowDays) days after release, \(rules.limit) per "
                    + "evaluation; the arbitrator is \(rules.arbitrator.words)."))
            }
        }
    }
}
