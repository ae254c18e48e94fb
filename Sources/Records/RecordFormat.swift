#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// How the source is named in messages: the path, or `-` for standard input.
    public var description: String {
        switch self {
        case .file(let path, _): return path
        case .standardInput: return "-"
        }
    }
}

/// Turns command-line inputs (files, directories, `-`) into the list of sources to read.
public enum InputSources {
    /// Expands `arguments` in order:
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
        var sources: [InputSource] = []
        var sawStandardInput = false
        var seenFiles = Set<FileIdentity>()
        func addFile(_ path: String, _ format: RecordFormat) {
            var info = stat()
            if stat(path, &info) == 0, !seenFiles.insert(FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted {
                return
            }
            sources.append(.file(path: path, format: format))
        }
        for argument in arguments {
            if argument == "-" {
                if sawStandardInput {
                    throw RecordInputError(path: "-", reason: "standard input (-) can be given only once")
                }
                sawStandardInput = true
                sources.append(.standardInput(format: standardInputFormat))
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                throw RecordInputError(path: argument, reason: "no such file or directory")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                var found: [String] = []
                try collect(directory: argument, into: &found)
                found.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                for path in found {
                    if let format = RecordFormat(pathExtensionOf: path) { addFile(path, format) }
                }
            } else {
                guard let format = RecordFormat(pathExtensionOf: argument) else {
                    throw RecordInputError(
                        path: argument,
                        reason: "not an evaluation file: the name must end in .json, .jsonl or .csv")
                }
                addFile(argument, format)
            }
        }
        return sources
    }

    /// A file's identity on disk, whatever path reaches it.
    private struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private static func collect(directory: String, into found: inout [String]) throws {
        guard let dir = opendir(directory) else {
            throw RecordInputError(path: directory, reason: "cannot read the folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let path = base + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            // Symbolic links to files are followed; links to folders are not (no loops).
            if (info.st_mode & S_IFMT) == S_IFLNK {
                guard stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFDIR else { continue }
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                try collect(directory: path, into: &found)
            } else if RecordFormat(pathExtensionOf: path) != nil {
                found.append(path)
            }
        }
    }
}
