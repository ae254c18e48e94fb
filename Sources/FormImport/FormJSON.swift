import Foundation
import JSON

/// Reads a whole form with the one strict JSON reader; refuses oversized input before parsing.
enum FormJSON {
    static func parse(_ data: Data, limit: Int) throws(FormImportError) -> JSONValue {
        guard data.count <= limit else {
            throw FormImportError(problems: [ImportProblem(
                path: "$", message: "the file is \(data.count) bytes; forms larger than \(limit) bytes are refused")])
        }
        do {
            return try JSONReader.read(Array(data), limits: JSONLimits(maximumBytes: limit))
        } catch {
            throw FormImportError(problems: [ImportProblem(path: "$", message: "the file is not valid JSON (\(error))")])
        }
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
