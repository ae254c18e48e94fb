#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes output files so that readers only ever see the old file or the complete new one: the bytes go to a
/// temporary file in the same folder, which is renamed over the target once everything is written.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, the file created with `permissions` (e.g. `0o600` for a file only
    /// its owner may read). Throws `RecordInputError` (exit code 3) when it cannot.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o644) throws {
        let stream = try AtomicFileStream(path: path, permissions: permissions)
        try stream.write(bytes)
        try stream.commit()
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}

/// An output file written in pieces: open (a temporary file beside the target), `write` as often as needed,
/// then `commit` (rename over the target). If `commit` is never reached — an error, an early return — the
/// temporary file is removed and the target is untouched.
public final class AtomicFileStream {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var done = false
    private static let flushSize = 1 << 20

    /// Creates the temporary file next to `path`, with `permissions` (subject to the umask).
    public init(path: String, permissions: mode_t = 0o644) throws {
        self.path = path
        // A folder cannot be replaced by a file: say so now, before any work is done, not at the final rename.
        var status = stat()
        if path.isEmpty || path.hasSuffix("/") || (stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR) {
            throw RecordInputError(path: path, reason: "this is a folder; give a file name, e.g. \(path.hasSuffix("/") ? path : path + "/")report.txt")
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var attempt = 0
        while true {
            let candidate = "\(directory).\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
            if opened >= 0 {
                fd = opened
                temporaryPath = candidate
                break
            }
            attempt += 1
            if errno != EEXIST || attempt > 16 {
                throw RecordInputError(path: path, reason: "cannot write here: \(String(cString: strerror(errno)))")
            }
        }
        buffer.reserveCapacity(Self.flushSize)
    }

    deinit {
        if !done { discard() }
    }

    /// Appends bytes (buffered; written in 1 MiB pieces).
    public func write(_ bytes: [UInt8]) throws {
        precondition(!done, "write after commit or discard")
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushSize { try flush() }
    }

    /// Appends text as UTF-8.
    public func write(_ text: String) throws {
        precondition(!done, "write after commit or discard")
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushSize { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                discard()
                throw RecordInputError(path: path, reason: "writing failed: \(reason)")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered, syncs, and renames the temporary file over the target.
    public func commit() throws {
        precondition(!done, "commit after commit or discard")
        try flush()
        if fsync(fd) != 0 || close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            fd = -1
            discard()
            throw RecordInputError(path: path, reason: "writing failed: \(reason)")
        }
        fd = -1
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw RecordInputError(path: path, reason: "cannot replace the file: \(reason)")
        }
        done = true
    }

    /// Abandons the output: removes the temporary file, leaves the target as it was.
    public func discard() {
        if done { return }
        done = true
        if fd >= 0 { close(fd) }
        fd = -1
        unlink(temporaryPath)
    }
}

/// `write(2)`, reachable from types that have their own `write` methods.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}
