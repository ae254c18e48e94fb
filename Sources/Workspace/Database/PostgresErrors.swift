#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PostgresNIO

/// postgres-nio's errors in words for a QA analyst. Never the statement's values nor the server's DETAIL
/// (which quotes them: "Key (person_key)=(agent-07) already exists"), never the password.
enum PostgresErrors {
    /// SQLSTATEs of a writer that waited too long or lost a race: the change can simply be tried again.
    static let busyStates: Set<String> = ["40001", "40P01", "55P03", "57014"]

    static func translate(_ error: any Error, _ settings: PostgresSettings, connecting: Bool = false) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        let server = settings.serverDescription
        guard let error = error as? PSQLError else {
            if error is CancellationError { return DatabaseError("the PostgreSQL request was cancelled") }
            return DatabaseError(connecting
                ? "cannot reach the PostgreSQL server at \(server): \(describe(error))"
                : "the PostgreSQL server at \(server) could not be used: \(describe(error))")
        }
        switch error.code {
        case .server:
            return serverError(error, settings, connecting: connecting)
        case .connectionError:
            return DatabaseError("cannot reach the PostgreSQL server at \(server): "
                + (error.underlying.map { describe($0) } ?? "the connection failed"))
        case .sslUnsupported:
            return DatabaseError("the PostgreSQL server at \(server) does not offer TLS, and the URL asks for it "
                + "(sslmode=require, the default away from this machine); add ?sslmode=disable only on a trusted network")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return DatabaseError("the TLS connection to the PostgreSQL server at \(server) failed"
                + (error.underlying.map { ": \(describe($0))" } ?? ""))
        case .authMechanismRequiresPassword:
            return DatabaseError("the PostgreSQL server at \(server) asks for a password for user '\(settings.user)': "
                + "give it in the URL or the PGPASSWORD environment variable")
        case .unsupportedAuthMechanism, .saslError:
            return DatabaseError("the PostgreSQL server at \(server) asks for a way of signing in this qa cannot use "
                + "(use password, md5 or scram-sha-256 authentication)")
        case .serverClosedConnection, .uncleanShutdown:
            return DatabaseError("the PostgreSQL server at \(server) closed the connection"
                + (connecting ? " while signing in" : "; the change in progress, if any, was not saved"))
        case .clientClosedConnection:
            return DatabaseError("the connection to the PostgreSQL server at \(server) is closed")
        case .queryCancelled:
            return DatabaseError("the PostgreSQL request was cancelled")
        case .tooManyParameters:
            return DatabaseError("a workspace statement has more than 65,535 values (a bug in qa: report it)")
        default:
            return DatabaseError("the PostgreSQL server at \(server) answered in a way this qa does not understand "
                + "(\(error.code))")
        }
    }

    private static func serverError(_ error: PSQLError, _ settings: PostgresSettings, connecting: Bool) -> DatabaseError {
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "an error"
        let server = settings.serverDescription
        switch state {
        case "23505":
            return DatabaseError("the database refused a change: \(message)", isConflict: true)
        case _ where state.hasPrefix("23"):
            return DatabaseError("the database refused a change: \(message)")
        case "P0001":  // RAISE EXCEPTION: the workspace's own triggers (append-only tables)
            return DatabaseError("the database refused a change: \(message)")
        case "55P03":
            return DatabaseError("the workspace database stayed busy with another change for over "
                + "\(PostgresDatabase.lockWaitSeconds) seconds; try again", isBusy: true)
        case "40001", "40P01":
            return DatabaseError("the workspace database was busy with another change at the same time; try again", isBusy: true)
        case "57014":
            return DatabaseError("the PostgreSQL server cancelled a statement that ran too long; try again", isBusy: true)
        case "25P02":
            return DatabaseError("an earlier statement of this transaction failed, so the database refused the rest")
        case "3D000":
            return DatabaseError("the PostgreSQL server at \(server) has no database '\(settings.database)'"
                + " (create it, e.g. createdb \(settings.database))")
        case "28P01", "28000":
            return DatabaseError("the PostgreSQL server at \(server) refused user '\(settings.user)': \(message)")
        case "42501":
            return DatabaseError("the PostgreSQL server refused: \(message) (user '\(settings.user)' lacks the right)")
        case "53300":
            return DatabaseError("the PostgreSQL server at \(server) has too many connections; try again later")
        case "57P01", "57P02", "57P03":
            return DatabaseError("the PostgreSQL server at \(server) is shutting down or starting up; try again later")
        case _ where state.hasPrefix("22"):
            // Data exceptions quote the value that did not fit: say what kind of problem it was, not the value.
            return DatabaseError("the database refused a value that did not suit its column (SQLSTATE \(state))")
        case _ where state.hasPrefix("53"):
            return DatabaseError("the PostgreSQL server ran out of a resource (\(message))")
        default:
            return DatabaseError("the PostgreSQL server reported: \(message) (SQLSTATE \(state.isEmpty ? "unknown" : state))")
        }
    }

    /// A network error in words: "connection refused", "no answer within 10 seconds", ….
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError, let underlying = error.underlying { return describe(underlying) }
        if let error = error as? IOError { return errnoText(error.errnoCode) }
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name could not be found" }
            return "the host name could not be found"
        }
        if let error = error as? ChannelError {
            switch error {
            case .connectTimeout(let amount):
                let seconds = amount.nanoseconds / 1_000_000_000
                return "no answer within \(seconds) second\(seconds == 1 ? "" : "s")"
            case .alreadyClosed, .ioOnClosedChannel, .outputClosed, .eof:
                return "the connection was closed"
            default:
                return "\(error)"
            }
        }
        if let error = error as? SocketAddressError {
            switch error {
            case .unknown: return "the host name could not be found"
            case .unixDomainSocketPathTooLong: return "the socket path is too long"
            default: return "the address is not usable"
            }
        }
        if let error = error as? NIOSSLError { return "TLS: \(error)" }
        if let error = error as? BoringSSLError { return "TLS: \(error)" }
        return "\(error)"
    }

    static func errnoText(_ code: Int32) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused (is the server running and listening on that port?)"
        case ETIMEDOUT: return "the connection timed out"
        case EHOSTUNREACH: return "the host is unreachable"
        case ENETUNREACH: return "the network is unreachable"
        case ENOENT: return "there is no server socket there (is the server running?)"
        case EACCES: return "permission denied"
        default: return String(cString: strerror(code))
        }
    }
}
