/// A JSON document as a tree. Objects keep their members in the order read or given, so reading and writing
/// are deterministic and a reader can name the first of two duplicate keys.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    /// A whole number with every digit kept, for writers (a 64-bit seed or id beyond 2^53 would be rounded as a
    /// `Double`). The reader gives every number as `.number`.
    case integer(JSONInteger)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A whole number (written without `.0`).
    public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// The value, or `null` when there is none.
    public static func optional(_ value: JSONValue?) -> JSONValue { value ?? .null }

    /// A number, or `null` when there is none.
    public static func optionalNumber(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }

    /// A string, or `null` when there is none.
    public static func optionalString(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// A short name of the value's kind, for messages (`text`, `a number`, `a list`, …).
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "true/false"
        case .number, .integer: return "a number"
        case .string: return "text"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// The member `key` of an object (`nil` for other kinds or when absent).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }
}

/// The digits of a whole number, made only from a Swift integer (so always valid JSON number text).
public struct JSONInteger: Sendable, Hashable, CustomStringConvertible {
    /// The decimal digits, with a leading `-` when negative.
    public let description: String

    public init<T: BinaryInteger>(_ value: T) {
        description = String(value)
    }
}

/// The members of a JSON object, in order. Built by `JSONReader` (which refuses duplicate keys) or by writers
/// from an array or dictionary literal of `(key, value)` pairs, kept in the order written.
public struct JSONObject: Sendable, Equatable, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// One member: a key and its value.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    public init(_ pairs: [(String, JSONValue)]) {
        members = pairs.map { Member(key: $0.0, value: $0.1) }
    }

    public init(arrayLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// The value of the first member named `key`.
    public subscript(key: String) -> JSONValue? {
        members.first { $0.key == key }?.value
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// Appends a member (no check for duplicates: writers give each key once).
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key: key, value: value))
    }

    /// The members sorted by key, byte by byte in UTF-8 (the order `sortedKeys` gave in Foundation's encoder).
    public func sortedByKey() -> JSONObject {
        JSONObject(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
    }
}
