import QAModel

/// Decodes one evaluation record from JSON bytes, for the fixed record shape only.
///
/// Written by hand rather than with `JSONDecoder` (≈10 MB/s here) or `JSONSerialization` (≈19 MB/s, and it
/// silently keeps one of two duplicate keys): it reads the bytes once, builds only the values the record
/// needs, and reports every problem in the record — missing fields, wrong JSON types, bad dates, duplicate
/// keys, unknown fields — each naming its field and line. A JSON syntax error ends that record's checks.
struct JSONEvaluationDecoder {
    let file: String

    private struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    private static let maximumDepth = 64

    /// Decodes `bytes`, whose first byte is on line `firstLine` of the file.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> RecordReadResult {
        var parser = Parser(bytes: bytes)
        var problems: [RecordProblem] = []
        var id: String?
        var callID: String?
        var agentID: String?
        var teamID: String?
        var assessorID: String?
        var scorecardID: String?
        var scorecardVersion: String?
        var sawScorecard = false
        var callDate: String?
        var evaluatedAt: String?
        var answers: [String: AnswerValue]?
        var comments: [String: String] = [:]
        var seen = Set<String>()

        func line(at offset: Int) -> Int {
            var count = firstLine
            var i = 0
            while i < offset && i < bytes.count {
                if bytes[i] == 0x0A { count += 1 }
                i += 1
            }
            return count
        }
        func problem(_ field: String?, _ message: String, at offset: Int) {
            problems.append(RecordProblem(
                location: RecordLocation(file: file, line: line(at: offset)), evaluationID: nil, field: field,
                message: message))
        }

        func text(_ name: String, _ parser: inout Parser) throws -> String? {
            if parser.peek() == UInt8(ascii: "\"") { return try parser.string() }
            problem(name, "must be text in quotes, found \(parser.kindName())", at: parser.offset)
            try parser.skipValue(depth: 1)
            return nil
        }

        do {
            parser.skipWhitespace()
            if parser.peek() == nil {
                problem(nil, "the file is empty; expected one evaluation as a JSON object", at: 0)
                return .invalid(problems)
            }
            try parser.expect(UInt8(ascii: "{"), "an evaluation must be a JSON object: { … }")
            try parser.forEachMember { key, keyOffset, parser in
                if !seen.insert(key).inserted {
                    problem(key, "appears twice; give each field once", at: keyOffset)
                    try parser.skipValue(depth: 1)
                    return
                }
                switch key {
                case "id": id = try text(key, &parser)
                case "callId": callID = try text(key, &parser)
                case "agentId": agentID = try text(key, &parser)
                case "assessorId": assessorID = try text(key, &parser)
                case "callDate": callDate = try text(key, &parser)
                case "evaluatedAt": evaluatedAt = try text(key, &parser)
                case "teamId":
                    if parser.peekLiteral("null") { try parser.skipValue(depth: 1) } else { teamID = try text(key, &parser) }
                case "scorecard":
                    sawScorecard = true
                    guard parser.peek() == UInt8(ascii: "{") else {
                        problem(key, "must be an object like {\"id\": \"…\", \"version\": \"…\"}, found \(parser.kindName())", at: parser.offset)
                        try parser.skipValue(depth: 1)
                        return
                    }
                    parser.advance()
                    var seenInner = Set<String>()
                    try parser.forEachMember { inner, innerOffset, parser in
                        let name = "scorecard.\(inner)"
                        if !seenInner.insert(inner).inserted {
                            problem(name, "appears twice; give each field once", at: innerOffset)
                            try parser.skipValue(depth: 2)
                            return
                        }
                        switch inner {
                        case "id": scorecardID = try text(name, &parser)
                        case "version": scorecardVersion = try text(name, &parser)
                        default:
                            problem(name, "unknown field (expected id and version)", at: innerOffset)
                            try parser.skipValue(depth: 2)
                        }
                    }
                case "answers":
                    guard parser.peek() == UInt8(ascii: "{") else {
                        problem(key, "must be an object of criterion id → answer, found \(parser.kindName())", at: parser.offset)
                        try parser.skipValue(depth: 1)
                        return
                    }
                    parser.advance()
                    var values: [String: AnswerValue] = [:]
                    try parser.forEachMember { criterion, criterionOffset, parser in
                        let name = "answers.\(criterion)"
                        if values[criterion] != nil {
                            problem(name, "answered twice; give each criterion once", at: criterionOffset)
                            try parser.skipValue(depth: 2)
                            return
                        }
                        let valueOffset = parser.offset
                        switch parser.peek() {
                        case UInt8(ascii: "\""):
                            values[criterion] = .token(try parser.string())
                        case UInt8(ascii: "["):
                            parser.advance()
                            var options: [String] = []
                            var allText = true
                            try parser.forEachElement { parser in
                                if parser.peek() == UInt8(ascii: "\"") {
                                    options.append(try parser.string())
                                } else {
                                    allText = false
                                    try parser.skipValue(depth: 3)
                                }
                            }
                            if allText {
                                values[criterion] = .tokens(options)
                            } else {
                                problem(name, "a list of answers may hold only option ids in quotes", at: valueOffset)
                            }
                        case let c? where c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39):
                            values[criterion] = .number(try parser.number())
                        case UInt8(ascii: "n") where parser.peekLiteral("null"):
                            // null = not answered, the same as leaving the criterion out.
                            try parser.skipValue(depth: 2)
                        default:
                            problem(name, "must be \"yes\", \"no\", \"na\", a number, an option id or a list of option ids, found \(parser.kindName())", at: valueOffset)
                            try parser.skipValue(depth: 2)
                        }
                    }
                    answers = values
                case "comments":
                    if parser.peekLiteral("null") {
                        try parser.skipValue(depth: 1)
                        return
                    }
                    guard parser.peek() == UInt8(ascii: "{") else {
                        problem(key, "must be an object of criterion id → comment text, found \(parser.kindName())", at: parser.offset)
                        try parser.skipValue(depth: 1)
                        return
                    }
                    parser.advance()
                    try parser.forEachMember { criterion, criterionOffset, parser in
                        let name = "comments.\(criterion)"
                        if comments[criterion] != nil {
                            problem(name, "appears twice; give each comment once", at: criterionOffset)
                            try parser.skipValue(depth: 2)
                            return
                        }
                        if let value = try text(name, &parser) { comments[criterion] = value }
                    }
                default:
                    problem(key, "unknown field (check the spelling; see docs/evaluations.md)", at: keyOffset)
                    try parser.skipValue(depth: 1)
                }
            }
            parser.skipWhitespace()
            if parser.peek() != nil {
                throw Parser.SyntaxError(offset: parser.offset, message: "unexpected text after the evaluation's closing }")
            }
        } catch let error as Parser.SyntaxError {
            problem(nil, "not valid JSON: \(error.message)", at: error.offset)
            return .invalid(problems.map { var p = $0; p.evaluationID = id; return p })
        } catch {
            problem(nil, "not valid JSON", at: parser.offset)
            return .invalid(problems)
        }

        let end = max(0, bytes.count - 1)
        func required(_ value: String?, _ name: String) -> String {
            guard let value else {
                if !problems.contains(where: { $0.field == name }) {
                    problem(name, "missing required field", at: end)
                }
                return ""
            }
            if value.isEmpty { problem(name, "must not be empty", at: end) }
            return value
        }
        let evaluationID = required(id, "id")
        let call = required(callID, "callId")
        let agent = required(agentID, "agentId")
        let assessor = required(assessorID, "assessorId")
        var scID = "", scVersion = ""
        if sawScorecard {
            scID = required(scorecardID, "scorecard.id")
            scVersion = required(scorecardVersion, "scorecard.version")
        } else if !problems.contains(where: { $0.field == "scorecard" }) {
            problem("scorecard", "missing required field (the template: {\"id\": \"…\", \"version\": \"…\"})", at: end)
        }
        let date = required(callDate, "callDate")
        if !date.isEmpty, !ISODate.isDateOrTimestamp(date) {
            problem("callDate", "must be a date YYYY-MM-DD (e.g. 2026-03-14) or an ISO 8601 timestamp", at: end)
        }
        let evaluated = required(evaluatedAt, "evaluatedAt")
        if !evaluated.isEmpty, !ISODate.isTimestamp(evaluated) {
            problem("evaluatedAt", "must be an ISO 8601 timestamp such as 2026-03-14T10:30:00Z", at: end)
        }
        if answers == nil, !problems.contains(where: { $0.field == "answers" }) {
            problem("answers", "missing required field", at: end)
        }
        if !problems.isEmpty {
            return .invalid(problems.map { var p = $0; p.evaluationID = id; return p })
        }
        return .evaluation(
            Evaluation(
                id: evaluationID, callID: call, agentID: agent, teamID: teamID, assessorID: assessor,
                scorecardID: scID, scorecardVersion: scVersion, callDate: date, evaluatedAt: evaluated,
                answers: answers ?? [:], comments: comments),
            RecordLocation(file: file, line: firstLine))
    }
}

/// A minimal JSON reader over bytes: strings, numbers, literals, and skipping any value.
struct Parser {
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    @inline(__always)
    func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    @inline(__always)
    mutating func advance() { offset += 1 }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            let c = bytes[offset]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { offset += 1 } else { return }
        }
    }

    mutating func expect(_ byte: UInt8, _ message: String) throws {
        skipWhitespace()
        guard peek() == byte else { throw SyntaxError(offset: offset, message: message) }
        offset += 1
    }

    func peekLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard offset + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where bytes[offset + k] != p[k] { return false }
        return true
    }

    /// What the next value is, in words for messages.
    func kindName() -> String {
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
    mutating func forEachMember(_ body: (String, Int, inout Parser) throws -> Void) throws {
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
    mutating func forEachElement(_ body: (inout Parser) throws -> Void) throws {
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
    mutating func string() throws -> String {
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

    private mutating func escapedString(open: Int) throws -> String {
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
                throw SyntaxError(offset: offset - 2, message: "unknown escape \\\(Character(Unicode.Scalar(e)))")
            }
        }
        throw SyntaxError(offset: open, message: "text is missing its closing quote")
    }

    private mutating func hex4() throws -> UInt32 {
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
    mutating func number() throws -> Double {
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

    /// Skips any value, refusing nesting deeper than 64 levels.
    mutating func skipValue(depth: Int) throws {
        guard depth < 64 else { throw SyntaxError(offset: offset, message: "values are nested too deeply") }
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
