#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One CSV record as Strings.
public struct CSVRow: Hashable, Sendable {
    /// The record's fields, unquoted (`""` inside a quoted field becomes `"`).
    public var fields: [String]
    /// The physical line (1-based) the record starts on; a quoted field may carry it over several lines.
    public var line: Int
    /// The record number (1-based; the header is record 1).
    public var index: Int

    public init(fields: [String], line: Int, index: Int) {
        self.fields = fields
        self.line = line
        self.index = index
    }
}

/// A streaming RFC 4180 CSV reader, written by hand for speed.
///
/// Why not a package: on this machine the CSV packages on the offline list read 8–13 MB/s, while a byte
/// scanner with 1 MiB `read(2)` chunks and fields kept as byte offsets reads 229–373 MB/s
/// (the project notes on I/O throughput, "Reading CSV and JSON Lines fast"; figures in docs/performance.md).
///
/// What it accepts: comma-separated fields; fields in double quotes may hold commas, quotes (written `""`)
/// and line breaks; records end with CR, LF or CRLF (a missing final line break is fine); a UTF-8 byte order
/// mark at the start is skipped; empty fields are kept, including a trailing empty field on the last line.
/// Completely empty lines are skipped (they are not records). A quote inside an unquoted field is kept as
/// text (`5" screen`). Rows whose field count differs from the first record's are reported with
/// `CSVError.fieldCountMismatch`, never padded.
///
/// It streams: it holds one chunk plus the record being read, never the whole input.
/// Errors about one record are thrown after that record has been consumed, so the caller can report them and
/// keep calling `next()`.
///
/// Copies of a reader share one input position (the state lives in a reference).
public struct CSVReader {
    /// The longest record read (16 MiB; see docs/limits.md): past it the input ends with `CSVError.recordTooLong`.
    public static let maxRecordBytes = CSVScanner.maxRecordBytes

    final class Storage {
        let scanner: CSVScanner
        init(_ scanner: CSVScanner) { self.scanner = scanner }
    }

    private let storage: Storage

    /// Whether records must all have as many fields as the first one (default `true`).
    public var requiresUniformFieldCount: Bool {
        get { storage.scanner.requiresUniformFieldCount }
        nonmutating set { storage.scanner.requiresUniformFieldCount = newValue }
    }

    /// Opens a file for reading; the file is closed when the last copy of the reader goes away.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            throw CSVError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        storage = Storage(CSVScanner(source: .descriptor(fd, closeWhenDone: true), chunkSize: CSVScanner.defaultChunkSize))
    }

    /// Reads from an open file descriptor and closes it when the last copy of the reader goes away.
    public init(owningFileDescriptor fd: Int32) {
        storage = Storage(CSVScanner(source: .descriptor(fd, closeWhenDone: true), chunkSize: CSVScanner.defaultChunkSize))
    }

    /// Reads from an open file descriptor (e.g. `STDIN_FILENO` for `-`); the descriptor is not closed.
    public init(fileDescriptor: Int32) {
        self.init(fileDescriptor: fileDescriptor, chunkSize: CSVScanner.defaultChunkSize)
    }

    /// Reads CSV text held in memory.
    public init(bytes: [UInt8]) {
        self.init(bytes: bytes, chunkSize: CSVScanner.defaultChunkSize)
    }

    /// Reads CSV text held in memory.
    public init(string: String) {
        self.init(bytes: Array(string.utf8))
    }

    /// Reads from an open file descriptor after `prefix`, bytes already taken from it (e.g. to sniff the
    /// format of standard input); the descriptor is not closed.
    public init(fileDescriptor: Int32, prefix: [UInt8]) {
        let scanner = CSVScanner(source: .descriptor(fileDescriptor, closeWhenDone: false), chunkSize: CSVScanner.defaultChunkSize)
        scanner.pending = prefix
        storage = Storage(scanner)
    }

    /// For tests: read in chunks of `chunkSize` bytes to exercise every chunk boundary.
    init(fileDescriptor: Int32, chunkSize: Int) {
        storage = Storage(CSVScanner(source: .descriptor(fileDescriptor, closeWhenDone: false), chunkSize: chunkSize))
    }

    /// For tests: hand over in-memory bytes `chunkSize` at a time, as `read(2)` would.
    init(bytes: [UInt8], chunkSize: Int) {
        storage = Storage(CSVScanner(source: .memory(bytes), chunkSize: chunkSize))
    }

    /// The next record with its fields as Strings, or `nil` at the end of the input.
    public mutating func next() throws -> CSVRow? {
        let scanner = storage.scanner
        guard try scanner.nextRecord() else { return nil }
        var fields: [String] = []
        fields.reserveCapacity(scanner.fieldCount)
        for i in 0..<scanner.fieldCount {
            fields.append(try scanner.string(at: i))
        }
        return CSVRow(fields: fields, line: scanner.recordLine, index: scanner.recordIndex)
    }

    /// The fast path: the next record without building a String per field, or `nil` at the end.
    ///
    /// The returned row reads the reader's buffer and is valid only until the next call to `next()` or
    /// `nextRaw()`.
    public mutating func nextRaw() throws -> CSVRawRow? {
        let scanner = storage.scanner
        guard try scanner.nextRecord() else { return nil }
        return CSVRawRow(scanner: scanner, generation: scanner.recordIndex)
    }
}

/// A record read by `CSVReader.nextRaw()`: field bytes straight from the read buffer.
///
/// Valid only until the reader reads the next record; using it afterwards is a programming error and traps.
public struct CSVRawRow {
    let scanner: CSVScanner
    let generation: Int

    /// The number of fields.
    public var count: Int { check(); return scanner.fieldCount }
    /// The physical line (1-based) the record starts on.
    public var line: Int { check(); return scanner.recordLine }
    /// The record number (1-based; the header is record 1).
    public var index: Int { generation }

    /// Calls `body` with field `i`'s bytes (unquoted, not validated as UTF-8).
    @inline(__always)
    public func withField<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        check()
        precondition(i >= 0 && i < scanner.fieldCount, "field index out of range")
        return try body(scanner.fieldBytes(i))
    }

    /// Field `i`'s bytes (unquoted, not validated as UTF-8), valid only until the reader moves on — the
    /// non-generic form of `withField` for hot loops in other modules.
    public func bytes(at i: Int) -> UnsafeBufferPointer<UInt8> {
        check()
        precondition(i >= 0 && i < scanner.fieldCount, "field index out of range")
        return scanner.fieldBytes(i)
    }

    /// Calls `body` with every field of the row, for per-row loops in other modules: the row is checked once
    /// here, and `CSVFields`' subscript is inlined at the call site (no call per field).
    public func withFields(_ body: (CSVFields) -> Void) {
        check()
        body(scanner.fields)
    }

    /// Field `i` as a String; throws `CSVError.invalidUTF8` when its bytes are not UTF-8.
    public func string(at i: Int) throws -> String {
        check()
        precondition(i >= 0 && i < scanner.fieldCount, "field index out of range")
        return try scanner.string(at: i)
    }

    /// Whether field `i` is empty.
    public func isEmpty(_ i: Int) -> Bool {
        withField(i) { $0.isEmpty }
    }

    /// Field `i` compared byte for byte with an ASCII/UTF-8 string, without building a String.
    public func field(_ i: Int, equals text: StaticString) -> Bool {
        withField(i) { bytes in
            text.withUTF8Buffer { other in
                bytes.elementsEqual(other)
            }
        }
    }

    @inline(__always)
    private func check() {
        precondition(scanner.recordIndex == generation, "CSVRawRow used after the reader moved on")
    }
}

/// The fields of one raw row, handed out by `CSVRawRow.withFields` and valid only inside that call.
public struct CSVFields {
    @usableFromInline let buffer: UnsafePointer<UInt8>
    @usableFromInline let starts: UnsafePointer<Int>
    @usableFromInline let ends: UnsafePointer<Int>
    /// The number of fields.
    public let count: Int

    init(buffer: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, ends: UnsafePointer<Int>, count: Int) {
        self.buffer = buffer
        self.starts = starts
        self.ends = ends
        self.count = count
    }

    /// Field `i`'s bytes (unquoted, not validated as UTF-8).
    @inlinable
    public subscript(i: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(i >= 0 && i < count, "field index out of range")
        return UnsafeBufferPointer(start: buffer + starts[i], count: ends[i] - starts[i])
    }
}

/// The byte scanner behind `CSVReader`: a growable buffer filled by `read(2)`, fields kept as offsets.
final class CSVScanner {
    static let defaultChunkSize = 1 << 20
    /// The longest record the reader holds (see docs/limits.md): past it the input ends with `recordTooLong`.
    static let maxRecordBytes = 16 << 20

    enum Source {
        case descriptor(Int32, closeWhenDone: Bool)
        case memory([UInt8])
    }

    private enum State: UInt8 {
        /// At the start of a field (after a comma, or at the start of a record once it has begun).
        case fieldStart
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quote inside a quoted field: either `""` or the closing quote.
        case quoteSeen
    }

    private static let comma: UInt8 = 0x2C
    private static let quote: UInt8 = 0x22
    private static let lf: UInt8 = 0x0A
    private static let cr: UInt8 = 0x0D

    private var source: Source
    private var memoryOffset = 0
    /// Bytes handed out before the source's own (see `CSVReader.init(fileDescriptor:prefix:)`).
    var pending: [UInt8] = []
    private var pendingOffset = 0
    private let chunkSize: Int

    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Start of the unconsumed bytes (the current record's first byte while one is being read).
    private var start = 0
    /// End of the valid bytes.
    private var end = 0
    private var pos = 0
    private var eof = false
    private var finished = false
    private var atInputStart = true

    private var starts: UnsafeMutablePointer<Int>
    private var ends: UnsafeMutablePointer<Int>
    /// Per field: bit 0 quoted, bit 1 holds `""` to collapse.
    private var flags: UnsafeMutablePointer<UInt8>
    private var fieldCapacity = 64
    private(set) var fieldCount = 0

    private var state = State.fieldStart
    private var recordStarted = false
    private var fieldBegin = 0
    private var fieldFlags: UInt8 = 0
    private var badQuote = false
    /// Whether a field of the current record holds `""` (nearly never), so the record's fields need not be
    /// walked to find one.
    private var hasDoubledQuotes = false
    private var skipLF = false

    /// The physical line at `pos`.
    private var line = 1
    private(set) var recordLine = 0
    private(set) var recordIndex = 0
    private var expectedFieldCount = -1
    var requiresUniformFieldCount = true

    init(source: Source, chunkSize: Int) {
        self.source = source
        self.chunkSize = max(1, chunkSize)
        capacity = max(2 * self.chunkSize, 64)
        buffer = .allocate(capacity: capacity)
        starts = .allocate(capacity: fieldCapacity)
        ends = .allocate(capacity: fieldCapacity)
        flags = .allocate(capacity: fieldCapacity)
    }

    deinit {
        buffer.deallocate()
        starts.deallocate()
        ends.deallocate()
        flags.deallocate()
        if case .descriptor(let fd, true) = source {
            close(fd)
        }
    }

    // MARK: Reading

    /// Reads more bytes, first moving the unconsumed ones to the front (and growing the buffer when a record is
    /// longer than it). Returns `false` at the end of the input.
    private func refill() throws -> Bool {
        if start > 0 {
            let shift = start
            let live = end - start
            if live > 0 { memmove(buffer, buffer + shift, live) }
            start = 0
            end = live
            pos -= shift
            fieldBegin -= shift
            for i in 0..<fieldCount {
                starts[i] -= shift
                ends[i] -= shift
            }
        }
        if end - start > Self.maxRecordBytes {
            finished = true
            throw CSVError.recordTooLong(line: recordLine, limit: Self.maxRecordBytes)
        }
        if capacity - end < chunkSize {
            let newCapacity = max(capacity * 2, end + chunkSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        if pendingOffset < pending.count {
            let n = min(chunkSize, pending.count - pendingOffset)
            pending.withUnsafeBufferPointer { src in
                if let base = src.baseAddress {
                    (buffer + end).update(from: base + pendingOffset, count: n)
                }
            }
            pendingOffset += n
            end += n
            return true
        }
        switch source {
        case .memory(let bytes):
            let n = min(chunkSize, bytes.count - memoryOffset)
            if n <= 0 { eof = true; return false }
            bytes.withUnsafeBufferPointer { src in
                if let base = src.baseAddress {
                    (buffer + end).update(from: base + memoryOffset, count: n)
                }
            }
            memoryOffset += n
            end += n
            return true
        case .descriptor(let fd, _):
            while true {
                let n = read(fd, buffer + end, chunkSize)
                if n > 0 { end += n; return true }
                if n == 0 { eof = true; return false }
                if errno == EINTR { continue }
                throw CSVError.readFailed(reason: String(cString: strerror(errno)))
            }
        }
    }

    /// Doubles the room for field offsets (rare: kept out of the scanning loop).
    @inline(never)
    private func growFields() {
        let newCapacity = fieldCapacity * 2
        let s2 = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let e2 = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        let f2 = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        s2.update(from: starts, count: fieldCount)
        e2.update(from: ends, count: fieldCount)
        f2.update(from: flags, count: fieldCount)
        starts.deallocate(); ends.deallocate(); flags.deallocate()
        starts = s2; ends = e2; flags = f2
        fieldCapacity = newCapacity
    }

    @inline(__always)
    private func appendField(_ s: Int, _ e: Int, _ f: UInt8) {
        if fieldCount == fieldCapacity { growFields() }
        starts[fieldCount] = s
        ends[fieldCount] = e
        flags[fieldCount] = f
        fieldCount += 1
    }

    /// Scans the next record. Returns `false` at the end of the input.
    func nextRecord() throws -> Bool {
        if finished { return false }
        // Everything before `pos` belongs to records already returned.
        start = pos
        fieldCount = 0
        state = .fieldStart
        recordStarted = false
        badQuote = false
        hasDoubledQuotes = false
        fieldFlags = 0

        let comma = Self.comma, quote = Self.quote, lf = Self.lf, cr = Self.cr

        // Before the record: a BOM at the very start, the LF of a CRLF, and empty lines.
        while true {
            if pos == end {
                start = pos
                if try !refill() { finished = true; return false }
                continue
            }
            if atInputStart {
                if end - pos < 3 && !eof {
                    if try refill() { continue }
                }
                if end - pos >= 3, buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF {
                    pos += 3
                }
                atInputStart = false
                continue
            }
            let b = buffer[pos]
            if b == lf {
                if !skipLF { line += 1 }
                skipLF = false
                pos += 1
            } else if b == cr {
                skipLF = true
                line += 1
                pos += 1
            } else {
                skipLF = false
                break
            }
        }
        start = pos
        recordStarted = true
        recordLine = line

        scanning: while true {
            if pos == end {
                if try !refill() {
                    // End of input in the middle of a record: finish it.
                    finished = true
                    switch state {
                    case .quoted:
                        recordIndex += 1
                        // The open record's bytes are all still in the buffer, so its last byte tells whether the
                        // input ended with a line end (which starts no further line).
                        let endsWithLineEnd = end > 0 && (buffer[end - 1] == Self.lf || buffer[end - 1] == Self.cr)
                        throw CSVError.unterminatedQuote(line: recordLine, lastLine: endsWithLineEnd ? line - 1 : line)
                    case .unquoted:
                        appendField(fieldBegin, pos, fieldFlags)
                    case .quoteSeen:
                        appendField(fieldBegin, pos - 1, fieldFlags)
                    case .fieldStart:
                        appendField(pos, pos, 0)
                    }
                    return try completeRecord()
                }
                continue
            }
            switch state {
            case .fieldStart:
                if buffer[pos] == quote {
                    fieldFlags = 1
                    pos += 1
                    fieldBegin = pos
                    state = .quoted
                } else {
                    // Fast path for runs of unquoted fields (nearly every cell): scanned with the position in
                    // a local and each field stored inline, without going round the state machine per field.
                    // Leaves it for a quoted field, the end of the record or the end of the buffer.
                    // The field count and the field arrays are kept in locals too (written back on every way
                    // out, and reloaded when the arrays grow), so storing a field touches no object property.
                    let buf = buffer
                    let e = end
                    var p = pos
                    var begin = p
                    var count = fieldCount
                    var fieldStarts = starts, fieldEnds = ends, fieldFlagBytes = flags
                    while true {
                        while p < e {
                            let c = buf[p]
                            if c == comma || c == lf || c == cr { break }
                            p += 1
                        }
                        if p == e {
                            // The buffer ends inside this field: the state machine reads on after a refill.
                            fieldCount = count
                            pos = p
                            fieldFlags = 0
                            fieldBegin = begin
                            state = .unquoted
                            continue scanning
                        }
                        if count == fieldCapacity {
                            fieldCount = count
                            growFields()
                            fieldStarts = starts; fieldEnds = ends; fieldFlagBytes = flags
                        }
                        fieldStarts[count] = begin
                        fieldEnds[count] = p
                        fieldFlagBytes[count] = 0
                        count += 1
                        let c = buf[p]
                        p += 1
                        if c != comma {
                            fieldCount = count
                            pos = p
                            line += 1
                            skipLF = c == cr
                            return try completeRecord()
                        }
                        if p == e || buf[p] == quote {
                            fieldCount = count
                            pos = p
                            state = .fieldStart
                            continue scanning
                        }
                        begin = p
                    }
                }
            case .unquoted:
                var p = pos
                let e = end
                let buf = buffer
                while p < e {
                    let c = buf[p]
                    if c == comma || c == lf || c == cr { break }
                    p += 1
                }
                pos = p
                if p == e { continue }
                let c = buf[p]
                appendField(fieldBegin, p, fieldFlags)
                pos = p + 1
                if c == comma {
                    state = .fieldStart
                } else {
                    line += 1
                    skipLF = c == cr
                    return try completeRecord()
                }
            case .quoted:
                var p = pos
                let e = end
                let buf = buffer
                while p < e {
                    let c = buf[p]
                    if c == quote { break }
                    if c == lf {
                        if buf[p - 1] != cr { line += 1 }
                    } else if c == cr {
                        line += 1
                    }
                    p += 1
                }
                pos = p
                if p == e { continue }
                pos = p + 1
                state = .quoteSeen
            case .quoteSeen:
                let c = buffer[pos]
                if c == quote {
                    fieldFlags |= 2
                    hasDoubledQuotes = true
                    pos += 1
                    state = .quoted
                } else if c == comma {
                    appendField(fieldBegin, pos - 1, fieldFlags)
                    pos += 1
                    state = .fieldStart
                } else if c == lf || c == cr {
                    appendField(fieldBegin, pos - 1, fieldFlags)
                    pos += 1
                    line += 1
                    skipLF = c == cr
                    return try completeRecord()
                } else {
                    // Text after a closing quote: read on to the end of the record, then report it.
                    badQuote = true
                    state = .unquoted
                }
            }
        }
    }

    private func completeRecord() throws -> Bool {
        recordIndex += 1
        if badQuote {
            throw CSVError.textAfterClosingQuote(line: recordLine, record: recordIndex)
        }
        if hasDoubledQuotes {
            for i in 0..<fieldCount where flags[i] & 2 != 0 {
                collapseQuotes(i)
            }
        }
        if expectedFieldCount < 0 {
            expectedFieldCount = fieldCount
        } else if requiresUniformFieldCount && fieldCount != expectedFieldCount {
            throw CSVError.fieldCountMismatch(
                line: recordLine, record: recordIndex, expected: expectedFieldCount, found: fieldCount)
        }
        return true
    }

    /// Turns each `""` in field `i` into `"`, in place.
    private func collapseQuotes(_ i: Int) {
        var read = starts[i]
        var write = read
        let e = ends[i]
        while read < e {
            let c = buffer[read]
            buffer[write] = c
            write += 1
            read += c == Self.quote ? 2 : 1
        }
        ends[i] = write
    }

    // MARK: Fields

    /// The current record's fields.
    var fields: CSVFields {
        CSVFields(buffer: UnsafePointer(buffer), starts: UnsafePointer(starts), ends: UnsafePointer(ends), count: fieldCount)
    }

    @inline(__always)
    func fieldBytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + starts[i], count: ends[i] - starts[i])
    }

    func string(at i: Int) throws -> String {
        let bytes = fieldBytes(i)
        if bytes.isEmpty { return "" }
        guard let text = UTF8Text.string(bytes) else {
            throw CSVError.invalidUTF8(line: recordLine, record: recordIndex, field: i)
        }
        return text
    }
}

/// Bytes to String for hot loops: ASCII (nearly every id and answer cell) is copied without the generic
/// validating initialiser, which costs several times more per call; anything else is validated as UTF-8.
public enum UTF8Text {
    /// The text of `bytes`, or `nil` when they are not valid UTF-8.
    @inline(__always)
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether every byte is below 0x80 (checked eight bytes at a time).
    @inline(__always)
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] & 0x80 != 0 { return false }
            i += 1
        }
        return true
    }
}
