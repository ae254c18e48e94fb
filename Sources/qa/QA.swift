import ArgumentParser

/// The `qa` command: a root that only lists the subcommands.
@main
struct QA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Score monitored calls against QA scorecards, calibrate assessors and build coaching plans.",
        subcommands: [ScorecardCommand.self, CoachCommand.self]
    )
}
