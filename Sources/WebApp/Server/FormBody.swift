import Hummingbird

/// An `application/x-www-form-urlencoded` body as ordered name/value pairs (a name may repeat: a multi-select's
/// options). Limited in size; bytes that are not valid percent-encoding or UTF-8 are refused as a bad request.
public struct FormBody: Sendable {
    public var pairs: [(String, String)]

    /// The first value of `name`.
    public subscript(_ name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Every value of `name`.
    public func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    public init(pairs: [(String, String)]) { self.pairs = pairs }

    /// Reads and parses the request's body.
    public static func read(_ request: Request, context: AppContext) async throws -> FormBody {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let parsed = parse(Array(buffer.readableBytesView)) else {
            throw HTTPError(.badRequest, message: "The form could not be read.")
        }
        return parsed
    }

    /// Parses `name=value&…` (`+` is a space; `%XX` a byte). Nil for malformed input.
    public static func parse(_ bytes: [UInt8]) -> FormBody? {
        var pairs: [(String, String)] = []
        for part in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let pieces = part.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0]) else { return nil }
            let value = pieces.count > 1 ? decode(pieces[1]) : ""
            guard let value else { return nil }
            pairs.append((name, value))
        }
        return FormBody(pairs: pairs)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, let hi = hex(bytes[i + 1]), let lo = hex(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
