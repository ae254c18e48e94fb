/// Turns byte offsets into UTF-8 text into line:column positions (columns count Unicode scalars).
struct LineIndex {
    private let bytes: [UInt8]
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
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
        let start = lineStarts[low]
        var column = 1
        var index = start
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        // A leading byte-order mark is not a visible column.
        if low == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]), offset >= 3 { column -= 1 }
        return XMLPosition(line: low + 1, column: column)
    }

    /// The offset of the `<` that starts the tag whose parsing ended near `offset` (attribute values cannot hold `<`).
    func tagStart(before offset: Int) -> Int? {
        var index = min(offset, bytes.count - 1)
        while index >= 0 {
            if bytes[index] == UInt8(ascii: "<") { return index }
            index -= 1
        }
        return nil
    }

    /// Offsets of each attribute name in the start tag at `tagOffset`, keyed by qualified name.
    func attributeOffsets(inTagAt tagOffset: Int) -> [String: Int] {
        var result: [String: Int] = [:]
        var index = tagOffset + 1
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
