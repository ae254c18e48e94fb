import Foundation

/// A parsed JSON document, kept as a tree so that every value can be reported with its path.
enum JSONValue: Decodable, Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// A short name of the value's kind, for messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a true/false value"
        case .number: return "a number"
        case .string: return "text"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// Parses a whole document; refuses oversized input before parsing.
    static func parse(_ data: Data, limit: Int) throws(FormImportError) -> JSONValue {
        guard data.count <= limit else {
            throw FormImportError(problems: [ImportProblem(
                path: "$", message: "the file is \(data.count) bytes; forms larger than \(limit) bytes are refused")])
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw FormImportError(problems: [ImportProblem(
                path: "$", message: "the file is not valid JSON (\(Self.reason(error)))")])
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
                return detail
            }
            return context.debugDescription
        }
        return "unreadable"
    }
}

/// Collects every problem found while reading a form, so that one pass reports them all.
final class ProblemLog {
    private(set) var problems: [ImportProblem] = []
    private(set) var losses: [ImportLoss] = []

    func problem(_ path: String, _ message: String) {
        problems.append(ImportProblem(path: path, message: message))
    }

    func loss(_ path: String, what: String, reason: String) {
        losses.append(ImportLoss(path: path, what: what, reason: reason))
    }
}

/// A JSON value together with its path from the document root, with typed accessors that log problems.
struct JSONNode {
    let value: JSONValue
    let path: String

    /// The member `key`, or `nil` when it is absent or `null`.
    func member(_ key: String) -> JSONNode? {
        guard case .object(let members) = value, let child = members[key] else { return nil }
        if case .null = child { return nil }
        return JSONNode(value: child, path: "\(path).\(key)")
    }

    var isObject: Bool {
        if case .object = value { return true }
        return false
    }

    func string(_ key: String, _ log: ProblemLog) -> String? {
        guard let child = member(key) else { return nil }
        guard case .string(let text) = child.value else {
            log.problem(child.path, "expected text, found \(child.value.kindName)")
            return nil
        }
        return text
    }

    func requiredString(_ key: String, _ log: ProblemLog) -> String? {
        guard member(key) != nil else {
            log.problem("\(path).\(key)", "this field is required but missing")
            return nil
        }
        return string(key, log)
    }

    func bool(_ key: String, _ log: ProblemLog) -> Bool? {
        guard let child = member(key) else { return nil }
        guard case .bool(let flag) = child.value else {
            log.problem(child.path, "expected true or false, found \(child.value.kindName)")
            return nil
        }
        return flag
    }

    func number(_ key: String, _ log: ProblemLog) -> Double? {
        guard let child = member(key) else { return nil }
        guard case .number(let number) = child.value, number.isFinite else {
            log.problem(child.path, "expected a number, found \(child.value.kindName)")
            return nil
        }
        return number
    }

    func object(_ key: String, _ log: ProblemLog) -> JSONNode? {
        guard let child = member(key) else { return nil }
        guard child.isObject else {
            log.problem(child.path, "expected an object, found \(child.value.kindName)")
            return nil
        }
        return child
    }

    /// The elements of the list `key` (empty when absent; a problem when not a list).
    func array(_ key: String, _ log: ProblemLog) -> [JSONNode] {
        guard let child = member(key) else { return [] }
        guard case .array(let elements) = child.value else {
            log.problem(child.path, "expected a list, found \(child.value.kindName)")
            return []
        }
        return elements.enumerated().map { JSONNode(value: $1, path: "\(child.path)[\($0)]") }
    }
}
