import Foundation
import Testing

/// A workspace made by `qa init` on one engine, changed behind qa's back the way someone with access to the
/// database would: with the sqlite3 or psql client, the append-only guard lifted for the change and put back.
struct TamperableWorkspace {
    let engine: CommandLineEngine
    let folder: URL
    let url: String?

    init(_ engine: CommandLineEngine) throws {
        self.engine = engine
        folder = try temporaryFolder()
        let arguments = try engine.initArguments()
        url = arguments.count == 3 ? arguments[2] : nil
        let made = try runQA(arguments, stdin: "", in: folder)
        #expect(made.status == 0, "\(made.stderr)")
    }

    func qa(_ arguments: [String]) throws -> CommandRun { try runQA(arguments, stdin: "", in: folder) }

    /// Runs SQL statements directly on the database; returns what the client printed.
    @discardableResult
    func sql(_ statements: [String]) throws -> String {
        let client = Process()
        let output = Pipe()
        switch engine {
        case .sqlite:
            client.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            client.arguments = [folder.appendingPathComponent(".qa/workspace.sqlite").path,
                                statements.joined(separator: ";\n") + ";"]
        case .postgres:
            client.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            client.arguments = [url ?? "", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c",
                                "BEGIN;\n" + statements.joined(separator: ";\n") + ";\nCOMMIT;"]
        }
        client.standardOutput = output
        try client.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        client.waitUntilExit()
        #expect(client.terminationStatus == 0, "\(statements)")
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The statements run with the audit log's guard lifted, then the guard put back.
    func tamper(_ statements: [String]) throws {
        switch engine {
        case .sqlite:
            let message = "'audit_log is append-only: rows are never changed or removed'"
            try sql(["BEGIN", "DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"] + statements + [
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, \(message)); END",
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, \(message)); END",
                "COMMIT",
            ])
        case .postgres:
            try sql(["ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"] + statements
                    + ["ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only"])
        }
    }

    static func swap(_ a: Int, _ b: Int) -> [String] {
        ["UPDATE audit_log SET seq = -1 WHERE seq = \(a)", "UPDATE audit_log SET seq = \(a) WHERE seq = \(b)",
         "UPDATE audit_log SET seq = \(b) WHERE seq = -1"]
    }
}

@Suite("qa audit: tampering found by verify, exports checkable on their own",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct AuditCommandTests {
    let root = repositoryRoot.path

    @Test("an edited, deleted, swapped or inserted entry is named by verify (exit 1); a cut tail by --anchor",
          arguments: CommandLineEngine.available)
    func tamperings(engine: CommandLineEngine) throws {
        let workspace = try TamperableWorkspace(engine)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let imported = try workspace.qa(["import", root + "/scorecards", root + "/examples/inbound/calls.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let intact = try workspace.qa(["audit", "verify"])
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.contains("The audit log is intact: 125 entries"))

        // Edited: entry 4 (the second template) said to be by someone else.
        try workspace.tamper(["UPDATE audit_log SET actor = 'mallory' WHERE seq = 4"])
        let edited = try workspace.qa(["audit", "verify"])
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("the audit log was altered: entry 4 (written "))
        #expect(edited.stderr.contains("by mallory: template.imported template "))
        #expect(edited.stderr.contains("its content was changed after it was written"))
        try workspace.tamper(["UPDATE audit_log SET actor = (SELECT actor FROM audit_log WHERE seq = 3) WHERE seq = 4"])
        #expect(try workspace.qa(["audit", "verify"]).status == 0)

        // Deleted: entry 6 removed (kept aside to put it back).
        try workspace.tamper(["CREATE TABLE kept AS SELECT * FROM audit_log WHERE seq = 6", "DELETE FROM audit_log WHERE seq = 6"])
        let deleted = try workspace.qa(["audit", "verify"])
        #expect(deleted.status == 1)
        #expect(deleted.stderr.contains("entry 7 (written "))
        #expect(deleted.stderr.contains("entries 6–6 are missing"))
        try workspace.tamper(["INSERT INTO audit_log SELECT * FROM kept", "DROP TABLE kept"])
        #expect(try workspace.qa(["audit", "verify"]).status == 0)

        // Reordered: entries 8 and 9 swapped.
        try workspace.tamper(TamperableWorkspace.swap(8, 9))
        let swapped = try workspace.qa(["audit", "verify"])
        #expect(swapped.status == 1)
        #expect(swapped.stderr.contains("entry 8 (written "))
        #expect(swapped.stderr.contains("it does not chain to the entry before it"))
        try workspace.tamper(TamperableWorkspace.swap(8, 9))
        #expect(try workspace.qa(["audit", "verify"]).status == 0)

        // Inserted: a made-up entry 10, chained to entry 9, the rest moved up by one.
        try workspace.tamper([
            "UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 10",
            "UPDATE audit_log SET seq = seq - 999999 WHERE seq >= 1000000",
            "INSERT INTO audit_log (seq, at, actor, action, subject, details, previous_hash, hash) SELECT 10, at, 'mallory', "
                + "'call.added', 'call call-999999', '', hash, '\(String(repeating: "ab", count: 32))' FROM audit_log WHERE seq = 9",
        ])
        let inserted = try workspace.qa(["audit", "verify"])
        #expect(inserted.status == 1)
        #expect(inserted.stderr.contains("entry 10 (written "))
        #expect(inserted.stderr.contains("by mallory: call.added call call-999999)"))
        try workspace.tamper([
            "DELETE FROM audit_log WHERE seq = 10",
            "UPDATE audit_log SET seq = seq + 1000000 WHERE seq >= 11",
            "UPDATE audit_log SET seq = seq - 1000001 WHERE seq >= 1000000",
        ])
        let restored = try workspace.qa(["audit", "verify"])
        #expect(restored.status == 0, "\(restored.stderr)")

        // A cut tail: the chain up to the cut is whole, so only the head kept from an earlier check finds it.
        let headLine = try #require(restored.stdout.split(separator: "\n").first { $0.hasPrefix("Its head: entry ") })
        let words = headLine.split(separator: " ")
        let anchor = "\(words[3].dropLast()):\(words[5])"
        #expect(anchor.hasPrefix("125:"))
        try workspace.tamper(["CREATE TABLE kept AS SELECT * FROM audit_log WHERE seq > 122", "DELETE FROM audit_log WHERE seq > 122"])
        let cut = try workspace.qa(["audit", "verify"])
        #expect(cut.status == 0)
        #expect(cut.stdout.contains("intact: 122 entries"))
        let cutAnchored = try workspace.qa(["audit", "verify", "--anchor", anchor])
        #expect(cutAnchored.status == 1)
        #expect(cutAnchored.stderr.contains("the audit log was cut short: it ends at entry 122, but entry 125 was there"))
        try workspace.tamper(["INSERT INTO audit_log SELECT * FROM kept", "DROP TABLE kept"])
        let anchored = try workspace.qa(["audit", "verify", "--anchor", anchor])
        #expect(anchored.status == 0, "\(anchored.stderr)")
        #expect(anchored.stdout.contains("Entry 125 still has the hash you kept"))
        #expect(try workspace.qa(["audit", "verify", "--anchor", "125:nothex"]).status == 64)
    }

    @Test("qa audit export writes a period with its hashes; verify --export checks the file alone and names an edit",
          arguments: CommandLineEngine.available)
    func export(engine: CommandLineEngine) throws {
        let workspace = try TamperableWorkspace(engine)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        #expect(try workspace.qa(["import", root + "/scorecards"]).status == 0)
        for format in ["jsonl", "csv"] {
            let file = workspace.folder.appendingPathComponent("audit.\(format)").path
            let written = try workspace.qa(["audit", "export", "--format", format, "--output", file])
            #expect(written.status == 0, "\(written.stderr)")
            #expect(written.stderr.contains("5 audit entries (1–5) written to"))
            #expect(written.stderr.contains("the log's head: entry 5, hash "))
            let checked = try workspace.qa(["audit", "verify", "--export", file])
            #expect(checked.status == 0, "\(checked.stderr)")
            #expect(checked.stdout.contains("The exported entries are intact: 5 (entries 1–5)"))
            // Edited in the file: the third entry's subject.
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let edited = text.replacingOccurrences(of: "template collections", with: "template xollections")
            #expect(edited != text)
            try edited.write(toFile: file, atomically: true, encoding: .utf8)
            let broken = try workspace.qa(["audit", "verify", "--export", file])
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("the exported entries were altered: entry "))
            #expect(broken.stderr.contains("its content was changed after it was written"))
        }
        // Today's entries (the whole log here) to standard output; a period with none is exit 1, no file.
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        let stdout = try workspace.qa(["audit", "export", "--from", today, "--to", today])
        #expect(stdout.status == 0)
        #expect(stdout.stdout.hasPrefix("{\"kind\":\"qa-audit-export\""))
        #expect(stdout.stdout.split(separator: "\n").count == 6)
        let none = workspace.folder.appendingPathComponent("none.jsonl").path
        let empty = try workspace.qa(["audit", "export", "--from", "2999-01-01", "--output", none])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("no audit entry was written in that period"))
        #expect(!FileManager.default.fileExists(atPath: none))
        #expect(try workspace.qa(["audit", "export", "--from", "yesterday"]).status == 64)
        let notExport = try workspace.qa(["audit", "verify", "--export", root + "/examples/inbound/calls.csv"])
        #expect(notExport.status == 1)
        #expect(notExport.stderr.contains("this is not an audit export of qa"))
        #expect(try workspace.qa(["audit", "verify", "--export", root + "/no-such-file.jsonl"]).status == 3)
    }

    @Test("qa retention: set, show, dry run, run; audited; the admin sees the last run",
          arguments: CommandLineEngine.available)
    func retention(engine: CommandLineEngine) throws {
        let workspace = try TamperableWorkspace(engine)
        defer { try? FileManager.default.removeItem(at: workspace.folder) }
        let imported = try workspace.qa(["import", root + "/scorecards", root + "/examples/inbound/calls.csv",
                                         root + "/examples/inbound/evaluations.jsonl"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let unset = try workspace.qa(["retention", "run"])
        #expect(unset.status == 1)
        #expect(unset.stderr.contains("no retention policy is set"))
        #expect(try workspace.qa(["retention", "show"]).stdout.contains("No retention policy is set"))
        #expect(try workspace.qa(["retention", "set", "--months", "0", "--action", "purge"]).status == 64)

        // The examples are from 2025: one month keeps none of them.
        let set = try workspace.qa(["retention", "set", "--months", "1", "--action", "purge"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("Retention policy set: evaluations of calls older than 1 month are purged"))
        let dry = try workspace.qa(["retention", "run", "--dry-run"])
        #expect(dry.stdout.contains("Dry run: 240 evaluations of calls before "))
        #expect(dry.stdout.contains("would be purged (240 revisions, 0 disputes, 0 drafts)"))
        let run = try workspace.qa(["retention", "run"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Done: 240 evaluations of calls before "))
        let show = try workspace.qa(["retention", "show"])
        #expect(show.stdout.contains("Last run: "))
        #expect(show.stdout.contains("240 evaluations of calls before "))
        // The evaluations are gone, the chain is whole, and the log says what happened, by counts only.
        let export = try workspace.qa(["export"])
        #expect(export.stderr.contains("the workspace holds no evaluations yet"))
        let verify = try workspace.qa(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        let log = try workspace.qa(["audit", "export", "--format", "csv"]).stdout
        let last = try #require(log.split(separator: "\n").last)
        #expect(last.contains("retention.purged"))
        #expect(last.contains("240 evaluations, 240 revisions"))
        #expect(!last.contains("agent-"))
        // The revisions' guard is back.
        #expect(try workspace.sql(["SELECT COUNT(*) FROM evaluation_revisions"]) == "0")
    }
}
