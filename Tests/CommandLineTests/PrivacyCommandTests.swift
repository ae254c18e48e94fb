import Foundation
import Testing

/// `qa privacy` and redaction on import, on the example workspace (issue 13's data-protection duties).
@Suite("privacy: qa privacy export / erase, redaction on import",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct PrivacyCommandTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let inboundEvaluations = repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl").path
    let inboundCalls = repositoryRoot.appendingPathComponent("examples/inbound/calls.csv").path
    let otherAgents = ["agent-01", "agent-03", "agent-04", "agent-05", "agent-06", "agent-07", "agent-08"]

    func workspaceWithExamples() throws -> URL {
        let folder = try temporaryFolder()
        #expect(try runQA(["init"], stdin: "", in: folder).status == 0)
        let imported = try runQA(["import", inbound, inboundCalls, inboundEvaluations], stdin: "", in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("evaluations: 240 added, 0 revised"))
        return folder
    }

    /// Every file under `folder`, as bytes.
    func allFiles(_ folder: URL) throws -> [(String, Data)] {
        let paths = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
        return try paths.compactMap { path in
            var isFolder: ObjCBool = false
            let full = folder.appendingPathComponent(path).path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue else { return nil }
            return (path, try Data(contentsOf: URL(fileURLWithPath: full)))
        }
    }

    @Test("qa privacy export --agent agent-02 holds their evaluations and no other agent's id in any file")
    func accessExport() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runQA(["privacy", "export", "--agent", "agent-02", "--output", "sar"], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let files = try allFiles(folder.appendingPathComponent("sar"))
        #expect(files.map(\.0).sorted() == ["README.txt", "audit-entries.txt", "calls.csv", "coaching-sessions.json",
                                            "disputes.json", "evaluations.json", "notifications.json", "person.json"])
        for (name, data) in files {
            for other in otherAgents {
                #expect(data.range(of: Data(other.utf8)) == nil, "\(name) holds \(other)")
            }
        }
        let evaluations = try #require(files.first { $0.0 == "evaluations.json" }?.1)
        #expect(String(decoding: evaluations, as: UTF8.self).contains("\"answers_and_comments\""))
        let missing = try runQA(["privacy", "export", "--agent", "agent-99", "--output", "none"], stdin: "", in: folder)
        #expect(missing.status == 1)
    }

    @Test("qa privacy erase: no trace of the id in the database file or any export; reports still add up; audit intact")
    func erasure() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scoreBefore = try runQA(["score", "--group-by", "team"], stdin: "", in: folder)
        let byAgentBefore = try runQA(["score", "--group-by", "agent"], stdin: "", in: folder)
        let preview = try runQA(["privacy", "erase", "--person", "agent-02"], stdin: "", in: folder)
        #expect(preview.status == 0 && preview.stdout.contains("Nothing was changed"), "\(preview.stderr)")
        let erased = try runQA(["privacy", "erase", "--person", "agent-02", "--yes"], stdin: "", in: folder)
        #expect(erased.status == 0, "\(erased.stderr)")
        let pseudonym = try #require(erased.stdout.split(separator: " ").first { $0.hasPrefix("former-") }.map(String.init))
        // The database's files: not one byte sequence "agent-02".
        for (name, data) in try allFiles(folder.appendingPathComponent(".qa")) {
            #expect(data.range(of: Data("agent-02".utf8)) == nil, ".qa/\(name) still holds the id")
        }
        // Exports and reports.
        for arguments in [["export"], ["export", "--calls"], ["export", "--format", "csv"], ["score", "--group-by", "agent"]] {
            let run = try runQA(arguments, stdin: "", in: folder)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            #expect(!run.stdout.contains("agent-02"), "\(arguments) names the erased id")
        }
        // The same report, line by line, with the pseudonym for the id (columns may be wider).
        func words(_ text: String) -> [String] {
            text.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        }
        let scoreAfter = try runQA(["score", "--group-by", "team"], stdin: "", in: folder)
        #expect(words(scoreAfter.stdout) == words(scoreBefore.stdout.replacingOccurrences(of: "agent-02", with: pseudonym)))
        let byAgentAfter = try runQA(["score", "--group-by", "agent"], stdin: "", in: folder)
        #expect(byAgentAfter.stdout.contains(pseudonym))
        #expect(byAgentAfter.stdout.split(separator: "\n").count == byAgentBefore.stdout.split(separator: "\n").count)
        let verify = try runQA(["audit", "verify"], stdin: "", in: folder)
        #expect(verify.status == 0 && verify.stdout.contains("intact"), "\(verify.stdout)\(verify.stderr)")
        let sar = try runQA(["privacy", "export", "--agent", pseudonym, "--output", "sar"], stdin: "", in: folder)
        #expect(sar.status == 0, "\(sar.stderr)")
        for (name, data) in try allFiles(folder.appendingPathComponent("sar")) {
            #expect(data.range(of: Data("agent-02".utf8)) == nil, "\(name) holds the erased id")
        }
        let again = try runQA(["privacy", "erase", "--person", "agent-02", "--yes"], stdin: "", in: folder)
        #expect(again.status == 1)
    }

    @Test("qa privacy erase after a retention run pseudonymised the same person: their records join the one pseudonym")
    func erasureAfterRetention() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The example's calls are from 2025: a 12-month policy pseudonymises all their evaluations.
        let set = try runQA(["retention", "set", "--months", "12", "--action", "pseudonymise"], stdin: "", in: folder)
        #expect(set.status == 0, "\(set.stderr)")
        let ran = try runQA(["retention", "run"], stdin: "", in: folder)
        #expect(ran.status == 0, "\(ran.stderr)")
        let before = try runQA(["score", "--group-by", "team"], stdin: "", in: folder)
        let erased = try runQA(["privacy", "erase", "--person", "agent-02", "--yes"], stdin: "", in: folder)
        #expect(erased.status == 0, "\(erased.stderr)")
        for (name, data) in try allFiles(folder.appendingPathComponent(".qa")) {
            #expect(data.range(of: Data("agent-02".utf8)) == nil, ".qa/\(name) still holds the id")
        }
        let after = try runQA(["score", "--group-by", "team"], stdin: "", in: folder)
        #expect(after.stdout == before.stdout)
        let verify = try runQA(["audit", "verify"], stdin: "", in: folder)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("qa import redacts transcripts (a copy in .qa/transcripts, the original untouched) and comments; --no-redact does not")
    func redactionOnImport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try runQA(["init"], stdin: "", in: folder).status == 0)
        let transcript = repositoryRoot.appendingPathComponent("Tests/Fixtures/redaction/transcripts/t01.txt").path
        let original = try String(contentsOfFile: transcript, encoding: .utf8)
        let calls = folder.appendingPathComponent("calls.csv")
        try "call_id,agent_id,team_id,date,transcript_path\ncall-1,agent-01,team-a,2025-01-09,\(transcript)\n"
            .write(to: calls, atomically: true, encoding: .utf8)
        let evaluations = folder.appendingPathComponent("evaluations.jsonl")
        let first = try String(contentsOfFile: inboundEvaluations, encoding: .utf8).split(separator: "\n")[1]
        try String(first).replacingOccurrences(of: "\"comments\":{", with: "\"comments\":{\"greeting\":\"Customer gave 07700 900123 and jo@example.com\",")
            .write(to: evaluations, atomically: true, encoding: .utf8)
        let run = try runQA(["import", inbound, calls.path, evaluations.path], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("redacted:"))
        #expect(run.stdout.contains("call call-1 transcript:"))
        #expect(run.stdout.contains("comments: 1 phone number, 1 e-mail address"))
        #expect(!run.stdout.contains("07700") && !run.stdout.contains("jo@example.com"))
        #expect(try String(contentsOfFile: transcript, encoding: .utf8) == original)
        let copy = try String(contentsOfFile: folder.appendingPathComponent(".qa/transcripts/call-1.txt").path, encoding: .utf8)
        #expect(copy.contains("[card number]") && copy.contains("[e-mail address]"))
        #expect(!copy.contains("5556307407752688") && !copy.contains("ravi dot smith"))
        #expect(copy.contains("Your order number is 8297220799."))
        let exported = try runQA(["export"], stdin: "", in: folder)
        #expect(exported.stdout.contains("[phone number]") && !exported.stdout.contains("07700"))
        let callsOut = try runQA(["export", "--calls"], stdin: "", in: folder)
        #expect(callsOut.stdout.contains(".qa/transcripts/call-1.txt"))

        let plain = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: plain) }
        #expect(try runQA(["init"], stdin: "", in: plain).status == 0)
        let kept = try runQA(["import", "--no-redact", inbound, evaluations.path], stdin: "", in: plain)
        #expect(kept.status == 0 && !kept.stdout.contains("redacted:"), "\(kept.stderr)")
        #expect(try runQA(["export"], stdin: "", in: plain).stdout.contains("07700 900123"))
    }
}
