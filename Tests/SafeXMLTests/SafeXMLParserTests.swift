import Testing
@testable import SafeXML

private func parse(_ text: String, policy: XMLParsePolicy = .standard) -> XMLParseResult {
    SafeXMLParser(policy: policy).parse(Array(text.utf8))
}

@Test func elementsAndAttributesCarryExactPositions() throws {
    // Line 3 starts with two spaces, so <b> is at column 3; "é" is one scalar (two bytes), so on line 4
    // `<c` follows "  é " → column 5, and its attribute `k` follows `<c` and three spaces → 5 + 2 + 3 = 10.
    let text = """
    <?xml version="1.0" encoding="UTF-8"?>
    <a xmlns="urn:x">
      <b id="1">hello &amp; bye</b>
      é <c   k="v"/>
    </a>
    """
    let result = parse(text)
    #expect(result.problems.isEmpty)
    let root = try #require(result.root)
    #expect(root.name == "a")
    #expect(root.namespace == "urn:x")
    #expect(root.position == XMLPosition(line: 2, column: 1))
    let b = try #require(root.child("b"))
    #expect(b.position == XMLPosition(line: 3, column: 3))
    #expect(b.text == "hello & bye")
    #expect(b[attribute: "id"] == "1")
    #expect(b.attribute("id")?.position == XMLPosition(line: 3, column: 6))
    let c = try #require(root.child("c"))
    #expect(c.position == XMLPosition(line: 4, column: 5))
    #expect(c.attribute("k")?.position == XMLPosition(line: 4, column: 10))
}

@Test func positionsStayRightPastManyLines() throws {
    // 70,000 lines of comments push the element past libxml2's 16-bit line limit.
    let filler = String(repeating: "<!-- x -->\n", count: 70_000)
    let text = "<a>\n" + filler + "   <b/>\n</a>"
    let root = try #require(parse(text).root)
    // Line 1 holds <a>, then 70,000 filler lines, so <b/> is on line 70,002 after three spaces.
    #expect(root.child("b")?.position == XMLPosition(line: 70_002, column: 4))
}

@Test func malformedXMLIsReportedWithPosition() {
    let result = parse("<a>\n  <b></c>\n</a>")
    #expect(result.root == nil)
    #expect(result.problems.contains { $0.kind == .syntax && $0.position.line == 2 })
}

@Test func billionLaughsIsRefusedAtTheDoctype() {
    let text = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
      <!ENTITY lol "lol">
      <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
    ]>
    <lolz>&lol3;</lolz>
    """
    let result = parse(text)
    #expect(result.root == nil)
    #expect(result.problems.count == 1)
    #expect(result.problems.first?.kind == .policy)
    #expect(result.problems.first?.message.contains("DOCTYPE") == true)
    #expect(result.problems.first?.position.line == 2)
}

@Test func quadraticBlowupIsRefused() {
    let big = String(repeating: "a", count: 50_000)
    let refs = String(repeating: "&a;", count: 50_000)
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"\(big)\">]>\n<r>\(refs)</r>"
    let result = parse(text)
    #expect(result.root == nil)
    #expect(result.problems.map(\.kind) == [.policy])
}

@Test func externalFileEntityIsRefused() {
    let text = """
    <?xml version="1.0"?>
    <!DOCTYPE r [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
    <r>&secret;</r>
    """
    let result = parse(text)
    #expect(result.root == nil)
    #expect(result.problems.map(\.kind) == [.policy])
    #expect(!result.problems.contains { $0.message.contains("root:") })
}

@Test func externalDTDIsRefused() {
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE r SYSTEM \"/etc/evil.dtd\">\n<r/>"
    let result = parse(text)
    #expect(result.root == nil)
    #expect(result.problems.map(\.kind) == [.policy])
}

@Test func networkEntityIsRefused() {
    let text = """
    <?xml version="1.0"?>
    <!DOCTYPE r [<!ENTITY remote SYSTEM "http://example.invalid/x.xml">]>
    <r>&remote;</r>
    """
    let result = parse(text)
    #expect(result.root == nil)
    #expect(result.problems.map(\.kind) == [.policy])
}

@Test func xincludeIsNotProcessed() throws {
    // Without XML_PARSE_XINCLUDE the include stays an ordinary element; nothing is read from disk.
    let text = """
    <r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/></r>
    """
    let root = try #require(parse(text).root)
    #expect(root.children.map(\.name) == ["include"])
    #expect(root.children.first?.text == "")
}

@Test func oversizeInputFailsBeforeParsing() {
    let text = "<r>" + String(repeating: "x", count: 2_000) + "</r>"
    let result = parse(text, policy: XMLParsePolicy(maxBytes: 1_000))
    #expect(result.root == nil)
    #expect(result.problems.first?.kind == .policy)
    #expect(result.problems.first?.message.contains("1000-byte limit") == true)
}

@Test func deepNestingIsRefused() {
    let depth = 100
    let text = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
    let result = parse(text, policy: XMLParsePolicy(maxDepth: 50))
    #expect(result.root == nil)
    #expect(result.problems.map(\.kind) == [.policy])
    #expect(result.problems.first?.message.contains("50 deep") == true)
}

@Test func tooManyElementsAreRefused() {
    let text = "<r>" + String(repeating: "<a/>", count: 200) + "</r>"
    let result = parse(text, policy: XMLParsePolicy(maxElements: 100))
    #expect(result.root == nil)
    #expect(result.problems.first?.message.contains("more than 100 elements") == true)
}

@Test func schemaErrorsPointAtTheElement() throws {
    let xsd = """
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns="urn:t"
               elementFormDefault="qualified">
      <xs:element name="r"><xs:complexType><xs:sequence>
        <xs:element name="n" type="xs:integer" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
    """
    let schema = try XMLSchema(trustedXSD: xsd)
    // Two bad values: line 2 column 3 and line 4 column 5.
    let text = "<r xmlns=\"urn:t\">\n  <n>x</n>\n  <n>1</n>\n    <n>y</n>\n</r>"
    let result = SafeXMLParser().parse(Array(text.utf8), validatingWith: schema)
    #expect(result.problems.map(\.position) == [XMLPosition(line: 2, column: 3), XMLPosition(line: 4, column: 5)])
    #expect(result.problems.allSatisfy { $0.kind == .schema && !$0.message.contains("{urn:t}") })
}

@Test func htmlCheckFindsBrokenMarkup() {
    #expect(HTMLCheck.problems(in: "<!DOCTYPE html><html><body><main><p>ok</p></main></body></html>").isEmpty)
    let problems = HTMLCheck.problems(in: "<html><body><p>unclosed <b>bold</p></div></body></html>")
    #expect(!problems.isEmpty)
}

@Test func nonUTF8InputIsExplained() {
    // "café" in ISO-8859-1: the é is the single byte 0xE9 on line 2 after `<r>caf` (column 7).
    let bytes = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<r>caf".utf8) + [0xE9] + Array("</r>".utf8)
    let result = SafeXMLParser().parse(bytes)
    #expect(result.root == nil)
    #expect(result.problems.first?.message.contains("not valid UTF-8") == true)
    #expect(result.problems.first?.position == XMLPosition(line: 2, column: 7))
}
