import ArgumentParser
import Foundation
import QAModel
import TextEscaping
import Workspace

/// `qa audit`: the workspace's audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the workspace's audit log, or export a period of it.",
        subcommands: [Verify.self, Export.self]
    )

    /// `qa audit verify`: walks the hash chain and names the first entry that does not match.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that no entry of the audit log was changed, removed or inserted since it was written.",
            discussion: """
                Every change to the workspace is logged with who, what and when, and each entry carries a hash of \
                its content chained to the entry before it. This walks the whole log, recomputes every hash and \
                names the first entry that does not match. When the log is intact it prints its head (the last \
                entry's number and hash): keep it somewhere else, and a later `qa audit verify --anchor N:HASH` \
                finds a log that was cut short or rewritten from some entry on, which the chain alone cannot show.

                --export FILE checks a file written by `qa audit export` on its own, without the workspace.

                Exit codes: 0 the log (or the file) is intact; 1 it was altered (the first altered entry is \
                named); 3 the workspace or the file could not be read; 64 wrong options.
                """
        )

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("An entry's number and hash kept from an earlier check or export (N:HASH): the log "
                                   + "must still hold that entry with that hash.", valueName: "n:hash"))
        var anchor: String?

        @Option(help: ArgumentHelp("Check this file written by 'qa audit export' instead of the workspace.",
                                   valueName: "file"))
        var export: String?

        func validate() throws {
            if let anchor, Self.parse(anchor: anchor) == nil {
                throw ValidationError("--anchor '\(anchor)' is not an entry number and its hash, written N:HASH "
                    + "(as 'qa audit verify' prints it).")
            }
            if export != nil && anchor != nil {
                throw ValidationError("--export checks a file on its own; --anchor checks the workspace: give one.")
            }
        }

        static func parse(anchor: String) -> (Int64, String)? {
            let parts = anchor.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let seq = Int64(parts[0]), seq > 0, parts[1].count == 64,
                  parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
            return (seq, String(parts[1]))
        }

        func run() throws {
            if let export { return try verifyFile(export) }
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let (result, head, firstBroken, anchorCheck) = try WorkspaceProblems.run {
                try workspace.database.read {
                    session -> (AuditLog.Verification, (seq: Int64, hash: String), StoredAuditEntry?, AuditAnchorCheck?) in
                    let result = try AuditLog.verify(session)
                    var firstBroken: StoredAuditEntry?
                    if case .broken(let seq, _) = result { firstBroken = try AuditLog.entry(session, seq: seq) }
                    let anchorCheck = try anchor.flatMap(Self.parse(anchor:)).map { try AuditLog.check(anchorSeq: $0.0, hash: $0.1, session) }
                    return (result, try AuditLog.head(session), firstBroken, anchorCheck)
                }
            }
            switch result {
            case .intact(let entries):
                print("The audit log is intact: \(entries) \(entries == 1 ? "entry" : "entries"), each chained to the one before.")
            case .broken(let seq, let reason):
                Problems.report(Problems.runError("the audit log was altered: entry \(seq)\(Self.describe(firstBroken)) "
                    + "does not match (\(reason)); entries before it are intact", rule: "audit.broken"))
            }
            var anchorBroken = false
            if let anchorCheck, let seq = anchor.flatMap(Self.parse(anchor:))?.0 {
                switch anchorCheck {
                case .matches:
                    print("Entry \(seq) still has the hash you kept: nothing up to it was cut or rewritten.")
                case .missing(let last):
                    anchorBroken = true
                    Problems.report(Problems.runError("the audit log was cut short: it ends at entry \(last), but entry "
                        + "\(seq) was there when the anchor was kept", rule: "audit.truncated"))
                case .differs:
                    anchorBroken = true
                    Problems.report(Problems.runError("the audit log was rewritten: entry \(seq) no longer has the hash "
                        + "kept for it, so it or an entry before it was changed and the chain recomputed",
                        rule: "audit.rewritten"))
                }
            }
            if case .intact = result, !anchorBroken {
                print("Its head: entry \(head.seq), hash \(head.hash)")
                print("Keep this line; 'qa audit verify --anchor \(head.seq):\(head.hash)' later proves nothing up to it "
                    + "was removed or rewritten.")
                return
            }
            throw Problems.exit(.problemsFound)
        }

        /// ` (written AT by ACTOR: ACTION)` for the message naming a broken entry.
        static func describe(_ stored: StoredAuditEntry?) -> String {
            guard let stored else { return "" }
            return " (written \(Escaping.terminal(stored.atText)) by \(Escaping.terminal(stored.entry.actor)): "
                + "\(Escaping.terminal(stored.entry.action)) \(Escaping.terminal(stored.entry.subject)))"
        }

        private func verifyFile(_ path: String) throws {
            guard let data = FileManager.default.contents(atPath: path) else {
                Problems.report(Problems.fileError(path, "cannot read this file", rule: "file.unreadable"))
                throw Problems.exit(.cannotReadOrWrite)
            }
            let contents: AuditExport.Contents
            do {
                contents = try AuditExport.read(Array(data))
            } catch let problem as WorkspaceError {
                Problems.report(Problems.fileError(path, problem.message, rule: "audit.export-unreadable"))
                throw Problems.exit(.problemsFound)
            } catch {
                throw Problems.fail(error, path: path)
            }
            let result = AuditLog.verify(entries: contents.entries, anchor: contents.anchor)
            switch result {
            case .intact(let count):
                if let first = contents.entries.first, let last = contents.entries.last {
                    print("The exported entries are intact: \(count) (entries \(first.seq)–\(last.seq)), each chained "
                        + "to the one before, the first to \(first.seq == 1 ? "the start of the log" : "entry \(first.seq - 1)'s hash \(first.previousHash)").")
                } else {
                    print("The export holds no entries.")
                }
                if let seq = contents.headSeq, let hash = contents.headHash {
                    print("The log's head when exported: entry \(seq), hash \(hash)")
                }
            case .broken(let seq, let reason):
                let stored = contents.entries.first { $0.seq == seq }
                Problems.report(Problems.fileError(path, "the exported entries were altered: entry \(seq)"
                    + "\(Self.describe(stored)) does not match (\(reason)); entries before it are intact",
                    rule: "audit.broken"))
                throw Problems.exit(.problemsFound)
            }
        }
    }

    /// `qa audit export`: a period of the log with its hashes, checkable on its own.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the audit entries of a period with their hashes, checkable on their own.",
            discussion: """
                Writes every entry from the first one written on --from to the last one written on --to (both \
                days included, in UTC; default: the whole log), each with its hash and the hash it chains to, so \
                'qa audit verify --export FILE' can check the file without the workspace. JSON Lines (the default) \
                starts with a line naming the period, the hash of the entry before the first one (the anchor) and \
                the log's head when exported; CSV has one row per entry. The file is written in full or not at all.

                Exit codes: 0 written; 1 no entry in the period; 3 the workspace or the file could not be read or \
                written; 64 wrong options.
                """
        )

        @OptionGroup var workspaceOptions: WorkspaceOptions

        @Option(help: ArgumentHelp("First day to include (YYYY-MM-DD, UTC).", valueName: "date"))
        var from: String?

        @Option(help: ArgumentHelp("Last day to include (YYYY-MM-DD, UTC).", valueName: "date"))
        var to: String?

        @Option(help: "Output format: jsonl or csv.")
        var format: AuditExportFormat = .jsonl

        @OptionGroup var report: ReportOutputOption

        func validate() throws {
            try StoredSelectionOptions.checkDates(from: from, to: to)
        }

        func run() throws {
            let workspace = try workspaceOptions.open()
            defer { workspace.close() }
            let fromDay = from.flatMap(CalendarDay.init)
            let toDay = to.flatMap(CalendarDay.init)
            let slice = try WorkspaceProblems.run {
                try workspace.database.read { try AuditLog.slice($0, from: fromDay, to: toDay) }
            }
            guard let first = slice.entries.first, let last = slice.entries.last else {
                Problems.report(Problems.runError("no audit entry was written in that period", rule: "audit.none"))
                throw Problems.exit(.problemsFound)
            }
            let sink = try ReportSink(path: report.output)
            do {
                try AuditExport.write(slice, format: format, from: fromDay, to: toDay, exportedAt: workspace.now()) {
                    try sink.write($0)
                }
                try sink.commit()
            } catch let error as ExitCode {
                sink.discard()
                throw error
            } catch {
                sink.discard()
                throw Problems.fail(error, writing: true)
            }
            let count = slice.entries.count
            Terminal.error("\(count) audit \(count == 1 ? "entry" : "entries") (\(first.seq)–\(last.seq))"
                + (report.output.map { " written to \(Escaping.terminal($0))" } ?? "")
                + "; the log's head: entry \(slice.headSeq), hash \(slice.headHash)")
        }
    }
}

extension AuditExportFormat: ExpressibleByArgument {}
