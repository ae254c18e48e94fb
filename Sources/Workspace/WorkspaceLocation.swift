#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FileIO

/// Where a workspace is and which database holds it.
///
/// A workspace is a folder `.qa` (made by `qa init`) in a project folder, found from the current folder upward
/// the way git finds a repository, or named with `--workspace` (the project folder or the `.qa` folder
/// itself) or the `QA_WORKSPACE` environment variable. `.qa/workspace.conf` says where the database is:
/// `database = sqlite` (the file `.qa/workspace.sqlite`, the default) or `database = postgres://…`. The
/// `QA_DATABASE_URL` environment variable, or `--database`, overrides it for one run.
public struct WorkspaceLocation: Sendable, Hashable {
    /// The `.qa` folder.
    public var folder: String
    /// Where the database is: the SQLite file, or a PostgreSQL URL.
    public var database: DatabaseAddress

    /// The folder name that marks a workspace.
    public static let folderName = ".qa"
    static let configName = "workspace.conf"
    static let sqliteName = "workspace.sqlite"

    public var configPath: String { folder + "/" + Self.configName }

    /// The SQLite file of a workspace folder.
    public static func sqlitePath(in folder: String) -> String { folder + "/" + sqliteName }
}

/// Where a workspace's data lives.
public enum DatabaseAddress: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    /// Reads `sqlite`, a path, or a `postgres://` / `postgresql://` URL.
    public init?(_ text: String, folder: String) {
        let t = text.trimmingSpaces
        if t == "sqlite" || t.isEmpty {
            self = .sqlite(path: WorkspaceLocation.sqlitePath(in: folder))
        } else if t.hasPrefix("postgres://") || t.hasPrefix("postgresql://") {
            self = .postgres(url: t)
        } else {
            return nil
        }
    }

    /// For messages: the SQLite path, or the PostgreSQL URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url): return PostgresURL.redacted(url)
        }
    }
}

/// Why a workspace could not be found, made or opened, in words for the person at the keyboard.
public struct WorkspaceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension WorkspaceLocation {
    /// Finds the workspace: `named` (a project folder or its `.qa` folder) when given, else `QA_WORKSPACE`, else
    /// the nearest `.qa` folder from `start` upward. `database` (from `--database` or `QA_DATABASE_URL`)
    /// overrides the folder's configuration. Returns nil when no workspace is found and none was named;
    /// throws when a named one does not exist or its configuration cannot be read.
    public static func find(named: String?, database: String?, from start: String? = nil,
                            environment: [String: String] = ProcessEnvironment.values) throws -> WorkspaceLocation? {
        let override = database ?? environment["QA_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if let named = named ?? environment["QA_WORKSPACE"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let candidates = named.hasSuffix("/" + folderName) || named == folderName
                ? [named] : [named + "/" + folderName, named]
            for candidate in candidates where isFile(candidate + "/" + configName) {
                return try load(folder: candidate, override: override)
            }
            throw WorkspaceError("no workspace at \(named) (make one with 'qa init \(named)')")
        }
        var dir = start ?? currentDirectory()
        while true {
            let candidate = (dir == "/" ? "" : dir) + "/" + folderName
            if isFile(candidate + "/" + configName) {
                return try load(folder: candidate, override: override)
            }
            guard let slash = dir.lastIndex(of: "/"), dir != "/" else { return nil }
            dir = slash == dir.startIndex ? "/" : String(dir[..<slash])
        }
    }

    static func load(folder: String, override: String?) throws -> WorkspaceLocation {
        let text: String
        do {
            let fd = try openForReading(folder + "/" + configName)
            defer { close(fd) }
            text = String(decoding: try readWhole(fd: fd, path: folder + "/" + configName, limit: 1 << 20) ?? [], as: UTF8.self)
        } catch let error as FileError {
            throw WorkspaceError("cannot read \(folder)/\(configName): \(error.reason)")
        }
        var setting = "sqlite"
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "="), trimmed[..<eq].trimmingSpaces == "database" else {
                throw WorkspaceError("\(folder)/\(configName):\(n + 1): expected 'database = sqlite' or 'database = postgres://…'")
            }
            setting = String(trimmed[trimmed.index(after: eq)...]).trimmingSpaces
        }
        let chosen = override ?? setting
        guard let address = DatabaseAddress(chosen, folder: folder) else {
            throw WorkspaceError("the workspace database must be 'sqlite' or a postgres:// URL; '\(PostgresURL.redacted(chosen))' is neither")
        }
        return WorkspaceLocation(folder: folder, database: address)
    }

    /// Makes a workspace in `projectFolder` (created when missing): the `.qa` folder (mode 0700) and its
    /// configuration (0600). Throws when one is already there.
    public static func create(in projectFolder: String, database: String?) throws -> WorkspaceLocation {
        let folder = (projectFolder.hasSuffix("/") ? String(projectFolder.dropLast()) : projectFolder) + "/" + folderName
        if isFile(folder + "/" + configName) {
            throw WorkspaceError("there is already a workspace at \(folder)")
        }
        if !isDirectory(projectFolder), mkdir(projectFolder, 0o755) != 0 {
            throw WorkspaceError("cannot make the folder \(projectFolder): \(String(cString: strerror(errno)))")
        }
        if !isDirectory(folder), mkdir(folder, 0o700) != 0 {
            throw WorkspaceError("cannot make the folder \(folder): \(String(cString: strerror(errno)))")
        }
        let setting = database ?? "sqlite"
        guard let address = DatabaseAddress(setting, folder: folder) else {
            throw WorkspaceError("--database must be 'sqlite' or a postgres:// URL; '\(PostgresURL.redacted(setting))' is neither")
        }
        // The configuration never holds a password: give it in QA_DATABASE_URL or PGPASSWORD instead.
        let stored: String
        switch address {
        case .sqlite: stored = "sqlite"
        case .postgres(let url): stored = PostgresURL.withoutPassword(url)
        }
        let text = """
            # The QA workspace's database: 'sqlite' (the file workspace.sqlite beside this one) or a PostgreSQL URL
            # (postgres://user@host:port/database; give the password in PGPASSWORD or QA_DATABASE_URL, never here).
            database = \(stored)

            """
        do {
            try AtomicFile.write(text, to: folder + "/" + configName, permissions: 0o600)
        } catch let error as FileError {
            throw WorkspaceError("cannot write \(folder)/\(configName): \(error.reason)")
        }
        return WorkspaceLocation(folder: folder, database: address)
    }
}

/// The process environment as a dictionary (read once).
public enum ProcessEnvironment {
    public static var values: [String: String] {
        var result: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            p += 1
        }
        return result
    }
}

/// PostgreSQL URLs in messages and files: never with their password.
public enum PostgresURL {
    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
    public static func redacted(_ url: String) -> String { replacePassword(url, with: "***") }

    /// `postgres://user:secret@host/db` → `postgres://user@host/db`.
    public static func withoutPassword(_ url: String) -> String { replacePassword(url, with: nil) }

    private static func replacePassword(_ url: String, with replacement: String?) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        guard let at = rest.lastIndex(of: "@") else { return url }
        let userInfo = rest[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        let user = userInfo[..<colon]
        return String(url[..<scheme.upperBound]) + user + (replacement.map { ":" + $0 } ?? "") + rest[at...]
    }
}

func isFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}

func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
}

func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    guard getcwd(&buffer, buffer.count) != nil else { return "." }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension StringProtocol {
    /// Without leading and trailing white space (as the calls-file reader trims its cells).
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
