#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor in 1 MiB `read(2)` chunks and hands out lines (for JSON Lines) without holding
/// more than the current chunk and the line being read.
package final class LineInput {
    private let fd: Int32
    private let closeWhenDone: Bool
    private let path: String
    private var pending: [UInt8]
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false
    private let chunkSize: Int
    /// The number of the line most recently returned (1-based).
    package private(set) var lineNumber = 0
    /// The longest line handed out; a longer one is skipped without being held (`lastLineWasTooLong`).
    package let maxLineBytes: Int
    /// Whether the line most recently returned was longer than `maxLineBytes`: it was then skipped unread and
    /// handed out empty.
    package private(set) var lastLineWasTooLong = false
    /// The byte that ends a line: LF (for LF and CRLF files), or CR for files whose lines end in a bare CR (as
    /// some older exports write them), decided from the input's first line end.
    private var separator: UInt8 = 0x0A
    private var separatorDecided = false

    package init(fd: Int32, closeWhenDone: Bool, path: String, prefix: [UInt8] = [], chunkSize: Int = 1 << 20,
                 maxLineBytes: Int = Int.max) {
        self.maxLineBytes = maxLineBytes
        self.fd = fd
        self.closeWhenDone = closeWhenDone
        self.path = path
        self.pending = prefix
        self.chunkSize = chunkSize
        capacity = 2 * chunkSize
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        buffer.deallocate()
        if closeWhenDone { close(fd) }
    }

    private func refill() throws -> Bool {
        if start > 0 {
            let live = end - start
            if live > 0 { memmove(buffer, buffer + start, live) }
            end = live
            start = 0
        }
        if capacity - end < chunkSize {
            let newCapacity = max(capacity * 2, end + chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        if !pending.isEmpty {
            let n = pending.count
            if capacity - end < n {
                let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: end + n)
                grown.update(from: buffer, count: end)
                buffer.deallocate()
                buffer = grown
                capacity = end + n
            }
            pending.withUnsafeBufferPointer { src in
                if let base = src.baseAddress { (buffer + end).update(from: base, count: n) }
            }
            end += n
            pending = []
            return true
        }
        while true {
            let n = read(fd, buffer + end, chunkSize)
            if n > 0 { end += n; return true }
            if n == 0 { eof = true; return false }
            if errno == EINTR { continue }
            throw FileError(path: path, reason: readFailure(path: path, errno: errno))
        }
    }

    /// The next line (without its LF or CRLF), or `nil` at the end of the input; `lineNumber` is its number.
    /// The bytes stay valid until the next call (a plain call, no closure or generic, so reading through it
    /// from another module costs no more than it did inside Records).
    /// A line longer than `maxLineBytes` is handed out empty with `lastLineWasTooLong` set; its bytes are
    /// dropped as they are read, so memory stays within the limit and a chunk.
    package func nextLine() throws -> UnsafeBufferPointer<UInt8>? {
        if !separatorDecided { try decideSeparator() }
        let separator = self.separator
        var scanFrom = start
        var skipping = false
        lastLineWasTooLong = false
        while true {
            if skipping {
                // An over-long line: its bytes are dropped as they come, up to its end.
                if start < end, let hit = memchr(buffer + start, Int32(separator), end - start) {
                    start = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                } else {
                    start = end
                    if try refill() { continue }
                }
                lineNumber += 1
                lastLineWasTooLong = true
                return UnsafeBufferPointer(start: buffer, count: 0)
            }
            if scanFrom < end, let hit = memchr(buffer + scanFrom, Int32(separator), end - scanFrom) {
                let newline = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                var lineEnd = newline
                if separator == 0x0A, lineEnd > start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(start: buffer + start, count: lineEnd - start)
                start = newline + 1
                lineNumber += 1
                return checked(line)
            }
            if eof {
                guard start < end else { return nil }
                var lineEnd = end
                if buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                let line = UnsafeBufferPointer(start: buffer + start, count: lineEnd - start)
                start = end
                lineNumber += 1
                return checked(line)
            }
            let scanned = end - start
            if scanned > maxLineBytes {
                skipping = true
                start = end
                continue
            }
            _ = try refill()
            scanFrom = start + scanned
        }
    }
}

extension LineInput {
    /// Looks at the input's first line end (reading as far as it, within the line limit): a CR not followed by
    /// an LF makes CR the line separator for the whole input; anything else keeps LF (LF and CRLF files).
    private func decideSeparator() throws {
        separatorDecided = true
        var scanned = 0
        while true {
            var p = start + scanned
            while p < end, buffer[p] != 0x0A, buffer[p] != 0x0D { p += 1 }
            if p < end {
                guard buffer[p] == 0x0D else { return }
                if p + 1 < end {
                    if buffer[p + 1] != 0x0A { separator = 0x0D }
                    return
                }
                if eof { return }
                scanned = p - start
                _ = try refill()
                continue
            }
            if eof || end - start > maxLineBytes { return }
            scanned = end - start
            _ = try refill()
        }
    }

    /// `line`, or an empty line marked `lastLineWasTooLong` when it is over the limit.
    @inline(__always)
    private func checked(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard line.count > maxLineBytes else { return line }
        lastLineWasTooLong = true
        return UnsafeBufferPointer(start: line.baseAddress, count: 0)
    }
}

/// Reads everything from a file descriptor (for single-record JSON files), refusing more than `limit` bytes.
package func readWhole(fd: Int32, path: String, prefix: [UInt8] = [], limit: Int = 64 << 20) throws -> [UInt8]? {
    var bytes = prefix
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return nil }
        } else if n == 0 {
            return bytes
        } else if errno != EINTR {
            throw FileError(path: path, reason: readFailure(path: path, errno: errno))
        }
    }
}

/// Opens a file for reading or throws a `FileError` a QA analyst can act on.
package func openForReading(_ path: String) throws -> Int32 {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    if fd < 0 {
        throw FileError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    return fd
}

/// Why a read failed, in words a user can act on: a closed standard input says what to do instead.
package func readFailure(path: String, errno code: Int32) -> String {
    if path == "-" && code == EBADF {
        return "standard input is closed; pipe the evaluations in, or give file or folder names instead of -"
    }
    return "reading failed: \(String(cString: strerror(code)))"
}
