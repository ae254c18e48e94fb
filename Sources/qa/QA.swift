import ArgumentParser

/// The `qa` command: a root that only lists the subcommands.
@main
struct QA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Score monitored calls against QA scorecards, calibrate assessors and build coaching plans.",
        version: QAVersion.current,
        subcommands: [ScorecardCommand.self, Score.self, EvaluateCommand.self, SampleCommand.self, Agreement.self, Calibrate.self, Drift.self, CoachCommand.self]
    )
}
