#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's identity on disk (device and inode), whatever path, link or folder reaches it.
public struct FileIdentity: Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// The identity of the file `path` names, following symbolic links; `nil` when there is none.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        self.init(info)
    }

    /// The identity of what an open descriptor reads or writes (e.g. standard input); `nil` when it is closed.
    public init?(fileDescriptor: Int32) {
        var info = stat()
        guard fstat(fileDescriptor, &info) == 0 else { return nil }
        self.init(info)
    }

    private init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// Turns command-line inputs (files, folders, `-` for standard input) into the list of things to read, the
/// same way for every command; which file names count (e.g. `.json`, `.jsonl`, `.csv`) is the caller's choice.
public enum InputPaths {
    /// One thing to read.
    public enum Item: Hashable, Sendable {
        case file(String)
        case standardInput
    }

    /// Expands `arguments` in order:
    /// - a named file is kept when `accepts` says yes to its name, refused with `otherFileReason` otherwise;
    /// - a folder contributes every file inside it **and in its subfolders** whose name `accepts`, sorted by
    ///   path (byte order) so runs are repeatable; hidden files and folders (name starting with `.`) are
    ///   skipped, as are links to folders (no loops);
    /// - `-` is standard input (at most once).
    ///
    /// A file reached twice (named twice, named and also inside a named folder, or by two paths to the same
    /// file) is listed once. Throws `FileError` for a path that does not exist, a file `accepts` refuses, an
    /// unreadable folder, or `-` given twice.
    public static func expand(
        _ arguments: [String], accepts: (String) -> Bool, otherFileReason: String
    ) throws -> [Item] {
        var items: [Item] = []
        var sawStandardInput = false
        var seenFiles = Set<FileIdentity>()
        func addFile(_ path: String) {
            if let identity = FileIdentity(path: path), !seenFiles.insert(identity).inserted { return }
            items.append(.file(path))
        }
        for argument in arguments {
            if argument == "-" {
                if sawStandardInput {
                    throw FileError(path: "-", reason: "standard input (-) can be given only once")
                }
                sawStandardInput = true
                items.append(.standardInput)
                continue
            }
            var info = stat()
            guard stat(argument, &info) == 0 else {
                throw FileError(path: argument, reason: "no such file or directory")
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                var found: [String] = []
                try collect(directory: argument, accepts: accepts, into: &found)
                found.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                for path in found { addFile(path) }
            } else {
                guard accepts(argument) else { throw FileError(path: argument, reason: otherFileReason) }
                addFile(argument)
            }
        }
        return items
    }

    /// Which input, if any, is the same file as `output` (by device and inode, so a second spelling, a link
    /// or a folder that contains it are all caught). `standardInput` is the descriptor `-` reads, checked
    /// when `-` is among the inputs. Only a regular file can clash: a device such as `/dev/null` is written in
    /// place and loses nothing. Returns the input as it should be named in a message.
    public static func input(_ items: [Item], sameFileAs output: String, standardInput: Int32 = STDIN_FILENO) -> String? {
        var info = stat()
        guard stat(output, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, let target = FileIdentity(path: output)
        else { return nil }
        for item in items {
            switch item {
            case .file(let path):
                if FileIdentity(path: path) == target { return path }
            case .standardInput:
                if FileIdentity(fileDescriptor: standardInput) == target { return "standard input" }
            }
        }
        return nil
    }

    /// Like `input(_:sameFileAs:)` for command-line arguments that have not been expanded (and may not all
    /// exist): named files of any kind, the files of named folders that `accepts`, and `-`. Arguments that
    /// cannot be read are skipped here (the command reports them when it reads them).
    public static func argument(
        _ arguments: [String], sameFileAs output: String, accepts: (String) -> Bool, standardInput: Int32 = STDIN_FILENO
    ) -> String? {
        var items: [Item] = []
        for argument in arguments {
            var info = stat()
            if argument == "-" {
                items.append(.standardInput)
            } else if stat(argument, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                items += (try? expand([argument], accepts: accepts, otherFileReason: "")) ?? []
            } else {
                items.append(.file(argument))
            }
        }
        return input(items, sameFileAs: output, standardInput: standardInput)
    }

    private static func collect(directory: String, accepts: (String) -> Bool, into found: inout [String]) throws {
        guard let dir = opendir(directory) else {
            throw FileError(path: directory, reason: "cannot read the folder: \(String(cString: strerror(errno)))")
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
                try collect(directory: path, accepts: accepts, into: &found)
            } else if accepts(path) {
                found.append(path)
            }
        }
    }
}
