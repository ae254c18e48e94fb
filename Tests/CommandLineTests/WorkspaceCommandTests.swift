import Foundation
import Testing

/// The workspace on the built binary: issue 10's three problems, and the commands a new user runs.
@Suite("the workspace: qa init, import, score, coach, history, export, audit verify",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct WorkspaceCommandTests {
    let inbound = repositoryRoot.appendingPathComponent("scorecards/inbound-customer-service.xml").path
    let inboundEvaluations = repositoryRoot.appendingPathComponent("examples/inbound/evaluations.jsonl").path
    let inboundCalls = repositoryRoot.appendingPathComponent("examples/inbound/calls.csv").path

    /// A new workspace in a temporary folder with the inbound template, calls and evaluations imported.
    func workspaceWithExamples() throws -> URL {
        let folder = try temporaryFolder()
        let made = try runQA(["init"], stdin: "", in: folder)
        #expect(made.status == 0, "\(made.stderr)")
        let imported = try runQA(["import", inbound, inboundCalls, inboundEvaluations], stdin: "", in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("evaluations: 240 added, 0 revised"))
        return folder
    }

    @Test("qa coach from the workspace gives the plan the file gives, comments quoted as evidence included")
    func coachFromWorkspaceMatchesFile() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        let period = ["--agent", "agent-02", "--from", "2025-01-01", "--to", "2025-03-16"]
        // The workspace streams its rows as CSV, read by the positional path (no dictionary per record) ...
        let stored = try runQA(["coach"] + period, stdin: "", in: folder)
        #expect(stored.status == 0, "\(stored.stderr)")
        // ... the file is JSON, read record by record: the plans must not differ by a character.
        let file = try runQA(["coach", "--scorecard", inbound, "--kpis", inboundCalls] + period + [inboundEvaluations],
                             stdin: "", in: folder)
        #expect(file.status == 0, "\(file.stderr)")
        #expect(stored.stdout == file.stdout)
        #expect(stored.stdout.contains("— “Missed: Did the agent resolve the issue"))
    }

    @Test("qa init makes a workspace readable by its owner only; a second init there is refused")
    func initMakesAPrivateWorkspace() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runQA(["init"], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let database = folder.appendingPathComponent(".qa/workspace.sqlite").path
        let mode = try FileManager.default.attributesOfItem(atPath: database)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(".qa").path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        let again = try runQA(["init"], stdin: "", in: folder)
        #expect(again.status == 3)
        #expect(again.stderr.contains("there is already a workspace"))
        // Commands in a subfolder find it, as git finds a repository.
        let sub = folder.appendingPathComponent("reports/weekly")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        let found = try runQA(["audit", "verify"], stdin: "", in: sub)
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains("The audit log is intact"))
    }

    @Test("problem 1: purpose is respected in every report read from the workspace")
    func purposeRespected() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        let score = try runQA(["score"], stdin: "", in: folder)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("Scored 80 evaluations."))
        #expect(score.stderr.contains("160 calibration evaluations not counted: scores count official evaluations only"))
        // The same figures as from the file.
        let fromFile = try runQA(["score", "--scorecard", inbound, inboundEvaluations], stdin: "", in: folder)
        #expect(score.stdout == fromFile.stdout)

        let coach = try runQA(["coach", "--agent", "agent-02", "--to", "2025-03-16"], stdin: "", in: folder)
        #expect(coach.status == 0, "\(coach.stderr)")
        #expect(coach.stdout.contains("Based on 14 evaluations of 14 calls."))

        let calibrate = try runQA(["calibrate", "--reference", "qa-lead"], stdin: "", in: folder)
        #expect(calibrate.status == 0, "\(calibrate.stderr)")
        #expect(calibrate.stdout.contains("lenient  assessor-2"))
        #expect(calibrate.stdout.contains("severe  assessor-3"))

        let filtered = try runQA(["score", "--team", "team-b", "--from", "2025-02-01"], stdin: "", in: folder)
        #expect(filtered.status == 0, "\(filtered.stderr)")
        #expect(!filtered.stdout.contains("agent-01"))
        #expect(filtered.stdout.contains("agent-04"))
    }

    @Test("problem 2: nothing is overwritten — a re-import is one import, a changed record a new revision with history")
    func noOverwrite() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        let again = try runQA(["import", inboundEvaluations], stdin: "", in: folder)
        #expect(again.stdout.contains("evaluations: 0 added, 0 revised (a new revision each), 240 unchanged"))

        let first = try String(contentsOfFile: inboundEvaluations, encoding: .utf8).split(separator: "\n")[0]
        let changed = first.replacingOccurrences(of: "\"accurate-information\":\"yes\"", with: "\"accurate-information\":\"no\"")
            .replacingOccurrences(of: "\"answers\":{", with: "\"comments\":{\"accurate-information\":\"Quoted the old fee.\"},\"answers\":{")
        try (changed + "\n").write(to: folder.appendingPathComponent("changed.jsonl"), atomically: true, encoding: .utf8)
        let revised = try runQA(["import", "changed.jsonl"], stdin: "", in: folder)
        #expect(revised.status == 0, "\(revised.stderr)")
        #expect(revised.stdout.contains("ev-000001: now at revision 2"))

        let history = try runQA(["history", "ev-000001"], stdin: "", in: folder)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("Revision 2"))
        #expect(history.stdout.contains("Revision 1"))
        #expect(history.stdout.contains("accurate-information: yes → no"))
        #expect(history.stdout.contains("score 100.0 → 88.3"))

        // Two evaluations of two calls from qa evaluate: both kept.
        for call in ["call-9001", "call-9002"] {
            let answers = (firstSix + lastEight + ["y"]).joined(separator: "\n") + "\n"
            let run = try runQA(["evaluate", "--scorecard", "inbound-customer-service", "--call", call, "--agent", "agent-01",
                                 "--assessor", "assessor-1", "--team", "team-a", "--call-date", "2025-03-20"],
                                stdin: answers, in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("in the workspace"))
        }
        let exported = try runQA(["export", "--purpose", "official"], stdin: "", in: folder)
        #expect(exported.stdout.contains("\"callId\":\"call-9001\""))
        #expect(exported.stdout.contains("\"callId\":\"call-9002\""))
        let audit = try runQA(["audit", "verify"], stdin: "", in: folder)
        #expect(audit.status == 0, "\(audit.stderr)")
    }

    @Test("problem 3: a report and a coaching plan across a template revision")
    func acrossARevision() throws {
        let folder = try workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Version 2.0: a higher pass mark. Evaluations from March on are made with it.
        let xml = try String(contentsOfFile: inbound, encoding: .utf8)
            .replacingOccurrences(of: "version=\"1.0\" scoring", with: "version=\"2.0\" scoring")
            .replacingOccurrences(of: "<pass-mark>80</pass-mark>", with: "<pass-mark>85</pass-mark>")
        try xml.write(to: folder.appendingPathComponent("inbound-v2.xml"), atomically: true, encoding: .utf8)
        let lines = try String(contentsOfFile: inboundEvaluations, encoding: .utf8).split(separator: "\n")
        let march = lines.filter { $0.contains("\"callDate\":\"2025-03") && !$0.contains("\"purpose\"") }.map {
            $0.replacingOccurrences(of: "\"version\":\"1.0\"", with: "\"version\":\"2.0\"")
                .replacingOccurrences(of: "\"id\":\"ev-", with: "\"id\":\"v2-ev-")
        }
        #expect(march.count > 5)
        try (march.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("v2.jsonl"), atomically: true,
                                                          encoding: .utf8)
        let imported = try runQA(["import", "inbound-v2.xml", "v2.jsonl"], stdin: "", in: folder)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("templates:   1 added"))

        let score = try runQA(["score", "--format", "csv"], stdin: "", in: folder)
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stderr.contains("scored with the template version it was made with (versions 1.0 and 2.0)"))
        let rows = score.stdout.split(separator: "\n")
        #expect(rows.count == 1 + 80 + march.count)
        #expect(rows[0].contains("scorecard_version"))
        #expect(rows.contains { $0.hasPrefix("v2-ev-") && $0.contains(",2.0,") })

        let table = try runQA(["score"], stdin: "", in: folder)
        #expect(table.stdout.contains("versions 1.0 and 2.0"))
        #expect(table.stdout.contains("pass mark 80 (version 1.0), 85 (version 2.0)"))

        let coach = try runQA(["coach", "--agent", "agent-02"], stdin: "", in: folder)
        #expect(coach.status == 0, "\(coach.stderr)")
        #expect(coach.stdout.contains("inbound-customer-service v2.0"))
        #expect(coach.stderr.contains("versions 1.0 and 2.0"))
    }

    @Test("an evaluation for a template version the workspace lacks is reported with its line and not imported (exit 1)")
    func missingTemplate() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try runQA(["init"], stdin: "", in: folder)
        let run = try runQA(["import", inboundEvaluations], stdin: "", in: folder)
        #expect(run.status == 1)
        // 240 records with the same problem: one grouped line, as for every record problem.
        #expect(run.stderr.contains("evaluations.jsonl: error: all 240 records are for template 'inbound-customer-service' "
                                    + "version '1.0', which is not in the workspace; import that template first"))
        #expect(run.stdout.contains("0 added"))
    }

    @Test("--strict stops an import at the first invalid record and keeps nothing of it")
    func strictImportKeepsNothing() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try runQA(["init"], stdin: "", in: folder)
        let lines = try String(contentsOfFile: inboundEvaluations, encoding: .utf8).split(separator: "\n")
        let broken = lines[0..<10].joined(separator: "\n") + "\n{\"id\": \"broken\"}\n"
        try broken.write(to: folder.appendingPathComponent("some.jsonl"), atomically: true, encoding: .utf8)
        let run = try runQA(["import", "--strict", inbound, "some.jsonl"], stdin: "", in: folder)
        #expect(run.status == 1)
        #expect(run.stderr.contains("nothing was imported"))
        let export = try runQA(["export", "--template", "inbound-customer-service"], stdin: "", in: folder)
        #expect(export.status == 1)  // not even the template
    }
}

/// `qa calibration`: blind calibration sessions opened, listed, shown, revealed and refused from the command line.
@Suite("qa calibration: blind sessions from the command line",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct CalibrationSessionCLITests {
    @Test("open, list, show while open, reveal early, show, refusals in words, exit codes")
    func sessionLifecycle() throws {
        let folder = try WorkspaceCommandTests().workspaceWithExamples()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["assessor-1", "assessor-2"] {
            let added = try runQA(["user", "add", name, "--role", "assessor", "--password-stdin"],
                                  stdin: "a-long-enough-password\n", in: folder)
            #expect(added.status == 0, "\(added.stderr)")
        }
        let base = ["calibration", "open", "--name", "Week 49", "--template", "inbound-customer-service",
                    "--call", "call-000003", "--call", "call-000004"]
        let tooFew = try runQA(base + ["--assessor", "assessor-1"], stdin: "", in: folder)
        #expect(tooFew.status == 1)
        #expect(tooFew.stderr.contains("Choose at least two assessors: calibration compares them."))
        let noForm = try runQA(["calibration", "open", "--name", "X", "--template", "no-such-form", "--call", "call-000003",
                                "--assessor", "assessor-1", "--assessor", "assessor-2"], stdin: "", in: folder)
        #expect(noForm.status == 1)
        #expect(noForm.stderr.contains("there is no form no-such-form in the workspace"))
        let opened = try runQA(base + ["--assessor", "assessor-1", "--assessor", "assessor-2", "--deadline", "2026-12-11"],
                               stdin: "", in: folder)
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(opened.stdout.contains("Opened calibration session 1 “Week 49”: 2 calls, 2 assessors."))
        let list = try runQA(["calibration", "list"], stdin: "", in: folder)
        #expect(list.stdout.contains("1  Week 49"))
        #expect(list.stdout.contains("0 of 2 submitted  open  deadline 2026-12-11"))
        let open = try runQA(["calibration", "show", "1"], stdin: "", in: folder)
        #expect(open.stdout.contains("assessor-1: 0 of 2 calls scored, still scoring"))
        let agreeTooEarly = try runQA(["calibration", "agree", "1", "--call", "call-000003", "--criterion", "greeting",
                                       "--answer", "yes"], stdin: "", in: folder)
        #expect(agreeTooEarly.status == 1)
        #expect(agreeTooEarly.stderr.contains("session 1 is not revealed"))
        let revealed = try runQA(["calibration", "reveal", "1"], stdin: "", in: folder)
        #expect(revealed.status == 0, "\(revealed.stderr)")
        let shown = try runQA(["calibration", "show", "1"], stdin: "", in: folder)
        #expect(shown.stdout.contains("assessor-2: 0 of 2 calls scored, did not submit"))
        #expect(shown.stdout.contains("0 questions were answered differently"))
        let again = try runQA(["calibration", "reveal", "1"], stdin: "", in: folder)
        #expect(again.status == 1)
        let missing = try runQA(["calibration", "show", "9"], stdin: "", in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("there is no calibration session 9."))
        let closed = try runQA(["calibration", "close", "1"], stdin: "", in: folder)
        #expect(closed.status == 0, "\(closed.stderr)")
        let audit = try runQA(["audit", "verify"], stdin: "", in: folder)
        #expect(audit.status == 0, "\(audit.stderr)")
    }
}
