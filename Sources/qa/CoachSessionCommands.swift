import ArgumentParser
import Coaching
import DelimitedText
import Evaluator
import Foundation
import QAModel
import TextEscaping
import Workbench
import Workspace

/// `qa coach session …`: coaching one-to-ones recorded from an agent's plan, listed, and followed up.
struct CoachSessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa coach session",
        abstract: "Record coaching one-to-ones, list them, and follow them up.",
        discussion: """
            A one-to-one is recorded from the agent's plan (in the workspace): the day it was held, the development \
            areas discussed (criteria of the plan's template, among the plan's development areas), the actions agreed, \
            a SMART target and the follow-up day. The follow-up compares each area's results on official evaluations \
            after the one-to-one with the same number of days before it, says whether the difference is more than \
            chance, and sets the calls' KPIs beside them (docs/coaching.md explains the rules).
            Exit codes: 0 done; 1 refused (a mistake in what was given, said in plain words, or no such one-to-one); \
            3 the workspace could not be read or written (or has no such agent); 64 wrong or missing options.
            """,
        subcommands: [Add.self, List.self, FollowUp.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a one-to-one held with an agent.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("The agent (as the evaluations name them).", valueName: "id"))
        var agent: String

        @Option(help: ArgumentHelp("The day it was held (YYYY-MM-DD).", valueName: "date"))
        var held: String

        @Option(help: ArgumentHelp("A development area discussed (a criterion id of the plan); repeat for more.",
                                   valueName: "criterion"))
        var area: [String] = []

        @Option(help: ArgumentHelp("The actions agreed.", valueName: "text"))
        var actions: String

        @Option(help: ArgumentHelp("The SMART target agreed.", valueName: "text"))
        var target: String

        @Option(name: .customLong("follow-up"), help: ArgumentHelp("The day to follow up (YYYY-MM-DD).", valueName: "date"))
        var followUp: String

        @Option(help: ArgumentHelp("Who held it (default: the workspace's user).", valueName: "name"))
        var by: String?

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let actor = CoachingActor.commandLine(by.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? workspace.actor)
            let draft = CoachingSessionDraft(agent: agent, heldOn: held, areas: area, actions: actions, target: target,
                                             followUpOn: followUp)
            let id = try CoachSessionCommand.refusing {
                try CoachingSessions.record(draft, by: actor, in: workspace, templates: TemplateCache(),
                                            today: SessionSetup.today())
            }
            guard let id else {
                throw WorkspaceProblems.fail("the workspace has no agent '\(Escaping.terminal(agent))' (or no team for them); "
                    + "check the id (agents are named as in the evaluations' agent_id)")
            }
            print("Recorded one-to-one \(id) with \(Escaping.terminal(agent)) on \(held); follow-up on \(followUp).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the one-to-ones, newest first.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("Only this agent's.", valueName: "id"))
        var agent: String?

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let sessions = try WorkspaceProblems.run {
                if let agent { return try CoachingSessions.list(agent: agent, for: .commandLine(workspace.actor), in: workspace) ?? [] }
                return try CoachingSessions.all(in: workspace)
            }
            guard !sessions.isEmpty else {
                print(agent.map { "No one-to-ones recorded for \(Escaping.terminal($0))." } ?? "No one-to-ones recorded yet.")
                return
            }
            let today = SessionSetup.today()
            let rows = [["id", "agent", "held", "by", "areas", "follow-up"]] + sessions.map { s in
                ["\(s.id)", s.agent, s.heldOn.description, s.heldBy, s.areas.joined(separator: ", "),
                 s.followUpOn.description + (s.followUpOn <= today ? " (due)" : "")].map { Escaping.terminal($0) }
            }
            for line in AssignCommand.columns(rows) { print(line) }
        }
    }

    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow-up",
            abstract: "Follow up a one-to-one: the coached areas after it against before, in plain words.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The one-to-one's id (see 'qa coach session list').")
        var id: Int64

        @Option(help: ArgumentHelp("Periods to leave out (CSV: start,end[,reason], dates YYYY-MM-DD, both days included).",
                                   valueName: "windows.csv"))
        var exclude: String?

        @Option(help: ArgumentHelp("Follow up as on this day (YYYY-MM-DD; default: today).", valueName: "date"))
        var on: String?

        func validate() throws {
            if let on, CalendarDay(on) == nil { throw ValidationError("--on must be a date written YYYY-MM-DD.") }
        }

        func run() throws {
            let windows = try exclude.map(CoachSessionCommand.exclusionWindows) ?? []
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let today = on.flatMap(CalendarDay.init) ?? SessionSetup.today()
            let actor = CoachingActor.commandLine(workspace.actor)
            try WorkspaceProblems.run {
                guard let session = try CoachingSessions.find(id, for: actor, in: workspace) else {
                    Terminal.error("Error: there is no one-to-one \(id) (see 'qa coach session list').")
                    throw ExitCode(1)
                }
                for line in try CoachSessionCommand.followUpLines(session, actor: actor, workspace: workspace,
                                                                  exclusions: windows, today: today) {
                    print(line)
                }
            }
        }
    }

    /// The follow-up of a session in plain words (also the header lines: whose, when, target).
    static func followUpLines(_ session: CoachingSession, actor: CoachingActor, workspace: Workspace,
                              exclusions: [ExclusionWindow], today: CalendarDay) throws -> [String] {
        var lines = [
            "One-to-one \(session.id) with \(Escaping.terminal(session.agent)) on \(session.heldOn), held by "
                + "\(Escaping.terminal(session.heldBy)).",
            "Areas discussed: \(Escaping.terminal(session.areas.joined(separator: ", "))).",
            "Target: \(Escaping.terminal(session.target))",
        ]
        guard today >= session.followUpOn else {
            lines.append("Follow-up on \(session.followUpOn): too early to follow up (today is \(today)).")
            return lines
        }
        guard let followUp = try CoachingSessions.followUp(session, for: actor, in: workspace, templates: TemplateCache(),
                                                           exclusions: exclusions, today: today) else {
            lines.append("No follow-up can be made: the workspace has no template or team for this agent.")
            return lines
        }
        lines.append(FollowUpWording.windowsLine(followUp))
        for item in followUp.criteria { lines.append("- " + Escaping.terminal(FollowUpWording.line(item, rules: followUp.rules))) }
        if let kpi = FollowUpWording.kpiLine(followUp) { lines.append(kpi) }
        return lines
    }

    /// Reads exclusion windows; any problem stops the command (exit 1) with the file's row named.
    static func exclusionWindows(_ path: String) throws -> [ExclusionWindow] {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw Problems.fail(error, path: path)
        }
        var header: [String]?
        var rows: [(row: Int, fields: [String])] = []
        do {
            while let row = try reader.next() {
                if header == nil { header = row.fields } else { rows.append((row.index, row.fields)) }
            }
        } catch let error as CSVError {
            Terminal.error("\(Escaping.terminal(path))\(error.line.map { ":\($0)" } ?? ""): error: \(error.description)")
            throw ExitCode(1)
        }
        let read = ExclusionWindow.windows(from: TableRows(header: header ?? [], rows: rows))
        for problem in read.problems {
            Terminal.error("\(Escaping.terminal(path)):row \(problem.row): error: \(problem.field.map { "\($0): " } ?? "")\(problem.message)")
        }
        if !read.problems.isEmpty { throw ExitCode(1) }
        return read.windows
    }

    /// Runs `body`; a one-to-one that cannot be recorded as given is reported in plain words (exit 1).
    static func refusing<T>(_ body: () throws -> T) throws -> T {
        do {
            return try WorkspaceProblems.run(body)
        } catch let error as CoachingSessionError {
            Terminal.error("Error: \(error.message)")
            throw ExitCode(1)
        }
    }
}
