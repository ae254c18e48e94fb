import ArgumentParser
import Calibration
import QAModel
import Workbench
import Workspace

/// `qa calibration`: blind calibration sessions in the workspace, from the command line (the browser workbench
/// is where assessors score them). The command line acts as a QA lead, recorded in the audit log under your
/// login name.
struct CalibrationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibration",
        abstract: "Run blind calibration sessions: open, list, show, reveal, record agreed answers, close.",
        discussion: """
            A session is a set of calls that several assessors score on their own in the workbench (qa serve). \
            Their answers are sealed — no page, report or export shows them, the QA lead's included — until the \
            session is revealed: when the last assessor submits, or with 'qa calibration reveal'. Then 'show' \
            lists the answers side by side, most disagreement first, with each assessor's bias, and 'agree' records \
            the agreed answer for a question (the session's answer key). 'qa calibrate --session N' gives the full \
            calibration report of one session. Calibration scores never count in agents' results. \
            Exit codes: 0 done; 1 refused (explained); 3 the workspace could not be opened; 64 wrong options.
            """,
        subcommands: [Open.self, List.self, Show.self, Reveal.self, Agree.self, Close.self])

    /// The command line's user, acting as a QA lead.
    static func operatorAccount(_ workspace: Workspace) -> Account {
        Account(id: 0, username: workspace.actor, role: .qaLead, team: nil, personKey: workspace.actor, personID: 0,
                disabled: false)
    }

    static func refused(_ message: String) -> ExitCode {
        Terminal.error("Error: \(message)")
        return ExitCode(1)
    }

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a session and tell its assessors.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: "The session's name (for example, the week it covers).")
        var name: String

        @Option(help: ArgumentHelp("The form: its id, and @VERSION for one version (default: its newest).", valueName: "id[@version]"))
        var template: String

        @Option(name: .customLong("call"), help: ArgumentHelp("A call to calibrate on (repeat for several).", valueName: "call"))
        var calls: [String] = []

        @Option(name: .customLong("assessor"), help: ArgumentHelp("An assessor who scores the calls (at least two).", valueName: "id"))
        var assessors: [String] = []

        @Option(help: "The reference: 'consensus' (the other assessors) or the id of an expert among the assessors.")
        var reference: String = "consensus"

        @Option(help: ArgumentHelp("The deadline (YYYY-MM-DD).", valueName: "date"))
        var deadline: String?

        func validate() throws {
            if let deadline, CalendarDay(deadline) == nil { throw ValidationError("--deadline '\(deadline)' is not a date written YYYY-MM-DD.") }
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let parts = template.split(separator: "@", maxSplits: 1).map(String.init)
            let rowID = try WorkspaceProblems.run {
                try workspace.database.read { session in
                    try TemplateStore.list(session).last { $0.scorecardID == parts[0] && (parts.count == 1 || $0.version == parts[1]) }?.rowID
                }
            }
            guard let rowID else { throw CalibrationCommand.refused("there is no form \(template) in the workspace ('qa scorecard list' shows them).") }
            let plan = CalibrationDesk.Plan(name: name, templateRowID: rowID, calls: calls, assessors: assessors,
                                            reference: CalibrationReference(argument: reference),
                                            deadline: deadline.flatMap(CalendarDay.init))
            do {
                let id = try WorkspaceProblems.run { try CalibrationDesk.open(plan, by: CalibrationCommand.operatorAccount(workspace), in: workspace) }
                print("Opened calibration session \(id) “\(name)”: \(Set(calls).count) calls, \(Set(assessors).count) assessors. "
                      + "Each assessor is told in the workbench; answers stay sealed until it is revealed.")
            } catch let problem as CalibrationDeskError {
                throw CalibrationCommand.refused(problem.message)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sessions, newest first.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let sessions = try WorkspaceProblems.run {
                try workspace.database.read { try CalibrationDesk.list(visibleTo: CalibrationCommand.operatorAccount(workspace), $0) }
            }
            if sessions.isEmpty { print("No calibration sessions yet: open one with 'qa calibration open'.") }
            for info in sessions {
                let submitted = info.participants.filter { $0.submittedAt != nil }.count
                print("\(info.id)  \(info.name)  \(info.templateTitle) \(info.templateVersion)  \(info.calls.count) calls  "
                      + "\(submitted) of \(info.participants.count) submitted  \(info.state.rawValue)"
                      + (info.deadline.map { "  deadline \($0)" } ?? ""))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a session: progress while open; once revealed, the answers that differ and each assessor's bias.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The session's number.")
        var session: Int64

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let lead = CalibrationCommand.operatorAccount(workspace)
            let templates = TemplateCache()
            let found = try WorkspaceProblems.run {
                try workspace.database.read { db -> (CalibrationSessionInfo, CalibrationComparison?)? in
                    guard let info = try CalibrationDesk.session(session, visibleTo: lead, db) else { return nil }
                    return (info, info.state == .open ? nil : try CalibrationDesk.comparison(session, visibleTo: lead, templates: templates, db))
                }
            }
            guard let (info, comparison) = found else { throw CalibrationCommand.refused("there is no calibration session \(session).") }
            print("Calibration session \(info.id) “\(info.name)”: \(info.templateTitle) (version \(info.templateVersion)), "
                  + "\(info.calls.count) calls; \(info.state.words).")
            for p in info.participants {
                let state = p.submittedAt != nil ? "submitted" : info.state == .open ? "still scoring" : "did not submit"
                print("  \(p.personKey): \(p.scored) of \(info.calls.count) calls scored, \(state)")
            }
            guard let comparison else { return }
            if let report = comparison.report {
                print("\nEach assessor against the reference (mean difference in points; above 0: more lenient):")
                for a in report.assessors {
                    print("  \(a.assessor): " + (a.meanDeviation.map { String(format: "%+.1f", $0) } ?? "too few calls")
                          + " over \(a.calls) calls")
                }
            } else if let problem = comparison.reportProblem {
                print("\nNo statistics for this session: \(problem)")
            }
            let differing = comparison.rows.filter { $0.distinctAnswers > 1 }
            print("\n\(differing.count) questions were answered differently, most disagreement first:")
            for row in differing {
                print("  call \(row.call) — \(row.prompt)")
                print("    " + row.answers.map { "\($0.assessor): \($0.words)" }.joined(separator: "; "))
                if let agreed = row.agreedAnswer { print("    agreed: \(agreed)" + (row.agreedNote.map { " (\($0))" } ?? "")) }
            }
        }
    }

    struct Reveal: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reveal an open session now (those who have not submitted can no longer score in it).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The session's number.")
        var session: Int64

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            guard try WorkspaceProblems.run({ try CalibrationDesk.reveal(session, by: CalibrationCommand.operatorAccount(workspace), in: workspace) })
            else { throw CalibrationCommand.refused("session \(session) is not open (or does not exist).") }
            print("Revealed calibration session \(session): 'qa calibration show \(session)' lists the answers side by side.")
        }
    }

    struct Agree: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record the agreed answer for one question of one call (the answer key).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The session's number.")
        var session: Int64

        @Option(help: "The call.")
        var call: String

        @Option(help: "The question's id on the form.")
        var criterion: String

        @Option(help: "The agreed answer, as answers are written in records (yes, no, na, 4, a choice's id).")
        var answer: String

        @Option(help: "Why (optional).")
        var note: String?

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            do {
                guard try WorkspaceProblems.run({
                    try CalibrationDesk.recordAgreedAnswer(session: session, call: call, criterion: criterion, answer: answer,
                                                           note: note, by: CalibrationCommand.operatorAccount(workspace),
                                                           templates: TemplateCache(), in: workspace)
                }) else {
                    throw CalibrationCommand.refused("session \(session) is not revealed, or call \(call) or question \(criterion) is not in it.")
                }
            } catch let problem as CalibrationDeskError {
                throw CalibrationCommand.refused(problem.message)
            }
            print("Recorded: call \(call), \(criterion): \(answer).")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a revealed session: its answer key is final.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The session's number.")
        var session: Int64

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            guard try WorkspaceProblems.run({ try CalibrationDesk.close(session, by: CalibrationCommand.operatorAccount(workspace), in: workspace) })
            else { throw CalibrationCommand.refused("session \(session) is not revealed (or does not exist).") }
            print("Closed calibration session \(session).")
        }
    }
}
