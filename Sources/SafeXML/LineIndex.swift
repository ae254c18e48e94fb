/// Turns byte offsets into UTF-8 text into line:column positions (columns count Unicode scalars).
///
/// Every lookup costs O(log lines) plus at most `stride` bytes, whatever the order of the lookups and however
/// long the line: a table of line starts is built once, and so is the number of Unicode scalars before every
/// `stride`-th byte; a column is the difference of two such counts. `bytesScanned` counts the bytes looked at
/// after the tables were built, so tests can prove the work is linear without timing anything.
final class LineIndex {
    /// Bytes between two scalar-count checkpoints.
    static let stride = 64

    private let bytes: [UInt8]
    private let lineStarts: [Int]
    /// `scalarCheckpoints[k]`: Unicode scalars that start before byte `k * stride`.
    private let scalarCheckpoints: [Int]
    private let hasByteOrderMark: Bool
    /// Bytes examined by lookups (not by building the tables); for tests.
    private(set) var bytesScanned = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        var checkpoints: [Int] = []
        checkpoints.reserveCapacity(bytes.count / Self.stride + 1)
        var scalars = 0
        for (offset, byte) in bytes.enumerated() {
            if offset % Self.stride == 0 { checkpoints.append(scalars) }
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        }
        if bytes.count % Self.stride == 0 { checkpoints.append(scalars) }
        self.lineStarts = starts
        self.scalarCheckpoints = checkpoints
        self.hasByteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
    }

    /// Unicode scalars that start before `offset` (0 ≤ offset ≤ bytes.count).
    private func scalars(before offset: Int) -> Int {
        let checkpoint = offset / Self.stride
        var count = scalarCheckpoints[checkpoint]
        var index = checkpoint * Self.stride
        bytesScanned += offset - index
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { count += 1 }
            index += 1
        }
        return count
    }

    func position(ofByte offset: Int) -> XMLPosition {
        guard offset >= 0, offset <= bytes.count else { return .unknown }
        // Last line start ≤ offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var column = scalars(before: offset) - scalars(before: lineStarts[low]) + 1
        // A leading byte-order mark is not a visible column.
        if low == 0, hasByteOrderMark, offset >= 3 { column -= 1 }
        return XMLPosition(line: low + 1, column: column)
    }

    /// The offset of the `<` that starts the tag whose parsing ended near `offset` (attribute values cannot hold
    /// `<`, so the scan covers one tag).
    func tagStart(before offset: Int) -> Int? {
        var index = min(offset, bytes.count - 1)
        while index >= 0 {
            bytesScanned += 1
            if bytes[index] == UInt8(ascii: "<") { return index }
            index -= 1
        }
        return nil
    }

    /// Offsets of each attribute name in the start tag at `tagOffset`, keyed by qualified name (one scan of the tag;
    /// callers keep the result rather than scanning again).
    func attributeOffsets(inTagAt tagOffset: Int) -> [String: Int] {
        var result: [String: Int] = [:]
        var index = tagOffset + 1
        defer { bytesScanned += max(0, index - tagOffset) }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        func isNameEnd(_ b: UInt8) -> Bool { isSpace(b) || b == UInt8(ascii: "=") || b == UInt8(ascii: ">") || b == UInt8(ascii: "/") }
        // Skip the element name.
        while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
        while index < bytes.count {
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") else { break }
            let nameStart = index
            while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { break }
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            guard index < bytes.count else { break }
            let quote = bytes[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { break }
            index += 1
            while index < bytes.count, bytes[index] != quote { index += 1 }
            index += 1
            if result[name] == nil { result[name] = nameStart }
        }
        return result
    }
}
