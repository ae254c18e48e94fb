/// A file, folder or standard input/output that could not be read or written, in words a QA analyst can act
/// on: the path and the reason (never the file's contents). Commands report it and exit with code 3.
public struct FileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path as the user gave it (`-` for standard input).
    public var path: String
    /// Why, e.g. "cannot open: Permission denied".
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: error: reason`, the form every command prints.
    public var description: String { "\(path): error: \(reason)" }
}
