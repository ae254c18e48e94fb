import ArgumentParser
import FileIO
import Foundation
import Workbench
import Workspace

/// `qa privacy`: data-protection duties — a subject access export, erasure of a person who has left, and a check of
/// what redaction finds in files.
struct PrivacyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Data protection: export everything held about an agent, erase a person who has left, check redaction.",
        discussion: "See docs/privacy.md for what the workspace holds and how each duty is met.",
        subcommands: [Export.self, Erase.self, Compact.self, Redact.self])

    /// `qa privacy export --agent ID --output DIR`
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Everything held about one agent, in one folder of readable files (a subject access export).",
            discussion: """
                Writes README.txt (an index in plain words), person.json, evaluations.json (every revision: answers, \
                comments, scores), disputes.json, coaching-sessions.json, calls.csv, notifications.json and \
                audit-entries.txt into DIR, which must be new or empty; each file readable by you only. No other \
                agent is named anywhere in it: their ids are replaced by "another agent". Assessors are named.
                Exit codes: 0 written; 1 the workspace does not know the agent; 3 the workspace or DIR could not be \
                read or written; 64 wrong options.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: "The agent's id, as the records name them.")
        var agent: String

        @Option(help: ArgumentHelp("A new or empty folder to write the files into.", valueName: "dir"))
        var output: String

        func run() throws {
            let manager = FileManager.default
            var isFolder: ObjCBool = false
            if manager.fileExists(atPath: output, isDirectory: &isFolder) {
                let entries = (try? manager.contentsOfDirectory(atPath: output)) ?? ["?"]
                guard isFolder.boolValue, entries.isEmpty else {
                    throw ValidationError("--output must be a new or empty folder; \(output) is not")
                }
            }
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            guard let export = try WorkspaceProblems.run({ try AccessExport.make(agent: agent, in: workspace) }) else {
                Terminal.error("error: the workspace holds nothing about '\(agent.count <= 64 ? agent : "that id")': no "
                    + "person or account with that id; check the spelling")
                throw Problems.exit(.problemsFound)
            }
            do {
                try manager.createDirectory(atPath: output, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
                for file in export.files {
                    try AtomicFile.write(file.contents, to: output + "/" + file.name)
                }
            } catch {
                throw Problems.fail(error, path: output, writing: true)
            }
            print("Wrote \(export.files.count) files about \(agent) to \(output) (start with README.txt).")
        }
    }

    /// `qa privacy erase --person ID [--yes]`
    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person who has left: their id replaced everywhere by a stable pseudonym.",
            discussion: """
                Without --yes, says where the id appears and changes nothing. With --yes, replaces the id in every \
                table by 'former-' and 12 hex digits (the same pseudonym every time in this workspace), disables \
                their accounts and removes their passwords, sessions and notifications, rewrites the audit entries \
                that named them and re-hashes the chain from the first of them, and records the erasure in the \
                audit log without the id. Scores, counts and reports are unchanged. A SQLite workspace is then \
                compacted so the id is no longer in its files; stop qa serve first so that can finish. This cannot \
                be undone. See docs/privacy.md.
                Exit codes: 0 erased (or, without --yes, previewed); 1 refused (unknown id, already a pseudonym, \
                the audit log already broken); 3 the workspace could not be read or written; 64 wrong options.
                """)

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: "The person's id (as the records name them) or account username.")
        var person: String

        @Flag(help: "Do it (without it, only show what would change).")
        var yes = false

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            if !yes {
                let counts = try WorkspaceProblems.run { try Erasure.preview(person, in: workspace) }
                guard !counts.isEmpty else {
                    Terminal.error("error: \(ErasureError.unknownPerson(person).description)")
                    throw Problems.exit(.problemsFound)
                }
                let rows = counts.values.reduce(0, +)
                print("The id appears in \(rows) row\(rows == 1 ? "" : "s"):")
                for (table, count) in counts.sorted(by: { $0.key < $1.key }) { print("  \(table): \(count)") }
                print("Nothing was changed. Run again with --yes to erase (this cannot be undone).")
                return
            }
            do {
                let (report, compacted) = try WorkspaceProblems.run { try Erasure.erase(person, in: workspace) }
                func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
                print("Erased: the person is now \(report.pseudonym) in \(count(report.rowsChanged, "row")) of "
                    + "\(count(report.rowsByTable.count, "table")).")
                for (table, count) in report.rowsByTable.sorted(by: { $0.key < $1.key }) { print("  \(table): \(count)") }
                print("Accounts closed: \(report.accountsClosed); notifications deleted: \(report.notificationsDeleted).")
                if let first = report.firstRehashedEntry {
                    print("Audit log: \(report.auditEntriesRewritten) entries rewritten; entries \(first) on re-hashed "
                        + "(\(report.auditEntriesRehashed)); the erasure is recorded as the last entry.")
                }
                if compacted == false {
                    Terminal.error("warning: another program (qa serve?) was reading the database, so replaced text may "
                        + "remain in its write-ahead file for now; stop that program and run 'qa privacy compact'")
                }
            } catch let error as ErasureError {
                Terminal.error("error: \(error.description)")
                throw Problems.exit(.problemsFound)
            }
        }
    }

    /// `qa privacy compact`
    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a SQLite workspace's file so removed or replaced text is gone from it (after an erasure).",
            discussion: "Exit codes: 0 done; 1 another program is still reading the database; 3 the workspace could not be read or written; 64 wrong options.")

        @OptionGroup var workspaceOptions: WorkspaceOptions

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            guard let sqlite = workspace.database as? SQLiteDatabase else {
                print("A PostgreSQL workspace is compacted by its server (VACUUM); see docs/privacy.md.")
                return
            }
            guard try WorkspaceProblems.run({ try sqlite.compact() }) else {
                Terminal.error("error: another program (qa serve?) is reading the database; stop it and run this again")
                throw Problems.exit(.problemsFound)
            }
            print("Compacted \(sqlite.path).")
        }
    }

    /// `qa privacy redact FILE...`
    struct Redact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what redaction would replace in text files (counts per kind; never the data).",
            discussion: """
                Reads each file (a transcript, comments) and prints how many card numbers, sort codes, account \
                numbers, phone numbers, e-mail addresses, dates of birth and postcodes redaction finds in it. With \
                --output DIR, also writes each file's redacted copy there. qa import redacts transcripts and comments \
                this way unless given --no-redact.
                Exit codes: 0 done; 3 a file could not be read or written; 64 wrong options.
                """)

        @Argument(help: "Text files.")
        var files: [String]

        @Option(help: ArgumentHelp("A folder for the redacted copies (optional).", valueName: "dir"))
        var output: String?

        func run() throws {
            let redactor = Redactor()
            var total = RedactionCounts()
            for path in files {
                let text: String
                do {
                    text = String(decoding: try BoundedFile.read(path, limit: 16 << 20), as: UTF8.self)
                } catch {
                    Terminal.error("\(path): error: cannot read the file")
                    throw Problems.exit(.cannotReadOrWrite)
                }
                let (redacted, counts) = redactor.redact(text)
                total.add(counts)
                print("\(path): \(counts.words)")
                if let output {
                    let name = (path as NSString).lastPathComponent
                    do {
                        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                        try AtomicFile.write(redacted, to: output + "/" + name)
                    } catch {
                        throw Problems.fail(error, path: output, writing: true)
                    }
                }
            }
            print("In all: \(total.words).")
        }
    }
}
