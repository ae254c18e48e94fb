import Foundation
import PostgresNIO

/// How the workspace's SQL and values cross to PostgreSQL: `?` placeholders become `$1…$n`, `SQLValue`s are
/// bound with their own types, and result cells come back as `SQLValue`s.
enum PostgresValues {
    /// The statement with its `?` placeholders numbered `$1…$n` (in order), skipping quoted text ('…', "…",
    /// E'…' with backslash escapes, $tag$…$tag$), and comments; and how many there were.
    static func numberPlaceholders(_ sql: String) -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        guard bytes.contains(UInt8(ascii: "?")) else { return (sql, 0) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var count = 0
        var i = 0
        let n = bytes.count
        func copy(until end: Int) {
            out.append(contentsOf: bytes[i..<min(end, n)])
            i = min(end, n)
        }
        while i < n {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "?"):
                count += 1
                out.append(contentsOf: Array("$\(count)".utf8))
                i += 1
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let escapes = c == UInt8(ascii: "'") && i > 0 && (bytes[i - 1] == UInt8(ascii: "E") || bytes[i - 1] == UInt8(ascii: "e"))
                var j = i + 1
                while j < n {
                    if escapes && bytes[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if bytes[j] == c {
                        if j + 1 < n && bytes[j + 1] == c { j += 2; continue }  // doubled quote
                        break
                    }
                    j += 1
                }
                copy(until: j + 1)
            case UInt8(ascii: "-") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "-"):
                var j = i + 2
                while j < n && bytes[j] != UInt8(ascii: "\n") { j += 1 }
                copy(until: j)
            case UInt8(ascii: "/") where i + 1 < n && bytes[i + 1] == UInt8(ascii: "*"):
                var j = i + 2
                while j + 1 < n && !(bytes[j] == UInt8(ascii: "*") && bytes[j + 1] == UInt8(ascii: "/")) { j += 1 }
                copy(until: j + 2)
            case UInt8(ascii: "$"):
                // A dollar-quote opener: $$ or $tag$ (tag: letters, digits, _; not starting with a digit).
                var j = i + 1
                while j < n, bytes[j] == UInt8(ascii: "_") || (bytes[j] | 0x20 >= UInt8(ascii: "a") && bytes[j] | 0x20 <= UInt8(ascii: "z"))
                    || (j > i + 1 && bytes[j] >= UInt8(ascii: "0") && bytes[j] <= UInt8(ascii: "9")) { j += 1 }
                if j < n && bytes[j] == UInt8(ascii: "$") {
                    let tag = Array(bytes[i...j])
                    var k = j + 1
                    while k + tag.count <= n && !bytes[k..<(k + tag.count)].elementsEqual(tag) { k += 1 }
                    copy(until: k + tag.count)
                } else {
                    copy(until: i + 1)
                }
            default:
                out.append(c)
                i += 1
            }
        }
        return (String(decoding: out, as: UTF8.self), count)
    }

    /// A statement ready to send: placeholders numbered and every value bound with its type (`.integer` as
    /// int8, `.real` as float8, `.text` as text, `.null` as a NULL of no stated type, which the server gives
    /// the type its place needs).
    static func query(_ sql: String, _ bindings: [SQLValue]) throws -> PostgresQuery {
        let (text, count) = numberPlaceholders(sql)
        guard count == bindings.count else {
            throw DatabaseError("a workspace statement has \(count) placeholders but \(bindings.count) values (a bug in qa: report it)")
        }
        var binds = PostgresBindings(capacity: bindings.count)
        for value in bindings {
            switch value {
            case .null: binds.appendNull()
            case .integer(let i): binds.append(i)
            case .real(let d): binds.append(d)
            case .text(let t): binds.append(t)
            }
        }
        return PostgresQuery(unsafeSQL: text, binds: binds)
    }

    /// One result row as `SQLValue`s: int2/int4/int8 → integer, float4/float8/numeric → real, bool → integer 1/0
    /// (as SQLite gives a comparison), NULL → null, text and anything else → text.
    static func row(_ row: PostgresRow) -> SQLRow {
        var values: [SQLValue] = []
        for cell in row { values.append(value(cell)) }
        return SQLRow(values)
    }

    static func value(_ cell: PostgresCell) -> SQLValue {
        guard var bytes = cell.bytes else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8:
            if let i = try? cell.decode(Int64.self) { return .integer(i) }
        case .float4, .float8:
            if let d = try? cell.decode(Double.self) { return .real(d) }
        case .numeric:
            if let d = try? cell.decode(Decimal.self), let double = Double(d.description) { return .real(double) }
        case .bool:
            if let b = try? cell.decode(Bool.self) { return .integer(b ? 1 : 0) }
        case .timestamptz, .timestamp:
            if let date = try? cell.decode(Date.self) { return .text(isoTimestamp(date)) }
        case .date:
            if let date = try? cell.decode(Date.self) { return .text(String(isoTimestamp(date).prefix(10))) }
        case .bytea:
            return .text(String(decoding: bytes.readableBytesView, as: UTF8.self))
        default:
            break
        }
        if let text = try? cell.decode(String.self) { return .text(text) }
        return .text(String(decoding: bytes.readBytes(length: bytes.readableBytes) ?? [], as: UTF8.self))
    }

    private static func isoTimestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}

/// A one-dimensional PostgreSQL array of int8, float8 or text, NULLs allowed, in the binary format (what
/// postgres-nio's own array encoding cannot do: it has no optional elements).
struct PostgresValueArray: PostgresDynamicTypeEncodable, Sendable {
    enum Element: Sendable {
        case int8
        case float8
        case text

        var oid: Int32 {
            switch self {
            case .int8: return 20
            case .float8: return 701
            case .text: return 25
            }
        }

        var arrayType: PostgresDataType {
            switch self {
            case .int8: return .int8Array
            case .float8: return .float8Array
            case .text: return .textArray
            }
        }

        var sqlName: String {
            switch self {
            case .int8: return "int8"
            case .float8: return "float8"
            case .text: return "text"
            }
        }

        /// The element type a column's values need (nil when they are all NULL): text if any is text, else
        /// float8 if any is real, else int8.
        init?(_ values: some Sequence<SQLValue>) {
            var kind: Element?
            for value in values {
                switch value {
                case .null: continue
                case .text: self = .text; return
                case .real: kind = .float8
                case .integer: if kind == nil { kind = .int8 }
                }
            }
            guard let kind else { return nil }
            self = kind
        }
    }

    var element: Element
    var values: [SQLValue]

    var psqlType: PostgresDataType { element.arrayType }
    var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        buffer.writeInteger(Int32(1))  // dimensions
        buffer.writeInteger(Int32(values.contains(.null) ? 1 : 0))
        buffer.writeInteger(element.oid)
        buffer.writeInteger(Int32(values.count))
        buffer.writeInteger(Int32(1))  // lower bound
        for value in values {
            switch (element, value) {
            case (_, .null):
                buffer.writeInteger(Int32(-1))
            case (.int8, _):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger(value.integer ?? 0)
            case (.float8, _):
                buffer.writeInteger(Int32(8))
                buffer.writeInteger((value.real ?? 0).bitPattern)
            case (.text, .text(let t)):
                buffer.writeInteger(Int32(t.utf8.count))
                buffer.writeString(t)
            case (.text, .integer(let i)):
                let t = String(i)
                buffer.writeInteger(Int32(t.utf8.count))
                buffer.writeString(t)
            case (.text, .real(let d)):
                let t = "\(d)"
                buffer.writeInteger(Int32(t.utf8.count))
                buffer.writeString(t)
            }
        }
    }
}
