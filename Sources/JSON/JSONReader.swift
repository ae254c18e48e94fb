/// Limits a `JSONReader` enforces before and while reading.
public struct JSONLimits: Hashable, Sendable {
    /// Documents longer than this many bytes are refused before any is read.
    public var maximumBytes: Int
    /// Objects and lists nested deeper than this are refused.
    public var maximumDepth: Int

    public init(maximumBytes: Int, maximumDepth: Int = 64) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }
}

/// Why a JSON document was refused: where, and what. Messages never quote the document's text, keys included
/// (call data is personal data); they name the position instead.
public struct JSONReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Hashable, Sendable {
        /// Not JSON by RFC 8259.
        case syntax
        /// The same key twice in one object.
        case duplicateKey
        /// More bytes than the limit (the position is the start of the document).
        case tooLarge
        /// Nesting deeper than the limit.
        case tooDeep
    }

    public var kind: Kind
    public var position: JSONPosition
    public var message: String

    public init(kind: Kind, position: JSONPosition, message: String) {
        self.kind = kind
        self.position = position
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "\(position): \(message)" }
}

/// The one strict JSON reader (RFC 8259): a whole document into a `JSONValue` tree, refusing duplicate keys,
/// oversized documents, deep nesting, invalid UTF-8, unpaired surrogates and anything after the value. A leading
/// UTF-8 byte order mark is skipped. Built on
/// `JSONScanner`, the same lexer the evaluation-record decoder uses.
public enum JSONReader {
    /// Reads the document in `bytes`.
    public static func read(_ bytes: [UInt8], limits: JSONLimits) throws(JSONReadError) -> JSONValue {
        let result: Result<JSONValue, JSONReadError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONReadError) -> JSONValue in try read(buffer, limits: limits) }
        }
        return try result.get()
    }

    /// Reads the document in `text`.
    public static func read(_ text: String, limits: JSONLimits) throws(JSONReadError) -> JSONValue {
        try read(Array(text.utf8), limits: limits)
    }

    /// Reads the document in `bytes`, whose first byte is on line `firstLine`.
    public static func read(_ whole: UnsafeBufferPointer<UInt8>, limits: JSONLimits, firstLine: Int = 1)
        throws(JSONReadError) -> JSONValue
    {
        // A UTF-8 byte order mark is ignored (RFC 8259 §8.1 allows it; editors on Windows write one). Positions
        // count from the first character after it.
        let hasBOM = whole.count >= 3 && whole[0] == 0xEF && whole[1] == 0xBB && whole[2] == 0xBF
        let bytes = hasBOM ? UnsafeBufferPointer(rebasing: whole[3...]) : whole
        guard whole.count <= limits.maximumBytes else {
            throw JSONReadError(
                kind: .tooLarge, position: JSONPosition(line: firstLine, column: 1),
                message: "the document is \(whole.count) bytes; more than \(limits.maximumBytes) bytes are refused")
        }
        var scanner = JSONScanner(bytes: bytes)
        do {
            scanner.skipWhitespace()
            guard scanner.peek() != nil else {
                throw Failure(kind: .syntax, offset: 0, message: "the document is empty; expected a JSON value")
            }
            let result = try value(&scanner, depth: 1, maximumDepth: limits.maximumDepth)
            scanner.skipWhitespace()
            if scanner.peek() != nil {
                throw Failure(kind: .syntax, offset: scanner.offset, message: "unexpected text after the value")
            }
            return result
        } catch let failure as Failure {
            throw JSONReadError(
                kind: failure.kind, position: JSONPosition.of(offset: failure.offset, in: bytes, firstLine: firstLine),
                message: failure.message)
        } catch let error as JSONScanner.SyntaxError {
            throw JSONReadError(
                kind: .syntax, position: JSONPosition.of(offset: error.offset, in: bytes, firstLine: firstLine),
                message: error.message)
        } catch {
            throw JSONReadError(kind: .syntax, position: JSONPosition.of(offset: scanner.offset, in: bytes, firstLine: firstLine),
                                message: "not valid JSON")
        }
    }

    private struct Failure: Error {
        var kind: JSONReadError.Kind
        var offset: Int
        var message: String
    }

    /// One value at the scanner's position (recursive; `depth` counts the enclosing objects and lists).
    private static func value(_ scanner: inout JSONScanner, depth: Int, maximumDepth: Int) throws -> JSONValue {
        scanner.skipWhitespace()
        switch scanner.peek() {
        case UInt8(ascii: "\"")?:
            return .string(try scanner.string())
        case UInt8(ascii: "{")?:
            try check(depth, maximumDepth, scanner.offset)
            scanner.advance()
            var object = JSONObject()
            var seen = Set<String>()
            try scanner.forEachMember { key, keyOffset, scanner in
                guard seen.insert(key).inserted else {
                    let first = object.members.firstIndex { $0.key == key } ?? 0
                    throw Failure(
                        kind: .duplicateKey, offset: keyOffset,
                        message: "a key appears twice in one object (the same as member \(first + 1)); give each key once")
                }
                object.append(key, try value(&scanner, depth: depth + 1, maximumDepth: maximumDepth))
            }
            return .object(object)
        case UInt8(ascii: "[")?:
            try check(depth, maximumDepth, scanner.offset)
            scanner.advance()
            var items: [JSONValue] = []
            try scanner.forEachElement { scanner in
                items.append(try value(&scanner, depth: depth + 1, maximumDepth: maximumDepth))
            }
            return .array(items)
        case UInt8(ascii: "t")? where scanner.peekLiteral("true"):
            scanner.offset += 4
            return .bool(true)
        case UInt8(ascii: "f")? where scanner.peekLiteral("false"):
            scanner.offset += 5
            return .bool(false)
        case UInt8(ascii: "n")? where scanner.peekLiteral("null"):
            scanner.offset += 4
            return .null
        case let c? where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39):
            return .number(try scanner.number())
        case nil:
            throw JSONScanner.SyntaxError(offset: scanner.offset, message: "the text ends in the middle of a value")
        default:
            throw JSONScanner.SyntaxError(offset: scanner.offset, message: "expected a value")
        }
    }

    private static func check(_ depth: Int, _ maximumDepth: Int, _ offset: Int) throws {
        guard depth <= maximumDepth else {
            throw Failure(kind: .tooDeep, offset: offset, message: "objects and lists are nested more than \(maximumDepth) deep")
        }
    }
}
