import ArgumentParser
import Batch
import Diagnostics
import QAModel
import Records
import Workspace

/// `--workspace DIR` and `--database URL`: which workspace a command uses (docs/workspace.md). Without them the
/// workspace is found from the current folder upward (or `QA_WORKSPACE`, `QA_DATABASE_URL`).
struct WorkspaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The workspace: a folder made by 'qa init' (default: found from the current folder upward).",
                               valueName: "dir"))
    var workspace: String?

    @Option(help: ArgumentHelp("The workspace's database for this run: 'sqlite' or postgres://user@host:port/database "
                               + "(default: the workspace's setting; or QA_DATABASE_URL).", valueName: "url"))
    var database: String?

    /// The workspace the options or the current folder name, or nil when there is none and none was named.
    func locate() throws -> WorkspaceLocation? {
        do {
            return try WorkspaceLocation.find(named: workspace, database: database)
        } catch let error as WorkspaceError {
            throw WorkspaceProblems.fail(error.message)
        }
    }

    /// Opens the workspace; a missing one is an error that says how to make one.
    func open() throws -> Workspace {
        guard let location = try locate() else {
            throw WorkspaceProblems.fail("no workspace here or in any folder above; make one with 'qa init' "
                + "(or name one with --workspace DIR)")
        }
        return try WorkspaceProblems.opening(location)
    }

    /// Whether a workspace was named explicitly (then a command must use it, not standard input).
    var named: Bool { workspace != nil || database != nil }
}

/// `--from`, `--to`, `--team`, `--agent`: which stored evaluations a command reads from the workspace.
struct StoredSelectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("First call date to include (YYYY-MM-DD), when reading the workspace.", valueName: "date"))
    var from: String?

    @Option(help: ArgumentHelp("Last call date to include (YYYY-MM-DD), when reading the workspace.", valueName: "date"))
    var to: String?

    @Option(name: .customLong("team"), help: ArgumentHelp("Only this team's evaluations (repeat for several), when reading the workspace.",
                                                         valueName: "team"))
    var teams: [String] = []

    @Option(name: .customLong("agent"), help: ArgumentHelp("Only this agent's evaluations (repeat for several), when reading the workspace.",
                                                          valueName: "agent"))
    var agents: [String] = []

    @Option(name: .customLong("session"), help: ArgumentHelp(
        "Only the evaluations of this blind calibration session (once revealed), when reading the workspace.",
        valueName: "number"))
    var calibrationSession: Int64?

    func validate() throws {
        try StoredSelectionOptions.checkDates(from: from, to: to)
    }

    static func checkDates(from: String?, to: String?) throws {
        if let from, CalendarDay(from) == nil { throw ValidationError("--from '\(from)' is not a date written YYYY-MM-DD.") }
        if let to, CalendarDay(to) == nil { throw ValidationError("--to '\(to)' is not a date written YYYY-MM-DD.") }
        if let start = from.flatMap(CalendarDay.init), let end = to.flatMap(CalendarDay.init), end < start {
            throw ValidationError("--to (\(end)) is before --from (\(start)).")
        }
    }

    /// A template version to keep to (set by `qa export --version`, not an option of its own here).
    var versionFilter: String?

    func filter(purposes: Set<EvaluationPurpose>?, scorecardID: String?) -> EvaluationFilter {
        var filter = EvaluationFilter(from: from.flatMap(CalendarDay.init), to: to.flatMap(CalendarDay.init), teams: teams,
                                      agents: agents, purposes: purposes, scorecardID: scorecardID)
        filter.scorecardVersion = versionFilter
        filter.calibrationSession = calibrationSession
        return filter
    }

    var isEmpty: Bool {
        from == nil && to == nil && teams.isEmpty && agents.isEmpty && versionFilter == nil && calibrationSession == nil
    }

    /// A selection made by a command from its own options (e.g. `qa coach`'s).
    static func chosen(from: String?, to: String?, teams: [String] = [], agents: [String] = []) -> StoredSelectionOptions {
        var options = StoredSelectionOptions()
        options.from = from
        options.to = to
        options.teams = teams
        options.agents = agents
        options.calibrationSession = nil
        return options
    }
}

/// Workspace problems (not found, cannot open, the database refused) in the one diagnostic format; they exit 3,
/// like a file that cannot be read or written.
enum WorkspaceProblems {
    static func fail(_ message: String) -> ExitCode {
        Problems.report(Problems.runError(message, rule: "workspace"))
        return Problems.exit(.cannotReadOrWrite)
    }

    static func opening(_ location: WorkspaceLocation) throws -> Workspace {
        do {
            return try Workspace.open(location)
        } catch {
            throw fail(describe(error, location: location))
        }
    }

    /// Any workspace or database error in words (never a Swift error's debug text, never bound values).
    static func describe(_ error: Error, location: WorkspaceLocation? = nil) -> String {
        switch error {
        case let e as WorkspaceError: return e.message
        case let e as DatabaseError: return e.message
        default:
            return "the workspace" + (location.map { " at \($0.folder)" } ?? "") + " could not be read or written"
        }
    }

    /// Runs `body`, turning workspace and database errors into a reported failure (exit 3).
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as WorkspaceError {
            throw fail(error.message)
        } catch let error as DatabaseError {
            throw fail(error.message)
        }
    }
}

/// Where a reading command's evaluations come from: files (or standard input), or the workspace.
enum EvaluationOrigin {
    case files
    case workspace(Workspace)

    /// The workspace when no input is given and there is one (found or named); files otherwise. `-` always
    /// means standard input.
    static func choose(inputs: [String], options: WorkspaceOptions) throws -> EvaluationOrigin {
        guard inputs.isEmpty else {
            if options.named {
                throw ValidationError("give either input files or --workspace/--database, not both")
            }
            return .files
        }
        guard let location = try options.locate() else { return .files }
        return .workspace(try WorkspaceProblems.opening(location))
    }
}

/// The stored evaluations a command reads: each template version with a source streaming its records.
struct StoredInput {
    var parts: [(template: StoredTemplate, source: InputSource)]
    var leftOut: [EvaluationPurpose: Int]
    var status: StreamStatus

    /// Once every source has been read: fails (exit 3) if the workspace could not be read to the end.
    func finish() throws {
        try WorkspaceProblems.run { try status.check() }
    }

    /// The newest version's template (the one a report speaks of).
    var newest: StoredTemplate? { parts.last?.template }

    /// Reads the chosen evaluations' versions. `scorecard` is a template id or a template file (its id is used);
    /// without it the evaluations must all be of one template.
    static func load(_ workspace: Workspace, selection: StoredSelectionOptions, purposes: Set<EvaluationPurpose>?,
                     scorecard: String?, command: String, severalTemplates: Bool = false) throws -> StoredInput {
        try WorkspaceProblems.run {
            var scorecardID = scorecard
            if let scorecard, scorecard.hasSuffix(".xml") {
                scorecardID = try TemplateFile.load(scorecard).id
            }
            var filter = selection.filter(purposes: purposes, scorecardID: scorecardID)
            let (versions, leftOut) = try workspace.database.read { try StoredEvaluations.versions(filter, $0) }
            let ids = Array(Set(versions.map(\.scorecardID))).sorted()
            if ids.count > 1, !severalTemplates {
                Terminal.error("Error: the chosen evaluations are of \(ids.count) templates (\(ids.joined(separator: ", "))); "
                    + "choose one with --scorecard ID\n  See 'qa \(command) --help' for more information.")
                throw ExitCode.validationFailure
            }
            if versions.isEmpty {
                let what = selection.isEmpty && scorecardID == nil ? "the workspace holds no evaluations"
                    : "no stored evaluation matches the choice (--scorecard, --from, --to, --team, --agent, --purpose)"
                var left = ""
                if !leftOut.isEmpty {
                    left = "; \(leftOut.values.reduce(0, +)) of another purpose were left out (--purpose all counts every evaluation)"
                }
                throw WorkspaceError(what + left + (selection.isEmpty && scorecardID == nil
                    ? " yet; import some with 'qa import FILES'" : ""))
            }
            if ids.count == 1 { filter.scorecardID = ids.first }
            let (parts, status) = try StoredEvaluations.stream(workspace, filter, versions: versions)
            return StoredInput(parts: parts, leftOut: leftOut, status: status)
        }
    }

    /// The note for evaluations left out by purpose, worded as for files.
    func noteLeftOut(counting: String) {
        PurposeOption.noteLeftOut(LeftOutByPurpose(counts: leftOut), counting: counting)
    }

    /// "version 1.0" or "versions 1.0 and 2.0" (for report notes).
    var versionsText: String {
        let versions = parts.map(\.template.scorecard.version)
        return versions.count == 1 ? "version \(versions[0])"
            : "versions " + versions.dropLast().joined(separator: ", ") + " and " + (versions.last ?? "")
    }
}
