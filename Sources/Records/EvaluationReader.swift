#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DelimitedText
import FileIO
import QAModel

/// Streams evaluation records from one input, one record at a time, in any of the three formats.
///
/// Each call to `next()` gives a well-formed `Evaluation` with its location, or every problem found in one
/// malformed record; reading goes on after a bad record so that a batch reports all of them. Only a file that
/// cannot be read at all throws (`RecordInputError`). Nothing is held beyond the record being read.
///
/// Standard input without a stated format is sniffed: a first non-blank character `{` means JSON — JSON
/// Lines when that first line holds a complete object (it ends with `}`), one pretty-printed evaluation
/// otherwise; anything else is read as CSV.
public struct EvaluationReader {
    /// Settings shared by every input of a run.
    public struct Options: Sendable {
        /// The template a CSV file without `scorecard_id`/`scorecard_version` columns is assumed to be for.
        public var assumedTemplate: TemplateIdentity?
        /// The descriptor `-` reads (standard input; tests pass a pipe).
        public var standardInput: Int32

        public init(assumedTemplate: TemplateIdentity? = nil, standardInput: Int32 = STDIN_FILENO) {
            self.assumedTemplate = assumedTemplate
            self.standardInput = standardInput
        }
    }

    private enum Backend {
        case csv(CSVEvaluationReader)
        case jsonLines(LineInput, JSONEvaluationDecoder)
        case json([UInt8]?, JSONEvaluationDecoder)
        case done
    }

    private var backend: Backend
    /// The format being read (after sniffing, for standard input).
    public let format: RecordFormat
    /// The name used in locations: the path, or `-`.
    public let name: String

    /// Opens `source`; throws `RecordInputError` when it cannot be opened or read.
    public init(source: InputSource, options: Options = Options()) throws {
        switch source {
        case .file(let path, let format):
            name = path
            self.format = format
            if format == .csv {
                do {
                    let csv = try CSVReader(path: path)
                    backend = .csv(CSVEvaluationReader(csv: csv, file: path, assumedTemplate: options.assumedTemplate))
                } catch let CSVError.cannotOpen(_, reason) {
                    throw RecordInputError(path: path, reason: "cannot open: \(reason)")
                } catch {
                    throw RecordInputError(path: path, reason: "cannot open the file")
                }
            } else {
                let fd: Int32
                do {
                    fd = try openForReading(path)
                } catch let error as FileError {
                    throw RecordInputError(error)
                }
                backend = try Self.backend(format: format, fd: fd, owned: true, name: path, prefix: [], options: options)
            }
        case .descriptor(let fd, let sourceName, let format):
            name = sourceName
            self.format = format
            if format == .csv {
                let csv = CSVReader(owningFileDescriptor: fd)
                backend = .csv(CSVEvaluationReader(csv: csv, file: sourceName, assumedTemplate: options.assumedTemplate))
            } else {
                backend = try Self.backend(format: format, fd: fd, owned: true, name: sourceName, prefix: [], options: options)
            }
        case .standardInput(let stated):
            name = "-"
            let fd = options.standardInput
            var prefix: [UInt8] = []
            let format = try stated ?? Self.sniff(fd: fd, prefix: &prefix)
            self.format = format
            backend = try Self.backend(format: format, fd: fd, owned: false, name: "-", prefix: prefix, options: options)
        }
    }

    private static func backend(
        format: RecordFormat, fd: Int32, owned: Bool, name: String, prefix: [UInt8], options: Options
    ) throws -> Backend {
        switch format {
        case .csv:
            // Only standard input comes here (files are opened by path); the descriptor stays open.
            let csv = CSVReader(fileDescriptor: fd, prefix: prefix)
            return .csv(CSVEvaluationReader(csv: csv, file: name, assumedTemplate: options.assumedTemplate))
        case .jsonLines:
            let lines = LineInput(fd: fd, closeWhenDone: owned, path: name, prefix: prefix,
                                  maxLineBytes: EvaluationReader.maxRecordBytes)
            return .jsonLines(lines, JSONEvaluationDecoder(file: name))
        case .json:
            defer { if owned { close(fd) } }
            do {
                let bytes = try readWhole(fd: fd, path: name, prefix: prefix)
                return .json(bytes, JSONEvaluationDecoder(file: name))
            } catch let error as FileError {
                throw RecordInputError(error)
            }
        }
    }

    /// The longest JSON Lines record (one line) that is read: 16 MiB. A longer line is reported as an invalid
    /// record and skipped without being held in memory.
    public static let maxRecordBytes = 16 << 20

    /// Reads from `fd` until the first line with content is complete, keeping the bytes in `prefix` (at most
    /// one record's worth: a longer first line is told by its first byte).
    private static func sniff(fd: Int32, prefix: inout [UInt8]) throws -> RecordFormat {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var firstContent: Int?
        while true {
            if let first = firstContent ?? prefix.firstIndex(where: { !isBlankOrBOM($0) }) {
                firstContent = first
                if let lineEnd = prefix[first...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                    return decide(prefix[first..<lineEnd])
                }
            }
            if prefix.count > maxRecordBytes, let first = firstContent {
                return prefix[first] == UInt8(ascii: "{") ? .jsonLines : .csv
            }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                prefix.append(contentsOf: chunk[0..<n])
            } else if n == 0 {
                guard let first = firstContent ?? prefix.firstIndex(where: { !isBlankOrBOM($0) }) else { return .csv }
                return decide(prefix[first...])
            } else if errno != EINTR {
                throw RecordInputError(path: "-", reason: readFailure(path: "-", errno: errno))
            }
        }
    }

    private static func isBlankOrBOM(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0xEF || c == 0xBB || c == 0xBF
    }

    private static func decide(_ firstLine: ArraySlice<UInt8>) -> RecordFormat {
        guard firstLine.first == UInt8(ascii: "{") else { return .csv }
        let trimmed = firstLine.reversed().drop { $0 == 0x20 || $0 == 0x09 }
        return trimmed.first == UInt8(ascii: "}") ? .jsonLines : .json
    }

    /// For CSV input, once the header has been read: the answer column names (criterion ids and
    /// `section:<id>`) and the criterion ids of the `comment:` columns, in column order.
    public var csvColumns: (answers: [String], comments: [String])? {
        if case .csv(let reader) = backend { return reader.columns }
        return nil
    }

    /// Like `next()`, but for CSV input the row's answers and comments are left in `positional` in column
    /// order (see `csvColumns`) and the evaluation returned carries no answers or comments: the fast path
    /// for bulk scoring. Returns `false` beside the result for other formats, which are read as by `next()`.
    public mutating func next(positional: inout PositionalAnswers) throws -> (RecordReadResult, isPositional: Bool)? {
        guard case .csv(var reader) = backend else {
            return try next().map { ($0, false) }
        }
        backend = .done
        defer { backend = .csv(reader) }
        return try reader.next(positional: &positional).map { ($0, true) }
    }

    /// The next record (or its problems), or `nil` when the input is exhausted.
    public mutating func next() throws -> RecordReadResult? {
        switch backend {
        case .csv(var reader):
            backend = .done
            defer { backend = .csv(reader) }
            return try reader.next()
        case .jsonLines(let lines, let decoder):
            while true {
                let line: UnsafeBufferPointer<UInt8>?
                do {
                    line = try lines.nextLine()
                } catch let error as FileError {
                    throw RecordInputError(error)
                }
                guard var bytes = line else {
                    backend = .done
                    return nil
                }
                let number = lines.lineNumber
                if lines.lastLineWasTooLong {
                    return .invalid([RecordProblem(
                        location: RecordLocation(file: name, line: number),
                        message: "this line is longer than \(EvaluationReader.maxRecordBytes / (1 << 20)) MiB, the "
                            + "limit for one record; it was skipped unread")])
                }
                if number == 1, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                    bytes = UnsafeBufferPointer(rebasing: bytes[3...])
                }
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                return decoder.decode(bytes, firstLine: number)
            }
        case .json(let bytes, let decoder):
            backend = .done
            guard let bytes else {
                return .invalid([RecordProblem(
                    location: RecordLocation(file: name, line: 1),
                    message: "the file is larger than 64 MB; a .json file holds one evaluation (use .jsonl for many)")])
            }
            return bytes.withUnsafeBufferPointer { all in
                var body = all
                if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
                    body = UnsafeBufferPointer(rebasing: all[3...])
                }
                return decoder.decode(body, firstLine: 1)
            }
        case .done:
            return nil
        }
    }

    /// Reads every source in order, calling `body` for each record or malformed record. Stops at the first
    /// input that cannot be read (`RecordInputError`, exit code 3); malformed records never stop it.
    public static func forEach(
        _ sources: [InputSource], options: Options = Options(), _ body: (RecordReadResult) throws -> Void
    ) throws {
        for source in sources {
            var reader = try EvaluationReader(source: source, options: options)
            while let result = try reader.next() {
                try body(result)
            }
        }
    }
}
