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
}
