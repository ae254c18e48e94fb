import TextEscaping

/// Why a value could not be written as JSON.
public struct JSONWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where in the value, as a path from the root (`$.plans[0].trend.pointsPerWeek`).
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// The one JSON writer: compact or pretty, keys in the order given, numbers as `NumberText.plain` writes them
/// (whole numbers without `.0`, others in Swift's shortest round-trip form), strings escaped by
/// `Escaping.jsonString`. A number JSON cannot hold (infinity, NaN) is refused with a `JSONWriteError` naming
/// its path, never written as something else.
public enum JSONWriter {
    /// How the text is laid out.
    public enum Style: Hashable, Sendable {
        /// One line, no spaces: `{"a":1,"b":[true,null]}`.
        case compact
        /// One line with a space after each `:` and `,`: `{"a": 1, "b": [true, null]}`.
        case line
        /// Two-space indentation, one member or element per line, `"key": value`; empty objects and lists as
        /// `{}` and `[]`. No newline after the last line.
        case pretty
    }

    /// The text of `value`.
    public static func write(_ value: JSONValue, style: Style = .compact) throws(JSONWriteError) -> String {
        var out = ""
        do {
            try write(value, style: style, indent: 0, to: &out)
        } catch {
            throw JSONWriteError(path: "$" + error.path.reversed().joined(), message: error.message)
        }
        return out
    }

    /// A JSON string literal, quotes included (for writers that stream their output).
    public static func string(_ text: String) -> String { Escaping.jsonString(text) }

    /// A JSON number, or `nil` for infinity and NaN, which JSON cannot hold (for writers that stream their
    /// output and decide themselves what an undefined figure becomes).
    public static func number(_ value: Double) -> String? {
        value.isFinite ? NumberText.plain(value) : nil
    }

    private struct Failure: Error {
        var path: [String]
        var message: String
    }

    private static func write(_ value: JSONValue, style: Style, indent: Int, to out: inout String) throws(Failure) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .string(let text): out += Escaping.jsonString(text)
        case .integer(let integer): out += integer.description
        case .number(let number):
            guard let text = Self.number(number) else {
                throw Failure(path: [], message: "\(number) is not a number JSON can hold (infinite or not a number)")
            }
            out += text
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += style == .line ? ", " : "," }
                newline(style, indent + 1, &out)
                do {
                    try write(item, style: style, indent: indent + 1, to: &out)
                } catch {
                    throw Failure(path: error.path + ["[\(index)]"], message: error.message)
                }
            }
            newline(style, indent, &out)
            out += "]"
        case .object(let object):
            guard !object.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { out += style == .line ? ", " : "," }
                newline(style, indent + 1, &out)
                out += Escaping.jsonString(member.key)
                out += style == .compact ? ":" : ": "
                do {
                    try write(member.value, style: style, indent: indent + 1, to: &out)
                } catch {
                    throw Failure(path: error.path + [pathComponent(member.key)], message: error.message)
                }
            }
            newline(style, indent, &out)
            out += "}"
        }
    }

    private static func newline(_ style: Style, _ indent: Int, _ out: inout String) {
        guard style == .pretty else { return }
        out += "\n"
        out += String(repeating: "  ", count: indent)
    }

    /// `.key` for plain keys, `["…"]` otherwise (keys are the writer's own field names, not call data).
    private static func pathComponent(_ key: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
        return plain ? "." + key : "[" + Escaping.jsonString(key) + "]"
    }
}
