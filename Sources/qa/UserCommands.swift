import ArgumentParser
import Workbench
import Workspace
#if canImport(Glibc)
import Glibc
#endif

/// `qa user`: the workbench's sign-in accounts (add, list, disable, set a password).
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the workbench's sign-in accounts (qa serve).",
        discussion: """
            Roles: admin (manages accounts), qa-lead (everything in QA and the templates), assessor (scores the \
            calls assigned to them), team-leader (their team's released evaluations; needs --team), agent (their \
            own released evaluations and coaching plan). Passwords are kept only as bcrypt hashes. \
            Exit codes: 0 done; 1 refused (a name taken, a password too short, no such account); 3 the workspace \
            could not be opened; 64 wrong options.
            """,
        subcommands: [Add.self, List.self, Disable.self, Password.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account (asks for its first password).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The username (letters, digits, '-', '_', '.', '@').")
        var name: String

        @Option(help: ArgumentHelp("The role: \(Role.spellings).", valueName: "role"))
        var role: String

        @Option(help: "The team (a team leader's team, an agent's team).")
        var team: String?

        @Option(help: "The id the data uses for this person (an agent's or assessor's id), if not the username.")
        var person: String?

        @Flag(help: "Read the password from the first line of standard input (for scripts).")
        var passwordStdin = false

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of: \(Role.spellings)")
            }
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, confirm: true)
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try UserCommand.refusing {
                try AccountStore.checkUsername(name)
                try AccountStore.checkPassword(password)
                let account = try AccountStore.add(username: name, role: role, team: team, personKey: person,
                                                   passwordHash: AccountStore.hash(password), in: workspace)
                print("Added \(account.username) (\(account.role.title)\(account.team.map { ", team \($0)" } ?? "")).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let accounts = try WorkspaceProblems.run { try workspace.database.read { try AccountStore.list($0) } }
            if accounts.isEmpty { print("No accounts yet: add one with 'qa user add NAME --role ROLE'.") }
            for account in accounts {
                var line = "\(account.username)  \(account.role.rawValue)"
                if let team = account.team { line += "  team \(team)" }
                if account.personKey != account.username { line += "  person \(account.personKey)" }
                if account.disabled { line += "  (disabled)" }
                print(line)
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and end its sessions.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The username.")
        var name: String

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try UserCommand.refusing {
                try AccountStore.disable(username: name, in: workspace)
                print("Disabled \(name); its sessions have ended. Its records stay.")
            }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a new password (ends the account's sessions; enables a disabled account).")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Argument(help: "The username.")
        var name: String

        @Flag(help: "Read the password from the first line of standard input (for scripts).")
        var passwordStdin = false

        func run() throws {
            let password = try PasswordInput.read(fromStandardInput: passwordStdin, confirm: true)
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            try UserCommand.refusing {
                try AccountStore.checkPassword(password)
                try AccountStore.setPassword(username: name, passwordHash: AccountStore.hash(password), in: workspace)
                print("Set a new password for \(name).")
            }
        }
    }

    /// Runs `body`; an account problem is printed as an error with exit 1, a workspace problem with exit 3.
    static func refusing(_ body: () throws -> Void) throws {
        do {
            try WorkspaceProblems.run(body)
        } catch let error as AccountError {
            Terminal.error("Error: \(error.message)")
            throw ExitCode(1)
        }
    }
}

/// Reads a password: from standard input's first line (`--password-stdin`), or typed at the terminal twice with
/// the echo off.
enum PasswordInput {
    static func read(fromStandardInput: Bool, confirm: Bool) throws -> String {
        if fromStandardInput || isatty(STDIN_FILENO) == 0 {
            guard let line = Swift.readLine(strippingNewline: true) else {
                throw ValidationError("no password on standard input")
            }
            return line
        }
        let first = try prompt("Password: ")
        if confirm {
            let second = try prompt("Same password again: ")
            guard first == second else {
                Terminal.error("Error: the two passwords differ; nothing was changed.")
                throw ExitCode(1)
            }
        }
        return first
    }

    private static func prompt(_ text: String) throws -> String {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &original)
            print("")
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw ExitCode(1) }
        return line
    }
}

/// `qa serve`: starts the browser workbench, a separate program (`qa-serve`, built beside `qa`) so that the
/// command-line tool never pays for the web server's build.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the team workbench in the browser (runs qa-serve, built beside qa).",
        discussion: """
            Options are those of qa-serve: --workspace DIR, --database URL, --host 127.0.0.1, --port 8080, \
            --connections 8, --secure-cookies. Build the server once with 'swift build -c release --product qa-serve'.
            """)

    @Argument(parsing: .allUnrecognized, help: "Options for the server (see the discussion).")
    var options: [String] = []

    func run() throws {
        let here = Self.ownFolder()
        let server = here + "/qa-serve"
        guard access(server, X_OK) == 0 else {
            Terminal.error("""
                Error: the workbench server is not built yet (it is built apart from qa, which does not need it). \
                Build it with 'swift build -c release --product qa-serve' (or run 'swift run qa-serve' from the \
                project folder), then run 'qa serve' again.
                """)
            throw ExitCode(3)
        }
        var arguments = [server] + options
        let cArguments = arguments.map { strdup($0) } + [nil]
        execv(server, cArguments)
        arguments.removeAll()
        Terminal.error("Error: could not start \(server): \(String(cString: strerror(errno)))")
        throw ExitCode(3)
    }

    /// The folder this program was started from (`/proc/self/exe`'s folder on Linux).
    static func ownFolder() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "." }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    }
}
