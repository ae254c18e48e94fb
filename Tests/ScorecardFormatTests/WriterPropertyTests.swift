import Foundation
import QAModel
import Testing
@testable import ScorecardFormat

// Issue 17: whatever text a model holds, the writer's template parses, validates and reads back as the writer
// says it will (`writableText`, then white space collapsed as the loader does).

private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Pieces that have broken XML writers: markup characters, comment and CDATA ends, controls, line ends,
/// non-characters, a byte-order mark, combining marks.
private let hostilePieces = [
    "--", "-", "--->", "-->", "<!--", "]]>", "<", ">", "&", "&amp;", "\"", "'", "\u{0}", "\u{1B}[31m", "\u{7}",
    "\u{8}", "\u{7F}", "\u{85}", "\u{9B}", "\r\n", "\r", "\n", "\t", " ", "\u{FFFE}", "\u{FFFF}", "\u{FEFF}",
    "\u{301}", "\u{200B}", "\u{2028}", "<?xml?>", "<![CDATA[", "&#0;", "%", "{urn:x}",
]

/// A random text of up to 30 pieces: hostile pieces, or single scalars from every plane.
private func randomText(_ random: inout SplitMix64) -> String {
    var text = ""
    for _ in 0..<Int.random(in: 0...30, using: &random) {
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            text += hostilePieces.randomElement(using: &random) ?? ""
        case 1:
            text.unicodeScalars.append(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &random)))
        default:
            // Any scalar value: surrogates are skipped (a Swift string cannot hold them).
            let value = UInt32.random(in: 0...0x10FFFF, using: &random)
            if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
        }
    }
    return text
}

/// What the loader makes of written text: replaced characters, white space runs collapsed.
private func expectedReading(_ text: String) -> String {
    ScorecardWriter.writableText(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Test func randomTextsThroughTheWriterAlwaysLoadBack() throws {
    var random = SplitMix64(state: 17)
    for round in 0..<300 {
        // Every text ends in a letter, so the schema's "not empty" rule holds; everything else is random.
        let texts = (0..<6).map { _ in randomText(&random) + "x" }
        let card = Scorecard(
            id: "random", version: "1", title: texts[0], description: texts[1], owner: texts[2],
            effectiveDate: CalendarDay(year: 2026, month: 1, day: 1), scoring: .weighted,
            categories: [Category(id: "c", title: texts[3], kind: nil)],
            sections: [Section(id: "s", title: texts[4], criteria: [
                Criterion(id: "q", category: "c", prompt: texts[5], answerType: .choice(options: [
                    ChoiceOption(id: "a", label: texts[1], points: 1), ChoiceOption(id: "b", label: texts[2], points: 0),
                ])),
            ])],
            passMark: 50, bands: [Band(id: "all", title: texts[0], min: 0, max: 100)])
        let comment = randomText(&random)
        let xml = ScorecardWriter.xml(card, comment: comment)
        let result = ScorecardLoader.load(bytes: Array(xml.utf8), path: "random.xml")
        let loaded = try #require(result.scorecard, "round \(round): \(result.diagnostics.prefix(3)) in \(xml.debugDescription)")
        #expect(loaded.title == expectedReading(texts[0]))
        #expect(loaded.description == expectedReading(texts[1]))
        #expect(loaded.owner == expectedReading(texts[2]))
        #expect(loaded.categories.first?.title == expectedReading(texts[3]))
        #expect(loaded.sections.first?.title == expectedReading(texts[4]))
        #expect(loaded.criteria.first?.prompt == expectedReading(texts[5]))
        #expect(loaded.criteria.first?.answerType.optionLabels == [expectedReading(texts[1]), expectedReading(texts[2])])
        #expect(loaded.bands.first?.title == expectedReading(texts[0]))
    }
}

@Test func commentsCannotBeEndedByTheirText() throws {
    for text in ["--->", "-->", "--", "a-", "-", "---->x", "<!-- -->"] {
        let written = ScorecardWriter.xml(try #require(loadExample(CheckExample.template(body: """
              <section id="s"><title>S</title>
                <criterion id="q" category="empathy"><prompt>P</prompt><yes-no/></criterion>
              </section>
            """)).scorecard), comment: "Imported from form \(text) by qa")
        let body = try #require(written.range(of: "<!--\n").map { written[$0.upperBound...] })
        let end = try #require(body.range(of: "-->"))
        // The only "--" in the comment is the one that ends it.
        #expect(!body[..<end.lowerBound].contains("--"), "\(text)")
        #expect(loadExample(written).isValid, "\(text)")
    }
    #expect(ScorecardWriter.commentText("--->") == "- - ->")
}

@Test func controlCharactersAreReplacedNotWrittenRaw() throws {
    #expect(ScorecardWriter.escape("a\u{0}b\u{1B}[0mc\u{7F}d\u{9B}e\tf") == "a\u{FFFD}b\u{FFFD}[0mc\u{FFFD}d\u{FFFD}e\tf")
    #expect(ScorecardWriter.escape("x\ry", quotes: true) == "x&#13;y")
    #expect(ScorecardWriter.escape("x\t\"y\n", quotes: true) == "x&#9;&quot;y&#10;")
    #expect(ScorecardWriter.needsReplacement("Bad\u{0}title"))
    #expect(!ScorecardWriter.needsReplacement("Ça va — 😀\t\n"))
}

private extension AnswerType {
    var optionLabels: [String] {
        switch self {
        case .choice(let options), .multiSelect(let options, _): return options.map(\.label)
        default: return []
        }
    }
}
