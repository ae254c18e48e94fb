#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FileIO

/// The file formats evaluation records are read from and written to (see `docs/evaluations.md`).
public enum RecordFormat: String, Hashable, Sendable, CaseIterable {
    /// One evaluation per file, a JSON object (`.json`).
    case json
    /// One evaluation per line (`.jsonl`); blank lines are skipped.
    case jsonLines = "jsonl"
    /// One evaluation per row with a header (`.csv`).
    case csv

    /// The format a file name's extension stands for (`.json`, `.jsonl`, `.csv`, any case).
    public init?(pathExtensionOf path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "json": self = .json
        case "jsonl", "ndjson": self = .jsonLines
        case "csv": self = .csv
        default: return nil
        }
    }
}

/// One place to read evaluation records from.
public enum InputSource: Hashable, Sendable, CustomStringConvertible {
    case file(path: String, format: RecordFormat)
    /// Standard input; the format is sniffed when `nil` (see `EvaluationReader`).
    case standardInput(format: RecordFormat?)
    /// An open descriptor the reader owns and closes when done (the workspace streams stored records through a
    /// pipe this way); `name` is how messages name it.
    case descriptor(fd: Int32, name: String, format: RecordFormat)

    /// How the source is named in messages: the path, or `-` for standard input.
    public var description: String {
        switch self {
        case .file(let path, _): return path
        case .standardInput: return "-"
        case .descriptor(_, let name, _): return name
        }
    }
}

/// Turns command-line inputs (files, directories, `-`) into the list of sources to read.
public enum InputSources {
    /// Expands `arguments` in order (the rules are `FileIO.InputPaths.expand`'s):
    /// - a file is read in the format its extension names (`.json`, `.jsonl`/`.ndjson`, `.csv`);
    /// - a directory contributes every `.json`, `.jsonl`, `.ndjson` and `.csv` file inside it **and in its
    ///   subdirectories**, sorted by path (byte order) so runs are repeatable; hidden files and folders (name
    ///   starting with `.`) are skipped, as are other extensions and links to folders;
    /// - `-` is standard input, in `standardInputFormat` or sniffed when that is `nil`.
    ///
    /// A file reached twice (named twice, or named and also inside a named folder, or by two paths to the same
    /// file) is read once, so its evaluations are not counted twice.
    ///
    /// Throws `RecordInputError` for a path that does not exist, a named file with another extension, or
    /// `-` given twice.
    public static func expand(_ arguments: [String], standardInputFormat: RecordFormat? = nil) throws -> [InputSource] {
        let items: [InputPaths.Item]
        do {
            items = try InputPaths.expand(
                arguments, accepts: { RecordFormat(pathExtensionOf: $0) != nil },
                otherFileReason: "not an evaluation file: the name must end in .json, .jsonl or .csv")
        } catch let error as FileError {
            throw RecordInputError(error)
        }
        return items.compactMap { item in
            switch item {
            case .standardInput: return .standardInput(format: standardInputFormat)
            case .file(let path): return RecordFormat(pathExtensionOf: path).map { .file(path: path, format: $0) }
            }
        }
    }

    /// Which of `sources`, if any, is the same file as `output` (see `InputPaths.input(_:sameFileAs:)`): a
    /// report written there would replace the evaluations it was made from.
    public static func source(_ sources: [InputSource], sameFileAs output: String, standardInput: Int32 = STDIN_FILENO) -> String? {
        InputPaths.input(sources.map(\.item), sameFileAs: output, standardInput: standardInput)
    }
}

extension InputSources {
    /// Which of a command's unexpanded arguments — evaluation files, folders of them, `-`, and any other file
    /// it reads (a template, a KPI table) — is the same file as `output`, or nil.
    public static func argument(_ arguments: [String], sameFileAs output: String, standardInput: Int32 = STDIN_FILENO) -> String? {
        InputPaths.argument(arguments, sameFileAs: output, accepts: { RecordFormat(pathExtensionOf: $0) != nil },
                            standardInput: standardInput)
    }
}

extension InputSource {
    /// The source as a `FileIO` input item.
    var item: InputPaths.Item {
        switch self {
        case .file(let path, _): return .file(path)
        case .standardInput: return .standardInput
        case .descriptor(let fd, _, _): return .file("/dev/fd/\(fd)")
        }
    }
}

extension RecordInputError {
    /// The same problem, as a record input error (exit code 3).
    init(_ error: FileError) {
        self.init(path: error.path, reason: error.reason)
    }
}
