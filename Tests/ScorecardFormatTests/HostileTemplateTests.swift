import Foundation
import QAModel
import Testing
@testable import ScorecardFormat

// Issue 17: a template inside the limits cannot flood the terminal or make the checks quadratic. Each test
// asserts on how many diagnostics are kept and how long each message is — bounded whatever the template holds.

private func load(_ text: String) -> ScorecardLoadResult {
    ScorecardLoader.load(bytes: Array(text.utf8), path: "hostile.xml")
}

private let head = #"<?xml version="1.0" encoding="UTF-8"?><scorecard xmlns="urn:qa-workbench:scorecard:1" id="x" version="1" scoring="weighted""#

/// The header elements of a template, with the given categories.
private func body(categories: [String] = ["c"]) -> String {
    #"<title>T</title><owner>QA</owner><effective-date>2026-01-01</effective-date><categories>"#
        + categories.map { #"<category id="\#($0)">\#($0)</category>"# }.joined()
        + #"</categories><pass-mark>80</pass-mark><bands><band id="all" min="0" max="100">All</band></bands>"#
}

@Test func unknownAttributesGiveAHundredDiagnosticsAndACount() {
    // 250 attributes the schema does not know (just under the 256-attribute limit).
    let attributes = (0..<250).map { #" u\#($0)="1""# }.joined()
    let result = load(head + attributes + ">" + body()
        + #"<section id="s"><title>S</title><criterion id="q" category="c"><prompt>P</prompt><yes-no/></criterion></section></scorecard>"#)
    #expect(!result.isValid)
    #expect(result.diagnostics.count == ScorecardLoader.maxDiagnostics)
    #expect(result.diagnostics.count + result.omitted == 250)
    #expect(result.diagnostics.allSatisfy { $0.rule == "schema" })
    // Sorted by position: the first unknown attribute first.
    #expect(result.diagnostics.first?.position.column == head.count + 2)
    #expect(result.omittedNote?.hasPrefix("150 more problems not shown") == true)
}

@Test func tenThousandAttributesAreOneRefusal() {
    let attributes = (0..<10_000).map { #" u\#($0)="1""# }.joined()
    let result = load(head + attributes + ">" + body() + "</scorecard>")
    #expect(result.diagnostics.map(\.rule) == ["xml"])
    #expect(result.diagnostics.first?.message.hasPrefix("an element has more than 256 attributes") == true)
    #expect(result.omitted == 0)
}

@Test func tenThousandElementsWithAnUnknownAttributeGiveAHundredDiagnostics() {
    let criteria = (0..<10_000).map {
        #"<criterion id="q\#($0)" category="c" colour="red"><prompt>P</prompt><yes-no/></criterion>"#
    }.joined()
    let result = load(head + ">" + body() + #"<section id="s"><title>S</title>"# + criteria + "</section></scorecard>")
    #expect(result.diagnostics.count == ScorecardLoader.maxDiagnostics)
    #expect(result.diagnostics.count + result.omitted == 10_000)
}

@Test func semanticFindingsAreCappedToo() {
    // 1,000 criteria in an undeclared category, with 50 declared ones to list in each message.
    let declared = (0..<50).map { "cat\($0)" }
    let criteria = (0..<1_000).map {
        #"<criterion id="q\#($0)" category="nope"><prompt>P</prompt><yes-no/></criterion>"#
    }.joined()
    let result = load(head + ">" + body(categories: declared) + #"<section id="s"><title>S</title>"# + criteria
        + "</section></scorecard>")
    #expect(!result.isValid)
    #expect(result.diagnostics.count == ScorecardLoader.maxDiagnostics)
    #expect(result.omitted == 1_000 - ScorecardLoader.maxDiagnostics)
    let message = result.diagnostics[0].message
    #expect(message.hasSuffix("use one of: cat0, cat1, cat2, cat3, cat4, cat5, cat6, cat7, cat8, cat9 and 40 more"))
}

@Test func aFewProblemsAreAllKept() {
    let result = load(head + #" u1="1" u2="2">"# + body()
        + #"<section id="s"><title>S</title><criterion id="q" category="c"><prompt>P</prompt><yes-no/></criterion></section></scorecard>"#)
    #expect(result.diagnostics.count == 2)
    #expect(result.omitted == 0)
    #expect(result.omittedNote == nil)
}

@Test func conditionTokensAgainstAHugeChoiceGiveShortMessages() throws {
    // A choice of 3,000 options, tested by 3,000 conditions for an answer it does not have: each message names
    // at most ten of the options, and the answers are looked up in a set, not a list per token.
    let options = (0..<3_000).map { #"<option id="o\#($0)" points="1">O</option>"# }.joined()
    let testers = (0..<3_000).map {
        #"<criterion id="t\#($0)" category="c"><prompt>P</prompt><yes-no/><applies-when criterion="big" is="zz"/></criterion>"#
    }.joined()
    let result = load(head + ">" + body() + #"<section id="s"><title>S</title><criterion id="big" category="c"><prompt>P</prompt><choice>"#
        + options + "</choice></criterion>" + testers + "</section></scorecard>")
    #expect(!result.isValid)
    #expect(result.diagnostics.count == ScorecardLoader.maxDiagnostics)
    #expect(result.omitted == 3_000 - ScorecardLoader.maxDiagnostics)
    let message = try #require(result.diagnostics.first?.message)
    #expect(message.contains("o0, o1, o2, o3, o4, o5, o6, o7, o8, o9 and 2990 more"))
    #expect(message.count < 300)
}

@Test func aOneLineTemplateOfManyCriteriaLoadsWithExactColumns() throws {
    let criterion = #"<criterion id="q" category="c"><prompt>Did the agent do it?</prompt><yes-no/></criterion>"#
    let criteria = (0..<5_000).map { criterion.replacingOccurrences(of: #"id="q""#, with: #"id="q\#($0)""#) }
    let prefix = head + ">" + body() + #"<section id="s"><title>S</title>"#
    let result = load(prefix + criteria.joined() + "</section></scorecard>")
    let card = try #require(result.scorecard, "\(result.diagnostics.prefix(3))")
    #expect(card.criteria.count == 5_000)
    let lastColumn = prefix.count + criteria.dropLast().map(\.count).reduce(0, +) + 1
    #expect(card.criteria.last?.position == SourcePosition(line: 1, column: lastColumn))
}
