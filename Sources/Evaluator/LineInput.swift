#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an evaluation session reads what the assessor types: one line at a time, `nil` at the end of input.
public protocol LineInput {
    mutating func readLine() -> String?
}

/// The assessor's keyboard, or whatever is piped into standard input.
public struct StandardInputLines: LineInput {
    public init() {}

    public mutating func readLine() -> String? {
        Swift.readLine(strippingNewline: true)
    }

    /// Whether standard input is an interactive terminal (false when piped or redirected).
    public static var isTerminal: Bool { isatty(0) == 1 }
}

/// A fixed script of lines, as a test or a piped file would supply them.
public struct ScriptedLines: LineInput {
    private var lines: [String]
    private var next = 0

    public init(_ lines: [String]) {
        self.lines = lines
    }

    public mutating func readLine() -> String? {
        guard next < lines.count else { return nil }
        defer { next += 1 }
        return lines[next]
    }

    /// How many lines have been read so far.
    public var consumed: Int { next }
}
