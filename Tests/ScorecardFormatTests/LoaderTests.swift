import Foundation
import QAModel
import Scoring
import Testing
@testable import ScorecardFormat

@Test func everyAnswerTypeAndRuleIsReadIntoTheModel() throws {
    let result = try ScorecardLoader.load(path: Fixtures.scorecard("all-features.xml"))
    let card = try #require(result.scorecard, "\(result.diagnostics)")
    // The only finding: the call-details section has no scored criteria (a warning, not an error).
    #expect(result.diagnostics.map(\.rule) == ["scored-sections"])
    #expect(card.id == "all-features")
    #expect(card.version == "3.0")
    #expect(card.title == "Every feature")
    #expect(card.description == "Exercises each answer type, condition form and rule.")
    #expect(card.owner == "QA tooling")
    #expect(card.effectiveDate?.description == "2026-02-01")
    #expect(card.scoring == .weighted)
    #expect(card.passMark == 75.5)
    #expect(card.deductionStart == 100)
    #expect(card.categories.map(\.id) == ["empathy", "compliance", "resolution", "call-details"])
    #expect(card.categories[0] == Category(id: "empathy", title: "Empathy", kind: .empathy, position: .init(line: 9, column: 5)))
    #expect(card.bands == [
        Band(id: "exceeds", title: "Exceeds", min: 90, max: 100, position: .init(line: 16, column: 5)),
        Band(id: "meets", title: "Meets", min: 75, max: 90, position: .init(line: 17, column: 5)),
        Band(id: "below", title: "Below", min: 0, max: 75, position: .init(line: 18, column: 5)),
    ])

    let details = card.sections[0]
    #expect(details.weight == nil)
    #expect(details.position == SourcePosition(line: 20, column: 3))
    let callType = try #require(card.criterion("call-type"))
    #expect(callType.scored == false)
    #expect(callType.answerType == .choice(options: [
        ChoiceOption(id: "complaint", label: "Complaint", points: 0),
        ChoiceOption(id: "query", label: "Query", points: 0),
        ChoiceOption(id: "sale", label: "Sale", points: 1),
    ]))
    #expect(callType.position == SourcePosition(line: 22, column: 5))

    let opening = card.sections[1]
    #expect(opening.id == "opening")
    #expect(opening.weight == 30)
    #expect(opening.allowsNotApplicable)
    #expect(opening.defaultsToTop)
    #expect(opening.condition == .answerIs(
        criterion: "call-type", anyOf: ["complaint", "query"], position: .init(line: 37, column: 5)))
    #expect(opening.thresholds == [
        Threshold(title: "Needs improvement", below: 60), Threshold(title: "Unacceptable", below: 30),
    ])

    let greeting = try #require(card.criterion("greeting"))
    #expect(greeting.weight == 2)
    #expect(greeting.allowsNotApplicable)
    #expect(greeting.category == "empathy")
    #expect(greeting.prompt == "Did the agent use the approved greeting?")
    #expect(greeting.guidance == "Yes when the agent gave name and company.")  // white space collapsed
    #expect(greeting.answerType == .yesNo(points: 2))
    #expect(greeting.commentRequired == .answers(["no"]))
    #expect(greeting.thresholds == [Threshold(title: "Needs improvement", below: 50)])
    #expect(greeting.critical == nil)

    let warmth = try #require(card.criterion("warmth"))
    #expect(warmth.answerType == .scale(min: 1, max: 5, labels: [
        ScaleLabel(value: 1, label: "Cold & curt"), ScaleLabel(value: 3, label: "Polite"),
        ScaleLabel(value: 5, label: "Warm"),
    ]))
    #expect(warmth.critical == CriticalRule(scope: .flag, failingAnswers: .belowTop))
    #expect(warmth.commentRequired == .answers(["1", "2"]))
    #expect(warmth.allowsNotApplicable == false)

    let handling = card.sections[2]
    #expect(handling.condition == .any([
        .answerIs(criterion: "customer-complained", anyOf: ["yes"], position: .init(line: 63, column: 9)),
        .all([
            .answerIsNot(criterion: "call-type", noneOf: ["sale"], position: .init(line: 65, column: 11)),
            .answerIsNot(criterion: "customer-complained", noneOf: ["no"], position: .init(line: 66, column: 11)),
        ]),
    ]))

    let outcome = try #require(card.criterion("outcome"))
    #expect(outcome.answerType == .choice(options: [
        ChoiceOption(id: "full", label: "Fully", points: 2), ChoiceOption(id: "partly", label: "Partly", points: 1),
        ChoiceOption(id: "none", label: "Not at all", points: 0),
        ChoiceOption(id: "wow", label: "Beyond expectations", points: 1, bonus: true),
    ]))
    #expect(outcome.answerType.possiblePoints == 2)  // the bonus option does not raise the top
    #expect(outcome.critical == CriticalRule(scope: .section, failingAnswers: .answers(["none"])))
    #expect(outcome.commentRequired == .belowTop)

    let steps = try #require(card.criterion("steps"))
    #expect(steps.answerType == .points(max: 10))
    #expect(steps.commentRequired == .any)

    let disclosures = try #require(card.criterion("disclosures"))
    #expect(disclosures.answerType == .multiSelect(options: [
        ChoiceOption(id: "fees", label: "Fees", points: 5), ChoiceOption(id: "rights", label: "Cancellation rights", points: 5),
        ChoiceOption(id: "card-read-back", label: "Read back the full card number", points: 0),
    ], max: 10))
    #expect(disclosures.critical == CriticalRule(scope: .form, failingAnswers: .answers(["card-read-back"])))

    let hold = try #require(card.criterion("hold-time"))
    #expect(hold.answerType == .numeric(ranges: [
        NumericRange(min: 0, max: 30, points: 2), NumericRange(min: 31, max: 60, points: 1),
        NumericRange(min: 61, max: nil, points: 0, fails: true),
    ]))
    #expect(hold.weight == 1)  // default
    #expect(hold.critical == CriticalRule(scope: .flag, failingAnswers: .answers([])))
    #expect(hold.condition == .answerIsNot(
        criterion: "customer-complained", noneOf: ["no"], position: .init(line: 102, column: 7)))

    let name = try #require(card.criterion("name-used"))
    #expect(name.bonus)
    #expect(name.scored)
    #expect(name.condition == .answerIs(criterion: "warmth", anyOf: ["4", "5"], position: .init(line: 109, column: 9)))
}

@Test func deductionFormIsRead() throws {
    let result = try ScorecardLoader.load(path: Fixtures.scorecard("deduction.xml"))
    let card = try #require(result.scorecard, "\(result.diagnostics)")
    #expect(result.diagnostics.isEmpty)
    #expect(card.scoring == .deduction)
    #expect(card.deductionStart == 100)
    #expect(card.sections.map(\.weight) == [nil])
    #expect(card.criteria.map(\.weight) == [5, 10, 25, 20])
    #expect(card.criterion("tone")?.answerType == .scale(min: 1, max: 5, labels: []))
    #expect(card.criterion("recording-notice")?.critical == CriticalRule(scope: .form, failingAnswers: .answers(["no"])))
}

@Test func multiSelectMaxDefaultsToTheSumOfItsOptions() throws {
    let text = CheckExample.template(body: """
          <section id="s">
            <title>S</title>
            <criterion id="m" category="empathy">
              <prompt>Which?</prompt>
              <multi-select><option id="a" points="3">A</option><option id="b" points="4">B</option><option id="c" points="2" bonus="true">C</option></multi-select>
            </criterion>
          </section>
        """)
    let card = try #require(loadExample(text).scorecard)
    // 3 + 4 = 7; the bonus option adds no possible points.
    #expect(card.criterion("m")?.answerType.possiblePoints == 7)
}

@Test func everyProblemInAFileIsReportedInOnePass() {
    let text = CheckExample.template(
        passMark: "<pass-mark>120</pass-mark>",
        body: """
          <section id="opening" weight="50">
            <title>Opening</title>
            <criterion id="greeting" category="tone" weight="-1"><prompt>Greeted?</prompt><yes-no/></criterion>
            <criterion id="greeting" category="empathy"><prompt>Again?</prompt><scale min="3" max="3"/></criterion>
          </section>
          <section id="closing">
            <title>Closing</title>
            <criterion id="summary" category="empathy">
              <prompt>Summarised?</prompt><yes-no/>
              <applies-when criterion="nowhere" is="yes"/>
            </criterion>
          </section>
        """)
    let result = loadExample(text)
    #expect(result.scorecard == nil)
    let found = result.diagnostics.map { "\($0.position) \($0.rule)" }
    // Sorted by position: pass mark (5:3); first greeting (9:5) has an undeclared category and a negative
    // weight; the second (10:5) repeats the id and has an empty scale; the closing section (12:3) lacks a
    // weight; its condition (16:7) names an unknown criterion.
    #expect(found == [
        "5:3 pass-mark",
        "9:5 declared-categories", "9:5 positive-weights",
        "10:5 unique-ids", "10:5 scale-range",
        "12:3 section-weights",
        "16:7 condition-references",
    ])
    #expect(result.diagnostics.allSatisfy { $0.description.hasPrefix("example.xml:\($0.position.line):\($0.position.column): error: ") })
}

@Test func schemaErrorsArePositionedAndAllReported() {
    let text = CheckExample.template(body: """
          <section id="opening" weight="lots">
            <title>Opening</title>
            <criterion id="greeting" category="empathy"><prompt>Greeted?</prompt></criterion>
            <criterion id="bad id" category="empathy"><prompt>Hm?</prompt><yes-no/></criterion>
          </section>
        """)
    let result = loadExample(text)
    #expect(result.scorecard == nil)
    #expect(result.diagnostics.allSatisfy { $0.rule == "schema" })
    // weight="lots" is the attribute at 7:25 (after `  <section id="opening" `: 3 + 22 = 25);
    // the criterion without an answer type is at 9:5; the id with a space is the attribute at 10:16.
    #expect(result.diagnostics.map(\.position) == [
        SourcePosition(line: 7, column: 25), SourcePosition(line: 9, column: 5), SourcePosition(line: 10, column: 16),
    ])
    #expect(!result.diagnostics.contains { $0.message.contains("{urn:") })
}

@Test func bothFormsOfAppliesWhenAreRejected() {
    let text = CheckExample.template(body: """
          <section id="s">
            <title>S</title>
            <criterion id="a" category="empathy"><prompt>A?</prompt><yes-no/></criterion>
            <criterion id="b" category="empathy">
              <prompt>B?</prompt><yes-no/>
              <applies-when criterion="a" is="yes"><answer criterion="a" is="no"/></applies-when>
            </criterion>
            <criterion id="c" category="empathy">
              <prompt>C?</prompt><yes-no/>
              <applies-when><answer criterion="a" is="yes" is-not="no"/></applies-when>
            </criterion>
          </section>
        """)
    let result = loadExample(text)
    #expect(result.diagnostics.map { "\($0.position) \($0.rule)" } == [
        "12:7 condition-form",  // both forms on one applies-when
        "16:21 condition-form",  // <answer> with is and is-not: after `      <applies-when>` (6 + 14 = 20)
    ])
}

@Test func cyclesThroughOtherCriteriaAndSectionsAreFound() {
    let text = CheckExample.template(body: """
          <section id="s">
            <title>S</title>
            <criterion id="a" category="empathy">
              <prompt>A?</prompt><yes-no/><applies-when criterion="b" is="yes"/>
            </criterion>
            <criterion id="b" category="empathy">
              <prompt>B?</prompt><yes-no/><applies-when criterion="a" is="yes"/>
            </criterion>
          </section>
          <section id="t">
            <title>T</title>
            <applies-when criterion="c" is="yes"/>
            <criterion id="c" category="empathy"><prompt>C?</prompt><yes-no/></criterion>
          </section>
        """)
    let result = loadExample(text)
    let cycles = result.diagnostics.filter { $0.rule == "condition-cycles" }
    // a ↔ b: reported once, at a's condition (10:35 = after `      <prompt>A?</prompt><yes-no/>`: 7 + 18 + 8 + 2);
    // section t tests c, which is inside t: at the section's applies-when (18:5).
    #expect(cycles.map(\.position) == [SourcePosition(line: 10, column: 35), SourcePosition(line: 18, column: 5)])
    #expect(cycles.first?.message.contains("'a', 'b'") == true)
    #expect(cycles.last?.message.contains("section 't'") == true)
}

@Test func wrongNamespaceAndVersionAreExplained() {
    let v2 = #"<scorecard xmlns="urn:qa-workbench:scorecard:2" id="x" version="1"/>"#
    let result = loadExample(v2)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.rule == "format-version")
    #expect(result.diagnostics.first?.message.contains("format version 2") == true)

    let other = loadExample(#"<form xmlns="urn:example"/>"#)
    #expect(other.diagnostics.map(\.rule) == ["format-version"])
    #expect(other.diagnostics.first?.message.contains("not a scorecard template") == true)

    let none = loadExample(#"<scorecard id="x" version="1"/>"#)
    #expect(none.diagnostics.first?.message.contains("without a namespace") == true)
}

@Test func attacksAreRejectedByTheLoader() throws {
    let laughs = """
    <?xml version="1.0"?>
    <!DOCTYPE scorecard [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <scorecard xmlns="urn:qa-workbench:scorecard:1" id="x" version="1"><title>&b;</title></scorecard>
    """
    let result = loadExample(laughs)
    #expect(result.scorecard == nil)
    #expect(result.diagnostics.map(\.description) == [
        "example.xml:2:\(result.diagnostics.first?.position.column ?? 0): error: " + (result.diagnostics.first?.message ?? ""),
    ])
    #expect(result.diagnostics.first?.message.contains("DOCTYPE") == true)

    let notWellFormed = loadExample("<scorecard xmlns=\"urn:qa-workbench:scorecard:1\">\n  <title>x</titel>\n</scorecard>")
    #expect(notWellFormed.diagnostics.first?.rule == "xml")
    #expect(notWellFormed.diagnostics.first?.position.line == 2)
}

@Test func oversizeFilesAreRefusedBeforeReading() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qa-format-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("big.xml")
    try Data(repeating: UInt8(ascii: " "), count: 5 * 1024 * 1024).write(to: file)
    let result = try ScorecardLoader.load(path: file.path)
    #expect(result.diagnostics.count == 1)
    #expect(result.diagnostics.first?.message.contains("over the 4194304-byte limit") == true)
}

@Test func unreadableFilesThrow() {
    #expect(throws: ScorecardFileError.self) {
        _ = try ScorecardLoader.load(path: "/nonexistent/template.xml")
    }
}

@Test(arguments: ["inbound-customer-service.xml", "collections-compliance.xml", "technical-support.xml"])
func shippedTemplatesAreValid(_ name: String) throws {
    let result = try ScorecardLoader.load(path: Fixtures.shipped(name))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let card = try #require(result.scorecard)
    #expect(card.criteria.count >= 12)
    #expect(Set(["empathy", "compliance", "resolution"]).isSubset(of: card.categories.map(\.id)))
    // Every shipped category says what it is for (coaching and sample data read the kind, never the name).
    #expect(card.categories.map { $0.kind } == [.empathy, .compliance, .resolution])
    #expect(card.sections.allSatisfy { $0.weight != nil })
    #expect(!card.bands.isEmpty)
    // Effective weights of scored criteria add up to 100 % (tolerance for floating point).
    #expect(abs(ScoringPlan(card).effectiveWeightPercentages.values.reduce(0, +) - 100) < 1e-9)
}

@Test func embeddedSchemaIsTheShippedFile() throws {
    let shipped = try String(contentsOfFile: Fixtures.shipped("schema/scorecard-1.xsd"), encoding: .utf8)
    #expect(Array(EmbeddedSchema.xsd.utf8) == Array(shipped.utf8))
}

@Test(arguments: [
    Fixtures.scorecard("all-features.xml"), Fixtures.scorecard("deduction.xml"),
    Fixtures.shipped("inbound-customer-service.xml"), Fixtures.shipped("collections-compliance.xml"),
    Fixtures.shipped("technical-support.xml"),
])
func writerRoundTripGivesTheSameModel(_ path: String) throws {
    let original = try #require(try ScorecardLoader.load(path: path).scorecard)
    let written = ScorecardWriter.xml(original, comment: "Round trip -- test")
    let reloaded = loadExample(written)
    let copy = try #require(reloaded.scorecard, "\(reloaded.diagnostics)\n\(written)")
    #expect(withoutPositions(copy) == withoutPositions(original))
}

/// The model with every position cleared, for comparisons across different layouts.
func withoutPositions(_ card: Scorecard) -> Scorecard {
    func strip(_ condition: Condition?) -> Condition? {
        guard let condition else { return nil }
        switch condition {
        case .answerIs(let id, let tokens, _): return .answerIs(criterion: id, anyOf: tokens, position: .unknown)
        case .answerIsNot(let id, let tokens, _): return .answerIsNot(criterion: id, noneOf: tokens, position: .unknown)
        case .all(let parts): return .all(parts.compactMap(strip))
        case .any(let parts): return .any(parts.compactMap(strip))
        }
    }
    var card = card
    card.categories = card.categories.map { var c = $0; c.position = .unknown; return c }
    card.bands = card.bands.map { var b = $0; b.position = .unknown; return b }
    card.sections = card.sections.map { section in
        var section = section
        section.position = .unknown
        section.condition = strip(section.condition)
        section.criteria = section.criteria.map {
            var criterion = $0
            criterion.position = .unknown
            criterion.condition = strip(criterion.condition)
            return criterion
        }
        return section
    }
    return card
}

@Test func theAnnotatedExampleInTheDocsIsValid() throws {
    let doc = try String(contentsOfFile: Fixtures.packageRoot.appendingPathComponent("docs/scorecard-format.md").path, encoding: .utf8)
    let start = try #require(doc.range(of: "```xml\n<?xml"))
    let body = doc[doc.index(start.lowerBound, offsetBy: 7)...]
    let end = try #require(body.range(of: "```"))
    let result = loadExample(String(body[..<end.lowerBound]))
    #expect(result.isValid, "\(result.diagnostics)")
    // Its only finding is the expected warning about the informational call-details section.
    #expect(result.diagnostics.map(\.rule) == ["scored-sections"])
    let weights = ScoringPlan(try #require(result.scorecard)).effectiveWeightPercentages
    // As the docs say: sections 20 and 80; greeting 0.2 × 2/5 = 8 %, id-verified 0.2 × 3/5 = 12 %.
    #expect(abs((weights["greeting"] ?? 0) - 8) < 1e-9)
    #expect(abs((weights["id-verified"] ?? 0) - 12) < 1e-9)
}

@Test func aLongChainOfConditionsIsCheckedWithoutRecursion() {
    // 20,000 criteria, each applying only depending on the next, and the last on the first: one big cycle.
    let count = 20_000
    var body = "  <section id=\"s\">\n    <title>S</title>\n"
    for i in 0..<count {
        body += "    <criterion id=\"c\(i)\" category=\"empathy\"><prompt>P</prompt><yes-no/>"
            + "<applies-when criterion=\"c\((i + 1) % count)\" is=\"yes\"/></criterion>\n"
    }
    body += "  </section>"
    let result = loadExample(CheckExample.template(body: body))
    // Reported once, at the first criterion's condition (line 9; the criterion starts at column 5 and its
    // applies-when after `<criterion id="c0" category="empathy"><prompt>P</prompt><yes-no/>` (65 characters): 5 + 65 = 70).
    #expect(result.diagnostics.map { "\($0.position) \($0.rule)" } == ["9:70 condition-cycles"])
}

@Test func xincludeIsNeitherProcessedNorAccepted() {
    // Without XInclude processing the element stays as written; the schema then rejects the foreign element
    // where a <title> belongs (line 3, column 3). Nothing from /etc/passwd reaches any message.
    let text = """
    <?xml version="1.0" encoding="UTF-8"?>
    <scorecard xmlns="urn:qa-workbench:scorecard:1" xmlns:xi="http://www.w3.org/2001/XInclude" id="x" version="1">
      <xi:include href="file:///etc/passwd" parse="text"/>
    </scorecard>
    """
    let result = loadExample(text)
    #expect(result.scorecard == nil)
    #expect(result.diagnostics.map(\.rule) == ["schema"])
    #expect(result.diagnostics.first?.position == SourcePosition(line: 3, column: 3))
    #expect(!result.diagnostics.contains { $0.message.contains("root:") })
}

@Test func schemaMessagesAreWordedForTemplateAuthors() {
    let text = """
    <?xml version="1.0" encoding="UTF-8"?>
    <scorecard xmlns="urn:qa-workbench:scorecard:1" id="x" version="1" scoring="fancy">
      <title>T</title><owner>  </owner><effective-date>1/2/2026</effective-date>
    </scorecard>
    """
    let messages = loadExample(text).diagnostics.map(\.description)
    // Sorted by position; the missing <categories> is reported on the <scorecard> element itself (2:1).
    #expect(messages == [
        "example.xml:2:1: error: <scorecard> is missing an element; expected: <categories>",
        "example.xml:2:68: error: <scorecard> scoring=\"fancy\" is not allowed; use one of: weighted, deduction, "
            + "points, scaled-points, question-only, section-only",
        "example.xml:3:19: error: <owner> must not be empty",
        "example.xml:3:36: error: <effective-date> '1/2/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-01-31",
    ])
}

@Test func aBraceInAnEnumeratedValueIsReportedNotACrash() {
    // Found by Fuzz/fuzz-template: a value holding "}" before the allowed set's "{" made the rewording slice a
    // range backwards (a crash). The set is now the last braces of libxml2's message.
    let text = """
    <?xml version="1.0" encoding="UTF-8"?>
    <scorecard xmlns="urn:qa-workbench:scorecard:1" id="x" version="1" scoring="a}b{c">
      <title>T</title>
    </scorecard>
    """
    let messages = loadExample(text).diagnostics.map(\.message)
    #expect(messages.contains { $0.hasSuffix("is not allowed; use one of: weighted, deduction, points, scaled-points, question-only, section-only") })
}

@Test("effective dates the schema's xs:date admits but a template cannot mean are refused", arguments: [
    "-2026-01-01", "12026-01-01", "0000-01-01", "2026-01-01Z", "2026-01-01+02:00",
])
func effectiveDatesOutsideTheCalendar(date: String) throws {
    let text = try String(contentsOfFile: Fixtures.scorecard("deduction.xml"), encoding: .utf8)
    let changed = text.replacingOccurrences(of: #"<effective-date>[^<]*</effective-date>"#,
                                            with: "<effective-date>\(date)</effective-date>", options: .regularExpression)
    #expect(changed != text)
    let result = loadExample(changed)
    #expect(result.scorecard == nil)
    let messages = result.diagnostics.map(\.message)
    #expect(messages.contains { $0.hasPrefix("<effective-date> '\(date)' is not a date; write it as YYYY-MM-DD") },
            "\(messages)")
}

@Test func writerEscapesTextAndKeepsCommentsWellFormed() throws {
    var card = try #require(try ScorecardLoader.load(path: Fixtures.scorecard("deduction.xml")).scorecard)
    card.title = "Fees & \"charges\" <2026>"
    let written = ScorecardWriter.xml(card, comment: "Imported -- 2 items could not be carried over")
    #expect(written.contains("<title>Fees &amp; \"charges\" &lt;2026&gt;</title>"))
    #expect(written.contains("Imported - - 2 items"))  // "--" cannot appear inside an XML comment
    #expect(loadExample(written).scorecard?.title == "Fees & \"charges\" <2026>")
}
