import Foundation
import Testing
import FormImport

@Suite("What the import command writes")
struct ImportReportTests {
    @Test("the template comment names the source and lists every loss with its path")
    func comment() throws {
        let result = try FormImporter.importGenesys(data: Fixture.data("genesys/rich-form.json"))
        let text = result.commentText(source: "forms/collections.json", platform: .genesys)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Imported from Genesys Cloud form forms/collections.json by `qa scorecard import`.")
        #expect(lines.contains("7 things could not be carried over exactly:"))
        for loss in result.losses { #expect(lines.contains("- \(loss.path): \(loss.what) — \(loss.reason)")) }
    }

    @Test("an exact import says so")
    func exactComment() throws {
        let result = try FormImporter.importConnect(data: Fixture.data("connect/worked-example-percentage.json"))
        #expect(result.isExact)
        #expect(result.commentText(source: "f.json", platform: .connect).hasSuffix("Everything in the form was carried over exactly."))
    }
}
