import Foundation
import Testing

/// Moving a team over, as the walk-through in docs/import.md does it: import the form, import the past
/// evaluations, read the differences, score the records (issue 15).
@Suite("qa import evaluations, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct ImportEvaluationsCommandTests {
    let fixtures = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    @Test("Connect: a form and twelve past evaluations moved over; the one differing score listed with both figures")
    func connectWalkThrough() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = fixtures.appendingPathComponent("forms/connect/multiselect-percentage.json").path
        let imported = try runQA(["scorecard", "import", "--from", "connect", form, "--output", "retail.xml"], stdin: "", in: folder)
        #expect(imported.status == 1)  // the weight-0 question is listed as not exact
        let shown = try runQA(["scorecard", "show", "retail.xml"], stdin: "", in: folder)
        #expect(shown.stdout.contains("platform ids: Q_1"))
        #expect(shown.stdout.contains("platform id: S.sell"))

        let exports = fixtures.appendingPathComponent("platform-evaluations/connect").path
        let run = try runQA(["import", "evaluations", "--from", "connect", "--template", "retail.xml",
                             "--output", "past.jsonl", exports], stdin: "", in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("Converted 12 evaluations from Amazon Connect"))
        #expect(run.stdout.contains("11 score as on the platform, 1 differ:"))
        let row = try #require(run.stdout.split(separator: "\n").first { $0.contains("e0c01100-0000-4000-8000-000000000011") })
        #expect(row.contains("84.62") && row.contains("92") && row.contains("+7.38"))

        let scored = try runQA(["score", "--scorecard", "retail.xml", "past.jsonl"], stdin: "", in: folder)
        #expect(scored.status == 0, "\(scored.stderr)")
    }

    @Test("Connect S3 export: the bucket's Evaluations/ folder imported as copied; repeats counted once; the differing score listed")
    func connectExportWalkThrough() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = fixtures.appendingPathComponent("forms/connect/multiselect-percentage.json").path
        _ = try runQA(["scorecard", "import", "--from", "connect", form, "--output", "retail.xml"], stdin: "", in: folder)
        let exports = fixtures.appendingPathComponent("platform-evaluations/connect-s3/Evaluations").path
        let run = try runQA(["import", "evaluations", "--from", "connect", "--template", "retail.xml",
                             "--output", "past.jsonl", exports], stdin: "", in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("Converted 12 evaluations from Amazon Connect"), "\(run.stdout)")
        #expect(run.stdout.contains("2 files repeated an evaluation already read"))
        #expect(run.stdout.contains("11 score as on the platform, 1 differ:"))
        let row = try #require(run.stdout.split(separator: "\n").first { $0.contains("e5300000-0000-4000-8000-000000000012") })
        #expect(row.contains("30") && row.contains("50") && row.contains("+20"))
        #expect(run.stderr.isEmpty || !run.stderr.contains("error"), "\(run.stderr)")

        let scored = try runQA(["score", "--scorecard", "retail.xml", "past.jsonl"], stdin: "", in: folder)
        #expect(scored.status == 0, "\(scored.stderr)")

        // A deleted evaluation's file (Connect names it …_DELETED.json) is skipped, not imported.
        let copy = folder.appendingPathComponent("bucket/Evaluations")
        try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: exports, toPath: copy.path)
        let deleted = try #require(FileManager.default.enumerator(atPath: copy.path)?.compactMap { $0 as? String }
            .first { $0.hasSuffix("000000000012.json") && $0.hasPrefix("2025/") })
        try FileManager.default.moveItem(atPath: copy.appendingPathComponent(deleted).path,
                                         toPath: copy.appendingPathComponent(deleted).path.replacingOccurrences(of: ".json", with: "-v3_1_DELETED.json"))
        let again = try runQA(["import", "evaluations", "--from", "connect", "--template", "retail.xml",
                               "--output", "kept.jsonl", "bucket"], stdin: "", in: folder)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")  // the one differing evaluation was the deleted one
        #expect(again.stdout.contains("Converted 11 evaluations"), "\(again.stdout)")
        #expect(again.stdout.contains("1 file was a deleted evaluation (name ending _DELETED.json) and was skipped."))
        #expect(again.stdout.contains("11 score as on the platform, 0 differ."))
    }

    @Test("Genesys: a listing of twelve evaluations; records ready for the workspace")
    func genesysWalkThrough() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let form = fixtures.appendingPathComponent("forms/genesys/fatal-only-and-informational.json").path
        _ = try runQA(["scorecard", "import", "--from", "genesys", form, "--output", "billing.xml"], stdin: "", in: folder)
        let exports = fixtures.appendingPathComponent("platform-evaluations/genesys/evaluations.json").path
        let run = try runQA(["import", "evaluations", "--from", "genesys", "--template", "billing.xml",
                             "--output", "past.csv", exports], stdin: "", in: folder)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("11 score as on the platform, 1 differ:"))
        #expect(run.stdout.contains("5e000000-0000-4000-8000-000000000012"))

        #expect(try runQA(["init"], stdin: "", in: folder).status == 0)
        let stored = try runQA(["import", "billing.xml", "past.csv"], stdin: "", in: folder)
        #expect(stored.status == 0, "\(stored.stderr)")
        #expect(stored.stdout.contains("12 added"), "\(stored.stdout)")
    }

    @Test("the workspace import is unchanged: qa import FILES still imports, --from is only for evaluations")
    func workspaceImportUnchanged() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try runQA(["init"], stdin: "", in: folder).status == 0)
        let run = try runQA(["import", "--strict", repositoryRoot.appendingPathComponent("scorecards").path], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let wrong = try runQA(["import", "evaluations", "--template", "t.xml", "--output", "r.jsonl", "x.json"], stdin: "", in: folder)
        #expect(wrong.status == 64)
    }
}
