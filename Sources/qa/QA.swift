import ArgumentParser

/// The `qa` command: a root that only lists the subcommands.
@main
struct QA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Score monitored calls against QA scorecards, calibrate assessors and build coaching plans.",
        version: QAVersion.current,
        subcommands: [InitCommand.self, ImportCommand.self, PrivacyCommand.self, UserCommand.self, AssignCommand.self, ServeCommand.self, ExportCommand.self, HistoryCommand.self, AuditCommand.self, RetentionCommand.self, ScorecardCommand.self, Score.self, EvaluateCommand.self, SampleCommand.self, ReleaseCommand.self, AcknowledgeCommand.self, DisputeCommand.self, Agreement.self, Calibrate.self, CalibrationCommand.self, Drift.self, CoachCommand.self]
    )

    /// Parses and runs the command. Errors of the command line and exit codes go to the option parser as usual;
    /// any other error that escapes a command is reported in plain words — never a Swift error's description or
    /// debug text — and exits 1.
    static func main() {
        var command: ParsableCommand
        // `qa coach` takes input files as arguments, so the option parser cannot also find subcommands under it:
        // `qa coach session …` is routed here to its own command group.
        let arguments = Array(CommandLine.arguments.dropFirst())
        let root: ParsableCommand.Type = arguments.starts(with: ["coach", "session"]) ? CoachSessionCommand.self : QA.self
        do {
            command = root == QA.self ? try parseAsRoot() : try root.parseAsRoot(Array(arguments.dropFirst(2)))
        } catch {
            root.exit(withError: error)
        }
        do {
            try command.run()
        } catch let error where error is ExitCode || error is ValidationError || error is CleanExit
                                    || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
            // The option parser's own outcomes (help, usage errors, exit codes) are printed by it.
            root.exit(withError: error)
        } catch {
            Terminal.error("error: the run stopped on an unexpected problem (an internal error, not a problem with your "
                + "files); nothing more was written. Please report it with the command you ran.")
            exit(withError: ExitCode.failure)
        }
    }
}
