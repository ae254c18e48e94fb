import JSON
import Testing

private let limits = JSONLimits(maximumBytes: 1 << 20)

private func read(_ text: String, _ limits: JSONLimits = limits) throws(JSONReadError) -> JSONValue {
    try JSONReader.read(text, limits: limits)
}

/// The error reading `text` gives, or nil when it reads.
private func failure(_ text: String, _ limits: JSONLimits = limits) -> JSONReadError? {
    do {
        _ = try read(text, limits)
        return nil
    } catch {
        return error
    }
}

@Suite("JSON reader")
struct JSONReaderTests {
    @Test func readsEveryKindInOrder() throws {
        let value = try read(#" {"b": [1, -2.5e3, true, false, null], "a": {"x": "y\u00e9\n"}, "": 0} "#)
        guard case .object(let object) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["b", "a", ""])
        #expect(object["b"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(value["a"]?["x"] == .string("yé\n"))
    }

    @Test("duplicate keys are refused with the second key's position, never its text")
    func duplicateKeys() {
        let error = failure("{\n  \"secret-key\": 1,\n  \"other\": 2,\n  \"secret-key\": 3\n}")
        #expect(error?.kind == .duplicateKey)
        #expect(error?.position == JSONPosition(line: 4, column: 3))
        #expect(error?.description.contains("secret") == false)
        #expect(error?.description.contains("member 1") == true)
        // Nested objects are checked too; the same key in different objects is fine.
        #expect(failure(#"{"a": {"k": 1, "k": 2}}"#)?.kind == .duplicateKey)
        #expect(failure(#"[{"k": 1}, {"k": 2}]"#) == nil)
        // Keys equal after unescaping are the same key.
        #expect(failure(#"{"k": 1, "\u006b": 2}"#)?.kind == .duplicateKey)
    }

    @Test("documents over the size limit are refused before reading")
    func sizeLimit() {
        let text = "[" + String(repeating: "1,", count: 100) + "1]"
        #expect(failure(text, JSONLimits(maximumBytes: 100))?.kind == .tooLarge)
        #expect(failure(text, JSONLimits(maximumBytes: text.utf8.count)) == nil)
    }

    @Test("nesting deeper than the limit is refused")
    func depthLimit() {
        let deep = { (n: Int) in String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        #expect(failure(deep(64)) == nil)
        let error = failure(deep(65))
        #expect(error?.kind == .tooDeep)
        #expect(error?.position == JSONPosition(line: 1, column: 65))
        #expect(failure(deep(5), JSONLimits(maximumBytes: 100, maximumDepth: 4))?.kind == .tooDeep)
        #expect(failure(deep(100_000))?.kind == .tooDeep)   // no stack overflow
    }

    @Test("syntax errors say line and column (columns count characters)", arguments: [
        ("{\"a\": 1,}", 1, 9),
        ("[1, 2\n  3]", 2, 3),
        ("{\"é\": tru}", 1, 7),
        ("\"unterminated", 1, 1),
        ("01", 1, 2),
        ("[1] [2]", 1, 5),
        ("", 1, 1),
        ("  \n\t", 1, 1),
        ("{\"a\": \"tab\there\"}", 1, 11),
        ("[1.]", 1, 4),
        ("[-]", 1, 2),
        ("[+1]", 1, 2),
        ("[NaN]", 1, 2),
        ("{'a': 1}", 1, 2),
        ("[\"\\x\"]", 1, 3),
        ("[\"\\ud800\"]", 1, 9),
        ("[1e999]", 1, 2),
    ])
    func positions(text: String, line: Int, column: Int) {
        let error = failure(text)
        #expect(error?.kind == .syntax)
        #expect(error?.position == JSONPosition(line: line, column: column))
    }

    @Test func invalidUTF8IsRefused() {
        let bytes: [UInt8] = Array("[\"a".utf8) + [0xC3, 0x28] + Array("\"]".utf8)
        #expect(throws: JSONReadError.self) { try JSONReader.read(bytes, limits: limits) }
    }

    @Test("a UTF-8 byte order mark is skipped; positions count from after it")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try JSONReader.read(bom + Array("[1]".utf8), limits: limits) == .array([.number(1)]))
        #expect(throws: JSONReadError(kind: .syntax, position: JSONPosition(line: 1, column: 2), message: "expected a value")) {
            try JSONReader.read(bom + Array("[?]".utf8), limits: limits)
        }
        // Only at the start.
        #expect(throws: JSONReadError.self) { try JSONReader.read(Array("[1]".utf8) + bom, limits: limits) }
    }

    @Test func surrogatePairsAndEscapes() throws {
        #expect(try read(#""\ud83d\ude00 \/ \b\f\r\t""#) == .string("😀 / \u{8}\u{C}\r\t"))
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    let document: JSONValue = .object([
        ("format", .string("x")), ("version", .int(1)), ("score", .number(84.5)), ("empty", .array([])),
        ("none", .object(JSONObject())), ("list", .array([.number(1e16), .number(-0.25), .bool(true), .null])),
        ("text", .string("quote \" slash / line\nend \u{1}")),
    ])

    @Test func compactPrettyAndLine() throws {
        #expect(try JSONWriter.write(document) == #"{"format":"x","version":1,"score":84.5,"empty":[],"none":{},"list":[1e+16,-0.25,true,null],"text":"quote \" slash / line\nend \u0001"}"#)
        #expect(try JSONWriter.write(.array([.number(1), .object([("a", .number(2))])]), style: .line) == #"[1, {"a": 2}]"#)
        #expect(try JSONWriter.write(.object([("a", .array([.number(1), .number(2)])), ("b", .object(JSONObject()))]), style: .pretty) == """
            {
              "a": [
                1,
                2
              ],
              "b": {}
            }
            """)
    }

    @Test("what the writer writes, the reader reads back as the same tree", arguments: [JSONWriter.Style.compact, .line, .pretty])
    func roundTrip(style: JSONWriter.Style) throws {
        let text = try JSONWriter.write(document, style: style)
        #expect(try JSONReader.read(text, limits: limits) == document)
        // And the text is stable: reading and writing again gives the same bytes.
        #expect(try JSONWriter.write(try JSONReader.read(text, limits: limits), style: style) == text)
    }

    @Test("numbers that JSON cannot hold are refused with their path")
    func nonFinite() {
        let value: JSONValue = .object([("plans", .array([.object([("trend", .number(.infinity))])]))])
        #expect(throws: JSONWriteError(path: "$.plans[0].trend", message: "inf is not a number JSON can hold (infinite or not a number)")) {
            try JSONWriter.write(value)
        }
        #expect(throws: JSONWriteError.self) { try JSONWriter.write(.number(.nan)) }
        #expect(JSONWriter.number(.nan) == nil)
        #expect(JSONWriter.number(3) == "3")
    }
}

@Suite("Encodable values through the one writer")
struct JSONValueEncoderTests {
    struct Report: Encodable {
        var zeta = 1
        var alpha: String? = nil
        var beta = [2.5, 3]
        var nested = ["b": 1, "a": 2]
        var figure = Double.nan
    }

    @Test func sortedKeysOptionalsAndNonFiniteStrings() throws {
        let encoder = JSONValueEncoder(sortedKeys: true, nonFiniteNumbers: .strings)
        #expect(try encoder.text(Report(), style: .compact) == #"{"beta":[2.5,3],"figure":"nan","nested":{"a":2,"b":1},"zeta":1}"#)
    }

    @Test("64-bit integers keep every digit (a Double would round 2^64 − 1)")
    func exactIntegers() throws {
        struct Seeds: Encodable {
            var seed = UInt64.max
            var smallest = Int64.min
            var count = 3
        }
        #expect(try JSONValueEncoder().text(Seeds(), style: .compact)
            == #"{"seed":18446744073709551615,"smallest":-9223372036854775808,"count":3}"#)
        #expect(try JSONWriter.write(.integer(JSONInteger(9_007_199_254_740_993))) == "9007199254740993")
    }

    @Test func nonFiniteRefusedByDefault() {
        #expect(throws: JSONWriteError.self) { try JSONValueEncoder().text(Report(), style: .compact) }
    }

    @Test func keysInDeclarationOrderWithoutSorting() throws {
        let value = try JSONValueEncoder(nonFiniteNumbers: .strings).encode(Report())
        guard case .object(let object) = value else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["zeta", "beta", "nested", "figure"])
    }
}
