import JSON
import QAModel

/// Decodes one evaluation record from JSON bytes, for the fixed record shape only.
///
/// Reads the record with `JSON.JSONScanner`, the one JSON lexer, rather than building a `JSONValue` tree first
/// (or using Foundation's decoders: ≈10–19 MB/s, and they silently keep one of two duplicate keys): it reads the bytes once, builds only the values the record
/// needs, and reports every problem in the record — missing fields, wrong JSON types, bad dates, duplicate
/// keys, unknown fields — each naming its field and line. A JSON syntax error ends that record's checks.
struct JSONEvaluationDecoder {
    let file: String

    /// Decodes `bytes`, whose first byte is on line `firstLine` of the file.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> RecordReadResult {
        var parser = JSONScanner(bytes: bytes)
        var problems: [RecordProblem] = []
        var id: String?
        var callID: String?
        var agentID: String?
        var teamID: String?
        var purpose = EvaluationPurpose.official
        var assessorID: String?
        var scorecardID: String?
        var scorecardVersion: String?
        var sawScorecard = false
        var callDate: String?
        var evaluatedAt: String?
        var answers: [String: AnswerValue]?
        var comments: [String: String] = [:]
        var seen = Set<String>()

        func problem(_ field: String?, _ message: String, at offset: Int) {
            let line = JSONPosition.of(offset: offset, in: bytes, firstLine: firstLine).line
            problems.append(RecordProblem(
                location: RecordLocation(file: file, line: line), evaluationID: nil, field: field, message: message))
        }

        func text(_ name: String, _ parser: inout JSONScanner) throws -> String? {
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
                case "purpose":
                    if let value = try text(key, &parser).flatMap(EvaluationPurpose.init(rawValue:)) {
                        purpose = value
                    } else if !problems.contains(where: { $0.field == key }) {
                        problem(key, "must be one of \(EvaluationPurpose.spellings)", at: keyOffset)
                    }
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
                throw JSONScanner.SyntaxError(offset: parser.offset, message: "unexpected text after the evaluation's closing }")
            }
        } catch let error as JSONScanner.SyntaxError {
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
            if value.isEmpty {
                problem(name, "must not be empty", at: end)
            } else if let message = RecordIdentifiers.problem(value) {
                problem(name, message, at: end)
            }
            return value
        }
        if let teamID, let message = RecordIdentifiers.problem(teamID) { problem("teamId", message, at: end) }
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
        let dateText = required(callDate, "callDate")
        let date = dateText.isEmpty ? nil : CalendarDay.parseDateOrTimestamp(dateText)
        if !dateText.isEmpty, date == nil {
            problem("callDate", RecordDates.callDateMessage, at: end)
        }
        let evaluatedText = required(evaluatedAt, "evaluatedAt")
        let evaluated = evaluatedText.isEmpty ? nil : Timestamp(evaluatedText)
        if !evaluatedText.isEmpty, evaluated == nil {
            problem("evaluatedAt", RecordDates.evaluatedAtMessage, at: end)
        }
        if answers == nil, !problems.contains(where: { $0.field == "answers" }) {
            problem("answers", "missing required field", at: end)
        }
        guard problems.isEmpty, let date, let evaluated else {
            return .invalid(problems.map { var p = $0; p.evaluationID = id; return p })
        }
        return .evaluation(
            Evaluation(
                id: evaluationID, callID: call, agentID: agent, teamID: teamID, assessorID: assessor,
                scorecardID: scID, scorecardVersion: scVersion, callDate: date.day, callTimestamp: date.timestamp,
                evaluatedAt: evaluated, answers: answers ?? [:], comments: comments, purpose: purpose),
            RecordLocation(file: file, line: firstLine))
    }
}
