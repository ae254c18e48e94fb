import Foundation
import QAModel
import ScorecardFormat
import Testing
@testable import FormImport

// Issue 17: `qa scorecard import` never writes a template that fails to parse or validate. The template is loaded
// back with the real loader before anything is written; what cannot be written is a listed loss.

/// A file name that would end the header comment if it were copied into it as it is.
private let hostileSource = "forms/q3 ---> <scorecard/> \u{1B}[31m.json"

@Suite("Imports write only valid templates")
struct ImportWritesOnlyValidTemplatesTests {
    static let hostile: [(String, FormPlatform)] = [
        ("connect/hostile-text.json", .connect), ("genesys/hostile-text.json", .genesys),
    ]

    @Test("comment ends, markup and control characters in titles, labels and the file name", arguments: hostile)
    func hostileTextGivesAValidTemplate(fixture: String, platform: FormPlatform) throws {
        let result = try FormImporter.importForm(Fixture.data(fixture), from: platform)
        let template = result.template(source: hostileSource, platform: platform)
        let xml = try #require(template.xml, "\(template.invalidity)")
        #expect(template.invalidity.isEmpty)
        // Nothing XML 1.0 cannot hold, and no control character that drives a terminal.
        #expect(!xml.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) })
        // The comment is one comment: its first "-->" is the one the writer put after it.
        let commentEnd = try #require(xml.range(of: "-->"))
        #expect(xml[commentEnd.upperBound...].hasPrefix("\n<scorecard "))
        let loaded = ScorecardLoader.load(bytes: Array(xml.utf8), path: "imported.xml")
        let card = try #require(loaded.scorecard, "\(loaded.diagnostics)")
        #expect(card.title.contains("\u{FFFD}"))
        #expect(card.title.contains("-->") || card.title.contains("--->"))
        #expect(card.criteria.count == 2)
        // The replacement is listed, in the comment too, naming places and never the texts themselves.
        let loss = try #require(template.losses.first { $0.what.hasPrefix("control characters in ") })
        #expect(loss.what.contains("the form's title"))
        #expect(!loss.what.contains("Greeted") && !loss.what.contains("Quality"))
        #expect(xml.contains("control characters in "))
    }

    static let cyclic: [(String, FormPlatform)] = [
        ("connect/cyclic-condition.json", .connect), ("genesys/cyclic-condition.json", .genesys),
    ]

    @Test("questions enabled by each other's answers: no template, the circle listed", arguments: cyclic)
    func cyclicConditionGivesNoTemplate(fixture: String, platform: FormPlatform) throws {
        let result = try FormImporter.importForm(Fixture.data(fixture), from: platform)
        let template = result.template(source: fixture, platform: platform)
        #expect(template.xml == nil)
        #expect(!template.isWritable)
        #expect(template.invalidity.count == 1)
        #expect(template.invalidity.first?.reason.contains("conditions go round in a circle") == true)
    }

    @Test("a clean form loads back unchanged and is exact")
    func cleanFormIsUntouched() throws {
        let result = try FormImporter.importForm(Fixture.data("genesys/worked-example-group-weights.json"), from: .genesys)
        let template = result.template(source: "forms/group-weights.json", platform: .genesys)
        let xml = try #require(template.xml)
        #expect(template.losses == result.losses)
        #expect(xml == ScorecardWriter.xml(result.scorecard, comment: result.commentText(source: "forms/group-weights.json", platform: .genesys)))
    }
}
