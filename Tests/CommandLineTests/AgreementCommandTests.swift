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

    @Test("--statistic alpha computes alpha alone, and a table too big for Cohen's pairs is then accepted")
    func statisticChoosesTheFigures() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 50 raters × 20,000 calls: 1,225 pairs × 20,000 calls is over the 20,000,000 pair-work limit.
        var csv = "call," + (1...50).map { "r\($0)" }.joined(separator: ",") + "\n"
        for u in 0..<20_000 { csv += "c\(u)," + (1...50).map { String(($0 + u) % 5 + 1) }.joined(separator: ",") + "\n" }
        try csv.write(to: folder.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let refused = try runQA(["agreement", "big.csv", "--level", "ordinal"], stdin: "", in: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("too much pairwise work"))
        let alpha = try runQA(["agreement", "big.csv", "--level", "ordinal", "--statistic", "alpha"], stdin: "", in: folder)
        #expect(alpha.status == 0, "\(alpha.stderr)")
        #expect(alpha.stdout.contains("Krippendorff's alpha"))
        #expect(!alpha.stdout.contains("Cohen's kappa"))
        let wrong = try runQA(["agreement", "big.csv", "--level", "ordinal", "--statistic", "kappa"], stdin: "", in: folder)
        #expect(wrong.status == 64)
    }
}
