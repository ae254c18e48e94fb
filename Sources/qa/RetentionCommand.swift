import ArgumentParser
import TextEscaping
import Workspace

/// `qa retention`: the workspace's retention policy (set, show, run).
struct RetentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Set, show or run the policy that pseudonymises or purges old evaluations.",
        discussion: """
            The policy says what happens to evaluations of calls older than N months: 'pseudonymise' replaces \
            their agent and assessor (and the agent of those calls) by stable pseudonyms, so reports still add up \
            per person; 'purge' removes them with their revisions, disputes and drafts. Each run is recorded in \
            the audit log with counts only. 'qa retention run --dry-run' says what a run would do first.
            """,
        subcommands: [SetPolicy.self, Show.self, Run.self]
    )

    /// `qa retention set --months N --action pseudonymise|purge`.
    struct SetPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Set the retention policy.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("Evaluations of calls older than this many months are treated (1–1200).",
                                   valueName: "n"))
        var months: Int

        @Option(help: "What happens to them: pseudonymise or purge.")
        var action: RetentionPolicy.Action

        func validate() throws {
            guard (1...Retention.maximumMonths).contains(months) else {
                throw ValidationError("--months must be between 1 and \(Retention.maximumMonths).")
            }
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let policy = RetentionPolicy(months: months, action: action)
            try WorkspaceProblems.run { try workspace.change { try Retention.set(policy, in: workspace, session: $0) } }
            print("Retention policy set: \(policy.words).")
            print("Nothing was changed yet: 'qa retention run --dry-run' shows what a run would do.")
        }
    }

    /// `qa retention show`.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the retention policy and its last run.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let (policy, last) = try WorkspaceProblems.run {
                try workspace.database.read { (try Retention.policy($0), try Retention.lastRun($0)) }
            }
            if let policy {
                print("Retention policy: \(policy.words).")
                print("Cutoff today: calls before \(policy.cutoff(today: workspace.now().day)).")
            } else {
                print("No retention policy is set: evaluations are kept until removed otherwise.")
            }
            if let last {
                print("Last run: \(Escaping.terminal(last.at)) by \(Escaping.terminal(last.by)): \(Escaping.terminal(last.summary)).")
            } else {
                print("Never run.")
            }
        }
    }

    /// `qa retention run [--dry-run]`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the retention policy now.",
            discussion: "Exit codes: 0 done; 1 no policy is set; 3 the workspace could not be read or written.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Flag(help: "Only say what a run would do; change nothing.")
        var dryRun = false

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let policy = try WorkspaceProblems.run { try workspace.database.read { try Retention.policy($0) } }
            guard policy != nil else {
                Problems.report(Problems.runError("no retention policy is set; set one with 'qa retention set "
                    + "--months N --action pseudonymise|purge'", rule: "retention.unset"))
                throw Problems.exit(.problemsFound)
            }
            let outcome = try WorkspaceProblems.run {
                try workspace.change { try Retention.run(in: workspace, session: $0, dryRun: dryRun) }
            }
            print((dryRun ? "Dry run: " : "Done: ") + outcome.words + ".")
        }
    }
}

extension RetentionPolicy.Action: ExpressibleByArgument {}
