import Testing
@testable import SafeXML

// Issue 17: everything within the limits checks in time linear in its size. These tests count the bytes the
// position code looks at (`LineIndex.bytesScanned`, surfaced as `XMLParseResult.positionWork`) instead of timing
// anything: a lookup that scans from the start of the line, or an attribute scan per schema error, makes the count
// grow with the square of the input and fails them.

/// The line:column of `offset` the slow, obviously right way.
private func naivePosition(_ bytes: [UInt8], _ offset: Int) -> XMLPosition {
    var line = 1
    var lineStart = 0
    for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
        line += 1
        lineStart = index + 1
    }
    var column = 1
    for index in lineStart..<offset where bytes[index] & 0xC0 != 0x80 { column += 1 }
    return XMLPosition(line: line, column: column)
}

@Test func lineIndexAgreesWithCountingFromTheLineStart() {
    // Mixed line lengths and 1–4-byte characters, so checkpoints fall inside characters and across lines.
    var text = ""
    for i in 0..<400 { text += String(repeating: "aé€😀", count: i % 37) + (i % 5 == 0 ? "\n" : " ") }
    let bytes = Array(text.utf8)
    let index = LineIndex(bytes)
    for offset in 0...bytes.count where offset == bytes.count || bytes[offset] & 0xC0 != 0x80 {
        #expect(index.position(ofByte: offset) == naivePosition(bytes, offset), "offset \(offset)")
    }
    #expect(index.position(ofByte: -1) == .unknown)
    #expect(index.position(ofByte: bytes.count + 1) == .unknown)
}

@Test func aByteOrderMarkIsNotAColumn() {
    let index = LineIndex(Array("\u{FEFF}<a/>".utf8))
    #expect(index.position(ofByte: 3) == XMLPosition(line: 1, column: 1))
}

@Test func lookupsOnOneLongLineCostAtMostTwoCheckpointStridesEach() {
    let bytes = Array(String(repeating: "<x é=\"1\"/>", count: 100_000).utf8)  // 1.1 MB, one line
    let index = LineIndex(bytes)
    var lookups = 0
    // Backwards and scattered: no order to exploit.
    for offset in Swift.stride(from: bytes.count - 1, through: 0, by: -997) {
        _ = index.position(ofByte: offset)
        lookups += 1
    }
    #expect(index.bytesScanned <= lookups * 2 * LineIndex.stride)
}

/// `count` elements of `element` between `<a>` and `</a>`, all on one line.
private func oneLine(_ element: String, count: Int) -> [UInt8] {
    Array(("<a>" + String(repeating: element, count: count) + "</a>").utf8)
}

@Test func positionWorkOfAOneLineDocumentIsLinear() throws {
    func work(_ count: Int) throws -> Int {
        let result = SafeXMLParser().parse(oneLine(#"<x k="v" l="w"/>"#, count: count))
        let root = try #require(result.root)
        #expect(root.children.count == count)
        // The last element's attribute is where it is: columns stay right at the end of a long line.
        let last = try #require(root.children.last)
        #expect(last.position == XMLPosition(line: 1, column: 4 + 16 * (count - 1)))
        #expect(last.attribute("l")?.position == XMLPosition(line: 1, column: 4 + 16 * (count - 1) + 9))
        return result.positionWork
    }
    let small = try work(5_000)
    let large = try work(20_000)
    // Linear: four times the elements, about four times the work (a scan from the line start would be sixteen).
    #expect(large <= small * 5)
    // And a fixed amount per element: two checkpoint strides per position, plus the tag itself.
    #expect(large <= 20_000 * (3 * 2 * LineIndex.stride + 2 * 16))
}

@Test func manyEmptyElementsOnOneLineAreLinear() throws {
    let count = 150_000
    let result = SafeXMLParser().parse(oneLine("<x/>", count: count))
    #expect(try #require(result.root).children.count == count)
    #expect(result.positionWork <= count * (2 * LineIndex.stride + 8))
}

/// A schema for `<a>` with no attributes and any number of empty `<x>` children.
private let noAttributesXSD = """
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="a"><xs:complexType><xs:sequence>
    <xs:element name="x" minOccurs="0" maxOccurs="unbounded"><xs:complexType/></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
"""

@Test func schemaErrorsAreCappedAndTheRestCounted() throws {
    // 10,000 elements on one line, each with an attribute the schema does not allow: 10,000 schema errors.
    let schema = try XMLSchema(trustedXSD: noAttributesXSD)
    let bytes = oneLine(#"<x u="1"/>"#, count: 10_000)
    let result = SafeXMLParser().parse(bytes, validatingWith: schema)
    #expect(result.root != nil)
    #expect(result.problems.count == XMLParsePolicy.standard.maxProblems)
    #expect(result.problems.count + result.omittedProblems == 10_000)
    #expect(result.problems.allSatisfy { $0.kind == .schema })
    // The kept problems point at their attributes, in order…
    #expect(result.problems.first?.position == XMLPosition(line: 1, column: 7))
    #expect(result.problems[1].position == XMLPosition(line: 1, column: 7 + 10))
    // …and positions cost a fixed amount per element, not a scan of the line per error.
    #expect(result.positionWork <= 10_000 * (4 * 2 * LineIndex.stride + 3 * 10))
}

@Test func oneStartTagIsScannedOnceForAllItsErrors() throws {
    // 250 unknown attributes on one element (under the 256 limit): 250 errors, 100 kept, one scan of the tag for
    // their positions (and one while building the tree), not one per error.
    let schema = try XMLSchema(trustedXSD: noAttributesXSD)
    let attributes = (0..<250).map { " u\($0)=\"1\"" }.joined()
    let bytes = Array("<a\(attributes)><x/></a>".utf8)
    let result = SafeXMLParser().parse(bytes, validatingWith: schema)
    #expect(result.problems.count == 100)
    #expect(result.omittedProblems == 150)
    #expect(result.problems.first?.position == XMLPosition(line: 1, column: 4))
    #expect(result.positionWork <= 4 * bytes.count + (250 + 100 + 10) * 2 * LineIndex.stride)
}

@Test func tooManyAttributesOnOneElementAreRefusedBeforeParsing() throws {
    // libxml2 handles one element's attributes in quadratic time, so they are counted before it sees them.
    let attributes = (0..<300_000).map { " u\($0)=\"1\"" }.joined()
    let refused = SafeXMLParser().parse(Array("<a>\n  <b\(attributes)/></a>".utf8))
    #expect(refused.root == nil)
    #expect(refused.problems.count == 1)
    #expect(refused.problems.first?.kind == .policy)
    #expect(refused.problems.first?.position == XMLPosition(line: 2, column: 3))
    #expect(refused.problems.first?.message.hasPrefix("an element has more than 256 attributes") == true)
    // At the limit, and `=` signs in values, comments, CDATA and processing instructions do not count.
    let atLimit = (0..<256).map { " u\($0)=\"a=b\"" }.joined()
    let equals = String(repeating: "a=1 ", count: 1_000)
    let text = "<?pi \(equals)?><a\(atLimit)><!-- \(equals) --><![CDATA[\(equals)]]><b c='=\(equals)'/></a>"
    let accepted = SafeXMLParser().parse(Array(text.utf8))
    #expect(accepted.problems.isEmpty, "\(accepted.problems)")
    #expect(accepted.root?.attributes.count == 256)
}

@Test func theProblemCapIsAPolicySetting() throws {
    let schema = try XMLSchema(trustedXSD: noAttributesXSD)
    let bytes = Array("<a p=\"1\" q=\"2\" r=\"3\"/>".utf8)
    let result = SafeXMLParser(policy: XMLParsePolicy(maxProblems: 2)).parse(bytes, validatingWith: schema)
    #expect(result.problems.count == 2)
    #expect(result.omittedProblems == 1)
    #expect(SafeXMLParser().parse(bytes, validatingWith: schema).omittedProblems == 0)
}
