/// Turns an `Encodable` value into a `JSONValue` tree (for reports whose shape is their Swift type), so that
/// `JSONWriter` is the only code that writes JSON text. Keys are kept in the order the type encodes them, or
/// sorted by `JSONObject.sortedByKey()`; optional values that are `nil` are left out, as Foundation's encoder did.
public struct JSONValueEncoder: Sendable {
    /// What becomes of infinity and NaN.
    public enum NonFiniteNumbers: Hashable, Sendable {
        /// Kept as numbers, so `JSONWriter` refuses them with the path of the first one.
        case refuse
        /// Written as the strings `"inf"`, `"-inf"` and `"nan"` (for reports that document it).
        case strings
    }

    public var sortedKeys: Bool
    public var nonFiniteNumbers: NonFiniteNumbers

    public init(sortedKeys: Bool = false, nonFiniteNumbers: NonFiniteNumbers = .refuse) {
        self.sortedKeys = sortedKeys
        self.nonFiniteNumbers = nonFiniteNumbers
    }

    /// The tree for `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = Slot()
        try value.encode(to: TreeEncoder(slot: root, options: self, codingPath: []))
        return root.value(sortedKeys: sortedKeys)
    }

    /// The text for `value`, written by `JSONWriter`.
    public func text<T: Encodable>(_ value: T, style: JSONWriter.Style) throws -> String {
        try JSONWriter.write(encode(value), style: style)
    }
}

/// A place a value is encoded into; containers fill it in as the encoder goes.
private final class Slot {
    enum Kind { case empty, value, object, array }

    var kind = Kind.empty
    var scalar = JSONValue.null
    var keys: [String] = []
    var members: [String: Slot] = [:]
    var elements: [Slot] = []

    func set(_ value: JSONValue) {
        kind = .value
        scalar = value
    }

    func value(sortedKeys: Bool) -> JSONValue {
        switch kind {
        case .empty: return .object(JSONObject())
        case .value: return scalar
        case .array: return .array(elements.map { $0.value(sortedKeys: sortedKeys) })
        case .object:
            let object = JSONObject(keys.map { ($0, members[$0]?.value(sortedKeys: sortedKeys) ?? .null) })
            return .object(sortedKeys ? object.sortedByKey() : object)
        }
    }

    /// The slot for `key` in an object (the same slot when a key is encoded again, as Foundation replaced it).
    func member(_ key: String) -> Slot {
        makeObject()
        if let found = members[key] { return found }
        let slot = Slot()
        keys.append(key)
        members[key] = slot
        return slot
    }

    func makeObject() {
        if kind != .object { kind = .object }
    }

    func makeArray() {
        if kind != .array { kind = .array }
    }

    func appendElement() -> Slot {
        makeArray()
        let slot = Slot()
        elements.append(slot)
        return slot
    }

    var count: Int { elements.count }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct TreeEncoder: Encoder {
    let slot: Slot
    let options: JSONValueEncoder
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        slot.makeObject()
        return KeyedEncodingContainer(KeyedContainer<Key>(slot: slot, options: options, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        slot.makeArray()
        return UnkeyedContainer(slot: slot, options: options, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(slot: slot, options: options, codingPath: codingPath)
    }
}

/// Encodes one primitive or nested value into a slot: the shared logic of the three containers.
private func put<T: Encodable>(_ value: T, into slot: Slot, options: JSONValueEncoder, path: [any CodingKey]) throws {
    switch value {
    case let v as String: slot.set(.string(v))
    case let v as Bool: slot.set(.bool(v))
    case let v as Double: slot.set(number(v, options))
    case let v as Float: slot.set(number(Double(v), options))
    case let v as Int: slot.set(.integer(JSONInteger(v)))
    case let v as Int8: slot.set(.integer(JSONInteger(v)))
    case let v as Int16: slot.set(.integer(JSONInteger(v)))
    case let v as Int32: slot.set(.integer(JSONInteger(v)))
    case let v as Int64: slot.set(.integer(JSONInteger(v)))
    case let v as UInt: slot.set(.integer(JSONInteger(v)))
    case let v as UInt8: slot.set(.integer(JSONInteger(v)))
    case let v as UInt16: slot.set(.integer(JSONInteger(v)))
    case let v as UInt32: slot.set(.integer(JSONInteger(v)))
    case let v as UInt64: slot.set(.integer(JSONInteger(v)))
    case let v as JSONValue: slot.set(v)
    default: try value.encode(to: TreeEncoder(slot: slot, options: options, codingPath: path))
    }
}

private func number(_ value: Double, _ options: JSONValueEncoder) -> JSONValue {
    guard !value.isFinite, options.nonFiniteNumbers == .strings else { return .number(value) }
    return .string(value.isNaN ? "nan" : value > 0 ? "inf" : "-inf")
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let slot: Slot
    let options: JSONValueEncoder
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { slot.member(key.stringValue).set(.null) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try put(value, into: slot.member(key.stringValue), options: options, path: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = slot.member(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: child, options: options, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = slot.member(key.stringValue)
        child.makeArray()
        return UnkeyedContainer(slot: child, options: options, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(slot: slot.member("super"), options: options, codingPath: codingPath + [AnyKey(stringValue: "super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(slot: slot.member(key.stringValue), options: options, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let slot: Slot
    let options: JSONValueEncoder
    let codingPath: [any CodingKey]
    var count: Int { slot.count }

    mutating func encodeNil() throws { slot.appendElement().set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = AnyKey(intValue: count)
        try put(value, into: slot.appendElement(), options: options, path: codingPath + [index])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let index = AnyKey(intValue: count)
        let child = slot.appendElement()
        child.makeObject()
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(slot: child, options: options, codingPath: codingPath + [index]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = AnyKey(intValue: count)
        let child = slot.appendElement()
        child.makeArray()
        return UnkeyedContainer(slot: child, options: options, codingPath: codingPath + [index])
    }

    mutating func superEncoder() -> any Encoder {
        let index = AnyKey(intValue: count)
        return TreeEncoder(slot: slot.appendElement(), options: options, codingPath: codingPath + [index])
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let slot: Slot
    let options: JSONValueEncoder
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { slot.set(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try put(value, into: slot, options: options, path: codingPath)
    }
}
