#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress counter on standard error ("scored 120,000 records…"), redrawn at most every 0.25 s,
/// and only when standard error is a terminal — never in pipes, files or CI logs.
public final class ProgressLine {
    private let verb: String
    private let fd: Int32
    public let isEnabled: Bool
    private var lastDraw: UInt64 = 0
    private var drawn = false
    private static let interval: UInt64 = 250_000_000

    /// `verb` is the past tense shown before the count ("scored", "read").
    public init(verb: String, fileDescriptor: Int32 = STDERR_FILENO) {
        self.verb = verb
        self.fd = fileDescriptor
        self.isEnabled = isatty(fileDescriptor) == 1
    }

    /// Reports that `count` records are done; draws only if enabled and 0.25 s have passed.
    public func update(_ count: Int) {
        guard isEnabled else { return }
        let now = Self.monotonicNanoseconds()
        guard !drawn || now &- lastDraw >= Self.interval else { return }
        lastDraw = now
        drawn = true
        emit("\r\(verb) \(Self.grouped(count)) records…\u{1B}[K")
    }

    /// Clears the line (call before printing the results).
    public func finish() {
        guard isEnabled, drawn else { return }
        emit("\r\u{1B}[K")
        drawn = false
    }

    /// `1234567` → `1,234,567`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }

    private func emit(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    private static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
