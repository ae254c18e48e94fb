import Foundation
import Testing

@Suite("qa agreement, the built executable",
       .enabled(if: qaBinary != nil, "the qa executable is not built next to the tests; run `swift build` first"))
struct AgreementCommandTests {
    @Test("the JSON report is the one writer's pretty JSON with sorted keys")
    func prettySortedJSON() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "call,a,b\n1,1,1\n2,2,1\n3,3,3\n"
            .write(to: folder.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["agreement", "r.csv", "--level", "ordinal", "--format", "json"], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let keys = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .compactMap { $0.dropFirst(3).split(separator: "\"").first.map(String.init) }
        #expect(!keys.isEmpty)
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(run.stdout.contains("\": "))
        #expect(!run.stdout.contains("\" : "))
    }

    @Test("--statistic alpha computes alpha alone; the pairwise kappas only when asked for, within the pair-work limit")
    func statisticChoosesTheFigures() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 50 raters × 20,000 calls: 1,225 pairs × 20,000 calls is over the 20,000,000 pair-work limit.
        var csv = "call," + (1...50).map { "r\($0)" }.joined(separator: ",") + "\n"
        for u in 0..<20_000 { csv += "c\(u)," + (1...50).map { String(($0 + u) % 5 + 1) }.joined(separator: ",") + "\n" }
        try csv.write(to: folder.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let refused = try runQA(["agreement", "big.csv", "--level", "ordinal", "--statistic", "cohen"], stdin: "", in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("too much pairwise work"))
        let full = try runQA(["agreement", "big.csv", "--level", "ordinal"], stdin: "", in: folder)
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stdout.contains("Each rater against the others"))
        #expect(full.stdout.contains("  50 raters (50 defined): kappa from "))
        #expect(!full.stdout.contains("Cohen's kappa for each pair"))
        let alpha = try runQA(["agreement", "big.csv", "--level", "ordinal", "--statistic", "alpha"], stdin: "", in: folder)
        #expect(alpha.status == 0, "\(alpha.stderr)")
        #expect(alpha.stdout.contains("Krippendorff's alpha"))
        #expect(!alpha.stdout.contains("Cohen's kappa") && !alpha.stdout.contains("Each rater"))
        let wrong = try runQA(["agreement", "big.csv", "--level", "ordinal", "--statistic", "kappa"], stdin: "", in: folder)
        #expect(wrong.status == 64)
    }

    @Test("a table of quoted cells (read the general way) gives the same JSON report as the same table unquoted (read the fast way)")
    func quotedAndPlainTablesGiveTheSameReport() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var plain = "\u{FEFF}call,Ann,Ben,Cat\r\n", quoted = "call,\"Ann\",Ben,Cat\n"
        for u in 0..<300 {
            let cells = (0..<3).map { r in (u * 7 + r * 3) % 11 == 0 ? "" : String(Double((u + r * u / 3) % 9) / 2) }
            plain += "c\(u)," + cells.joined(separator: ",") + "\r\n"
            quoted += "\"c\(u)\"," + cells.map { "\"\($0)\"" }.joined(separator: ",") + "\n"
        }
        try plain.write(to: folder.appendingPathComponent("plain.csv"), atomically: true, encoding: .utf8)
        try quoted.write(to: folder.appendingPathComponent("quoted.csv"), atomically: true, encoding: .utf8)
        for level in ["nominal", "ordinal", "interval", "ratio"] {
            let arguments = ["agreement", "--level", level, "--format", "json", "--bootstrap", "50"]
            let a = try runQA(arguments + ["plain.csv"], stdin: "", in: folder)
            let b = try runQA(arguments + ["quoted.csv"], stdin: "", in: folder)
            #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
            #expect(a.stdout == b.stdout, "\(level)")
            #expect(a.stdout.contains("\"raterAgreement\""))
        }
    }

    @Test("a table of 120,000 calls (over the old 100,000-call limit) is read and reported")
    func manyCallsAreAccepted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = "call,a,b,c\n"
        for u in 0..<120_000 { csv += "c\(u),\(u % 5 + 1),\(u % 3 == 0 ? "" : String(u % 5 + 1)),\((u / 2) % 5 + 1)\n" }
        try csv.write(to: folder.appendingPathComponent("many.csv"), atomically: true, encoding: .utf8)
        let run = try runQA(["agreement", "many.csv", "--level", "interval"], stdin: "", in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Agreement of 3 raters on 120000 units, interval level"))
    }
}
