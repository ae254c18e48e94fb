/// Where and how to reach a PostgreSQL server, read from a `postgres://` URL.
///
/// `postgres://user[:password]@host[:port]/database[?query]` (or `postgresql://`), with percent-escapes in
/// every part. The password comes from the URL, else from the `PGPASSWORD` environment variable. A host that
/// begins with `/` (written `%2F…`), or a `host=/folder` query item, is the folder of the server's Unix socket
/// (`/folder/.s.PGSQL.<port>`). Query items understood:
/// - `sslmode`: `disable` (no TLS), `require` / `verify-ca` / `verify-full` (TLS, the server's certificate
///   checked against the system's trusted roots, or `sslrootcert`, and its name; stricter than libpq's
///   `require`, which checks nothing), `prefer` / `allow` (TLS when the server offers it, certificate checked).
///   Default: `disable` for a loopback host (127.x, ::1, localhost) or a Unix socket, `require` for any other.
/// - `sslrootcert=/path/ca.pem`: the certificate authority to trust instead of the system's.
/// - `connect_timeout=SECONDS`: how long to wait for the server to answer (default 10).
/// - `host`, `port`, `user`, `password`, `dbname`: as libpq reads them, overriding the URL's parts.
///
/// Messages about it never show the password (`redacted`).
public struct PostgresSettings: Sendable, Equatable {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, Equatable {
        case disable
        case prefer
        case require
    }

    public var user: String
    public var password: String?
    /// A host name or address, or (for a Unix socket) the socket's folder.
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    public var rootCertificate: String?
    public var connectTimeoutSeconds: Int
    /// The URL as given, without its password (for messages).
    public var redacted: String

    /// True when `host` is a Unix socket folder.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// The Unix socket's path (`folder/.s.PGSQL.port`).
    public var socketPath: String { (host.hasSuffix("/") ? String(host.dropLast()) : host) + "/.s.PGSQL.\(port)" }

    /// `host:port`, or the socket path, for messages.
    public var serverDescription: String { isUnixSocket ? socketPath : (host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)") }

    /// Reads a URL; throws a `DatabaseError` that names what is wrong (never the password).
    public init(url: String, environment: [String: String] = ProcessEnvironment.values) throws {
        let shown = Self.redact(url)
        func bad(_ why: String) -> DatabaseError {
            DatabaseError("the PostgreSQL URL \(shown) is not usable: \(why) "
                + "(expected postgres://user[:password]@host[:port]/database)")
        }
        let schemes = ["postgres://", "postgresql://"]
        guard let scheme = schemes.first(where: { url.hasPrefix($0) }) else {
            throw bad("it must begin with postgres:// or postgresql://")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var queryText: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        if let hash = queryText.firstIndex(of: "#") { queryText = queryText[..<hash] }
        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        var userInfo: Substring?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
        }
        var user: String?
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.decode(userInfo[..<colon], bad)
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], bad)
            } else {
                user = try Self.decode(userInfo, bad)
            }
        }
        var host = ""
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw bad("an IPv6 address is missing its ']'") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw bad("text after the ']'") }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = try Self.decode(hostPort[..<colon], bad)
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = try Self.decode(hostPort, bad)
        }
        var port = 5432
        if let portText, !portText.isEmpty {
            guard let p = Int(portText), (1...65535).contains(p) else { throw bad("the port must be a number from 1 to 65535") }
            port = p
        }
        var database = try Self.decode(path.hasSuffix("/") ? path.dropLast() : path, bad)
        var sslmode: String?
        var rootCertificate: String?
        var timeout = 10
        for item in queryText.split(separator: "&") where !item.isEmpty {
            let key: String
            let value: String
            if let eq = item.firstIndex(of: "=") {
                key = try Self.decode(item[..<eq], bad)
                value = try Self.decode(item[item.index(after: eq)...], bad)
            } else {
                key = try Self.decode(item, bad)
                value = ""
            }
            switch key {
            case "sslmode": sslmode = value
            case "sslrootcert": rootCertificate = value
            case "connect_timeout":
                guard let t = Int(value), (1...3600).contains(t) else {
                    throw bad("connect_timeout must be a number of seconds from 1 to 3600")
                }
                timeout = t
            case "host": host = value
            case "port":
                guard let p = Int(value), (1...65535).contains(p) else { throw bad("the port must be a number from 1 to 65535") }
                port = p
            case "user": user = value
            case "password": password = value
            case "dbname": database = value
            case "application_name", "options", "target_session_attrs", "client_encoding":
                continue  // accepted and left to the defaults
            default:
                throw bad("the setting '\(key)' is not one this qa understands (sslmode, sslrootcert, connect_timeout, host, port, user, dbname)")
            }
        }
        if host.isEmpty { host = "localhost" }
        guard let user, !user.isEmpty else { throw bad("it names no user") }
        if database.isEmpty { database = user }
        if password == nil, let fromEnvironment = environment["PGPASSWORD"], !fromEnvironment.isEmpty {
            password = fromEnvironment
        }
        let loopback = host.hasPrefix("/") || host == "localhost" || host.hasPrefix("127.") || host == "::1"
        let tls: TLSMode
        switch sslmode {
        case nil, "": tls = loopback ? .disable : .require
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require", "verify-ca", "verify-full": tls = .require
        case let other?:
            throw bad("sslmode '\(other)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
        }
        if tls != .disable, host.hasPrefix("/") {
            throw bad("TLS (sslmode \(sslmode ?? "")) cannot be used over a Unix socket; use sslmode=disable")
        }
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
        self.rootCertificate = rootCertificate
        self.connectTimeoutSeconds = timeout
        self.redacted = shown
    }

    /// The URL for messages: its password, in the user part or a `password=` item, replaced by `***`.
    public static func redact(_ url: String) -> String {
        let base = PostgresURL.redacted(url)
        guard let q = base.firstIndex(of: "?") else { return base }
        let items = base[base.index(after: q)...].split(separator: "&", omittingEmptySubsequences: false).map { item in
            item.hasPrefix("password=") ? "password=***" : String(item)
        }
        return String(base[...q]) + items.joined(separator: "&")
    }

    /// Percent-decoding (`%2F` → `/`); a malformed escape or non-UTF-8 result is an error.
    static func decode(_ text: Substring, _ bad: (String) -> DatabaseError) throws -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.first {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let high = hexValue(utf8[utf8.startIndex]),
                      let low = hexValue(utf8[utf8.startIndex + 1]) else {
                    throw bad("a '%' is not followed by two hexadecimal digits")
                }
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw bad("a percent-escape is not UTF-8") }
        return decoded
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
