#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CSignalCleanup

/// Writes output files so that readers only ever see the old file or the complete new one: the bytes go to a
/// temporary file in the same folder, which is renamed over the target once everything is written.
///
/// - The temporary file is `.NAME.tmp-PID-RANDOM` beside the target, created readable by its owner only (0600).
///   It is removed when writing fails, when the output is abandoned, and when the process is ended by a signal
///   it can catch (Ctrl-C, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ). Only SIGKILL (or a power cut) leaves
///   one behind: find it beside the output with `find FOLDER -name '.*.tmp-*'`.
/// - A new file is created with `permissions` (default 0600); a file that is replaced keeps its own mode, so
///   a report is never made readable by more people than before.
/// - A target that is a symbolic link to a file is followed: the file it points to is replaced, not the link.
/// - A target that is not a regular file — a device such as `/dev/null` or `/dev/full`, a named pipe, or
///   standard output or error (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`) — is written in place, never renamed
///   over; a failed write (a full disk) is reported.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically. Throws `FileError` when it cannot.
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o600) throws {
        let stream = try AtomicFileStream(path: path, permissions: permissions)
        try stream.write(bytes)
        try stream.commit()
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String, permissions: mode_t = 0o600) throws {
        try write(Array(text.utf8), to: path, permissions: permissions)
    }
}

/// An output file written in pieces: open (a temporary file beside the target), `write` as often as needed,
/// then `commit` (rename over the target). If `commit` is never reached — an error, an early return — the
/// temporary file is removed and the target is untouched. See `AtomicFile` for permissions, links and devices.
public final class AtomicFileStream {
    /// The target as given.
    public let path: String
    /// Whether the target is written in place (a device, pipe or standard stream) rather than replaced.
    public let writesInPlace: Bool
    private let permissions: mode_t
    /// The file the temporary file is renamed to (the link's target for a symbolic link).
    private let finalPath: String
    private let temporaryPath: String
    private var cleanupSlot: Int32 = -1
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var done = false
    private static let flushSize = 1 << 20

    /// Opens the output: a temporary file next to `path` (0600), or `path` itself when it is not a regular file.
    public init(path: String, permissions: mode_t = 0o600) throws {
        self.path = path
        self.permissions = permissions
        // A folder cannot be replaced by a file: say so now, before any work is done, not at the final rename.
        var status = stat()
        let exists = !path.isEmpty && stat(path, &status) == 0
        if path.isEmpty || path.hasSuffix("/") || (exists && (status.st_mode & S_IFMT) == S_IFDIR) {
            throw FileError(path: path, reason: "this is a folder; give a file name, e.g. \(path.hasSuffix("/") ? path : path + "/")report.txt")
        }
        if let stream = Self.standardStream(path) {
            let duplicate = dup(stream)
            guard duplicate >= 0 else {
                throw FileError(path: path, reason: "cannot write here: \(String(cString: strerror(errno)))")
            }
            fd = duplicate
            writesInPlace = true
            finalPath = path
            temporaryPath = ""
            return
        }
        if exists && (status.st_mode & S_IFMT) != S_IFREG {
            // A device or a named pipe: renaming over it would replace it with a regular file.
            let opened = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
            guard opened >= 0 else {
                throw FileError(path: path, reason: "cannot write here: \(String(cString: strerror(errno)))")
            }
            fd = opened
            writesInPlace = true
            finalPath = path
            temporaryPath = ""
            return
        }
        writesInPlace = false
        let target = exists ? Self.resolvingLink(path) : path
        finalPath = target
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        qa_cleanup_install()
        var attempt = 0
        while true {
            let candidate = "\(directory).\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            // Registered before it exists, so that no signal can come between its creation and its registration
            // (removing a name that does not exist yet is harmless; the PID in the name keeps it ours).
            let slot = qa_cleanup_register(candidate)
            let opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if opened >= 0 {
                fd = opened
                temporaryPath = candidate
                cleanupSlot = slot
                break
            }
            let failure = errno
            qa_cleanup_unregister(slot)
            errno = failure
            attempt += 1
            if errno != EEXIST || attempt > 16 {
                throw FileError(path: path, reason: "cannot write here: \(String(cString: strerror(errno)))")
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
                throw FileError(path: path, reason: "writing failed: \(reason)")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered; for a regular file, gives it its final mode, syncs it and renames it over the
    /// target.
    public func commit() throws {
        precondition(!done, "commit after commit or discard")
        try flush()
        if writesInPlace {
            let closed = close(fd)
            fd = -1
            done = true
            if closed != 0 && errno != EINTR {
                throw FileError(path: path, reason: "writing failed: \(String(cString: strerror(errno)))")
            }
            return
        }
        let mode = finalMode()
        if (mode != 0o600 && fchmod(fd, mode) != 0) || fsync(fd) != 0 || close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw FileError(path: path, reason: "writing failed: \(reason)")
        }
        fd = -1
        if rename(temporaryPath, finalPath) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw FileError(path: path, reason: "cannot replace the file: \(reason)")
        }
        // Unregistered only after the rename: a signal in between finds no file to remove, which is harmless.
        qa_cleanup_unregister(cleanupSlot)
        done = true
    }

    /// Abandons the output: removes the temporary file, leaves the target as it was. (Bytes already written to
    /// a device or pipe in place cannot be taken back.)
    public func discard() {
        if done { return }
        done = true
        if fd >= 0 { close(fd) }
        fd = -1
        if !writesInPlace {
            unlink(temporaryPath)
            qa_cleanup_unregister(cleanupSlot)
        }
    }

    /// The mode the finished file gets: that of the regular file it replaces, else `permissions` less the umask.
    private func finalMode() -> mode_t {
        var status = stat()
        if stat(finalPath, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            return status.st_mode & 0o777
        }
        return permissions & ~Self.processUmask & 0o777
    }

    /// The umask, read once (reading it means setting it, so it is set back at once).
    private static let processUmask: mode_t = {
        let mask = umask(0o077)
        umask(mask)
        return mask
    }()

    /// The descriptor a path names when it stands for standard output or error (`/dev/stdout`, `/dev/stderr`,
    /// `/dev/fd/N`, `/proc/self/fd/N`).
    private static func standardStream(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return STDOUT_FILENO
        case "/dev/stderr": return STDERR_FILENO
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// The file a symbolic link points to (the path itself when it is not a link or cannot be resolved).
    private static func resolvingLink(_ path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK,
              let resolved = realpath(path, nil)
        else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// `write(2)`, reachable from types that have their own `write` methods.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}
