/// The one JSON lexer: reads RFC 8259 tokens straight from bytes (strings unescaped and checked as UTF-8,
/// numbers by JSON's grammar exactly) and skips whole values. `JSONReader` builds value trees on it, and the
/// evaluation-record decoder in Records reads its fixed shape with it directly, which is what keeps that
/// decoder fast (no tree per record).
///
/// Offsets in errors are byte offsets into `bytes`; `JSONPosition` turns them into line and column.
package struct JSONScanner {
    /// A syntax error at a byte offset. Messages never quote the text read (call data is personal data).
    package struct SyntaxError: Error, Sendable {
        package var offset: Int
        package var message: String

        @inlinable
        package init(offset: Int, message: String) {
            self.offset = offset
            self.message = message
        }
    }

    /// Nesting deeper than this is refused.
    package static let defaultMaximumDepth = 64

    package let bytes: UnsafeBufferPointer<UInt8>
    package var offset = 0

    @inlinable
    package init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inlinable @inline(__always)
    package func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    @inlinable @inline(__always)
    package mutating func advance() { offset += 1 }

    @inlinable
    package mutating func skipWhitespace() {
        while offset < bytes.count {
            let c = bytes[offset]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { offset += 1 } else { return }
        }
    }

    @inlinable
    package mutating func expect(_ byte: UInt8, _ message: String) throws {
        skipWhitespace()
        guard peek() == byte else { throw SyntaxError(offset: offset, message: message) }
        offset += 1
    }

    @inlinable
    package func peekLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where bytes[offset + k] != p[k] { return false }
        return true
    }

    /// What the next value is, in words for messages.
    @inlinable
    package func kindName() -> String {
        switch peek() {
        case UInt8(ascii: "\"")?: return "text"
        case UInt8(ascii: "{")?: return "an object"
        case UInt8(ascii: "[")?: return "a list"
        case UInt8(ascii: "t")?, UInt8(ascii: "f")?: return "true/false"
        case UInt8(ascii: "n")?: return "null"
        case nil: return "nothing"
        default: return "a number"
        }
    }

    /// Calls `body` with each member's key (the opening `{` already consumed); `body` must consume the value.
    @inlinable
    package mutating func forEachMember(_ body: (String, Int, inout JSONScanner) throws -> Void) throws {
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            let keyOffset = offset
            guard peek() == UInt8(ascii: "\"") else {
                throw SyntaxError(offset: offset, message: "expected a field name in quotes")
            }
            let key = try string()
            try expect(UInt8(ascii: ":"), "expected : after the field name")
            skipWhitespace()
            try body(key, keyOffset, &self)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: offset += 1
            case UInt8(ascii: "}")?: offset += 1; return
            default: throw SyntaxError(offset: offset, message: "expected , or } after a value")
            }
        }
    }

    /// Calls `body` for each element (the opening `[` already consumed); `body` must consume the element.
    @inlinable
    package mutating func forEachElement(_ body: (inout JSONScanner) throws -> Void) throws {
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            offset += 1
            return
        }
        while true {
            skipWhitespace()
            try body(&self)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: offset += 1
            case UInt8(ascii: "]")?: offset += 1; return
            default: throw SyntaxError(offset: offset, message: "expected , or ] in a list")
            }
        }
    }

    /// A string value (at its opening quote), unescaped and checked as UTF-8.
    @inlinable
    package mutating func string() throws -> String {
        let open = offset
        offset += 1
        let start = offset
        var ascii = true
        while offset < bytes.count {
            let c = bytes[offset]
            if c == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<offset])
                offset += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw SyntaxError(offset: open, message: "text is not valid UTF-8")
                }
                return text
            }
            if c == UInt8(ascii: "\\") {
                offset = start
                return try escapedString(open: open)
            }
            if c < 0x20 { throw SyntaxError(offset: offset, message: "a line break or control character inside text must be escaped (\\n)") }
            if c >= 0x80 { ascii = false }
            offset += 1
        }
        throw SyntaxError(offset: open, message: "text is missing its closing quote")
    }

    @usableFromInline
    mutating func escapedString(open: Int) throws -> String {
        var out: [UInt8] = []
        while offset < bytes.count {
            let c = bytes[offset]
            offset += 1
            if c == UInt8(ascii: "\"") {
                guard let text = String(validating: out, as: UTF8.self) else {
                    throw SyntaxError(offset: open, message: "text is not valid UTF-8")
                }
                return text
            }
            if c < 0x20 { throw SyntaxError(offset: offset - 1, message: "a line break or control character inside text must be escaped (\\n)") }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                continue
            }
            guard let e = peek() else { break }
            offset += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard peekLiteral("\\u") else { throw SyntaxError(offset: offset, message: "unpaired \\u surrogate") }
                    offset += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw SyntaxError(offset: offset, message: "unpaired \\u surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw SyntaxError(offset: offset, message: "unpaired \\u surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else {
                    throw SyntaxError(offset: offset, message: "invalid \\u escape")
                }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw SyntaxError(offset: offset - 2, message: "unknown escape (after \\ only \" \\ / b f n r t u may follow)")
            }
        }
        throw SyntaxError(offset: open, message: "text is missing its closing quote")
    }

    @usableFromInline
    mutating func hex4() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw SyntaxError(offset: offset, message: "\\u needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[offset]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw SyntaxError(offset: offset, message: "\\u needs four hex digits")
            }
            value = value * 16 + digit
            offset += 1
        }
        return value
    }

    /// A number value, following JSON's grammar exactly.
    @inlinable
    package mutating func number() throws -> Double {
        let start = offset
        if peek() == UInt8(ascii: "-") { offset += 1 }
        var integer: Int64 = 0
        var digits = 0
        if peek() == UInt8(ascii: "0") {
            offset += 1
            digits = 1
        } else {
            while let c = peek(), c >= 0x30 && c <= 0x39 {
                if digits < 18 { integer = integer * 10 + Int64(c - 0x30) }
                digits += 1
                offset += 1
            }
        }
        guard digits > 0 else { throw SyntaxError(offset: start, message: "a number needs digits") }
        var simple = digits <= 15
        if peek() == UInt8(ascii: ".") {
            simple = false
            offset += 1
            let fractionStart = offset
            while let c = peek(), c >= 0x30 && c <= 0x39 { offset += 1 }
            guard offset > fractionStart else { throw SyntaxError(offset: offset, message: "a number needs digits after the point") }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            simple = false
            offset += 1
            if let s = peek(), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { offset += 1 }
            let exponentStart = offset
            while let c = peek(), c >= 0x30 && c <= 0x39 { offset += 1 }
            guard offset > exponentStart else { throw SyntaxError(offset: offset, message: "a number needs digits in its exponent") }
        }
        if simple {
            return bytes[start] == UInt8(ascii: "-") ? -Double(integer) : Double(integer)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError(offset: start, message: "number out of range")
        }
        return value
    }

    /// Skips any value, refusing nesting deeper than `defaultMaximumDepth` levels.
    @inlinable
    package mutating func skipValue(depth: Int) throws {
        guard depth < Self.defaultMaximumDepth else { throw SyntaxError(offset: offset, message: "values are nested too deeply") }
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\"")?:
            _ = try string()
        case UInt8(ascii: "{")?:
            offset += 1
            try forEachMember { _, _, parser in try parser.skipValue(depth: depth + 1) }
        case UInt8(ascii: "[")?:
            offset += 1
            try forEachElement { parser in try parser.skipValue(depth: depth + 1) }
        case UInt8(ascii: "t")? where peekLiteral("true"): offset += 4
        case UInt8(ascii: "f")? where peekLiteral("false"): offset += 5
        case UInt8(ascii: "n")? where peekLiteral("null"): offset += 4
        case let c? where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39):
            _ = try number()
        case nil:
            throw SyntaxError(offset: offset, message: "the text ends in the middle of a value")
        default:
            throw SyntaxError(offset: offset, message: "expected a value")
        }
    }
}
