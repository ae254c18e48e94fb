/// A place in a JSON text: 1-based line and column (columns count characters, not bytes).
public struct JSONPosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of byte `offset` in `bytes` (an offset past the end is placed just after the last byte).
    public static func of(offset: Int, in bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1) -> JSONPosition {
        var line = firstLine
        var column = 1
        var i = 0
        let end = min(max(0, offset), bytes.count)
        while i < end {
            let c = bytes[i]
            if c == 0x0A {
                line += 1
                column = 1
            } else if c & 0xC0 != 0x80 {
                column += 1  // UTF-8 continuation bytes do not start a character
            }
            i += 1
        }
        return JSONPosition(line: line, column: column)
    }

    /// `line L, column C`.
    public var description: String { "line \(line), column \(column)" }
}
