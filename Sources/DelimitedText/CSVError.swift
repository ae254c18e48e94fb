/// A problem found while reading CSV text, with the physical line it was found on (1-based).
///
/// `fieldCountMismatch`, `invalidUTF8` and `textAfterClosingQuote` concern one record only: the reader has
/// already moved past that record, so the caller may report the error and call `next()` again.
/// `unterminatedQuote` and the I/O errors end the input.
public enum CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A quoted field was still open at the end of the input; `line` is where the record starts and `lastLine` the
    /// input's last line (everything from `line` to `lastLine` was swallowed into the open value).
    case unterminatedQuote(line: Int, lastLine: Int)
    /// One record is longer than `CSVScanner.maxRecordBytes` (usually an unterminated quote in a large file);
    /// like `unterminatedQuote`, it ends the input, so memory stays bounded.
    case recordTooLong(line: Int, limit: Int)
    /// Something other than a comma or a line end follows a closing quote (`"abc"x,`).
    case textAfterClosingQuote(line: Int, record: Int)
    /// A field's bytes are not valid UTF-8; `field` is 0-based.
    case invalidUTF8(line: Int, record: Int, field: Int)
    /// A record has a different number of fields from the first record (the header).
    case fieldCountMismatch(line: Int, record: Int, expected: Int, found: Int)
    /// The file could not be opened.
    case cannotOpen(path: String, reason: String)
    /// Reading failed part-way.
    case readFailed(reason: String)

    /// The physical line the problem is on, when it has one.
    public var line: Int? {
        switch self {
        case .unterminatedQuote(let line, _), .recordTooLong(let line, _), .textAfterClosingQuote(let line, _),
            .invalidUTF8(let line, _, _), .fieldCountMismatch(let line, _, _, _):
            return line
        case .cannotOpen, .readFailed:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .unterminatedQuote(let line, let lastLine):
            let swallowed = lastLine - line + 1
            return swallowed <= 1
                ? "a quoted value starts on this line but its closing quote is missing (the rest of the line was read as part of it)"
                : "a quoted value starts on this line but its closing quote is missing: lines \(line)–\(lastLine) "
                    + "(\(swallowed) lines, the rest of the file) were read as part of it and not used"
        case .recordTooLong(_, let limit):
            return "the record starting on this line is longer than \(limit / (1 << 20)) MiB (a quoted value is probably "
                + "missing its closing quote); the rest of the file was not read"
        case .textAfterClosingQuote:
            return "text follows a closing quote; a quoted value must end at a comma or at the end of the line (write a quote inside a quoted value as two quotes: \"\")"
        case .invalidUTF8(_, _, let field):
            return "column \(field + 1) is not valid UTF-8 text (save the file as UTF-8)"
        case .fieldCountMismatch(_, _, let expected, let found):
            return "this row has \(found) columns but the header has \(expected)"
        case .cannotOpen(let path, let reason):
            return "cannot open \(path): \(reason)"
        case .readFailed(let reason):
            return "reading failed: \(reason)"
        }
    }
}
